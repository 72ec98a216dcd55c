"""A job run's driver logs read back from CloudWatch Logs, in CloudWatch's order (stream = JobRunId).

Driver stdout is the group `/aws-glue/jobs/output`, stderr (Spark's and Glue's logger) `/aws-glue/jobs/error`,
as on Glue. Events of one stream keep the order they were put in; nothing is re-sorted, so a traceback reads
as it was written.
"""

from __future__ import annotations

from typing import Any

from ..console import CommandError
from .runner import ERROR_GROUP, OUTPUT_GROUP

STREAMS = {"stdout": OUTPUT_GROUP, "stderr": ERROR_GROUP}


def read_events(
    logs, group: str, run_id: str, token: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """The stream's events after `token` (from its head without), and the token to go on from."""
    events: list[dict[str, Any]] = []
    request: dict[str, Any] = {"logGroupName": group, "logStreamName": run_id, "startFromHead": True}
    if token:
        request["nextToken"] = token
    while True:
        try:
            answer = logs.get_log_events(**request)
        except logs.exceptions.ResourceNotFoundException:
            return events, token
        events.extend(answer["events"])
        # the same forward token back means the end of the stream for now
        if not answer["events"] or answer["nextForwardToken"] == request.get("nextToken"):
            return events, answer["nextForwardToken"]
        request["nextToken"] = token = answer["nextForwardToken"]


def tail(logs, run_id: str, lines: int) -> dict[str, list[str]]:
    """The last `lines` messages of each of the run's streams."""
    found = {}
    for name, group in STREAMS.items():
        events, _ = read_events(logs, group, run_id)
        found[name] = [event["message"] for event in events[-lines:]]
    return found


def last_line(logs, run_id: str) -> str:
    """The newest message of the run in either stream (stderr on a tie: Spark reports there)."""
    newest: tuple[int, int, str] | None = None
    for rank, group in enumerate((OUTPUT_GROUP, ERROR_GROUP)):
        try:
            answer = logs.get_log_events(
                logGroupName=group, logStreamName=run_id, startFromHead=False, limit=1
            )
        except logs.exceptions.ResourceNotFoundException:
            continue
        for event in answer["events"][-1:]:
            candidate = (event["timestamp"], rank, event["message"])
            newest = max(newest, candidate) if newest else candidate
    return newest[2] if newest else ""


def resolve_run(glue, run_or_job: str) -> dict[str, Any]:
    """The job run `jr_...`, looked up among the jobs, or the latest run of the job named so."""
    if not run_or_job.startswith("jr_"):
        try:
            runs = glue.get_job_runs(JobName=run_or_job, MaxResults=1)["JobRuns"]
        except glue.exceptions.EntityNotFoundException:
            raise CommandError(f"no job run {run_or_job!r} and no job of that name") from None
        if not runs:
            raise CommandError(f"job {run_or_job} has no run yet")
        return runs[0]
    for page in glue.get_paginator("get_jobs").paginate():
        for job in page["Jobs"]:
            try:
                return glue.get_job_run(JobName=job["Name"], RunId=run_or_job)["JobRun"]
            except glue.exceptions.EntityNotFoundException:
                continue
    raise CommandError(f"no job run {run_or_job} in any job")
