"""Waiting for job runs on the gateway and reading their logs, for the tests that start them."""

from __future__ import annotations

import time

ACTIVE = {"STARTING", "RUNNING", "STOPPING"}


def wait_for(
    glue, job_name: str, run_id: str, until=lambda run: run["JobRunState"] not in ACTIVE, seconds=120
):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = glue.get_job_run(JobName=job_name, RunId=run_id)["JobRun"]
        if until(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"job run {run_id} still {run['JobRunState']} after {seconds} s")


def log_lines(client, group: str, run_id: str) -> list[str]:
    events = client("logs").get_log_events(logGroupName=group, logStreamName=run_id, startFromHead=True)[
        "events"
    ]
    return [event["message"] for event in events]
