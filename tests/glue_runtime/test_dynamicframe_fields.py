"""DynamicFrame's field and row methods, against results worked out by hand from small frames."""

from __future__ import annotations

import json

import pytest
from awsglue import gluetypes as G
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

from localglue.jobs.glue_runtime import fieldpaths

PEOPLE_SCHEMA = (
    "id int, name string, address struct<city:string, zip:int>, tags array<struct<k:string, v:int>>"
)
PEOPLE = [
    (1, "ann", ("Oslo", 150), [("a", 1), ("b", 2)]),
    (2, "bob", None, []),
    (3, "cy", ("Rome", None), None),
]


@pytest.fixture
def people(spark, glue_context):
    return DynamicFrame.fromDF(spark.createDataFrame(PEOPLE, PEOPLE_SCHEMA), glue_context, "people")


def rows(frame):
    return [r.asDict(recursive=True) for r in frame.toDF().orderBy("id").collect()]


def test_paths_read_backticks_and_array_steps():
    assert fieldpaths.parse("a.`b.c`.d[]") == ["a", "b.c", "d"]
    assert fieldpaths.parse("myList[].price") == ["myList", "price"]
    with pytest.raises(fieldpaths.PathError, match="unclosed backtick"):
        fieldpaths.parse("`a.b")


def test_schema_is_gluetypes_and_print_schema_is_glues_tree(people, capsys):
    schema = people.schema()
    assert isinstance(schema, G.StructType)
    assert [f.name for f in schema] == ["id", "name", "address", "tags"]
    assert schema.getField("id").dataType == G.IntegerType()
    assert schema.getField("tags").dataType == G.ArrayType(
        G.StructType([G.Field("k", G.StringType()), G.Field("v", G.IntegerType())])
    )
    people.printSchema()
    assert capsys.readouterr().out == (
        "root\n|-- id: int\n|-- name: string\n|-- address: struct\n|    |-- city: string\n|    |-- zip: int\n"
        "|-- tags: array\n|    |-- element: struct\n|    |    |-- k: string\n|    |    |-- v: int\n\n"
    )


def test_show_prints_records_as_json_and_count_counts(people, capsys):
    people.show(2)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "id": 1,
            "name": "ann",
            "address": {"city": "Oslo", "zip": 150},
            "tags": [{"k": "a", "v": 1}, {"k": "b", "v": 2}],
        },
        {"id": 2, "name": "bob", "address": None, "tags": []},
    ]
    assert people.count() == 3


def test_select_fields_keeps_nested_paths_and_their_parents(people):
    selected = people.select_fields(["address.city", "id", "tags.k", "nope"])
    assert rows(selected) == [
        {"id": 1, "address": {"city": "Oslo"}, "tags": [{"k": "a"}, {"k": "b"}]},
        {"id": 2, "address": None, "tags": []},
        {"id": 3, "address": {"city": "Rome"}, "tags": None},
    ]


def test_drop_fields_drops_nested_and_array_element_fields(people):
    dropped = people.drop_fields(["address.zip", "tags.v", "name", "nope.x"])
    assert rows(dropped) == [
        {"id": 1, "address": {"city": "Oslo"}, "tags": [{"k": "a"}, {"k": "b"}]},
        {"id": 2, "address": None, "tags": []},
        {"id": 3, "address": {"city": "Rome"}, "tags": None},
    ]


def test_rename_field_in_place_and_across_levels(people):
    renamed = people.rename_field("address.city", "address.town").rename_field("address.zip", "zip")
    assert rows(renamed)[0] == {
        "id": 1,
        "name": "ann",
        "address": {"town": "Oslo"},
        "tags": [{"k": "a", "v": 1}, {"k": "b", "v": 2}],
        "zip": 150,
    }
    dotted = DynamicFrame.fromDF(people.toDF().withColumnRenamed("name", "this.old.name"), people.glue_ctx)
    assert "thisNewName" in dotted.rename_field("`this.old.name`", "thisNewName").toDF().columns


def test_split_fields_and_split_rows(people):
    parts = people.split_fields(["id", "name"], "ids", "rest")
    assert isinstance(parts, DynamicFrameCollection) and sorted(parts.keys()) == ["ids", "rest"]
    assert parts["ids"].toDF().columns == ["id", "name"]
    assert parts["rest"].toDF().columns == ["address", "tags"]
    split = people.split_rows({"id": {">": 1, "<=": 3}, "address.zip": {">=": 100}}, "hit", "miss")
    # id in (1, 3] and zip >= 100: nobody (bob has no address, cy no zip); id 1 fails id > 1
    assert [r["id"] for r in rows(split["hit"])] == []
    assert [r["id"] for r in rows(split["miss"])] == [1, 2, 3]
    by_id = people.split_rows({"id": {">": 1}}, "big", "small")
    assert ([r["id"] for r in rows(by_id["big"])], [r["id"] for r in rows(by_id["small"])]) == ([2, 3], [1])


def test_join_keeps_both_sides_fields(spark, glue_context, people):
    orders = DynamicFrame.fromDF(
        spark.createDataFrame([(10, 1), (11, 1), (12, 3), (13, 9)], "order_id int, person_id int"),
        glue_context,
        "orders",
    )
    joined = people.select_fields(["id", "name"]).join(["id"], ["person_id"], orders)
    assert joined.name == "peopleorders"
    assert sorted((r["order_id"], r["id"], r["person_id"], r["name"]) for r in rows(joined)) == [
        (10, 1, 1, "ann"),
        (11, 1, 1, "ann"),
        (12, 3, 3, "cy"),
    ]
    same_key = orders.rename_field("person_id", "id").join(
        ["id"], ["id"], people.select_fields(["id", "name"])
    )
    assert sorted(same_key.toDF().columns) == ["id", "name", "order_id"]
    with pytest.raises(ValueError, match="no field pid in the frame people"):
        people.join(["pid"], ["id"], people)


