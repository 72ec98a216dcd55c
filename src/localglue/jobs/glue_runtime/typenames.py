"""Type names as Glue scripts write them, and the Spark types they stand for.

A DynamicFrame names its types as `awsglue.gluetypes` does (`int`, `long`, `double`, `string`,
`struct`, `array`, ...): choice members and `make_cols` columns are named after them. Scripts also
write the Hive names the Data Catalog stores (`bigint`, `smallint`, `varchar(20)`, `decimal(10,2)`,
`array<string>`), in ApplyMapping tuples, `cast:` actions and catalog columns; both are read here.
"""

from __future__ import annotations

import re

from pyspark.sql import types as T

# Spark type class -> the name awsglue.gluetypes gives it (DataType.typeName()).
_GLUE_NAMES: dict[type, str] = {
    T.StringType: "string",
    T.CharType: "string",
    T.VarcharType: "string",
    T.IntegerType: "int",
    T.LongType: "long",
    T.ShortType: "short",
    T.ByteType: "byte",
    T.DoubleType: "double",
    T.FloatType: "float",
    T.DecimalType: "decimal",
    T.BooleanType: "boolean",
    T.DateType: "date",
    T.TimestampType: "timestamp",
    T.TimestampNTZType: "timestampntz",
    T.BinaryType: "binary",
    T.NullType: "null",
    T.StructType: "struct",
    T.ArrayType: "array",
    T.MapType: "map",
}

# Glue's and Hive's names of the simple types.
_SIMPLE: dict[str, T.DataType] = {
    "string": T.StringType(),
    "char": T.StringType(),
    "varchar": T.StringType(),
    "int": T.IntegerType(),
    "integer": T.IntegerType(),
    "long": T.LongType(),
    "bigint": T.LongType(),
    "short": T.ShortType(),
    "smallint": T.ShortType(),
    "byte": T.ByteType(),
    "tinyint": T.ByteType(),
    "double": T.DoubleType(),
    "float": T.FloatType(),
    "real": T.FloatType(),
    "decimal": T.DecimalType(10, 2),  # gluetypes.DecimalType's default precision and scale
    "boolean": T.BooleanType(),
    "bool": T.BooleanType(),
    "date": T.DateType(),
    "timestamp": T.TimestampType(),
    "timestampntz": T.TimestampNTZType(),
    "binary": T.BinaryType(),
    "null": T.NullType(),
    "void": T.NullType(),
}
# Names that say "a value of this kind" without its inner types: the value keeps its own type.
OPEN_TYPES = frozenset({"struct", "array", "map", "choice", "set"})
_PARAMETERS = re.compile(r"^(\w+)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$")


class TypeNameError(ValueError):
    """A type name that is neither Glue's nor Hive's."""


def glue_name(data_type: T.DataType) -> str:
    """The gluetypes name of a Spark type (`int` for IntegerType, `long` for LongType, ...)."""
    for cls, name in _GLUE_NAMES.items():
        if isinstance(data_type, cls):
            return name
    raise TypeNameError(f"Spark type {data_type.simpleString()} has no Glue counterpart")


def parse(name: str) -> T.DataType | None:
    """The Spark type a Glue or Hive type name stands for; None for an open name (`struct`, `array`).

    Raises TypeNameError naming the text when it is not a type.
    """
    text = name.strip()
    lowered = text.lower()
    if lowered in OPEN_TYPES:
        return None
    if lowered in _SIMPLE:
        return _SIMPLE[lowered]
    parameters = _PARAMETERS.match(lowered)
    if parameters:
        base, first, second = parameters.groups()
        if base == "decimal":
            return T.DecimalType(int(first), int(second or 0))
        if base in ("char", "varchar"):
            return T.StringType()
    if "<" in text:
        return _parse_complex(text)
    raise TypeNameError(f"{name!r} is not a Glue or Hive type name")


def _parse_complex(text: str) -> T.DataType:
    """`array<...>`, `map<...>`, `struct<...>` in Hive's syntax, inner names read by `parse`."""
    head, _, rest = text.partition("<")
    if not rest.endswith(">"):
        raise TypeNameError(f"{text!r} is not a Glue or Hive type name (unbalanced <>)")
    inner = rest[:-1]
    kind = head.strip().lower()
    if kind == "array":
        return T.ArrayType(_required(inner))
    if kind == "map":
        key, value = _split_top_level(inner, expected=2, text=text)
        return T.MapType(_required(key), _required(value))
    if kind == "struct":
        fields = []
        for member in _split_top_level(inner, expected=None, text=text) if inner.strip() else []:
            field_name, sep, field_type = member.partition(":")
            if not sep:
                raise TypeNameError(f"{text!r}: struct member {member!r} has no type")
            fields.append(T.StructField(field_name.strip().strip("`"), _required(field_type)))
        return T.StructType(fields)
    raise TypeNameError(f"{text!r} is not a Glue or Hive type name")


def _required(name: str) -> T.DataType:
    parsed = parse(name)
    if parsed is None:
        raise TypeNameError(f"{name!r} needs its inner types inside array<>, map<> or struct<>")
    return parsed


def _split_top_level(inner: str, expected: int | None, text: str) -> list[str]:
    """`inner` split at the commas outside any <> or ()."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(inner):
        if char in "<(":
            depth += 1
        elif char in ">)":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:index])
            start = index + 1
    parts.append(inner[start:])
    if expected is not None and len(parts) != expected:
        raise TypeNameError(f"{text!r} is not a Glue or Hive type name")
    return parts
