"""A catalog table as a DuckDB relation: SerDe semantics, partition columns and the `$` pseudo-columns."""

from __future__ import annotations

import re

from .catalog import CatalogTable, S3File

PSEUDO_COLUMNS = {
    "$path": "varchar",
    "$file_size": "bigint",
    "$file_modified_time": "timestamp with time zone",
}

_SIMPLE_TYPES = {
    "string": "VARCHAR",
    "varchar": "VARCHAR",
    "char": "VARCHAR",
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "real": "FLOAT",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "binary": "BLOB",
}
# LazySimpleSerDe's default `serialization.null.format`.
HIVE_NULL = "\\N"
# OpenCSVSerde never yields NULL for a field; DuckDB needs some null string, so give it one no file holds.
_NO_NULL = "\x02localglue-no-null\x03"


def duckdb_type(hive_type: str) -> str:
    """DuckDB's type for a Glue/Hive column type (`array<string>`, `decimal(10,2)`, `varchar(20)` ...)."""
    text = hive_type.strip().lower()
    base = re.match(r"[a-z]+", text)
    name = base.group(0) if base else text
    if name == "decimal":
        return text.upper() if "(" in text else "DECIMAL(10,0)"
    if name in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[name]
    if name == "array":
        return duckdb_type(text[len("array<") : -1]) + "[]"
    if name == "map":
        key, value = _split_top(text[len("map<") : -1])
        return f"MAP({duckdb_type(key)}, {duckdb_type(value)})"
    if name == "struct":
        fields = []
        for part in _split_top(text[len("struct<") : -1]):
            field_name, _, field_type = part.partition(":")
            fields.append(f'"{field_name.strip()}" {duckdb_type(field_type)}')
        return f"STRUCT({', '.join(fields)})"
    raise ValueError(f"unsupported column type {hive_type!r}")


