"""terraform/ applied once with Parquet output partitioned by run and event date, and two job runs allowed at
once: the output's types as the target crawler catalogs them and as Athena reads them, the input's Data
Quality result, a failing ruleset failing the run and alerting through EventBridge, SNS and an SQS queue,
a crawler re-run between two runs, and 20 StartJobRun at once against MaxConcurrentRuns 2. Every output is
compared with an independent computation (tests/lag_reference.py) of the rows of the files each run read."""

from __future__ import annotations

import io
import json
import threading
import time
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from botocore.exceptions import ClientError

from lag_reference import read_rows, reference_lag
from localglue.athena.commands import run_query
from localglue.demo import SAMPLE_VARIABLES
from localglue.s3paths import split_s3_uri
from localglue.terraform import Workspace
from localglue.testing import wait_for, wait_for_job_run
from localglue.workflows.client import run_succeeded
from pipeline_runs import job_run_of, keys, run_workflow

pytestmark = pytest.mark.slow

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
VARIABLES = {
    "name_prefix": "next-pipeline",
    "database_name": "next_pipeline_events",
    "schedule_enabled": "false",
    "output_format": "parquet",
    "output_partitions": '["run_id","event_date"]',
    "max_concurrent_runs": "2",
    **SAMPLE_VARIABLES,  # the sample events are from 2024: the input's freshness rule must allow them
}
DAY = (
    "user_id,event_type,event_time\n"
    "n1,login,2024-03-13 08:00:00\n"
    "n1,click,2024-03-13 08:02:30\n"
    "n2,login,2024-03-14 23:59:00\n"
    "n2,logout,2024-03-15 00:01:00\n"
)


@pytest.fixture(scope="module")
def pipeline(aws_env, tmp_path_factory):
    workspace = Workspace(aws_env, name="next-pipeline", root=tmp_path_factory.mktemp("terraform"))
    workspace.apply(VARIABLES, capture=True)
    return workspace.outputs()


def upload(s3, pipeline, name: str, body: str) -> None:
    bucket, prefix = split_s3_uri(pipeline["incoming_location"])
    s3.put_object(Bucket=bucket, Key=prefix + name, Body=body.encode())


def manifest(s3, pipeline, run_id: str) -> dict:
    bucket, prefix = split_s3_uri(pipeline["ledger_location"])
    return json.loads(s3.get_object(Bucket=bucket, Key=f"{prefix}runs/{run_id}/manifest.json")["Body"].read())


def archived_bodies(s3, pipeline, run_id: str) -> list[bytes]:
    bucket, _ = split_s3_uri(pipeline["archive_location"])
    return [
        s3.get_object(Bucket=bucket, Key=entry["archive_key"])["Body"].read()
        for entry in manifest(s3, pipeline, run_id)["files"]
    ]


def expected_rows(bodies: list[bytes], tmp_path: Path) -> list[tuple]:
    paths = []
    for index, body in enumerate(bodies):
        path = tmp_path / f"input-{index}.csv"
        path.write_bytes(body)
        paths.append(path)
    return reference_lag(read_rows(paths))[0]


def comparable(rows) -> list[tuple]:
    return sorted(
        (user, kind or "", time, None if lag is None else round(float(lag), 9))
        for user, kind, time, lag in rows
    )


def parquet_rows(s3, pipeline, run_id: str) -> list[tuple]:
    """The rows of one run's Parquet parts, read with pyarrow (an engine of its own), with event_date from
    each part's folder checked against its event_time."""
    bucket, prefix = split_s3_uri(f"{pipeline['output_location']}run_id={run_id}/")
    rows = []
    for key in keys(s3, f"s3://{bucket}/{prefix}"):
        if not key.endswith(".parquet"):
            continue
        folder = key.split("/")[0]
        assert folder.startswith("event_date=")
        table = pq.read_table(io.BytesIO(s3.get_object(Bucket=bucket, Key=prefix + key)["Body"].read()))
        assert str(table.schema.field("event_time").type) == "timestamp[ms, tz=UTC]"
        for row in table.to_pylist():
            moment = row["event_time"]
            assert folder == f"event_date={moment:%Y-%m-%d}"
            rows.append(
                (
                    row["user_id"],
                    row["event_type"],
                    f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d}",
                    row["lag_minutes"],
                )
            )
    return rows


