"""DynamicRecords: a row as the Python function of `map` and `filter` sees it, and records back to rows.

The function gets an `awsglue.gluetypes.DynamicRecord` (a dict whose keys read as attributes too), with
nested structs as DynamicRecords, arrays as lists and a choice as the value it holds. What `map`
returns is typed from its Python values: the input's type where the value still fits it (an `int` field
stays `int`, a whole number in a `double` field is a double), else Python's (`int` -> long, `float` ->
double, `str` -> string, `datetime` -> timestamp, ...); a field whose values differ in type across
records becomes a choice.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from awsglue.gluetypes import DynamicRecord
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

from . import choice, errors

_INT_RANGES: dict[type, range] = {
    T.ByteType: range(-(2**7), 2**7),
    T.ShortType: range(-(2**15), 2**15),
    T.IntegerType: range(-(2**31), 2**31),
    T.LongType: range(-(2**63), 2**63),
}
NONE_RETURNED = "User-specified function returned None instead of DynamicRecord"


def to_record(value: Any, data_type: T.DataType) -> Any:
    """A Spark value (Row, list, ...) of `data_type` as the Python value a DynamicRecord holds."""
    if value is None:
        return None
    if choice.is_choice(data_type):
        for name, member in choice.members(data_type).items():
            if value[name] is not None:
                return to_record(value[name], member)
        return None
    if isinstance(data_type, T.StructType):
        return DynamicRecord({f.name: to_record(value[f.name], f.dataType) for f in data_type.fields})
    if isinstance(data_type, T.ArrayType):
        return [to_record(item, data_type.elementType) for item in value]
    if isinstance(data_type, T.MapType):
        return {key: to_record(item, data_type.valueType) for key, item in value.items()}
    return value


def infer(value: Any, hint: T.DataType | None = None) -> T.DataType:
    """The Spark type of a Python value: `hint` (the field's type so far) when the value fits it."""
    if hint is not None and choice.is_choice(hint):
        for member in choice.members(hint).values():
            if infer(value, member) == member:
                return member
        hint = None
    if value is None:
        return T.NullType()
    if isinstance(value, bool):
        return T.BooleanType()
    if isinstance(value, int):
        if isinstance(hint, T.DoubleType | T.FloatType | T.DecimalType):  # a whole number fits them too
            return hint
        for int_type in (type(hint), T.LongType):
            if int_type in _INT_RANGES and value in _INT_RANGES[int_type]:
                return hint if hint is not None and int_type is type(hint) else T.LongType()
        return T.DecimalType(38, 0)
    if isinstance(value, float):
        return T.FloatType() if isinstance(hint, T.FloatType) else T.DoubleType()
    if isinstance(value, decimal.Decimal):
        return hint if isinstance(hint, T.DecimalType) else T.DecimalType(38, 18)
    if isinstance(value, str):
        return T.StringType()
    if isinstance(value, datetime.datetime):
        return T.TimestampType()
    if isinstance(value, datetime.date):
        return T.DateType()
    if isinstance(value, bytes | bytearray):
        return T.BinaryType()
    if isinstance(value, dict):
        known = {f.name: f.dataType for f in hint.fields} if isinstance(hint, T.StructType) else {}
        return T.StructType([T.StructField(str(k), infer(v, known.get(str(k)))) for k, v in value.items()])
    if isinstance(value, list | tuple):
        element = hint.elementType if isinstance(hint, T.ArrayType) else None
        return T.ArrayType(choice.choice_of(infer(item, element) for item in value))
    raise TypeError(f"a DynamicRecord cannot hold a {type(value).__name__} ({value!r})")


def to_row_value(value: Any, data_type: T.DataType) -> Any:
    """A Python value as Spark's createDataFrame takes it for a column of `data_type`."""
    if value is None:
        return None
    if choice.is_choice(data_type):
        options = choice.members(data_type)
        for name, member in options.items():
            if infer(value, member) == member:
                return (None, *[to_row_value(value, member) if n == name else None for n in options])
        raise TypeError(f"{value!r} fits none of the types {', '.join(options)}")
    if isinstance(data_type, T.StructType):
        return tuple(to_row_value(value.get(f.name), f.dataType) for f in data_type.fields)
    if isinstance(data_type, T.ArrayType):
        return [to_row_value(item, data_type.elementType) for item in value]
    if isinstance(data_type, T.MapType):
        return {key: to_row_value(item, data_type.valueType) for key, item in value.items()}
    if isinstance(data_type, T.DecimalType) and not isinstance(value, decimal.Decimal):
        return decimal.Decimal(value)
    if isinstance(data_type, T.DoubleType | T.FloatType) and not isinstance(value, float):
        return float(value)  # Spark turns a whole number into null in a floating-point column
    return value


def plain(value: Any) -> Any:
    """DynamicRecords and tuples turned into the dicts and lists they hold."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def record_type(records: Iterable[dict], hint: T.StructType) -> T.DataType:
    """The one record type of all `records` (NullType when there are none)."""
    return choice.choice_of(infer(record, hint) for record in records)


def map_records(
    df: DataFrame, spark: SparkSession, function: Callable[[DynamicRecord], Any], info: str
) -> tuple[DataFrame, DataFrame]:
    """`function` applied to every record: (the records it returned, the error records)."""
    schema = df.schema

    def apply(rows: Iterable[Any]) -> Iterator[tuple[bool, Any]]:
        for row in rows:
            record = to_record(row, schema)
            try:
                result = function(record)
            except Exception as exc:  # the record becomes an error record, as in Glue
                yield False, errors.error_row(str(exc), info, record, exc)
                continue
            if not result:
                yield False, errors.error_row(NONE_RETURNED, info, record)
            else:
                yield True, plain(result)

    tagged = df.rdd.mapPartitions(apply).persist(StorageLevel.MEMORY_AND_DISK)
    returned = tagged.filter(lambda item: item[0]).map(lambda item: item[1])
    partial_types = returned.mapPartitions(lambda part: [record_type(part, schema)]).collect()
    merged = choice.choice_of(partial_types)
    target = merged if isinstance(merged, T.StructType) and merged.fields else schema
    data = spark.createDataFrame(returned.map(lambda r: to_row_value(r, target)), target, verifySchema=False)
    failed = tagged.filter(lambda item: not item[0]).map(lambda item: item[1])
    return data, spark.createDataFrame(failed, errors.ERROR_SCHEMA, verifySchema=False)


def filter_records(
    df: DataFrame, spark: SparkSession, predicate: Callable[[DynamicRecord], Any], info: str
) -> tuple[DataFrame, DataFrame]:
    """The records `predicate` holds true for, and the error records.

    As in Glue, a KeyError, ValueError or TypeError of the predicate drops the record; any other
    exception makes it an error record.
    """
    schema = df.schema

    def apply(rows: Iterable[Any]) -> Iterator[tuple[bool, Any]]:
        for row in rows:
            record = to_record(row, schema)
            try:
                keep = predicate(record)
            except (KeyError, ValueError, TypeError):
                continue
            except Exception as exc:
                yield False, errors.error_row(str(exc), info, record, exc)
                continue
            if keep:
                yield True, row

    tagged = df.rdd.mapPartitions(apply).persist(StorageLevel.MEMORY_AND_DISK)
    data = spark.createDataFrame(
        tagged.filter(lambda item: item[0]).map(lambda item: item[1]), schema, verifySchema=False
    )
    failed = tagged.filter(lambda item: not item[0]).map(lambda item: item[1])
    return data, spark.createDataFrame(failed, errors.ERROR_SCHEMA, verifySchema=False)
