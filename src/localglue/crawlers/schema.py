"""Column types as Glue's crawler infers them, and how schemas of several files merge into one table.

Type names are Hive's, as the Data Catalog stores them (`bigint`, `double`, `boolean`, `string`,
`array<...>`, `struct<...>`): https://docs.aws.amazon.com/athena/latest/ug/data-types.html
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Column = tuple[str, str | None]  # (name, Hive type); None while only nulls were seen (JSON)

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_INT32 = range(-(2**31), 2**31)
_INT64 = range(-(2**63), 2**63)

# Widening Glue applies when two files (or two values) disagree; anything else falls back to string.
_WIDER = {
    frozenset({"int", "bigint"}): "bigint",
    frozenset({"int", "double"}): "double",
    frozenset({"bigint", "double"}): "double",
}


def csv_value_type(value: str) -> str | None:
    """The type of one CSV field; None for an empty field, which says nothing about its column.

    Glue's CSV classifier recognises whole numbers (bigint), decimals (double) and true/false (boolean);
    dates and timestamps stay strings in CSV tables.
    """
    if value == "":
        return None
    if _INTEGER.fullmatch(value):
        return "bigint" if int(value) in _INT64 else "double"
    if _DECIMAL.fullmatch(value):
        return "double"
    if value.lower() in ("true", "false"):
        return "boolean"
    return "string"


def column_type(values: Iterable[str]) -> str | None:
    """The type of a CSV column from its sampled values.

    None when the sample has nothing but empty fields: another file of the table may tell the type
    (a job's output where one run's lag column is all empty); `finish_columns` makes it a string.
    """
    found: str | None = None
    for value in values:
        found = merge_types(found, csv_value_type(value))
        if found == "string":
            break
    return found


def merge_types(a: str | None, b: str | None) -> str | None:
    if a is None or a == b:
        return b
    if b is None:
        return a
    if a.startswith("struct<") and b.startswith("struct<"):
        merged = merge_columns([_struct_fields(a), _struct_fields(b)])
        return _struct_type(merged)
    if a.startswith("array<") and b.startswith("array<"):
        return f"array<{merge_types(a[6:-1], b[6:-1])}>"
    return _WIDER.get(frozenset({a, b}), "string")


def merge_columns(schemas: Iterable[Sequence[Column]]) -> list[Column]:
    """One schema for several files: every column in order of first appearance, types widened."""
    merged: dict[str, str | None] = {}
    for schema in schemas:
        for name, type_ in schema:
            merged[name] = merge_types(merged.get(name), type_)
    return list(merged.items())


def json_value_type(value: object) -> str | None:
    """The Hive type of one JSON value as Glue's JSON classifier names it (None for null)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int" if value in _INT32 else "bigint" if value in _INT64 else "double"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        item: str | None = None
        for element in value:
            item = merge_types(item, json_value_type(element))
        return f"array<{item or 'string'}>"
    if isinstance(value, dict):
        return _struct_type(json_record_columns(value))
    return "string"


def json_record_columns(record: dict) -> list[Column]:
    """Columns of one JSON object; a field that is null here gets its type from other records."""
    return [(name.lower(), json_value_type(value)) for name, value in record.items()]


def finish_columns(columns: list[Column]) -> list[tuple[str, str]]:
    """Fields null or empty in every sampled record are strings, as Glue types them."""
    return [(name, type_ or "string") for name, type_ in columns]


def arrow_type(arrow) -> str:
    """Hive type of a pyarrow type, as Glue writes Parquet schemas."""
    import pyarrow.types as t

    if t.is_boolean(arrow):
        return "boolean"
    if t.is_int8(arrow):
        return "tinyint"
    if t.is_int16(arrow):
        return "smallint"
    if t.is_int32(arrow) or t.is_uint8(arrow) or t.is_uint16(arrow):
        return "int"
    if t.is_integer(arrow):
        return "bigint"
    if t.is_float32(arrow):
        return "float"
    if t.is_floating(arrow):
        return "double"
    if t.is_decimal(arrow):
        return f"decimal({arrow.precision},{arrow.scale})"
    if t.is_date(arrow):
        return "date"
    if t.is_timestamp(arrow):
        return "timestamp"
    if t.is_binary(arrow) or t.is_large_binary(arrow) or t.is_fixed_size_binary(arrow):
        return "binary"
    if t.is_list(arrow) or t.is_large_list(arrow):
        return f"array<{arrow_type(arrow.value_type)}>"
    if t.is_map(arrow):
        return f"map<{arrow_type(arrow.key_type)},{arrow_type(arrow.item_type)}>"
    if t.is_struct(arrow):
        return _struct_type([(field.name.lower(), arrow_type(field.type)) for field in arrow])
    return "string"


def _struct_type(columns: list[Column]) -> str:
    return "struct<" + ",".join(f"{name}:{type_ or 'string'}" for name, type_ in columns) + ">"


def _struct_fields(struct: str) -> list[Column]:
    fields, depth, start = [], 0, len("struct<")
    body = struct[start:-1]
    current = ""
    for char in body:
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
        if char == "," and depth == 0:
            fields.append(current)
            current = ""
        else:
            current += char
    if current:
        fields.append(current)
    return [(name, type_) for name, _, type_ in (field.partition(":") for field in fields)]


def similarity(a: Sequence[Column], b: Sequence[Column]) -> float:
    """Share of column names two schemas have in common (Glue groups files above a threshold)."""
    names_a, names_b = {name for name, _ in a}, {name for name, _ in b}
    union = names_a | names_b
    return len(names_a & names_b) / len(union) if union else 1.0
