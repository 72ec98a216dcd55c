"""terraform/ with job_bookmarks = true: the job runs incrementally on a Glue job bookmark instead of claiming
and archiving. Each workflow run's output holds the rows of the files that came since the last committed
run, and only those (an independent computation, tests/lag_reference.py); the files stay in incoming."""

from __future__ import annotations

from pathlib import Path

import pytest

from lag_reference import read_rows, reference_lag
from localglue.demo import SAMPLE_VARIABLES
from localglue.terraform import Workspace
from localglue.workflows.client import run_succeeded
from localglue.workflows.commands import follow_run

pytestmark = pytest.mark.slow

VARIABLES = {
    "name_prefix": "bookmark-pipeline",
    "database_name": "bookmark_pipeline_events",
    "schedule_enabled": "false",
    "job_bookmarks": "true",
    **SAMPLE_VARIABLES,
}
DAY1 = "user_id,event_type,event_time\nk1,login,2024-03-13 08:00:00\nk1,click,2024-03-13 08:02:30\n"
DAY2 = "user_id,event_type,event_time\nk1,logout,2024-03-13 08:10:00\nk2,login,2024-03-13 09:00:00\n"


@pytest.fixture(scope="module")
def pipeline(aws_env, tmp_path_factory):
    workspace = Workspace(aws_env, name="bookmark-pipeline", root=tmp_path_factory.mktemp("terraform"))
    workspace.apply(VARIABLES, capture=True)
    return workspace.outputs()


def run_with(client, pipeline, name: str, body: str) -> tuple[dict, list[tuple]]:
    """Upload one file, run the workflow; return the job run and its output rows."""
    s3, glue = client("s3"), client("glue")
    bucket, _, prefix = pipeline["incoming_location"].removeprefix("s3://").partition("/")
    s3.put_object(Bucket=bucket, Key=prefix + name, Body=body.encode())
    run_id = glue.start_workflow_run(Name=pipeline["workflow_name"])["RunId"]
    run = follow_run(glue, pipeline["workflow_name"], run_id, timeout=900, poll=2)
    assert run_succeeded(run), run["Statistics"]
    (job_run,) = {node["Name"]: node for node in run["Graph"]["Nodes"]}[pipeline["job_name"]]["JobDetails"][
        "JobRuns"
    ]
    target, _, output = pipeline["output_location"].removeprefix("s3://").partition("/")
    rows = []
    listed = s3.list_objects_v2(Bucket=target, Prefix=f"{output}run_id={job_run['Id']}/").get("Contents", [])
    for item in listed:
        if item["Key"].endswith(".csv"):
            lines = s3.get_object(Bucket=target, Key=item["Key"])["Body"].read().decode().splitlines()[1:]
            rows += [tuple(line.split(",")) for line in lines]
    return job_run, rows


def expected(tmp_path: Path, body: str) -> list[tuple]:
    path = tmp_path / "input.csv"
    path.write_text(body)
    rows, _ = reference_lag(read_rows([path]))
    return sorted((user, kind, time, "" if lag is None else f"{lag:g}") for user, kind, time, lag in rows)


def comparable(rows: list[tuple]) -> list[tuple]:
    return sorted((user, kind, time, "" if not lag else f"{float(lag):g}") for user, kind, time, lag in rows)


def test_each_run_reads_only_the_files_new_since_the_last_commit(pipeline, client, tmp_path):
    glue, s3 = client("glue"), client("s3")
    job = glue.get_job(JobName=pipeline["job_name"])["Job"]
    assert job["DefaultArguments"]["--job-bookmark-option"] == "job-bookmark-enable"

    first, rows = run_with(client, pipeline, "day1.csv", DAY1)
    assert comparable(rows) == expected(tmp_path, DAY1)

    second, rows = run_with(client, pipeline, "day2.csv", DAY2)
    assert comparable(rows) == expected(tmp_path, DAY2)  # day1 is not read again

    bucket, _, prefix = pipeline["incoming_location"].removeprefix("s3://").partition("/")
    left = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix)["Contents"]]
    assert sorted(left) == [f"{prefix}day1.csv", f"{prefix}day2.csv"]  # the bookmark mode archives nothing
    bookmark = glue.get_job_bookmark(JobName=pipeline["job_name"])["JobBookmarkEntry"]
    assert bookmark["RunId"] == second["Id"]
