"""The job's Athena steps against botocore's Stubber (request and response shapes checked against the
Athena API model), and its exit on failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from user_event_lag_job import (
    JobFailure,
    main,
    one_line,
    parse_arguments,
    query_text,
    start_query,
    wait_for_query,
)

SCRIPT = Path(__file__).resolve().parents[1] / "glue_jobs" / "user_event_lag_job.py"
QUERY_ID = "6f0a7c1e-1111-4222-8333-944445555666"
RESULT = f"s3://events-source/athena/{QUERY_ID}.csv"
ARGV = [
    "user_event_lag_job.py",
    "--JOB_NAME", "user-event-lag", "--JOB_RUN_ID", "jr_1",
    "--database_name", "events_db", "--source_table", "src_incoming", "--athena_workgroup", "pipeline",
    "--source_bucket", "events-source", "--target_bucket", "events-target",
]  # fmt: skip


@pytest.fixture
def athena():
    client = boto3.client(
        "athena", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def execution(state: str, reason: str | None = None, location: str | None = RESULT) -> dict:
    status = {"State": state}
    if reason:
        status["StateChangeReason"] = reason
    query = {"QueryExecutionId": QUERY_ID, "Status": status}
    if location:
        query["ResultConfiguration"] = {"OutputLocation": location}
    return {"QueryExecution": query}


class FakeClock:
    """Time that moves only when the job sleeps, so backoff and timeout run instantly."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def test_query_selects_the_three_columns_and_the_source_file():
    assert query_text("events_db", "src_incoming") == (
        'SELECT user_id, event_type, event_time, "$path" AS source_path FROM "events_db"."src_incoming"'
    )
    assert query_text("db", 'odd"name').endswith('FROM "db"."odd""name"')


def test_start_query_uses_the_workgroup_location_unless_one_is_given(athena):
    client, stubber = athena
    base = {
        "QueryString": query_text("events_db", "src_incoming"),
        "QueryExecutionContext": {"Database": "events_db"},
        "WorkGroup": "pipeline",
    }
    stubber.add_response("start_query_execution", {"QueryExecutionId": QUERY_ID}, base)
    own_location = {**base, "ResultConfiguration": {"OutputLocation": "s3://results/q/"}}
    stubber.add_response("start_query_execution", {"QueryExecutionId": "other"}, own_location)

    assert start_query(client, parse_arguments(ARGV)) == QUERY_ID
    given = parse_arguments([*ARGV, "--athena_output_location", "s3://results/q/"])
    assert start_query(client, given) == "other"


def test_polls_with_doubling_delays_until_the_query_succeeds(athena):
    client, stubber = athena
    for state in ("QUEUED", "RUNNING", "RUNNING", "RUNNING"):
        stubber.add_response(
            "get_query_execution", execution(state, location=None), {"QueryExecutionId": QUERY_ID}
        )
    stubber.add_response("get_query_execution", execution("SUCCEEDED"), {"QueryExecutionId": QUERY_ID})
    clock = FakeClock()

    assert wait_for_query(client, QUERY_ID, 600, sleep=clock.sleep, clock=clock) == RESULT
    assert clock.sleeps == [0.25, 0.5, 1.0, 2.0]


@pytest.mark.parametrize("state", ["FAILED", "CANCELLED"])
def test_failed_or_cancelled_query_fails_with_athena_reason(athena, state):
    client, stubber = athena
    reason = "COLUMN_NOT_FOUND: line 1:8: Column 'user_id' cannot be resolved"
    stubber.add_response("get_query_execution", execution(state, reason), {"QueryExecutionId": QUERY_ID})
    clock = FakeClock()

    with pytest.raises(JobFailure) as failure:
        wait_for_query(client, QUERY_ID, 600, sleep=clock.sleep, clock=clock)
    assert str(failure.value) == f"Athena query {QUERY_ID} {state}: {reason}"


def test_query_still_running_at_the_timeout_is_stopped_and_fails(athena):
    client, stubber = athena
    # Delays 0.25 + 0.5 + 1 + 2 + 1.25 (what is left) reach the 5 s deadline after six polls.
    for _ in range(6):
        stubber.add_response(
            "get_query_execution", execution("RUNNING", location=None), {"QueryExecutionId": QUERY_ID}
        )
    stubber.add_response("stop_query_execution", {}, {"QueryExecutionId": QUERY_ID})
    clock = FakeClock()

    with pytest.raises(JobFailure, match=f"Athena query {QUERY_ID} still RUNNING after 5 s .*stopped it"):
        wait_for_query(client, QUERY_ID, 5, sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [0.25, 0.5, 1.0, 2.0, 1.25]


def test_main_exits_non_zero_with_a_one_line_reason():
    with pytest.raises(SystemExit) as exit_:
        main([a for a in ARGV if a not in ("--target_bucket", "events-target")])

    assert exit_.value.code == (
        "user_event_lag_job failed: bad job arguments: the following arguments are required: --target_bucket"
    )


def test_script_run_as_glue_runs_it_imports_and_reports_one_line(tmp_path):
    # Glue runs the entrypoint as a script with event_lag.py importable; a bad argument list must end it
    # before any Spark starts, with status 1 and the reason as the only line on stderr.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--JOB_NAME", "x", "--JOB_RUN_ID", "jr_1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "user_event_lag_job failed: bad job arguments: the following arguments are required: "
        "--database_name, --source_table, --athena_workgroup, --source_bucket, --target_bucket"
    ]


def test_one_line_reason_of_a_jvm_error_names_the_java_exception(spark):
    from py4j.protocol import Py4JJavaError

    with pytest.raises(Py4JJavaError) as error:
        spark.sparkContext._jvm.java.lang.Class.forName("no.such.Class")

    assert one_line(error.value) == "Py4JJavaError: java.lang.ClassNotFoundException: no.such.Class"
    assert one_line(ValueError("first\nsecond")) == "ValueError: first"