def test_parquet_output_typed_partitioned_and_read_by_athena(pipeline, client, tmp_path):
    s3, glue, athena = client("s3"), client("glue"), client("athena")
    samples = sorted(SAMPLE_DATA.glob("*.csv"))
    bucket, incoming = split_s3_uri(pipeline["incoming_location"])
    for path in samples:
        s3.upload_file(str(path), bucket, incoming + path.name)

    run = run_workflow(glue, pipeline)

    assert run_succeeded(run), run["Statistics"]
    job_run_id = job_run_of(run, pipeline)["Id"]
    expected = expected_rows([path.read_bytes() for path in samples], tmp_path)
    assert comparable(parquet_rows(s3, pipeline, job_run_id)) == comparable(expected)
    table = glue.get_table(DatabaseName=pipeline["database_name"], Name=pipeline["target_table"])["Table"]
    assert [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]] == [
        ("user_id", "string"),
        ("event_type", "string"),
        ("event_time", "timestamp"),
        ("lag_minutes", "double"),
    ]
    assert [(k["Name"], k["Type"]) for k in table["PartitionKeys"]] == [
        ("run_id", "string"),
        ("event_date", "string"),
    ]
    assert table["Parameters"]["classification"] == "parquet"
    query = {"database": pipeline["database_name"], "workgroup": pipeline["athena_workgroup"]}
    _, rows, _ = run_query(
        athena,
        f"SELECT user_id, event_type, event_time, lag_minutes, typeof(event_time) FROM {pipeline['target_table']} "
        f"WHERE run_id = '{job_run_id}'",
        **query,
    )
    assert {row[4] for row in rows} == {"timestamp(3)"}
    assert comparable([tuple(row[:4]) for row in rows]) == comparable(expected)
    (listed,) = glue.list_data_quality_results(
        Filter={"JobName": pipeline["job_name"], "JobRunId": job_run_id}
    )["Results"]
    result = glue.get_data_quality_result(ResultId=listed["ResultId"])
    assert [rule["Result"] for rule in result["RuleResults"]] == ["PASS"] * 5


@pytest.fixture()
def alerts_queue(client, pipeline):
    """An SQS queue subscribed to the pipeline's alerts topic, as an on-call tool would be: its URL."""
    sqs, sns = client("sqs"), client("sns")
    url = sqs.create_queue(QueueName=f"alerts-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(
        TopicArn=pipeline["alerts_topic_arn"],
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true"},
    )
    return url


@pytest.fixture()
def strict_ruleset(client, pipeline):
    glue = client("glue")
    name = pipeline["data_quality_ruleset"]
    original = glue.get_data_quality_ruleset(Name=name)["Ruleset"]
    glue.update_data_quality_ruleset(
        Name=name, Ruleset='Rules = [ RowCount >= 1000000, IsComplete "user_id" ]'
    )
    yield name
    glue.update_data_quality_ruleset(Name=name, Ruleset=original)


def test_a_failing_ruleset_fails_the_run_archives_nothing_and_alerts(
    pipeline, client, alerts_queue, strict_ruleset
):
    s3, glue, sqs = client("s3"), client("glue"), client("sqs")
    archived_before = keys(s3, pipeline["archive_location"])
    upload(s3, pipeline, "strict.csv", DAY)

    run = run_workflow(glue, pipeline)

    job_run = job_run_of(run, pipeline)
    assert job_run["JobRunState"] == "FAILED"
    assert job_run["ErrorMessage"].startswith(
        f"user_event_lag_job failed: Data Quality ruleset {strict_ruleset} failed: "
    )
    assert "RowCount >= 1000000" in job_run["ErrorMessage"] and "IsComplete" not in job_run["ErrorMessage"]
    assert keys(s3, pipeline["incoming_location"]) == ["strict.csv"]
    assert keys(s3, pipeline["archive_location"]) == archived_before
    (listed,) = glue.list_data_quality_results(
        Filter={"JobName": pipeline["job_name"], "JobRunId": job_run["Id"]}
    )["Results"]
    results = glue.get_data_quality_result(ResultId=listed["ResultId"])["RuleResults"]
    assert [rule["Result"] for rule in results] == ["FAIL", "PASS"]
    # the rule's event at once, the alarm's notification at its next evaluation (once a minute)
    deadline, alerts = time.monotonic() + 90, []
    while len(alerts) < 2 and time.monotonic() < deadline:
        received = sqs.receive_message(QueueUrl=alerts_queue, WaitTimeSeconds=1).get("Messages", [])
        for message in received:  # taken off the queue, or it comes back after its visibility timeout
            sqs.delete_message(QueueUrl=alerts_queue, ReceiptHandle=message["ReceiptHandle"])
            alerts.append(json.loads(message["Body"]))
    (alert,) = [alert for alert in alerts if "detail-type" in alert]
    (alarm,) = [alert for alert in alerts if "AlarmName" in alert]
    assert (alarm["AlarmName"], alarm["NewStateValue"]) == (pipeline["job_failure_alarm"], "ALARM")
    assert alarm["NewStateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints [1 (")
    assert (alert["source"], alert["detail-type"]) == ("aws.glue", "Glue Job State Change")
    assert alert["detail"] == {
        "jobName": pipeline["job_name"],
        "severity": "ERROR",
        "state": "FAILED",
        "jobRunId": job_run["Id"],
        "message": job_run["ErrorMessage"],
    }
    s3.delete_object(Bucket=split_s3_uri(pipeline["incoming_location"])[0], Key="incoming/strict.csv")