def test_join_gives_a_field_both_frames_hold_once(spark, glue_context):
    # as AWS's join_and_relationalize sample joins orgs and persons, which both have `image`
    orgs = DynamicFrame.fromDF(
        spark.createDataFrame([("o1", "org.png"), ("o2", None)], "org_id string, image string"), glue_context
    )
    persons = DynamicFrame.fromDF(
        spark.createDataFrame(
            [("p1", "o1", "p1.png"), ("p2", "o2", "p2.png")], "id string, org string, image string"
        ),
        glue_context,
    )
    joined = orgs.join(["org_id"], ["org"], persons)
    assert joined.toDF().columns == ["org_id", "image", "id", "org"]
    assert sorted((r.id, r.image) for r in joined.toDF().collect()) == [("p1", "org.png"), ("p2", "p2.png")]


def test_union_merges_schemas_with_a_choice_where_types_differ(spark, glue_context, people):
    more = DynamicFrame.fromDF(spark.createDataFrame([(4, 42)], "id int, name int"), glue_context)
    union = people.select_fields(["id", "name"]).union(more)
    assert union.schema().getField("name").dataType == G.ChoiceType([G.IntegerType(), G.StringType()])
    assert [r["name"] for r in rows(union)] == [
        {"int": None, "string": "ann"},
        {"int": None, "string": "bob"},
        {"int": None, "string": "cy"},
        {"int": 42, "string": None},
    ]


def test_merge_dynamic_frame_replaces_matched_records_and_keeps_the_rest(spark, glue_context):
    source = DynamicFrame.fromDF(
        spark.createDataFrame([(1, "a"), (2, "b"), (2, "b2"), (3, "c")], "id int, v string"), glue_context
    )
    stage = DynamicFrame.fromDF(
        spark.createDataFrame([(2, "B", True), (4, "D", False)], "id int, v string, new boolean"),
        glue_context,
    )
    merged = source.mergeDynamicFrame(stage, ["id"])
    # both source records of id 2 give way to the staging one; id 4 is only in staging: not included
    assert sorted((r["id"], r["v"], r["new"]) for r in rows(merged)) == [
        (1, "a", None),
        (2, "B", True),
        (3, "c", None),
    ]


def test_partitions_repartition_and_coalesce(people):
    assert people.repartition(3).getNumPartitions() == 3
    assert people.repartition(3).coalesce(1).getNumPartitions() == 1
    assert people.coalesce(4, shuffle=True).getNumPartitions() == 4


def test_spigot_writes_the_first_records_as_json(people, tmp_path):
    same = people.spigot(str(tmp_path / "sample"), {"topk": 2})
    assert same is people
    written = [
        json.loads(line)
        for f in sorted((tmp_path / "sample").glob("part-*"))
        for line in f.read_text().splitlines()
    ]
    assert len(written) == 2 and {w["id"] for w in written} <= {1, 2, 3}


def test_to_df_with_resolve_options_and_with_frame_schema(spark, glue_context):
    from awsglue.dynamicframe import ResolveOption

    mixed = DynamicFrame.fromDF(spark.createDataFrame([(1, "a")], "id int, v string"), glue_context).union(
        DynamicFrame.fromDF(spark.createDataFrame([(2, 5)], "id int, v long"), glue_context)
    )
    projected = mixed.toDF([ResolveOption("v", "Project", G.LongType())])
    assert sorted((r.id, r.v) for r in projected.collect()) == [(1, None), (2, 5)]
    kept = mixed.toDF([ResolveOption("v", "KeepAsStruct")])
    assert kept.schema["v"].dataType.simpleString() == "struct<long:bigint,string:string>"
    with pytest.raises(Exception, match="Missing target type"):
        mixed.toDF([ResolveOption("v", "Project")])
    declared = mixed.with_frame_schema(
        G.StructType([G.Field("id", G.LongType()), G.Field("extra", G.StringType())])
    )
    assert declared.toDF().schema.simpleString() == "struct<id:bigint,extra:string>"


def test_collection_select_map_and_flatmap(people, glue_context):
    parts = people.split_fields(["id"], "ids", "rest")
    assert parts.select("ids") is parts["ids"]
    missing = parts.select("nothing")
    assert missing.count() == 0 and missing.name == "nothing"
    counted = parts.map(lambda frame, ctx: frame.select_fields(frame.toDF().columns[:1]))
    assert [counted[k].toDF().columns for k in ("ids", "rest")] == [["id"], ["name"]]
    flat = parts.flatmap(
        lambda frame, ctx: frame.split_fields(frame.toDF().columns[:1], frame.name + "_a", frame.name + "_b")
    )
    assert sorted(flat.keys()) == ["ids_a", "ids_b", "rest_a", "rest_b"]


def test_methods_aws_has_and_localglue_not_say_so(people):
    with pytest.raises(AttributeError, match="DynamicFrame.simplify_ddb_json is not emulated by localglue"):
        people.simplify_ddb_json()