def _split_top(text: str) -> list[str]:
    """Split on commas not nested in <...> or (...)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += char in "<("
        depth -= char in ">)"
        if char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# What Hive's lazy parsers accept; DuckDB's casts are more lenient (they trim blanks, take `5.0` as an
# integer, a `T` and an offset in a timestamp), where LazySimpleSerDe reads NULL.
_HIVE_TEXT_FORMS = {
    "TINYINT": r"[+-]?[0-9]+",
    "SMALLINT": r"[+-]?[0-9]+",
    "INTEGER": r"[+-]?[0-9]+",
    "BIGINT": r"[+-]?[0-9]+",
    "DATE": r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
    "TIMESTAMP": r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]{1,9})?",
}


def _text_to(value: str, hive_type: str, storage: str) -> str:
    """SQL converting a text field to the column's type the way the SerDe does: a value that does not
    parse is NULL; OpenCSVSerde takes DATE as days and TIMESTAMP as milliseconds since the epoch."""
    target = duckdb_type(hive_type)
    if target == "VARCHAR":
        return value
    if storage == "opencsv" and target in ("DATE", "TIMESTAMP"):
        epoch = f"TRY_CAST({value} AS BIGINT)"
        as_epoch = f"DATE '1970-01-01' + {epoch}::INTEGER" if target == "DATE" else f"epoch_ms({epoch})"
        return f"CASE WHEN {epoch} IS NULL THEN TRY_CAST({value} AS {target}) ELSE {as_epoch} END"
    if target == "BOOLEAN":
        return f"CASE lower({value}) WHEN 'true' THEN true WHEN 'false' THEN false END"
    form = _HIVE_TEXT_FORMS.get(target)
    if form is not None:
        return (
            f"CASE WHEN regexp_full_match({value}, {quote_str(form)}) THEN TRY_CAST({value} AS {target}) END"
        )
    return f"TRY_CAST({value} AS {target})"


def _one_char(value: str | None, default: str) -> str:
    if value is None:
        return default
    return value.encode().decode("unicode_escape") if value.startswith("\\") and len(value) > 1 else value


def _read_text(table: CatalogTable, paths: list[str]) -> str:
    names = [f"c{i}" for i in range(len(table.columns))] or ["c0"]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    if table.storage == "opencsv":
        delim = _one_char(table.param("separatorChar"), ",")
        quote = _one_char(table.param("quoteChar"), '"')
        # opencsv reads a doubled quote inside quotes as one quote; DuckDB has a single escape character,
        # so the doubled quote (RFC 4180, the common case) wins unless the table names an escape char.
        escape = _one_char(table.param("escapeChar"), quote)
        null = _NO_NULL
    else:
        delim = _one_char(table.param("field.delim", table.param("serialization.format")), "\x01")
        if delim.isdigit():  # `serialization.format` = '1' is Hive's default \001
            delim = chr(int(delim))
        quote = escape = ""
        null = table.param("serialization.null.format", HIVE_NULL)
    files = "[" + ", ".join(quote_str(p) for p in paths) + "]"
    return (
        f"read_csv({files}, auto_detect=false, header=false, skip={table.header_lines}, "
        f"delim={quote_str(delim)}, quote={quote_str(quote)}, escape={quote_str(escape)}, "
        f"nullstr={quote_str(null)}, null_padding=true, strict_mode=false, filename=true, columns={columns})"
    )


def scan_sql(
    table: CatalogTable, files: list[S3File], partition_of: dict[str, list[str]], pseudo: bool
) -> str:
    """SELECT giving the table's columns, partition keys and (if `pseudo`) the `$` columns over `files`.

    `partition_of` maps each file's path to its partition values (empty for unpartitioned tables)."""
    data = [(name, hive_type) for name, hive_type in table.columns]
    if not files:
        cols = [f"CAST(NULL AS {duckdb_type(t)}) AS {quote_ident(n)}" for n, t in data + table.partition_keys]
        if pseudo:
            cols += [
                f"CAST(NULL AS {_pseudo_duck(t)}) AS {quote_ident(n)}" for n, t in PSEUDO_COLUMNS.items()
            ]
        return f"SELECT {', '.join(cols)} WHERE false"
    paths = [f.path for f in files]
    storage = table.storage
    if storage in ("opencsv", "lazysimple"):
        source = _read_text(table, paths)
        projected = [
            f"{_text_to(f'd.c{i}', t, storage)} AS {quote_ident(n)}" for i, (n, t) in enumerate(data)
        ]
    elif storage == "parquet":
        source = (
            f"read_parquet([{', '.join(quote_str(p) for p in paths)}], filename=true, union_by_name=true)"
        )
        projected = [f"TRY_CAST(d.{quote_ident(n)} AS {duckdb_type(t)}) AS {quote_ident(n)}" for n, t in data]
    else:
        structure = "{" + ", ".join(f"{quote_str(n)}: {quote_str(duckdb_type(t))}" for n, t in data) + "}"
        source = (
            f"read_json([{', '.join(quote_str(p) for p in paths)}], format='newline_delimited', "
            f"columns={structure}, filename=true, ignore_errors=true)"
        )
        projected = [f"d.{quote_ident(n)}" for n, _ in data]
    needs_files = pseudo or bool(table.partition_keys)
    if not needs_files:
        return f"SELECT {', '.join(projected)} FROM {source} AS d"
    rows = []
    for f in files:
        values = [
            quote_str(f.path),
            str(f.size),
            quote_str(f.modified.strftime("%Y-%m-%d %H:%M:%S.%f") + "+00"),
        ]
        values += [quote_str(v) for v in partition_of.get(f.path, [])]
        rows.append("(" + ", ".join(values) + ")")
    key_names = [f"p{i}" for i in range(len(table.partition_keys))]
    meta = f"(VALUES {', '.join(rows)}) AS m(path, size, modified{''.join(', ' + k for k in key_names)})"
    projected += [
        f"{_text_to(f'm.{k}', t, 'lazysimple')} AS {quote_ident(n)}"
        for k, (n, t) in zip(key_names, table.partition_keys, strict=True)
    ]
    if pseudo:
        projected += [
            'm.path AS "$path"',
            'CAST(m.size AS BIGINT) AS "$file_size"',
            'CAST(m.modified AS TIMESTAMPTZ) AS "$file_modified_time"',
        ]
    return f"SELECT {', '.join(projected)} FROM {source} AS d JOIN {meta} ON d.filename = m.path"


def _pseudo_duck(athena_type: str) -> str:
    return {"varchar": "VARCHAR", "bigint": "BIGINT"}.get(athena_type, "TIMESTAMPTZ")
