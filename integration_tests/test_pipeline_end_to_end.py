"""The whole pipeline as a user runs it: Terraform applies terraform/, files land in incoming/, the
workflow runs source crawler -> job -> target crawler, in that order, and the output is checked row by
row against an independent reading of the job's rules (tests/lag_reference.py) on the very files uploaded.

The same checks run against the stack `make deploy ENV=dev` deployed on AWS (`make verify-aws ENV=dev`:
LOCALGLUE_ENDPOINT=aws, the outputs of that deployment's Terraform state instead of a local apply).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from lag_reference import read_rows, reference_lag
from localglue.demo import SAMPLE_VARIABLES
from localglue.s3paths import split_s3_uri
from localglue.terraform import Workspace
from localglue.workflows.client import run_succeeded
from pipeline_runs import job_run_of, keys, run_workflow

pytestmark = pytest.mark.slow

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
# Names of their own, so other deployments of the module into the same gateway do not collide.
VARIABLES = {
    "name_prefix": "e2e-pipeline",
    "database_name": "e2e_pipeline_events",
    "schedule_enabled": "false",
    **SAMPLE_VARIABLES,  # the sample events are from 2024: the input's freshness rule must allow them
    "dq_min_completeness": "0.7",  # LATE_EVENTS: 3 of 4 rows have a user_id
}
LATE_EVENTS = (
    "user_id,event_type,event_time\n"
    "late_user,login,2024-03-13 08:00:00\n"
    " late_user ,click,2024-03-13T08:02:30Z\n"
    "late_user,logout,2024-03-13 08:10:00\n"
    ",click,2024-03-13 08:11:00\n"
)


@pytest.fixture(scope="module")
def pipeline(localglue, tmp_path_factory):
    if localglue.on_aws:  # what `localglue aws apply --env ENV` (make deploy) deployed
        return Workspace(None, name=f"aws-{os.environ.get('LOCALGLUE_AWS_ENV', 'dev')}").outputs()
    workspace = Workspace(
        localglue.endpoint_url, name="e2e-pipeline", root=tmp_path_factory.mktemp("terraform")
    )
    workspace.apply(VARIABLES, capture=True)
    return workspace.outputs()


def output_rows(s3, pipeline, job_run_id: str) -> list[tuple]:
    """Rows of every CSV part of one run's output folder, each part's header checked."""
    bucket, prefix = split_s3_uri(f"{pipeline['output_location']}run_id={job_run_id}/")
    rows = []
    for key in keys(s3, f"s3://{bucket}/{prefix}"):
        if not key.endswith(".csv"):
            continue
        text = s3.get_object(Bucket=bucket, Key=prefix + key)["Body"].read().decode()
        header, *records = list(csv.reader(io.StringIO(text)))
        assert header == ["user_id", "event_type", "event_time", "lag_minutes"]
        rows.extend(
            (user, kind or None, time, float(lag) if lag else None) for user, kind, time, lag in records
        )
    return rows


def comparable(rows) -> list[tuple]:
    return sorted(
        (user, kind or "", time, None if lag is None else round(lag, 9)) for user, kind, time, lag in rows
    )


def test_sample_data_through_the_workflow(pipeline, client, capsys):
    s3, glue = client("s3"), client("glue")
    bucket, incoming = split_s3_uri(pipeline["incoming_location"])
    samples = sorted(SAMPLE_DATA.glob("*.csv"))
    for path in samples:
        s3.upload_file(str(path), bucket, incoming + path.name)

    # as a user starts it: StartWorkflowRun on a workflow whose start trigger is SCHEDULED
    run = run_workflow(glue, pipeline)
    assert f"job {pipeline['job_name']}: SUCCEEDED" in capsys.readouterr().err
    assert run_succeeded(run), run["Statistics"]
    assert run["Statistics"]["SucceededActions"] == 3
    nodes = {node["Name"]: node for node in run["Graph"]["Nodes"]}
    (source_crawl,) = nodes[pipeline["source_crawler_name"]]["CrawlerDetails"]["Crawls"]
    job_run = job_run_of(run, pipeline)
    (target_crawl,) = nodes[pipeline["target_crawler_name"]]["CrawlerDetails"]["Crawls"]
    assert source_crawl["CompletedOn"] <= job_run["StartedOn"]
    assert job_run["CompletedOn"] <= target_crawl["StartedOn"]
    assert job_run["TriggerName"] == pipeline["trigger_names"]["source_crawled"]
    expected_rows, expected_counts = reference_lag(read_rows(samples))
    assert comparable(output_rows(s3, pipeline, job_run["Id"])) == comparable(expected_rows)
    assert expected_counts["rows_out"] == len(expected_rows) > 0
    # every input archived, nothing left behind
    assert keys(s3, pipeline["archive_location"]) == [path.name for path in samples]
    assert keys(s3, pipeline["incoming_location"]) == []
    # the target crawler catalogued the output with its real types, partitioned by the run
    table = glue.get_table(DatabaseName=pipeline["database_name"], Name=pipeline["target_table"])["Table"]
    columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
    assert columns == [
        ("user_id", "string"),
        ("event_type", "string"),
        ("event_time", "string"),
        ("lag_minutes", "double"),
    ]
    assert [(k["Name"], k["Type"]) for k in table["PartitionKeys"]] == [("run_id", "string")]
    # the input's Data Quality result, published under the run, every rule passed
    (listed,) = glue.list_data_quality_results(
        Filter={"JobName": pipeline["job_name"], "JobRunId": job_run["Id"]}
    )["Results"]
    result = glue.get_data_quality_result(ResultId=listed["ResultId"])
    assert result["EvaluationContext"] == pipeline["data_quality_ruleset"]
    assert [rule["Result"] for rule in result["RuleResults"]] == ["PASS"] * 5


def test_a_second_upload_is_processed_alone(pipeline, client, tmp_path):
    s3, glue = client("s3"), client("glue")
    bucket, incoming = split_s3_uri(pipeline["incoming_location"])
    archived_before = keys(s3, pipeline["archive_location"])
    late = tmp_path / "late.csv"
    late.write_text(LATE_EVENTS)
    s3.upload_file(str(late), bucket, incoming + late.name)

    run = run_workflow(glue, pipeline)

    assert run_succeeded(run), run["Statistics"]
    expected_rows, _ = reference_lag(read_rows([late]))
    assert comparable(output_rows(s3, pipeline, job_run_of(run, pipeline)["Id"])) == comparable(expected_rows)
    assert keys(s3, pipeline["archive_location"]) == sorted(archived_before + ["late.csv"])
    assert keys(s3, pipeline["incoming_location"]) == []
    partitions = glue.get_partitions(
        DatabaseName=pipeline["database_name"], TableName=pipeline["target_table"]
    )
    assert len(partitions["Partitions"]) == 2


@pytest.fixture()
def broken_script(pipeline, client):
    """The job's script replaced by one that fails at once; the real one put back afterwards."""
    s3 = client("s3")
    bucket, key = split_s3_uri(pipeline["job_script_location"])
    original = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    s3.put_object(Bucket=bucket, Key=key, Body=b"raise RuntimeError('the events table moved')\n")
    yield
    s3.put_object(Bucket=bucket, Key=key, Body=original)


def test_a_failing_job_archives_nothing_and_stops_the_chain(pipeline, client, broken_script):
    s3, glue = client("s3"), client("glue")
    bucket, incoming = split_s3_uri(pipeline["incoming_location"])
    archived_before = keys(s3, pipeline["archive_location"])
    s3.put_object(Bucket=bucket, Key=incoming + "day3.csv", Body=LATE_EVENTS.encode())

    run = run_workflow(glue, pipeline)

    assert not run_succeeded(run)
    assert run["Statistics"]["FailedActions"] == 1
    job_run = job_run_of(run, pipeline)
    assert job_run["JobRunState"] == "FAILED"
    assert "the events table moved" in job_run["ErrorMessage"]
    target = {node["Name"]: node for node in run["Graph"]["Nodes"]}[pipeline["target_crawler_name"]]
    assert not target.get("CrawlerDetails", {}).get("Crawls"), "the target crawler ran after a failed job"
    assert keys(s3, pipeline["incoming_location"]) == ["day3.csv"]
    assert keys(s3, pipeline["archive_location"]) == archived_before
