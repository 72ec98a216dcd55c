"""awsglue.transforms as scripts call them: AWS's classes (two replaced) over localglue's DynamicFrame."""

from __future__ import annotations

import pytest
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection
from awsglue.transforms import (
    ApplyMapping,
    Coalesce,
    DropFields,
    DropNullFields,
    ErrorsAsDynamicFrame,
    Filter,
    FlatMap,
    Join,
    Map,
    MapToCollection,
    Relationalize,
    RenameField,
    Repartition,
    ResolveChoice,
    SelectFields,
    SelectFromCollection,
    Spigot,
    SplitFields,
    SplitRows,
    Unbox,
    Union,
    UnnestFrame,
)


@pytest.fixture
def people(spark, glue_context):
    df = spark.createDataFrame(
        [(1, "ann", ("Oslo",), None, '{"x": 1}'), (2, "bob", ("Rome",), None, '{"x": 2}')],
        "id int, name string, address struct<city:string>, nothing string, raw string",
    )
    return DynamicFrame.fromDF(df, glue_context, "people")


def ids(frame):
    return sorted(r.id for r in frame.toDF().collect())


def test_transforms_are_awss_own_classes_two_of_them_subclassed():
    import inspect

    assert "site-packages/awsglue/transforms" in inspect.getfile(ApplyMapping)
    for replaced in (Union, DropNullFields):
        (aws_class,) = replaced.__bases__
        assert "site-packages/awsglue/transforms" in inspect.getfile(aws_class)
    # their descriptions stay AWS's
    assert (
        DropNullFields.describe()["transform"]["description"] == "Drop all null fields in this DynamicFrame"
    )


def test_field_transforms(people):
    assert (
        ApplyMapping.apply(frame=people, mappings=[("id", "int", "key", "string")])
        .toDF()
        .schema.simpleString()
        == "struct<key:string>"
    )
    assert SelectFields.apply(frame=people, paths=["name"]).toDF().columns == ["name"]
    assert DropFields.apply(frame=people, paths=["raw", "nothing"]).toDF().columns == [
        "id",
        "name",
        "address",
    ]
    assert "city" in RenameField.apply(frame=people, old_name="address.city", new_name="city").toDF().columns
    assert sorted(UnnestFrame.apply(frame=people).toDF().columns) == [
        "address.city",
        "id",
        "name",
        "nothing",
        "raw",
    ]
    split = SplitFields.apply(frame=people, paths=["id"])
    assert sorted(split.keys()) == ["people1", "people2"]  # AWS's transform names the halves after the frame
    rows = SplitRows.apply(frame=people, comparison_dict={"id": {"<": 2}}, name1="low", name2="high")
    assert (ids(rows["low"]), ids(rows["high"])) == ([1], [2])


def test_record_transforms(people):
    assert ids(Filter.apply(frame=people, f=lambda r: r["name"] == "bob")) == [2]
    doubled = Map.apply(frame=people, f=lambda r: {"id": r["id"] * 2})
    assert ids(doubled) == [2, 4]
    unboxed = Unbox.apply(frame=people, path="raw", format="json")
    assert sorted(r.raw.x for r in unboxed.toDF().collect()) == [1, 2]
    failed = Map.apply(frame=people, f=lambda r: 1 / 0)
    assert ErrorsAsDynamicFrame.apply(failed).count() == 2


def test_join_union_resolve_choice(spark, glue_context, people):
    other = DynamicFrame.fromDF(spark.createDataFrame([(1, 5)], "pid int, name int"), glue_context, "o")
    joined = Join.apply(people.select_fields(["id"]), other, "id", "pid")
    assert [(r.id, r.pid, r.name) for r in joined.toDF().collect()] == [(1, 1, 5)]
    union = Union.apply(frame1=people.select_fields(["id", "name"]), frame2=other.rename_field("pid", "id"))
    assert union.count() == 3
    resolved = ResolveChoice.apply(frame=union, specs=[("name", "cast:string")])
    assert sorted(r.name for r in resolved.toDF().collect()) == ["5", "ann", "bob"]


def test_drop_null_fields_drops_fields_without_any_value(spark, glue_context, people):
    dropped = DropNullFields.apply(frame=people)
    assert dropped.toDF().columns == ["id", "name", "address", "raw"]
    nested = DynamicFrame.fromDF(
        spark.createDataFrame([((1, None),)], "s struct<a:int, b:string>"), glue_context
    )
    assert DropNullFields.apply(frame=nested).toDF().schema.simpleString() == "struct<s:struct<a:int>>"


def test_collection_and_partition_transforms(people, tmp_path):
    collection = SplitFields.apply(frame=people, paths=["id"], name1="a", name2="b")
    assert SelectFromCollection.apply(dfc=collection, key="a").toDF().columns == ["id"]
    mapped = MapToCollection.apply(dfc=collection, callable=lambda frame, ctx: frame.repartition(1))
    assert isinstance(mapped, DynamicFrameCollection) and sorted(mapped.keys()) == ["a", "b"]
    flat = FlatMap.apply(dfc=collection, BaseTransform=SplitFields, frame_name="frame", paths=["id"])
    assert len(flat) == 4
    assert Repartition.apply(frame=people, num_partitions=3).getNumPartitions() == 3
    assert Coalesce.apply(frame=people.repartition(3), num_partitions=1).getNumPartitions() == 1
    assert Spigot.apply(people, str(tmp_path / "spigot"), {"topk": 1}) is people
    tables = Relationalize.apply(frame=people, staging_path=str(tmp_path / "stage"), name="root")
    assert list(tables.keys()) == ["root"]
