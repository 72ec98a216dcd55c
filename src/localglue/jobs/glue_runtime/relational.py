"""unnest and relationalize: nested records as flat tables.

`unnest` lifts the fields of nested structs to the top, named `outer.inner`; arrays stay.

`relationalize(root)` makes tables a relational database can load, as Glue documents it (the
join_and_relationalize sample shows the shape):
- the root table has one row per record, nested structs flattened to `outer.inner` columns and each
  array replaced by a long join key (null where the array is null);
- each array becomes a table `<root>_<column>` with `id` (the join key in the parent's column),
  `index` (the position in the array) and the element as `<column>.val` (a struct element flattened
  to `<column>.val.<field>`); arrays inside elements are split off the same way, named after their
  column (`<root>_<column>.val.<inner>`).
Choices are made structs first (`make_struct`); maps stay as they are. Join keys are unique numbers,
not consecutive; the rows they are computed over are checkpointed first, so parent and child tables
see the same keys.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import choice, fieldpaths

_KEY = "__localglue_join_key"


def unnest(df: DataFrame) -> DataFrame:
    return fieldpaths.select(df, fieldpaths.flatten(fieldpaths.record_fields(df)))


def relationalize(df: DataFrame, root_name: str) -> dict[str, DataFrame]:
    plain = fieldpaths.select(
        df,
        [
            fieldpaths.Field(f.name, choice.strip(f.value, f.data_type), choice.strip_type(f.data_type))
            for f in fieldpaths.record_fields(df)
        ],
    )
    tables: dict[str, DataFrame] = {}
    _split(_keyed(plain), root_name, root_name, tables)
    return tables


def _keyed(df: DataFrame) -> DataFrame:
    return df.withColumn(_KEY, F.monotonically_increasing_id()).localCheckpoint(eager=True)


def _split(frame: DataFrame, table_name: str, root_name: str, tables: dict[str, DataFrame]) -> None:
    data = [f for f in fieldpaths.record_fields(frame) if f.name != _KEY]
    columns, arrays = [], []
    for field in fieldpaths.flatten(data):
        if isinstance(field.data_type, T.ArrayType):
            key = F.when(field.value.isNotNull(), fieldpaths.column(_KEY))
            columns.append(fieldpaths.Field(field.name, key, T.LongType()))
            arrays.append(field)
        else:
            columns.append(field)
    tables[table_name] = fieldpaths.select(frame, columns)
    for array in arrays:
        exploded = frame.select(
            fieldpaths.column(_KEY).alias("id"), F.posexplode(array.value).alias("index", "val")
        ).select("id", "index", F.col("val").alias(f"{array.name}.val"))
        child_name = f"{root_name}_{array.name}"
        assert isinstance(array.data_type, T.ArrayType)
        element_type = array.data_type.elementType
        if _holds_array(element_type):
            _split(_keyed(exploded), child_name, root_name, tables)
        else:
            tables[child_name] = unnest(exploded)


def _holds_array(data_type: T.DataType) -> bool:
    if isinstance(data_type, T.ArrayType):
        return True
    if isinstance(data_type, T.StructType):
        return any(_holds_array(f.dataType) for f in data_type.fields)
    return False
