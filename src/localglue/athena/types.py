"""DuckDB result types in Athena's words: ColumnInfo type names and the text form of values."""

from __future__ import annotations

import re

# DuckDB type name -> (Athena type, precision, scale) as GetQueryResults' ColumnInfo reports them.
_ATHENA_TYPES = {
    "VARCHAR": ("varchar", 2147483647, 0),
    "BOOLEAN": ("boolean", 0, 0),
    "TINYINT": ("tinyint", 3, 0),
    "SMALLINT": ("smallint", 5, 0),
    "INTEGER": ("integer", 10, 0),
    "BIGINT": ("bigint", 19, 0),
    # DuckDB widens sum(bigint) to HUGEINT where Trino keeps bigint.
    "HUGEINT": ("bigint", 19, 0),
    "UTINYINT": ("smallint", 5, 0),
    "USMALLINT": ("integer", 10, 0),
    "UINTEGER": ("bigint", 19, 0),
    "UBIGINT": ("bigint", 19, 0),
    "FLOAT": ("real", 7, 0),
    "DOUBLE": ("double", 17, 0),
    "DATE": ("date", 0, 0),
    "TIME": ("time", 3, 0),
    "TIMESTAMP": ("timestamp", 3, 0),
    "TIMESTAMP_MS": ("timestamp", 3, 0),
    "TIMESTAMP_NS": ("timestamp", 3, 0),
    "TIMESTAMP_S": ("timestamp", 3, 0),
    "TIMESTAMP WITH TIME ZONE": ("timestamp with time zone", 3, 0),
    "BLOB": ("varbinary", 1073741824, 0),
    "UUID": ("uuid", 0, 0),
    "INTERVAL": ("interval day to second", 0, 0),
    "JSON": ("json", 0, 0),
}


def athena_type(duck: str) -> tuple[str, int, int]:
    duck = duck.upper()
    decimal = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", duck)
    if decimal:
        return "decimal", int(decimal.group(1)), int(decimal.group(2))
    if duck.endswith("[]") or re.fullmatch(r".*\[\d+\]", duck):
        return "array", 0, 0
    if duck.startswith("STRUCT"):
        return "row", 0, 0
    if duck.startswith("MAP"):
        return "map", 0, 0
    return _ATHENA_TYPES.get(duck, ("varchar", 2147483647, 0))


def to_athena_text(column: str, duck: str) -> str:
    """SQL rendering a value as Athena writes it in result files (timestamps with milliseconds,
    `true`/`false`, Java's NaN/Infinity); NULL stays NULL."""
    kind = athena_type(duck)[0]
    if kind == "timestamp":
        return f"strftime({column}, '%Y-%m-%d %H:%M:%S.%g')"
    if kind == "timestamp with time zone":
        return f"strftime({column}, '%Y-%m-%d %H:%M:%S.%g') || ' UTC'"
    if kind in ("double", "real"):
        return (
            f"CASE WHEN isnan({column}) THEN 'NaN' WHEN {column} = 'infinity' THEN 'Infinity' "
            f"WHEN {column} = '-infinity' THEN '-Infinity' ELSE CAST({column} AS VARCHAR) END"
        )
    return f"CAST({column} AS VARCHAR)"
