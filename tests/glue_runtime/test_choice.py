"""Choice types: how field types merge across sources, and how a choice resolves to plain values."""

from __future__ import annotations

from pyspark.sql import functions as F
from pyspark.sql import types as T

from localglue.jobs.glue_runtime import choice


def choice_type(**members: T.DataType) -> T.StructType:
    return T.StructType(
        [T.StructField(choice.MARKER, T.NullType())] + [T.StructField(n, members[n]) for n in sorted(members)]
    )


def test_different_types_merge_into_a_choice_named_by_glue_type_names():
    merged = choice.merge(T.IntegerType(), T.StringType())
    assert merged == choice_type(int=T.IntegerType(), string=T.StringType())
    assert choice.is_choice(merged)
    # int and long are different Glue types: a choice too, as for Parquet files of int and bigint columns
    assert choice.members(choice.merge(T.LongType(), T.IntegerType())) == {
        "int": T.IntegerType(),
        "long": T.LongType(),
    }


def test_merge_of_nulls_structs_arrays_and_decimals():
    assert choice.merge(T.NullType(), T.LongType()) == T.LongType()
    a = T.StructType([T.StructField("x", T.LongType())])
    b = T.StructType([T.StructField("x", T.StringType()), T.StructField("y", T.DoubleType())])
    merged = choice.merge(a, b)
    assert merged.fieldNames() == ["x", "y"]
    assert merged["x"].dataType == choice_type(long=T.LongType(), string=T.StringType())
    assert choice.merge(T.ArrayType(T.LongType()), T.ArrayType(T.NullType())) == T.ArrayType(T.LongType())
    # 10 integer digits (12,2) and 4 decimals (10,4) need decimal(14,4)
    assert choice.merge(T.DecimalType(12, 2), T.DecimalType(10, 4)) == T.DecimalType(14, 4)


def test_a_choice_absorbs_a_further_type_and_a_member_of_the_same_kind():
    first = choice.merge(T.LongType(), T.StringType())
    assert choice.members(choice.merge(first, T.BooleanType())) == {
        "boolean": T.BooleanType(),
        "long": T.LongType(),
        "string": T.StringType(),
    }
    assert choice.merge(first, T.LongType()) == first


def test_conform_puts_each_value_in_its_member(spark):
    target = choice_type(long=T.LongType(), string=T.StringType())
    df = spark.createDataFrame([(7,), (None,)], "v long")
    rows = df.select(choice.conform(F.col("v"), T.LongType(), target).alias("v")).collect()
    assert [tuple(r.v) if r.v else None for r in rows] == [(None, 7, None), None]


def test_cast_takes_the_first_member_that_casts(spark):
    source = choice_type(long=T.LongType(), string=T.StringType())
    df = spark.createDataFrame(
        [((None, 5, None),), ((None, None, "12"),), ((None, None, "x"),)],
        T.StructType([T.StructField("v", source)]),
    )
    values = [r.v for r in df.select(choice.cast(F.col("v"), source, T.LongType()).alias("v")).collect()]
    assert values == [5, 12, None]
    texts = [r.v for r in df.select(choice.cast(F.col("v"), source, T.StringType()).alias("v")).collect()]
    assert texts == ["5", "12", "x"]


def test_project_keeps_only_values_of_the_type(spark):
    source = choice_type(long=T.LongType(), string=T.StringType())
    df = spark.createDataFrame(
        [((None, 5, None),), ((None, None, "x"),)], T.StructType([T.StructField("v", source)])
    )
    value, data_type = choice.project(F.col("v"), source, "long")
    assert data_type == T.LongType()
    assert [r.v for r in df.select(value.alias("v")).collect()] == [5, None]


def test_strip_makes_the_struct_of_members_even_inside_arrays(spark):
    member = choice_type(int=T.IntegerType(), string=T.StringType())
    data_type = T.ArrayType(member)
    assert choice.strip_type(data_type) == T.ArrayType(
        T.StructType([T.StructField("int", T.IntegerType()), T.StructField("string", T.StringType())])
    )
    df = spark.createDataFrame(
        [([(None, 1, None), (None, None, "a")],)], T.StructType([T.StructField("v", data_type)])
    )
    (row,) = df.select(choice.strip(F.col("v"), data_type).alias("v")).collect()
    assert [tuple(item) for item in row.v] == [(1, None), (None, "a")]
