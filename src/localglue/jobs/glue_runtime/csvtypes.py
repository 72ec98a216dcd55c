"""The types of CSV values, read one value at a time as a DynamicFrame reads CSV.

Glue's CSV reader types every value by its text (the resolve_choice sample's `provider id` is `long` in
most records and `string` in two): whole numbers are `long` (`double` beyond its range), decimals and
exponents `double`, `true`/`false` `boolean`, anything else `string`; an empty field is null. A column
whose values are all of one type gets it; one with values of several types is a choice of them; one
with no values at all is NullType. One aggregation over the data finds the types.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import choice, fieldpaths

_KINDS: dict[str, T.DataType] = {
    "boolean": T.BooleanType(),
    "double": T.DoubleType(),
    "long": T.LongType(),
    "string": T.StringType(),
}
_WHOLE = r"^[+-]?[0-9]+$"
_DECIMAL = r"^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$"


def kind(value: Column) -> Column:
    """The type name of one CSV value: long, double, boolean or string; null for no value."""
    return (
        F.when(value.isNull() | (value == ""), F.lit(None))
        .when(value.rlike(_WHOLE) & value.cast("long").isNotNull(), F.lit("long"))
        .when(value.rlike(_WHOLE) | value.rlike(_DECIMAL), F.lit("double"))
        .when(F.lower(value).isin("true", "false"), F.lit("boolean"))
        .otherwise(F.lit("string"))
    )


def typed(df: DataFrame, exclude: frozenset[str] = frozenset()) -> DataFrame:
    """The string columns of `df` (not those in `exclude`) typed by their values."""
    columns = [
        f.name for f in df.schema.fields if f.name not in exclude and isinstance(f.dataType, T.StringType)
    ]
    if not columns:
        return df
    found = df.agg(
        *[F.collect_set(kind(fieldpaths.column(name))).alias(str(i)) for i, name in enumerate(columns)]
    ).first()
    assert found is not None  # an aggregation has one row
    kinds = {name: sorted(found[str(i)]) for i, name in enumerate(columns)}
    return df.select(
        *[
            _typed_column(f.name, kinds[f.name]).alias(f.name)
            if f.name in kinds
            else fieldpaths.column(f.name)
            for f in df.schema.fields
        ]
    )


def _typed_column(name: str, kinds: list[str]) -> Column:
    value = fieldpaths.column(name)
    if not kinds:
        return F.lit(None).cast(T.NullType())
    if len(kinds) == 1:
        return _as(value, kinds[0])
    value_kind = kind(value)
    members = [F.lit(None).alias(choice.MARKER)]
    members += [F.when(value_kind == k, _as(value, k)).alias(k) for k in kinds]
    return F.when(value_kind.isNull(), F.lit(None)).otherwise(F.struct(*members))


def _as(value: Column, name: str) -> Column:
    text = F.when(value != "", value)
    if name == "boolean":
        return F.lower(text) == "true"
    return text.cast(_KINDS[name])
