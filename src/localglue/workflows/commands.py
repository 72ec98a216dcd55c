"""`localglue status | run | trigger fire | clock advance`: workflows from a terminal, against a running gateway."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import Any

from .. import endpoint
from .client import WorkflowTimeout, admin, render_run, run_succeeded, wait_for_run_end

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _glue(args: argparse.Namespace):
    return endpoint.client("glue", args.endpoint_url, args.region)


def _latest_run(glue, workflow: str | None) -> dict[str, Any] | None:
    names = [workflow] if workflow else glue.list_workflows().get("Workflows", [])
    latest = []
    for name in names:
        runs = glue.get_workflow_runs(Name=name, MaxResults=1).get("Runs", [])
        latest.extend(runs[:1])
    if not latest:
        return None
    newest = max(latest, key=lambda run: run["StartedOn"])
    return glue.get_workflow_run(Name=newest["Name"], RunId=newest["WorkflowRunId"], IncludeGraph=True)["Run"]


def cmd_status(args: argparse.Namespace) -> int:
    run = _latest_run(_glue(args), args.workflow)
    if run is None:
        print(f"no workflow run yet{' of ' + args.workflow if args.workflow else ''}")
        return 0
    print(render_run(run))
    return 0


def _progress(run: dict[str, Any]) -> dict[str, str]:
    """name -> state of each job run / crawl the run started so far."""
    states = {}
    for node in run.get("Graph", {}).get("Nodes", []):
        runs = node.get("JobDetails", {}).get("JobRuns") or node.get("CrawlerDetails", {}).get("Crawls") or []
        if runs:
            states[f"{node['Type'].lower()} {node['Name']}"] = runs[-1].get("JobRunState") or runs[-1].get(
                "State"
            )
    return states


def follow_run(
    glue, workflow: str, run_id: str, *, timeout: float, poll: float = 1.0, indent: str = ""
) -> dict[str, Any]:
    """Print each node's state as it changes until the run ends; return the run with its graph."""
    shown: dict[str, str] = {}

    def show_changes(run: dict[str, Any]) -> None:
        for node, state in _progress(run).items():
            if shown.get(node) != state:
                print(f"{indent}{datetime.now():%H:%M:%S} {node}: {state}", flush=True)
                shown[node] = state

    run = wait_for_run_end(glue, workflow, run_id, timeout=timeout, poll=poll, on_poll=show_changes)
    print("\n".join(indent + line for line in render_run(run).splitlines()), flush=True)
    return run


def cmd_run(args: argparse.Namespace) -> int:
    glue = _glue(args)
    properties = dict(item.split("=", 1) for item in args.property)
    run_id = glue.start_workflow_run(Name=args.workflow, RunProperties=properties)["RunId"]
    print(f"started workflow {args.workflow} run {run_id}", flush=True)
    if not args.wait:
        return 0
    try:
        run = follow_run(glue, args.workflow, run_id, timeout=args.timeout, poll=args.poll)
    except WorkflowTimeout as err:
        print(err, file=sys.stderr)
        return 1
    return 0 if run_succeeded(run) else 1


def _seconds(text: str) -> float:
    match = _DURATION.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 90, 15m, 6h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def cmd_trigger_fire(args: argparse.Namespace) -> int:
    answer = admin(
        endpoint.endpoint_url(args.endpoint_url),
        "FireTrigger",
        {"Name": args.name},
        endpoint.region(args.region),
    )
    print(f"trigger {args.name} fired" + (f": workflow run {answer['RunId']}" if answer.get("RunId") else ""))
    return 0


def cmd_clock_advance(args: argparse.Namespace) -> int:
    answer = admin(
        endpoint.endpoint_url(args.endpoint_url),
        "AdvanceClock",
        {"Seconds": args.duration},
        endpoint.region(args.region),
    )
    now = datetime.fromtimestamp(answer["Now"]).astimezone()
    fired = ", ".join(answer["FiredTriggers"]) or "none"
    print(f"scheduler clock now {now.isoformat(timespec='seconds')}; triggers fired: {fired}")
    return 0


def _reporting_errors(command):
    """The gateway's refusals and an unreachable gateway as one line on stderr and exit code 2."""
    from botocore.exceptions import BotoCoreError, ClientError

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except ClientError as err:
            print(f"localglue {args.command}: {err.response['Error'].get('Message') or err}", file=sys.stderr)
        except (BotoCoreError, RuntimeError, OSError) as err:
            print(
                f"localglue {args.command}: {err} (is `localglue up` running at "
                f"{endpoint.endpoint_url(args.endpoint_url)}?)",
                file=sys.stderr,
            )
        return 2

    return run


def add_commands(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help="the latest workflow run as a graph, with each node's state")
    status.add_argument("workflow", nargs="?", help="a workflow name (default: the most recent run of any)")
    endpoint.add_connection_options(status)
    status.set_defaults(func=_reporting_errors(cmd_status))

    run = commands.add_parser(
        "run", help="start a workflow run; with --wait, follow it and fail unless it succeeds"
    )
    run.add_argument("workflow")
    run.add_argument(
        "--wait", action="store_true", help="follow the run to its end; exit 1 unless every action succeeded"
    )
    run.add_argument("--property", action="append", default=[], metavar="KEY=VALUE", help="a run property")
    run.add_argument("--timeout", type=float, default=3600, help="seconds to wait (default %(default)s)")
    run.add_argument("--poll", type=float, default=1.0, help=argparse.SUPPRESS)
    endpoint.add_connection_options(run)
    run.set_defaults(func=_reporting_errors(cmd_run))

    trigger = commands.add_parser("trigger", help="fire a SCHEDULED or EVENT trigger now")
    trigger_commands = trigger.add_subparsers(dest="trigger_command", required=True)
    fire = trigger_commands.add_parser("fire", help="start the trigger's workflow now, as its schedule would")
    fire.add_argument("name")
    endpoint.add_connection_options(fire)
    fire.set_defaults(func=_reporting_errors(cmd_trigger_fire))

    clock = commands.add_parser("clock", help="the gateway scheduler's clock")
    clock_commands = clock.add_subparsers(dest="clock_command", required=True)
    advance = clock_commands.add_parser(
        "advance", help="move the clock forward; due schedules and batches fire"
    )
    advance.add_argument("duration", type=_seconds, help="e.g. 90, 15m, 6h, 1d")
    endpoint.add_connection_options(advance)
    advance.set_defaults(func=_reporting_errors(cmd_clock_advance))
