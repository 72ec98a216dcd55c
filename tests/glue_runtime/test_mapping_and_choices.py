"""apply_mapping and resolveChoice, against values worked out by hand."""

from __future__ import annotations

import pytest
from awsglue import gluetypes as G
from awsglue.dynamicframe import DynamicFrame

from localglue.jobs.glue_runtime import mapping, resolve


@pytest.fixture
def orders(spark, glue_context):
    df = spark.createDataFrame(
        [("1", "2024-03-01 10:00:00", ("Oslo", 150), "9.50"), ("2", None, None, "x")],
        "Id string, at string, address struct<city:string, zip:int>, price string",
    )
    return DynamicFrame.fromDF(df, glue_context, "orders")


def test_apply_mapping_casts_renames_nests_unnests_and_drops_unmapped(orders):
    mapped = orders.apply_mapping(
        [
            ("id", "string", "order_id", "long"),  # case-insensitive source by default
            ("at", "string", "placed.at", "timestamp"),
            ("address.zip", "int", "zip", "string"),
            ("price", "string", "price", "decimal(6,2)"),
            ("address", "struct", "where", "struct"),  # an open type keeps the value
            ("missing", "string", "missing", "string"),
        ]
    )
    df = mapped.toDF()
    assert df.schema.simpleString() == (
        "struct<order_id:bigint,placed:struct<at:timestamp>,zip:string,price:decimal(6,2),"
        "where:struct<city:string,zip:int>>"
    )
    first, second = sorted(df.collect(), key=lambda r: r.order_id)
    assert (first.order_id, str(first.placed.at), first.zip, str(first.price), first.where.city) == (
        1,
        "2024-03-01 10:00:00",
        "150",
        "9.50",
        "Oslo",
    )
    assert (second.placed.at, second.zip, second.price, second.where) == (None, None, None, None)


def test_apply_mapping_is_case_sensitive_on_request_and_reads_short_tuples(orders):
    assert orders.apply_mapping([("id", "string", "id", "long")], case_sensitive=True).toDF().columns == []
    short = orders.apply_mapping([("Id", "key"), ("price", "cost", "double")]).toDF()
    assert short.schema.simpleString() == "struct<key:string,cost:double>"
    assert sorted((r.key, r.cost) for r in short.collect()) == [("1", 9.5), ("2", None)]


def test_apply_mapping_refuses_paths_into_arrays_and_unknown_types(spark, glue_context):
    frame = DynamicFrame.fromDF(
        spark.createDataFrame([([("a",)],)], "l array<struct<x:string>>"), glue_context
    )
    with pytest.raises(mapping.MappingError, match="l is an array"):
        frame.apply_mapping([("l.x", "string", "x", "string")])
    with pytest.raises(mapping.MappingError, match="'wibble' is not a Glue or Hive type name"):
        frame.apply_mapping([("l", "array", "l", "wibble")])


@pytest.fixture
def mixed(spark, glue_context):
    """`provider id` long in one source and string in another, as the resolve_choice sample's data."""
    longs = spark.createDataFrame([(1, 10), (2, 20)], "n int, `provider id` long")
    strings = spark.createDataFrame([(3, "30"), (4, "x")], "n int, `provider id` string")
    return DynamicFrame.fromDF(longs, glue_context).union(DynamicFrame.fromDF(strings, glue_context))


def values(frame, column):
    return [r[column] for r in frame.toDF().orderBy("n").collect()]


def test_the_frame_has_a_choice(mixed):
    assert mixed.schema().getField("provider id").dataType == G.ChoiceType([G.LongType(), G.StringType()])


def test_cast_project_make_cols_make_struct(mixed):
    assert values(mixed.resolveChoice(specs=[("provider id", "cast:long")]), "provider id") == [
        10,
        20,
        30,
        None,
    ]
    assert values(mixed.resolveChoice(specs=[("provider id", "project:long")]), "provider id") == [
        10,
        20,
        None,
        None,
    ]
    assert values(mixed.resolveChoice(specs=[("provider id", "project:string")]), "provider id") == [
        None,
        None,
        "30",
        "x",
    ]
    cols = mixed.resolveChoice(specs=[("provider id", "make_cols")])
    assert cols.toDF().columns == ["n", "provider id_long", "provider id_string"]
    assert values(cols, "provider id_long") == [10, 20, None, None]
    struct = mixed.resolveChoice(specs=[("provider id", "make_struct")])
    assert struct.schema().getField("provider id").dataType == G.StructType(
        [G.Field("long", G.LongType()), G.Field("string", G.StringType())]
    )
    assert values(mixed.resolveChoice(choice="cast:string"), "provider id") == ["10", "20", "30", "x"]


def test_specs_reach_into_arrays(spark, glue_context):
    a = spark.createDataFrame([(1, [(100.0,)])], "n int, myList array<struct<price:double>>")
    b = spark.createDataFrame([(2, [("$100.00",)])], "n int, myList array<struct<price:string>>")
    frame = DynamicFrame.fromDF(a, glue_context).union(DynamicFrame.fromDF(b, glue_context))
    resolved = frame.resolveChoice(specs=[("myList[].price", "cast:double")])
    assert [[e["price"] for e in r] for r in values(resolved, "myList")] == [[100.0], [None]]


def test_argument_rules_are_awss(mixed):
    with pytest.raises(Exception, match="Parameter specs and option are both missing"):
        mixed.resolveChoice()
    with pytest.raises(Exception, match="both specified"):
        mixed.resolveChoice(specs=[("provider id", "cast:long")], choice="make_cols")
    with pytest.raises(resolve.ResolveError, match="'shuffle'"):
        mixed.resolveChoice(specs=[("provider id", "shuffle")])


def test_match_catalog_casts_to_the_tables_column_types(mixed, monkeypatch):
    from localglue.jobs.glue_runtime import catalog

    table = catalog.Table(
        "db", "t", {"StorageDescriptor": {"Columns": [{"Name": "provider id", "Type": "bigint"}]}}
    )
    monkeypatch.setattr(catalog, "get_table", lambda database, name, catalog_id=None: table)
    resolved = mixed.resolveChoice(choice="match_catalog", database="db", table_name="t")
    assert values(resolved, "provider id") == [10, 20, 30, None]
    with pytest.raises(Exception, match="match_catalog needs database and table_name"):
        mixed.resolveChoice(choice="match_catalog")
