"""The job's write-then-archive step with S3 in moto (in process) and Spark on local files."""

from __future__ import annotations

import json
import logging

import boto3
import pytest
from moto import mock_aws

import event_lag
from user_event_lag_job import (
    JobFailure,
    files_read,
    move_object,
    parse_arguments,
    process,
    read_query_result,
)

SOURCE = "events-source"
ARGS = parse_arguments(
    [
        "job.py",
        "--JOB_NAME",
        "user-event-lag",
        "--JOB_RUN_ID",
        "jr_1",
        "--database_name",
        "events_db",
        "--source_table",
        "src_incoming",
        "--athena_workgroup",
        "pipeline",
        "--source_bucket",
        SOURCE,
        "--target_bucket",
        "events-target",
    ]  # fmt: skip
)
INPUTS = {
    "incoming/day1.csv": b"user_id,event_type,event_time\nu1,login,2024-03-05 10:00:00\nu1,click,2024-03-05 10:01:30\n",
    "incoming/2024/day2.csv": b"user_id,event_type,event_time\nu1,logout,2024-03-05 10:04:00\n,login,bad\n",
    "incoming/late.csv": b"user_id,event_type,event_time\nu9,login,2024-03-06 00:00:00\n",  # arrived after the query
    "elsewhere/other.csv": b"user_id,event_type,event_time\nu2,login,2024-03-05 09:00:00\n",
}
# What Athena writes for the query over incoming/ (plus a row a wider table location gave from elsewhere/).
QUERY_RESULT = "\n".join(
    [
        '"user_id","event_type","event_time","source_path"',
        f'"u1","login","2024-03-05 10:00:00","s3://{SOURCE}/incoming/day1.csv"',
        f'"u1","click","2024-03-05 10:01:30","s3://{SOURCE}/incoming/day1.csv"',
        f'"u1","logout","2024-03-05 10:04:00","s3://{SOURCE}/incoming/2024/day2.csv"',
        f',"login","bad","s3://{SOURCE}/incoming/2024/day2.csv"',
        f'"u2","login","2024-03-05 09:00:00","s3://{SOURCE}/elsewhere/other.csv"',
        "",
    ]
)


@pytest.fixture
def s3(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=SOURCE)
        for key, body in INPUTS.items():
            client.put_object(Bucket=SOURCE, Key=key, Body=body)
        yield client


@pytest.fixture
def query_result(spark, tmp_path):
    event_lag.configure_session(spark)
    path = tmp_path / "athena" / "query-id.csv"
    path.parent.mkdir()
    path.write_text(QUERY_RESULT)
    return str(path)


def keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=SOURCE).get("Contents", [])}


def body(s3, key: str) -> bytes:
    return s3.get_object(Bucket=SOURCE, Key=key)["Body"].read()


def test_write_then_archive_moves_exactly_the_files_read(spark, s3, query_result, tmp_path, caplog):
    output = tmp_path / "output" / "run_id=jr_1"

    with caplog.at_level(logging.INFO, logger="test"):
        counts = process(spark, query_result, str(output), s3, ARGS, logging.getLogger("test"))

    assert keys(s3) == {
        "archive/day1.csv",
        "archive/2024/day2.csv",
        "incoming/late.csv",
        "elsewhere/other.csv",
    }
    assert body(s3, "archive/day1.csv") == INPUTS["incoming/day1.csv"]
    assert body(s3, "archive/2024/day2.csv") == INPUTS["incoming/2024/day2.csv"]
    parts = [part.read_text().splitlines() for part in sorted(output.glob("part-*.csv"))]
    assert parts and all(lines[0] == "user_id,event_type,event_time,lag_minutes" for lines in parts)
    assert sorted(line for lines in parts for line in lines[1:]) == [
        "u1,click,2024-03-05 10:01:30.000,1.5",
        "u1,login,2024-03-05 10:00:00.000,",
        "u1,logout,2024-03-05 10:04:00.000,2.5",
        "u2,login,2024-03-05 09:00:00.000,",
    ]
    assert counts == {
        "rows_read": 5,
        "rows_trimmed": 0,
        "null": 1,
        "unparseable": 0,
        "duplicate": 0,
        "rows_out": 4,
        "files_read": 3,
        "files_archived": 2,
    }
    (summary,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("run summary ")]
    assert json.loads(summary.removeprefix("run summary ")) == counts


@pytest.mark.parametrize("blocker", ["output folder exists", "output parent is a file"])
def test_a_failed_write_leaves_every_input_in_incoming(spark, s3, query_result, tmp_path, blocker):
    if blocker == "output folder exists":
        output = tmp_path / "output" / "run_id=jr_1"
        output.mkdir(parents=True)
    else:
        (tmp_path / "output").write_text("not a folder")
        output = tmp_path / "output" / "run_id=jr_1"

    with pytest.raises(
        Exception, match="already exists|not a directory|Mkdirs failed|exists as a file|Parent path"
    ):
        process(spark, query_result, str(output), s3, ARGS, logging.getLogger("test"))

    assert keys(s3) == set(INPUTS)
    assert all(body(s3, key) == content for key, content in INPUTS.items())


def test_files_read_are_the_distinct_source_paths(spark, query_result):
    assert files_read(read_query_result(spark, query_result)) == [
        f"s3://{SOURCE}/elsewhere/other.csv",
        f"s3://{SOURCE}/incoming/2024/day2.csv",
        f"s3://{SOURCE}/incoming/day1.csv",
    ]


def test_query_result_reader_follows_athena_quoting(spark, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        '"user_id","event_type","event_time","source_path"\n'
        '"u1","say ""hi"", then go","2024-03-05 10:00:00","s3://b/incoming/a.csv"\n'
        ',"login",,"s3://b/incoming/a.csv"\n'
    )

    rows = read_query_result(spark, str(path)).collect()

    assert [tuple(row) for row in rows] == [
        ("u1", 'say "hi", then go', "2024-03-05 10:00:00", "s3://b/incoming/a.csv"),
        (None, "login", None, "s3://b/incoming/a.csv"),
    ]


def test_query_result_with_other_columns_is_refused(spark, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        '"uid","event_type","event_time","source_path"\n"u1","login","2024-03-05 10:00:00","s3://b/a"\n'
    )

    with pytest.raises(Exception, match="CSV header does not conform to the schema"):
        read_query_result(spark, str(path)).collect()


def test_archiving_a_vanished_file_fails_and_deletes_nothing(s3):
    s3.delete_object(Bucket=SOURCE, Key="incoming/day1.csv")

    with pytest.raises(JobFailure, match=f"cannot archive s3://{SOURCE}/incoming/day1.csv: 404"):
        move_object(s3, SOURCE, "incoming/day1.csv", "archive/day1.csv")
    assert "archive/day1.csv" not in keys(s3)


def test_move_object_copies_verifies_and_deletes(s3):
    move_object(s3, SOURCE, "incoming/2024/day2.csv", "archive/2024/day2.csv")

    assert "incoming/2024/day2.csv" not in keys(s3)
    assert body(s3, "archive/2024/day2.csv") == INPUTS["incoming/2024/day2.csv"]
