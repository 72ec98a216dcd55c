"""Choice types: one field, several types, as a DynamicFrame carries them over a Spark DataFrame.

Glue's DynamicFrame keeps a field whose values have different types (an `int` in one file and a
`string` in another) as a `ChoiceType` until a script resolves it. A Spark column has one type, so
localglue represents a choice as a struct:

    provider id: struct<__choice__: void, long: bigint, string: string>

- the first field, `__choice__` (Spark's NullType, always null), is the marker that tells a choice from
  a struct the data itself holds; it travels with the type through arrays, maps and nested structs;
- then one field per member type, named by its awsglue.gluetypes name (`int`, `long`, `double`,
  `string`, `struct`, `array`, ...), sorted by name;
- in each row at most one member holds the value (all are null when the value is null).

`DynamicFrame.schema()` shows such a struct as `ChoiceType`; `toDF()` and the writers turn it into the
struct of its members without the marker (what `make_struct` makes of it); `resolveChoice` replaces it
(`cast:`, `project:`, `make_cols`, `make_struct`, `match_catalog`). Members of one name merge: two
struct members become one struct with the fields of both, two array members one array of the merged
element type; decimals of different precision widen.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import typenames

MARKER = "__choice__"


def is_choice(data_type: T.DataType) -> bool:
    return (
        isinstance(data_type, T.StructType)
        and bool(data_type.fields)
        and data_type.fields[0].name == MARKER
        and isinstance(data_type.fields[0].dataType, T.NullType)
    )


def members(choice_type: T.DataType) -> dict[str, T.DataType]:
    """Member type name -> type, of a choice struct."""
    assert isinstance(choice_type, T.StructType), choice_type
    return {field.name: field.dataType for field in choice_type.fields[1:]}


def choice_of(types: Iterable[T.DataType]) -> T.DataType:
    """The type that holds values of all `types`: one of them, a merged struct or array, or a choice."""
    merged: T.DataType = T.NullType()
    for data_type in types:
        merged = merge(merged, data_type)
    return merged


def merge(a: T.DataType, b: T.DataType) -> T.DataType:
    """The type of a field that is `a` in some records and `b` in others."""
    if isinstance(a, T.NullType):
        return b
    if isinstance(b, T.NullType) or a == b:
        return a
    if is_choice(a) or is_choice(b):
        return _choice(_as_members(a), _as_members(b))
    if isinstance(a, T.StructType) and isinstance(b, T.StructType):
        fields = {field.name: field.dataType for field in a.fields}
        for field in b.fields:
            fields[field.name] = (
                merge(fields[field.name], field.dataType) if field.name in fields else field.dataType
            )
        return T.StructType([T.StructField(name, data_type) for name, data_type in fields.items()])
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        return T.ArrayType(merge(a.elementType, b.elementType))
    if isinstance(a, T.MapType) and isinstance(b, T.MapType):
        return T.MapType(merge(a.keyType, b.keyType), merge(a.valueType, b.valueType))
    if isinstance(a, T.DecimalType) and isinstance(b, T.DecimalType):
        scale = max(a.scale, b.scale)
        digits = max(a.precision - a.scale, b.precision - b.scale)
        return T.DecimalType(min(38, digits + scale), scale)
    if typenames.glue_name(a) == typenames.glue_name(b):  # char/varchar/string
        return a
    return _choice(_as_members(a), _as_members(b))


def _as_members(data_type: T.DataType) -> dict[str, T.DataType]:
    return members(data_type) if is_choice(data_type) else {typenames.glue_name(data_type): data_type}


def _choice(a: dict[str, T.DataType], b: dict[str, T.DataType]) -> T.StructType:
    combined = dict(a)
    for name, data_type in b.items():
        combined[name] = merge(combined[name], data_type) if name in combined else data_type
    fields = [T.StructField(MARKER, T.NullType())]
    fields += [T.StructField(name, combined[name]) for name in sorted(combined)]
    return T.StructType(fields)


def _null_when_null(value: Column, built: Column) -> Column:
    return F.when(value.isNull(), F.lit(None)).otherwise(built)


def conform(value: Column, source: T.DataType, target: T.DataType) -> Column:
    """`value`, of type `source`, as a value of `target` (a type `merge` made of `source` and others)."""
    if source == target:
        return value
    if isinstance(source, T.NullType):
        return F.lit(None).cast(target)
    if is_choice(target):
        wanted = members(target)
        have = _as_members(source)
        parts = [F.lit(None).alias(MARKER)]
        for name, member_type in wanted.items():
            if name not in have:
                parts.append(F.lit(None).cast(member_type).alias(name))
                continue
            member_value = value.getField(name) if is_choice(source) else value
            parts.append(conform(member_value, have[name], member_type).alias(name))
        return _null_when_null(value, F.struct(*parts))
    if isinstance(target, T.StructType) and isinstance(source, T.StructType):
        have = {field.name: field.dataType for field in source.fields}
        parts = [
            (
                conform(value.getField(field.name), have[field.name], field.dataType)
                if field.name in have
                else F.lit(None).cast(field.dataType)
            ).alias(field.name)
            for field in target.fields
        ]
        return _null_when_null(value, F.struct(*parts))
    if isinstance(target, T.ArrayType) and isinstance(source, T.ArrayType):
        return F.transform(value, lambda element: conform(element, source.elementType, target.elementType))
    if isinstance(target, T.MapType) and isinstance(source, T.MapType):
        return F.transform_values(value, lambda _, item: conform(item, source.valueType, target.valueType))
    return value.cast(target)


def contains_choice(data_type: T.DataType) -> bool:
    if is_choice(data_type):
        return True
    if isinstance(data_type, T.StructType):
        return any(contains_choice(field.dataType) for field in data_type.fields)
    if isinstance(data_type, T.ArrayType):
        return contains_choice(data_type.elementType)
    if isinstance(data_type, T.MapType):
        return contains_choice(data_type.valueType)
    return False


def strip_type(data_type: T.DataType) -> T.DataType:
    """The type with every choice replaced by the struct of its members (what toDF() shows)."""
    if is_choice(data_type):
        return T.StructType([T.StructField(n, strip_type(t)) for n, t in members(data_type).items()])
    if isinstance(data_type, T.StructType):
        return T.StructType(
            [T.StructField(f.name, strip_type(f.dataType), f.nullable, f.metadata) for f in data_type.fields]
        )
    if isinstance(data_type, T.ArrayType):
        return T.ArrayType(strip_type(data_type.elementType), data_type.containsNull)
    if isinstance(data_type, T.MapType):
        return T.MapType(data_type.keyType, strip_type(data_type.valueType), data_type.valueContainsNull)
    return data_type


def strip(value: Column, data_type: T.DataType) -> Column:
    """`value` with every choice inside it turned into the struct of its members."""
    if not contains_choice(data_type):
        return value
    if is_choice(data_type):
        parts = [strip(value.getField(n), t).alias(n) for n, t in members(data_type).items()]
        return _null_when_null(value, F.struct(*parts))
    if isinstance(data_type, T.StructType):
        parts = [strip(value.getField(f.name), f.dataType).alias(f.name) for f in data_type.fields]
        return _null_when_null(value, F.struct(*parts))
    if isinstance(data_type, T.ArrayType):
        return F.transform(value, lambda element: strip(element, data_type.elementType))
    assert isinstance(data_type, T.MapType), data_type
    return F.transform_values(value, lambda _, item: strip(item, data_type.valueType))


def cast(value: Column, source: T.DataType, target: T.DataType | None) -> Column:
    """`value` cast to `target` (None: an open type name such as `struct`, the value as it is).

    A choice is cast member by member, the member already of the target's kind first: the first
    member whose cast is not null gives the value.
    """
    if target is None or source == target:
        return value
    if not is_choice(source):
        if isinstance(source, T.NullType):
            return F.lit(None).cast(target)
        return value.cast(target)
    options = members(source)
    wanted = typenames.glue_name(target)
    order = sorted(options, key=lambda name: name != wanted)
    return F.coalesce(*[cast(value.getField(name), options[name], target) for name in order])


def project(value: Column, source: T.DataType, type_name: str) -> tuple[Column, T.DataType]:
    """The values of `source` that are of type `type_name`; the others become null."""
    target = typenames.parse(type_name)
    if is_choice(source):
        options = members(source)
        if type_name in options:
            return value.getField(type_name), options[type_name]
    elif typenames.glue_name(source) == type_name:
        return value, source
    if target is None:
        raise typenames.TypeNameError(f"project:{type_name} names no member of {source.simpleString()}")
    return F.lit(None).cast(target), target
