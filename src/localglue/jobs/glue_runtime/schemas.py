"""A DynamicFrame's schema as Glue shows it: awsglue.gluetypes objects and printSchema's tree.

Spark types map onto AWS's gluetypes classes one for one; a choice struct (see `choice`) becomes a
`ChoiceType`. Catalog columns go the other way, from their Hive type names.
"""

from __future__ import annotations

from awsglue import gluetypes as G
from pyspark.sql import types as T

from . import choice, typenames

_ATOMIC = {
    T.StringType: G.StringType,
    T.CharType: G.StringType,
    T.VarcharType: G.StringType,
    T.IntegerType: G.IntegerType,
    T.LongType: G.LongType,
    T.ShortType: G.ShortType,
    T.ByteType: G.ByteType,
    T.DoubleType: G.DoubleType,
    T.FloatType: G.FloatType,
    T.BooleanType: G.BooleanType,
    T.DateType: G.DateType,
    T.TimestampType: G.TimestampType,
    T.TimestampNTZType: G.TimestampNTZType,
    T.BinaryType: G.BinaryType,
    T.NullType: G.NullType,
}


def to_glue(data_type: T.DataType) -> G.DataType:
    """The gluetypes object of a Spark type (StructType for a record)."""
    if choice.is_choice(data_type):
        return G.ChoiceType([to_glue(member) for member in choice.members(data_type).values()])
    if isinstance(data_type, T.StructType):
        return G.StructType([G.Field(f.name, to_glue(f.dataType)) for f in data_type.fields])
    if isinstance(data_type, T.ArrayType):
        return G.ArrayType(to_glue(data_type.elementType))
    if isinstance(data_type, T.MapType):
        return G.MapType(to_glue(data_type.valueType))
    if isinstance(data_type, T.DecimalType):
        return G.DecimalType(data_type.precision, data_type.scale)
    for spark_class, glue_class in _ATOMIC.items():
        if isinstance(data_type, spark_class):
            return glue_class()
    raise typenames.TypeNameError(f"Spark type {data_type.simpleString()} has no Glue counterpart")


def from_glue(data_type: G.DataType) -> T.DataType:
    """The Spark type of a gluetypes object (a choice as choice struct)."""
    if isinstance(data_type, G.ChoiceType):
        return choice.choice_of(from_glue(member) for member in data_type.choices.values())
    if isinstance(data_type, G.StructType):
        return T.StructType([T.StructField(f.name, from_glue(f.dataType)) for f in data_type.fields])
    if isinstance(data_type, G.ArrayType | G.SetType):
        return T.ArrayType(from_glue(data_type.elementType))
    if isinstance(data_type, G.MapType):
        return T.MapType(T.StringType(), from_glue(data_type.valueType))
    if isinstance(data_type, G.DecimalType):
        return T.DecimalType(data_type.precision, data_type.scale)
    if isinstance(data_type, G.EnumType):
        return T.StringType()
    if isinstance(data_type, G.UnknownType):
        return T.NullType()
    for spark_class, glue_class in _ATOMIC.items():
        if type(data_type) is glue_class:
            return spark_class()
    raise typenames.TypeNameError(f"gluetypes {data_type!r} has no Spark counterpart")


def tree(schema: T.StructType) -> str:
    """printSchema's text: `root`, then `|-- name: type` lines, nested types indented by `|    `."""
    lines = ["root"]
    for field in schema.fields:
        _tree_lines(field.name, field.dataType, 0, lines)
    return "\n".join(lines) + "\n"


def _tree_lines(name: str | None, data_type: T.DataType, depth: int, lines: list[str]) -> None:
    glue = to_glue(data_type)
    label = glue.typeName() if name is None else f"{name}: {glue.typeName()}"
    lines.append("|    " * depth + "|-- " + label)
    if choice.is_choice(data_type):
        for member in choice.members(data_type).values():
            _tree_lines(None, member, depth + 1, lines)
    elif isinstance(data_type, T.StructType):
        for field in data_type.fields:
            _tree_lines(field.name, field.dataType, depth + 1, lines)
    elif isinstance(data_type, T.ArrayType):
        _tree_lines("element", data_type.elementType, depth + 1, lines)
    elif isinstance(data_type, T.MapType):
        _tree_lines("value", data_type.valueType, depth + 1, lines)


def hive_type(data_type: T.DataType) -> str:
    """The Data Catalog's name of a column type (`bigint`, `array<struct<a:int>>`); choices as structs,
    a field that held only nulls as string."""
    return _nulls_as_strings(choice.strip_type(data_type)).simpleString()


def _nulls_as_strings(data_type: T.DataType) -> T.DataType:
    if isinstance(data_type, T.NullType):
        return T.StringType()
    if isinstance(data_type, T.StructType):
        return T.StructType([T.StructField(f.name, _nulls_as_strings(f.dataType)) for f in data_type.fields])
    if isinstance(data_type, T.ArrayType):
        return T.ArrayType(_nulls_as_strings(data_type.elementType))
    if isinstance(data_type, T.MapType):
        return T.MapType(data_type.keyType, _nulls_as_strings(data_type.valueType))
    return data_type


def catalog_struct(columns: list[dict]) -> T.StructType:
    """The Spark record type of a table's columns (`{"Name", "Type"}` as the Glue API returns them)."""
    return T.StructType(
        [
            T.StructField(column["Name"], typenames.parse(column.get("Type") or "string") or T.StringType())
            for column in columns
        ]
    )
