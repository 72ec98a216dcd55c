"""Helpers for tests of a Glue project against localglue (the pytest plugin's fixtures use them too).

error_code(call)              the AWS error code a call fails with
wait_for(read, until)         poll until a reading satisfies `until`
wait_for_job_run / wait_for_crawl / wait_for_workflow_run   until a run ends
job_run_result(...)           a finished run with its stdout and stderr from CloudWatch Logs
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from botocore.exceptions import ClientError

from .jobs.log_reader import STREAMS, read_events

T = TypeVar("T")
ACTIVE_JOB_STATES = ("STARTING", "RUNNING", "STOPPING", "WAITING")


def error_code(call: Callable[[], Any] | pytest.ExceptionInfo[ClientError], **kwargs: Any) -> str:
    """The AWS error code of `call(**kwargs)`, which must fail with a ClientError (or of an ExceptionInfo
    a `pytest.raises(ClientError)` block caught)."""
    if isinstance(call, pytest.ExceptionInfo):
        return call.value.response["Error"]["Code"]
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"]


def wait_for(
    read: Callable[[], T],
    until: Callable[[T], bool],
    *,
    timeout: float = 60,
    interval: float = 0.2,
    what: str = "",
) -> T:
    """`read()` again and again until `until` holds for what it returned; fails the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        reading = read()
        if until(reading):
            return reading
        if time.monotonic() > deadline:
            pytest.fail(
                f"still waiting for {what or 'the condition'} after {timeout:g} s; last reading: {reading}"
            )
        time.sleep(interval)


def wait_for_job_run(
    glue,
    job_name: str,
    run_id: str,
    until: Callable[[dict[str, Any]], bool] = lambda run: run["JobRunState"] not in ACTIVE_JOB_STATES,
    timeout: float = 120,
) -> dict[str, Any]:
    """GetJobRun's JobRun once `until` holds (by default: once the run has ended)."""
    return wait_for(
        lambda: glue.get_job_run(JobName=job_name, RunId=run_id)["JobRun"],
        until,
        timeout=timeout,
        what=f"job run {run_id} of {job_name}",
    )


def wait_for_crawl(glue, name: str, timeout: float = 30) -> dict[str, Any]:
    """ListCrawls' latest crawl once it has ended and the crawler is READY again."""

    def ended(latest: dict[str, Any] | None) -> bool:
        return (
            latest is not None
            and latest["State"] != "RUNNING"
            and glue.get_crawler(Name=name)["Crawler"]["State"] == "READY"
        )

    def latest() -> dict[str, Any] | None:
        crawls: list[dict[str, Any]] = glue.list_crawls(CrawlerName=name)["Crawls"]
        return crawls[0] if crawls else None

    found = wait_for(latest, ended, timeout=timeout, interval=0.05, what=f"a crawl of {name}")
    assert found is not None  # `ended` holds only for a crawl
    return found


def wait_for_workflow_run(glue, workflow: str, run_id: str, timeout: float = 300) -> dict[str, Any]:
    """GetWorkflowRun's Run, with its graph, once it is no longer RUNNING or STOPPING."""
    return wait_for(
        lambda: glue.get_workflow_run(Name=workflow, RunId=run_id, IncludeGraph=True)["Run"],
        lambda run: run["Status"] not in ("RUNNING", "STOPPING"),
        timeout=timeout,
        what=f"workflow run {run_id} of {workflow}",
    )


@dataclass
class JobRunResult:
    """A finished job run: GetJobRun's JobRun and the driver's stdout and stderr lines."""

    run: dict[str, Any]
    stdout: list[str]
    stderr: list[str]

    @property
    def state(self) -> str:
        return self.run["JobRunState"]


def job_run_result(glue, logs, job_name: str, run_id: str, timeout: float = 600) -> JobRunResult:
    run = wait_for_job_run(glue, job_name, run_id, timeout=timeout)
    lines = {
        name: [event["message"] for event in read_events(logs, group, run_id)[0]]
        for name, group in STREAMS.items()
    }
    return JobRunResult(run, lines["stdout"], lines["stderr"])
