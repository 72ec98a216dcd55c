"""Job bookmarks through the Glue API on the gateway: GetJobBookmark, ResetJobBookmark, the commit of a
running job (LocalGlue.CommitJobBookmark), DeleteJob and --persist. No Spark: the runs are Python shells."""

from __future__ import annotations

import json
import textwrap
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from gateway_process import start_gateway, stop_gateway
from job_run_helpers import wait_for
from localglue.jobs.glue_runtime import bookmarks

SCRIPTS = "bookmark-scripts"
WAITING = "import time\nprint('waiting', flush=True)\ntime.sleep(600)\n"


@pytest.fixture
def make_waiting_job(client):
    """A job whose runs wait, so that a commit comes from a run in progress."""
    s3, glue = client("s3"), client("glue")
    s3.create_bucket(Bucket=SCRIPTS)
    s3.put_object(Bucket=SCRIPTS, Key="wait.py", Body=WAITING.encode())

    def make(glue=glue) -> str:
        name = f"bookmarked-{uuid.uuid4().hex[:8]}"
        glue.create_job(
            Name=name, Role="r", Command={"Name": "pythonshell", "ScriptLocation": f"s3://{SCRIPTS}/wait.py"}
        )
        return name

    return make


def running(glue, job: str) -> str:
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    wait_for(glue, job, run_id, until=lambda run: run["JobRunState"] == "RUNNING", seconds=60)
    return run_id


def stop(glue, job: str, run_id: str) -> None:
    glue.batch_stop_job_run(JobName=job, JobRunIds=[run_id])
    wait_for(glue, job, run_id, seconds=30)


def commit(job: str, run_id: str, state: dict) -> dict:
    return bookmarks._call_gateway(
        bookmarks.COMMIT_ACTION, {"JobName": job, "RunId": run_id, "JobBookmark": json.dumps(state)}
    )["JobBookmarkEntry"]


def test_a_job_without_bookmark_has_no_entry(glue, make_waiting_job):
    job = make_waiting_job()
    with pytest.raises(ClientError) as err:
        glue.get_job_bookmark(JobName=job)
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"
    assert f"Continuation for job {job} not found" in err.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as err:
        glue.get_job_bookmark(JobName="no-such-job")
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"


def test_running_jobs_commit_and_the_entry_counts_runs_and_versions(glue, make_waiting_job):
    job = make_waiting_job()
    first = running(glue, job)
    entry = commit(job, first, {"src": {"highWaterMarkMillis": 1}})
    assert (entry["Version"], entry["Run"], entry["Attempt"], entry["RunId"]) == (1, 1, 0, first)
    stop(glue, job, first)
    second = running(glue, job)
    commit(job, second, {"src": {"highWaterMarkMillis": 2}})
    current = glue.get_job_bookmark(JobName=job)["JobBookmarkEntry"]
    assert (current["Version"], current["Run"], current["RunId"], current["PreviousRunId"]) == (
        2,
        2,
        second,
        first,
    )
    assert json.loads(current["JobBookmark"]) == {"src": {"highWaterMarkMillis": 2}}
    assert json.loads(glue.get_job_bookmark(JobName=job, RunId=first)["JobBookmarkEntry"]["JobBookmark"]) == {
        "src": {"highWaterMarkMillis": 1}
    }
    stop(glue, job, second)

    rewound = glue.reset_job_bookmark(JobName=job, RunId=first)["JobBookmarkEntry"]
    assert (rewound["Version"], json.loads(rewound["JobBookmark"])) == (
        3,
        {"src": {"highWaterMarkMillis": 1}},
    )
    cleared = glue.reset_job_bookmark(JobName=job)["JobBookmarkEntry"]
    assert (cleared["Version"], cleared["JobBookmark"]) == (4, "{}")


def test_only_a_run_in_progress_commits(glue, make_waiting_job):
    job = make_waiting_job()
    run_id = running(glue, job)
    stop(glue, job, run_id)
    with pytest.raises(RuntimeError, match="InvalidInputException: Job run .* is STOPPED"):
        commit(job, run_id, {})
    with pytest.raises(ClientError) as err:
        glue.reset_job_bookmark(JobName=job, RunId="jr_never")
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"


def test_deleting_the_job_deletes_its_bookmark(glue, make_waiting_job):
    job = make_waiting_job()
    run_id = running(glue, job)
    commit(job, run_id, {})
    stop(glue, job, run_id)
    glue.delete_job(JobName=job)
    glue.create_job(
        Name=job, Role="r", Command={"Name": "pythonshell", "ScriptLocation": f"s3://{SCRIPTS}/wait.py"}
    )
    with pytest.raises(ClientError) as err:
        glue.get_job_bookmark(JobName=job)
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"


def test_persist_keeps_bookmarks(tmp_path, monkeypatch):
    credentials = {
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "region_name": "us-east-1",
    }
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        s3 = boto3.client("s3", endpoint_url=url, **credentials)
        s3.create_bucket(Bucket=SCRIPTS)
        s3.put_object(Bucket=SCRIPTS, Key="wait.py", Body=textwrap.dedent(WAITING).encode())
        glue = boto3.client("glue", endpoint_url=url, **credentials)
        glue.create_job(
            Name="kept",
            Role="r",
            Command={"Name": "pythonshell", "ScriptLocation": f"s3://{SCRIPTS}/wait.py"},
        )
        run_id = running(glue, "kept")
        commit("kept", run_id, {"src": {"highWaterMarkMillis": 7}})
    finally:
        stop_gateway(process)
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        glue = boto3.client("glue", endpoint_url=url, **credentials)
        entry = glue.get_job_bookmark(JobName="kept")["JobBookmarkEntry"]
        assert (entry["RunId"], json.loads(entry["JobBookmark"])) == (
            run_id,
            {"src": {"highWaterMarkMillis": 7}},
        )
    finally:
        stop_gateway(process)