def test_a_crawler_rerun_between_two_runs_changes_nothing_the_job_reads(pipeline, client, tmp_path):
    s3, glue = client("s3"), client("glue")
    upload(s3, pipeline, "good.csv", DAY)
    upload(s3, pipeline, "reordered.csv", "event_time,user_id,event_type\n2024-03-13 09:00:00,r1,login\n")
    glue.start_crawler(Name=pipeline["source_crawler_name"])
    wait_for(
        lambda: glue.get_crawler(Name=pipeline["source_crawler_name"])["Crawler"]["State"],
        lambda state: state == "READY",
        timeout=300,
        interval=1,
        what="the source crawler's crawl",
    )

    run = run_workflow(glue, pipeline)

    assert run_succeeded(run), run["Statistics"]
    job_run_id = job_run_of(run, pipeline)["Id"]
    assert comparable(parquet_rows(s3, pipeline, job_run_id)) == comparable(
        expected_rows([DAY.encode()], tmp_path)
    )
    bucket, prefix = split_s3_uri(pipeline["quarantine_location"])
    head = s3.head_object(Bucket=bucket, Key=prefix + "reordered.csv")
    assert "columns in the order event_time,user_id,event_type" in head["Metadata"]["quarantine-reason"]
    assert keys(s3, pipeline["incoming_location"]) == []


def test_twenty_start_job_runs_at_once_against_max_concurrent_runs_2(pipeline, client, tmp_path):
    s3, glue = client("s3"), client("glue")
    for index in range(4):
        upload(s3, pipeline, f"burst-{index}.csv", DAY.replace("n1", f"b{index}").replace("n2", f"c{index}"))
    answers: list[str] = []
    barrier = threading.Barrier(20)

    def start() -> None:
        barrier.wait()
        try:
            answers.append(glue.start_job_run(JobName=pipeline["job_name"])["JobRunId"])
        except ClientError as error:
            answers.append(error.response["Error"]["Code"])

    threads = [threading.Thread(target=start) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    run_ids = [answer for answer in answers if answer.startswith("jr_")]
    assert len(run_ids) == 2 and answers.count("ConcurrentRunsExceededException") == 18
    for run_id in run_ids:
        assert wait_for_job_run(glue, pipeline["job_name"], run_id, timeout=900)["JobRunState"] == "SUCCEEDED"
    # each file in the output of exactly one of the two runs, equal to the reference over that run's files
    taken: list[str] = []
    for run_id in run_ids:
        try:
            files = manifest(s3, pipeline, run_id)["files"]
        except ClientError:
            continue  # a run that found every file claimed by the other committed nothing
        taken += [entry["key"] for entry in files]
        assert comparable(parquet_rows(s3, pipeline, run_id)) == comparable(
            expected_rows(archived_bodies(s3, pipeline, run_id), tmp_path)
        )
    assert sorted(taken) == [f"incoming/burst-{index}.csv" for index in range(4)]
    assert keys(s3, pipeline["incoming_location"]) == []
