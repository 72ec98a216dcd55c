"""unnest, relationalize and unbox, against tables worked out by hand."""

from __future__ import annotations

import json

import pytest
from awsglue.dynamicframe import DynamicFrame

from localglue.jobs.glue_runtime import unboxing

# Two legislators as in AWS's join_and_relationalize sample: nested name, an array of structs holding
# an array of strings, an array of strings.
LEGISLATORS = [
    {
        "id": "p1",
        "name": {"first": "Mike", "last": "Ross"},
        "contact_details": [
            {"type": "fax", "value": "1"},
            {"type": "phone", "value": "2", "labels": ["work", "day"]},
        ],
        "links": ["a"],
    },
    {"id": "p2", "name": {"first": "Shelley", "last": "Capito"}, "contact_details": [], "links": None},
]


@pytest.fixture
def legislators(spark, glue_context):
    df = spark.read.json(spark.sparkContext.parallelize([json.dumps(r) for r in LEGISLATORS]))
    return DynamicFrame.fromDF(df, glue_context, "legislators")


def test_unnest_lifts_struct_fields_and_leaves_arrays(legislators):
    columns = legislators.unnest().toDF().columns
    assert sorted(columns) == ["contact_details", "id", "links", "name.first", "name.last"]


def test_relationalize_splits_arrays_into_tables_joined_by_keys(legislators, tmp_path):
    tables = legislators.relationalize("hist_root", str(tmp_path))
    assert sorted(tables.keys()) == [
        "hist_root",
        "hist_root_contact_details",
        "hist_root_contact_details.val.labels",
        "hist_root_links",
    ]
    root = {r["id"]: r for r in (row.asDict() for row in tables["hist_root"].toDF().collect())}
    assert sorted(root["p1"]) == ["contact_details", "id", "links", "name.first", "name.last"]
    assert (root["p1"]["name.first"], root["p2"]["name.last"]) == ("Mike", "Capito")
    assert root["p2"]["links"] is None  # no array: no key

    details = [r.asDict() for r in tables["hist_root_contact_details"].toDF().collect()]
    assert sorted(details[0]) == [
        "contact_details.val.labels",
        "contact_details.val.type",
        "contact_details.val.value",
        "id",
        "index",
    ]
    # Mike's two contact details, joined to him by key; Shelley's empty array gives no row
    mike = sorted((d for d in details if d["id"] == root["p1"]["contact_details"]), key=lambda d: d["index"])
    assert [(d["index"], d["contact_details.val.type"], d["contact_details.val.value"]) for d in mike] == [
        (0, "fax", "1"),
        (1, "phone", "2"),
    ]
    assert len(details) == 2 and all(d["id"] != root["p2"]["contact_details"] for d in details)

    labels = [r.asDict() for r in tables["hist_root_contact_details.val.labels"].toDF().collect()]
    phone = next(d for d in mike if d["index"] == 1)
    assert sorted(
        (r["index"], r["contact_details.val.labels.val"])
        for r in labels
        if r["id"] == phone["contact_details.val.labels"]
    ) == [(0, "work"), (1, "day")]
    assert [
        r["id"] for r in labels if r["id"] == mike[0]["contact_details.val.labels"]
    ] == []  # fax: no labels

    links = [r.asDict() for r in tables["hist_root_links"].toDF().collect()]
    assert links == [{"id": root["p1"]["links"], "index": 0, "links.val": "a"}]


def test_unbox_parses_a_json_string_field(spark, glue_context):
    df = spark.createDataFrame(
        [(1, '{"a": 1, "b": "x"}'), (2, '{"a": 2}'), (3, "{not json")], "id int, payload string"
    )
    frame = DynamicFrame.fromDF(df, glue_context).unbox("payload", "json")
    assert frame.toDF().schema["payload"].dataType.simpleString() == "struct<a:bigint,b:string>"
    got = {r.id: (r.payload.a, r.payload.b) if r.payload else None for r in frame.toDF().collect()}
    assert got == {1: (1, "x"), 2: (2, None), 3: None}
    assert frame.errorsCount() == 1


def test_unbox_csv_with_separator(spark, glue_context):
    df = spark.createDataFrame([(1, "a|b|c"), (2, "d|e")], "id int, line string")
    frame = DynamicFrame.fromDF(df, glue_context).unbox("line", "csv", separator="|")
    got = {r.id: tuple(r.line) for r in frame.toDF().collect()}
    assert got == {1: ("a", "b", "c"), 2: ("d", "e", None)}
    with pytest.raises(unboxing.UnboxError, match="'avro' is not supported locally"):
        DynamicFrame.fromDF(df, glue_context).unbox("line", "avro")
