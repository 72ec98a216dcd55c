"""DuckDB result types in Athena's words: ColumnInfo type names and the text form of values."""

from __future__ import annotations

import re

from .relation import quote_str

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
        return java_floating_text(column)
    fields = _flat_struct_fields(duck)
    if fields:
        # Trino writes a row as {name=value, ...}, a NULL field as null.
        parts = " || ', ' || ".join(
            f"'{name}=' || coalesce({to_athena_text(f'struct_extract({column}, {quote_str(name)})', kind)}, 'null')"
            for name, kind in fields
        )
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE '{{' || {parts} || '}}' END"
    return f"CAST({column} AS VARCHAR)"


def java_floating_text(column: str) -> str:
    """SQL spelling a DOUBLE as Java's Double.toString does (Trino's text form): plain decimals within
    [1e-3, 1e7), otherwise `d.dddE<exponent>`; both from DuckDB's shortest round-trip digits."""
    text = f"CAST(abs({column}) AS VARCHAR)"
    sign = f"CASE WHEN {column} < 0 THEN '-' ELSE '' END"
    # DuckDB gives either `1.5e-07` / `1e+22` or a plain `12345678.9` / `0.0001`.
    mantissa = f"split_part({text}, 'e', 1)"
    from_exponent = (
        f"CASE WHEN contains({mantissa}, '.') THEN {mantissa} ELSE {mantissa} || '.0' END"
        f" || 'E' || CAST(CAST(split_part({text}, 'e', 2) AS INTEGER) AS VARCHAR)"
    )
    whole, fraction = f"split_part({text}, '.', 1)", f"split_part({text}, '.', 2)"
    digits = f"rtrim(ltrim({whole} || {fraction}, '0'), '0')"
    exponent = (
        f"CASE WHEN {whole} <> '0' THEN length({whole}) - 1 "
        f"ELSE -(length({fraction}) - length(ltrim({fraction}, '0')) + 1) END"
    )
    from_plain = (
        f"left({digits}, 1) || '.' || coalesce(nullif(substr({digits}, 2), ''), '0')"
        f" || 'E' || CAST({exponent} AS VARCHAR)"
    )
    return (
        f"CASE WHEN isnan({column}) THEN 'NaN' "
        f"WHEN isinf({column}) THEN {sign} || 'Infinity' "
        f"WHEN {column} = 0 OR (abs({column}) >= 0.001 AND abs({column}) < 10000000) THEN CAST({column} AS VARCHAR) "
        f"WHEN contains({text}, 'e') THEN {sign} || {from_exponent} "
        f"ELSE {sign} || {from_plain} END"
    )


def _flat_struct_fields(duck: str) -> list[tuple[str, str]]:
    """(name, type) of a STRUCT's fields when none is itself nested; [] otherwise."""
    match = re.fullmatch(r"STRUCT\((.*)\)", duck.strip(), re.S)
    if not match or re.search(r"[()\[\]]", match.group(1)):
        return []
    fields = []
    for part in match.group(1).split(", "):
        name, _, kind = part.strip().partition(" ")
        fields.append((name.strip('"'), kind))
    return fields
