"""`localglue logs RUN_ID|JOB`: a job run's driver stdout and stderr from CloudWatch Logs, as they arrive."""

from __future__ import annotations

import argparse
import sys
import time

from .. import console, endpoint
from ..console import line, print_json
from .log_reader import STREAMS, read_events, resolve_run

ACTIVE_STATES = ("STARTING", "RUNNING", "STOPPING", "WAITING")


def add_commands(commands) -> None:
    logs = commands.add_parser(
        "logs", help="a job run's stdout and stderr (stream = the JobRunId); a job name means its latest run"
    )
    logs.add_argument(
        "run", metavar="RUN_ID|JOB", help="a JobRunId (jr_3f2a...) or a job name (its latest run)"
    )
    logs.add_argument("-f", "--follow", action="store_true", help="keep printing until the run ends")
    console.add_output_option(logs)
    endpoint.add_connection_options(logs)
    logs.set_defaults(func=cmd_logs)


def cmd_logs(args: argparse.Namespace) -> int:
    logs = endpoint.client("logs", args.endpoint_url, args.region)
    glue = endpoint.client("glue", args.endpoint_url, args.region)
    run = resolve_run(glue, args.run)
    run_id = run["Id"]
    if args.output == "json":
        streams = {name: read_events(logs, group, run_id)[0] for name, group in STREAMS.items()}
        print_json(
            {"JobName": run["JobName"], "JobRunId": run_id, "JobRunState": run["JobRunState"], **streams}
        )
        return 0
    line(f"job {run['JobName']} run {run_id}: {run['JobRunState']}")
    if not args.follow:
        # one stream after the other, each on its own file descriptor: stdout, then stderr
        printed = 0
        for name, group in STREAMS.items():
            events, _ = read_events(logs, group, run_id)
            out = sys.stdout if name == "stdout" else sys.stderr
            for event in events:
                print(event["message"], file=out)
            out.flush()
            printed += len(events)
        if not printed:
            line(f"no log events for job run {run_id}")
        return 0
    tokens: dict[str, str | None] = {name: None for name in STREAMS}
    while True:
        state = glue.get_job_run(JobName=run["JobName"], RunId=run_id)["JobRun"]["JobRunState"]
        for name, group in STREAMS.items():
            events, tokens[name] = read_events(logs, group, run_id, tokens[name])
            out = sys.stdout if name == "stdout" else sys.stderr
            for event in events:
                print(event["message"], file=out, flush=True)
        if state not in ACTIVE_STATES:
            line(f"job run {run_id} ended {state}")
            return 0
        time.sleep(1)
