"""Hive column types as a Glue table declares them, and the Trino and Parquet types they map to.

The Trino names follow Trino's Hive connector (`string` -> `varchar`, `float` -> `real`, `timestamp` ->
`timestamp(3)`, `struct<...>` -> `row(...)`), so a memory table of plain Trino and a Glue table read by
Athena show the same types. The Parquet types are the ones that connector reads as the declared Hive type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow as pa

_SCALARS = {
    "string": ("varchar", pa.string()),
    "tinyint": ("tinyint", pa.int8()),
    "smallint": ("smallint", pa.int16()),
    "int": ("integer", pa.int32()),
    "bigint": ("bigint", pa.int64()),
    "float": ("real", pa.float32()),
    "double": ("double", pa.float64()),
    "boolean": ("boolean", pa.bool_()),
    "date": ("date", pa.date32()),
    # Athena reads Hive timestamps with millisecond precision
    "timestamp": ("timestamp(3)", pa.timestamp("ms")),
    "binary": ("varbinary", pa.binary()),
}
_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),:])")


class HiveTypeError(ValueError):
    """A Hive type string that cannot be read; the message quotes it."""


@dataclass(frozen=True)
class HiveType:
    """`name` is `array`, `map`, `struct`, `decimal` or a scalar; `children` the element types (a map's
    key then value; a struct's fields, named by `fields`); `precision`/`scale` for decimals."""

    name: str
    children: tuple[HiveType, ...] = ()
    fields: tuple[str, ...] = ()
    precision: int = 0
    scale: int = 0

    @property
    def trino(self) -> str:
        if self.name == "decimal":
            return f"decimal({self.precision},{self.scale})"
        if self.name == "array":
            return f"array({self.children[0].trino})"
        if self.name == "map":
            return f"map({self.children[0].trino}, {self.children[1].trino})"
        if self.name == "struct":
            return "row(" + ", ".join(f"{f} {t.trino}" for f, t in zip(self.fields, self.children)) + ")"
        return _SCALARS[self.name][0]

    @property
    def arrow(self) -> pa.DataType:
        if self.name == "decimal":
            return pa.decimal128(self.precision, self.scale)
        if self.name == "array":
            return pa.list_(self.children[0].arrow)
        if self.name == "map":
            return pa.map_(self.children[0].arrow, self.children[1].arrow)
        if self.name == "struct":
            return pa.struct([pa.field(f, t.arrow) for f, t in zip(self.fields, self.children)])
        return _SCALARS[self.name][1]


def parse_hive_type(text: str) -> HiveType:
    """`array<struct<k:string,v:int>>` -> HiveType; HiveTypeError naming the text when it is not one."""
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise HiveTypeError(f"not a Hive type: {text!r}")
    position = 0

    def take(expected: str | None = None) -> str:
        nonlocal position
        if position >= len(tokens):
            raise HiveTypeError(f"Hive type {text!r} ends early")
        token = tokens[position]
        if expected is not None and token != expected:
            raise HiveTypeError(f"Hive type {text!r}: expected {expected!r}, found {token!r}")
        position += 1
        return token

    def parse() -> HiveType:
        name = take().lower()
        if name == "decimal":
            take("(")
            precision = int(take())
            take(",")
            scale = int(take())
            take(")")
            return HiveType("decimal", precision=precision, scale=scale)
        if name == "array":
            take("<")
            element = parse()
            take(">")
            return HiveType("array", (element,))
        if name == "map":
            take("<")
            key = parse()
            take(",")
            value = parse()
            take(">")
            return HiveType("map", (key, value))
        if name == "struct":
            take("<")
            names, types = [], []
            while True:
                names.append(take().lower())
                take(":")
                types.append(parse())
                separator = take()
                if separator == ">":
                    break
                if separator != ",":
                    raise HiveTypeError(f"Hive type {text!r}: expected ',' or '>', found {separator!r}")
            return HiveType("struct", tuple(types), tuple(names))
        if name not in _SCALARS:
            raise HiveTypeError(f"Hive type {text!r}: unknown type {name!r}")
        return HiveType(name)

    parsed = parse()
    if position != len(tokens):
        raise HiveTypeError(f"Hive type {text!r}: unexpected {tokens[position]!r}")
    return parsed
