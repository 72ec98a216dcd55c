"""`localglue logs <run-id>`: a job run's driver output and errors from CloudWatch Logs, as they arrive."""

from __future__ import annotations

import argparse
import sys
import time

from .. import endpoint
from .runner import ERROR_GROUP, OUTPUT_GROUP


def add_commands(commands) -> None:
    logs = commands.add_parser("logs", help="print a job run's output and error logs (stream = the JobRunId)")
    logs.add_argument("run_id", help="the JobRunId, e.g. jr_3f2a...")
    logs.add_argument("-f", "--follow", action="store_true", help="keep printing until the run ends")
    endpoint.add_connection_options(logs)
    logs.set_defaults(func=cmd_logs)


def _client(service: str, args: argparse.Namespace):
    return endpoint.client(service, args.endpoint_url, args.region)


def _run_state(glue, run_id: str) -> str | None:
    """The run's state, looked up among the jobs (the CLI knows only the run id)."""
    for page in glue.get_paginator("get_jobs").paginate():
        for job in page["Jobs"]:
            try:
                return glue.get_job_run(JobName=job["Name"], RunId=run_id)["JobRun"]["JobRunState"]
            except glue.exceptions.EntityNotFoundException:
                continue
    return None


def _new_events(logs, group: str, run_id: str, tokens: dict[str, str]) -> list[tuple[int, str, str]]:
    request = {"logGroupName": group, "logStreamName": run_id, "startFromHead": True}
    if group in tokens:
        request["nextToken"] = tokens[group]
    try:
        answer = logs.get_log_events(**request)
    except logs.exceptions.ResourceNotFoundException:
        return []
    tokens[group] = answer["nextForwardToken"]
    return [(event["timestamp"], group, event["message"]) for event in answer["events"]]


def cmd_logs(args: argparse.Namespace) -> int:
    logs, glue = _client("logs", args), _client("glue", args)
    tokens: dict[str, str] = {}
    printed = False
    while True:
        state = _run_state(glue, args.run_id) if args.follow else None
        events = sorted(
            _new_events(logs, OUTPUT_GROUP, args.run_id, tokens)
            + _new_events(logs, ERROR_GROUP, args.run_id, tokens)
        )
        for _, group, message in events:
            print(message, file=sys.stderr if group == ERROR_GROUP else sys.stdout, flush=True)
        printed = printed or bool(events)
        if not args.follow or state not in ("STARTING", "RUNNING", "STOPPING"):
            break
        time.sleep(1)
    if not printed:
        print(f"no log events for job run {args.run_id}", file=sys.stderr)
        return 1
    return 0
