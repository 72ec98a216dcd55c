"""map and filter over DynamicRecords, and the error records they leave, with Glue's thresholds."""

from __future__ import annotations

import datetime
import json

import pytest
from awsglue.dynamicframe import DynamicFrame
from awsglue.gluetypes import DynamicRecord

from localglue.jobs.glue_runtime import errors


@pytest.fixture
def readings(spark, glue_context):
    df = spark.createDataFrame(
        [(1, "a", 2.0, ("x", 1)), (2, "b", None, ("y", 2)), (3, "c", 8.0, None)],
        "id int, name string, value double, meta struct<tag:string, n:int>",
    )
    return DynamicFrame.fromDF(df, glue_context, "readings")


def by_id(frame):
    return sorted((r.asDict(recursive=True) for r in frame.toDF().collect()), key=lambda r: r["id"])


def test_map_sees_dynamic_records_and_keeps_types_that_still_fit(readings):
    seen = []

    def double(record):
        seen.append(type(record))
        record["value"] = (record.value or 0) * 2  # attribute access, as DynamicRecord offers
        record["meta_tag"] = record["meta"]["tag"] if record["meta"] else None
        record["when"] = datetime.date(2024, 1, record["id"])
        return record

    mapped = readings.map(double)
    assert mapped.toDF().schema.simpleString() == (
        "struct<id:int,name:string,value:double,meta:struct<tag:string,n:int>,meta_tag:string,when:date>"
    )
    assert [(r["id"], r["value"], r["meta_tag"], r["when"]) for r in by_id(mapped)] == [
        (1, 4.0, "x", datetime.date(2024, 1, 1)),
        (2, 0, "y", datetime.date(2024, 1, 2)),
        (3, 16.0, None, datetime.date(2024, 1, 3)),
    ]
    assert mapped.errorsCount() == 0 and mapped.stageErrorsCount() == 0


def test_map_with_differing_output_types_makes_a_choice(readings):
    mapped = readings.map(lambda r: {"id": r["id"], "v": r["id"] if r["id"] % 2 else str(r["id"])})
    assert mapped.toDF().schema["v"].dataType.simpleString() == "struct<long:bigint,string:string>"
    assert [r["v"] for r in by_id(mapped)] == [
        {"long": 1, "string": None},
        {"long": None, "string": "2"},
        {"long": 3, "string": None},
    ]


def test_failing_records_become_error_records(readings):
    def fragile(record):
        if record["id"] == 2:
            raise RuntimeError("cannot read record 2")
        return None if record["id"] == 3 else record

    mapped = readings.map(fragile, info="cleaning")
    assert [r["id"] for r in by_id(mapped)] == [1]
    assert (mapped.errorsCount(), mapped.stageErrorsCount()) == (2, 2)
    failures = sorted(
        (r.error.msg, r.error.info, json.loads(r.error.input)["id"])
        for r in mapped.errorsAsDynamicFrame().toDF().collect()
    )
    assert failures == [
        ("User-specified function returned None instead of DynamicRecord", "cleaning", 3),
        ("cannot read record 2", "cleaning", 2),
    ]
    later = mapped.select_fields(["id"])
    assert (later.errorsCount(), later.stageErrorsCount()) == (2, 0)


def test_filter_drops_key_value_type_errors_and_keeps_others_as_error_records(readings):
    def predicate(record):
        if record["id"] == 3:
            raise ZeroDivisionError("record 3")
        return record["value"] > 1  # None > 1 raises TypeError for record 2: dropped, as in Glue

    kept = readings.filter(predicate)
    assert [r["id"] for r in by_id(kept)] == [1]
    assert kept.toDF().schema == readings.toDF().schema
    assert kept.errorsCount() == 1
    assert kept.errorsAsDynamicFrame().toDF().first().error.msg == "record 3"


def test_thresholds_fail_the_transformation_past_the_allowed_number(readings):
    def fail_two(record):
        if record["id"] > 1:
            raise ValueError("bad")
        return record

    assert readings.map(fail_two, stageThreshold=2).count() == 1  # two errors are allowed
    with pytest.raises(errors.ErrorThresholdExceeded, match="2 error records, stageThreshold 1"):
        readings.map(fail_two, stageThreshold=1)
    once = readings.map(fail_two)
    with pytest.raises(errors.ErrorThresholdExceeded, match="totalThreshold 1"):
        once.map(lambda r: r, totalThreshold=1)


def test_records_are_dynamic_records(readings):
    seen = readings.map(
        lambda r: {
            "id": r["id"],
            "kind": type(r).__name__,
            "meta_kind": type(r["meta"]).__name__ if r["meta"] else None,
        }
    )
    assert [(r["kind"], r["meta_kind"]) for r in by_id(seen)] == [
        (DynamicRecord.__name__, DynamicRecord.__name__),
        (DynamicRecord.__name__, DynamicRecord.__name__),
        (DynamicRecord.__name__, None),
    ]
