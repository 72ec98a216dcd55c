"""`localglue run | trigger fire | clock advance`: workflows from a terminal, against a running gateway."""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from typing import Any

from .. import console, endpoint
from ..console import CommandError, RunWatch, line, print_json
from ..jobs.log_reader import last_line
from .client import WorkflowTimeout, admin, render_run, run_succeeded, wait_for_run_end

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _glue(args: argparse.Namespace):
    return endpoint.client("glue", args.endpoint_url, args.region)


def _latest_runs(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """'job NAME' / 'crawler NAME' -> the latest job run or crawl the workflow run started of it."""
    latest = {}
    for node in run.get("Graph", {}).get("Nodes", []):
        runs = node.get("JobDetails", {}).get("JobRuns") or node.get("CrawlerDetails", {}).get("Crawls") or []
        if runs:
            latest[f"{node['Type'].lower()} {node['Name']}"] = runs[-1]
    return latest


def follow_run(
    glue,
    workflow: str,
    run_id: str,
    *,
    timeout: float,
    poll: float = 1.0,
    indent: str = "",
    logs=None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Print each node's state as it changes until the run ends, and, with a `logs` client, a running
    job's elapsed time and last log line; return the run with its graph."""
    shown: dict[str, str] = {}
    watches: dict[str, RunWatch] = {}

    def show_changes(run: dict[str, Any]) -> None:
        for node, latest in _latest_runs(run).items():
            state = latest.get("JobRunState") or latest.get("State", "?")
            if shown.get(node) != state:
                if node in watches:
                    watches.pop(node).stop()
                if not quiet:
                    line(f"{indent}{datetime.now():%H:%M:%S} {node}: {state}", style=_style(state))
                shown[node] = state
            if logs is not None and state == "RUNNING" and node.startswith("job ") and not quiet:
                watch = watches.get(node)
                if watch is None:
                    watch = watches[node] = RunWatch(f"{indent}{node} {latest['Id']}")
                watch.update(last_line(logs, latest["Id"]))

    try:
        run = wait_for_run_end(glue, workflow, run_id, timeout=timeout, poll=poll, on_poll=show_changes)
    finally:
        for watch in watches.values():
            watch.stop()
    if not quiet:
        console.out.print("\n".join(indent + text for text in render_run(run).splitlines()), markup=False)
    return run


def _style(state: str) -> str | None:
    return {"SUCCEEDED": "green", "COMPLETED": "green", "RUNNING": "cyan", "STARTING": "cyan"}.get(
        state, "red" if state in ("FAILED", "ERROR", "TIMEOUT", "STOPPED", "CANCELLED") else None
    )


def stop_started_run(glue, workflow: str, run_id: str) -> list[str]:
    """Stop a workflow run this command started (Ctrl-C): its running job runs and crawls stop with it."""
    run = glue.get_workflow_run(Name=workflow, RunId=run_id, IncludeGraph=True)["Run"]
    running = [
        f"{node} {latest.get('Id', '')}".strip()
        for node, latest in _latest_runs(run).items()
        if (latest.get("JobRunState") or latest.get("State")) in ("STARTING", "RUNNING", "WAITING")
    ]
    if run["Status"] == "RUNNING":
        glue.stop_workflow_run(Name=workflow, RunId=run_id)
    return running


def wait_and_report(args: argparse.Namespace, glue, workflow: str, run_id: str) -> int:
    """Follow the run to its end (the --wait of run and trigger fire); 0 only if every action succeeded."""
    logs = endpoint.client("logs", args.endpoint_url, args.region)
    try:
        run = follow_run(
            glue,
            workflow,
            run_id,
            timeout=args.timeout,
            poll=args.poll,
            logs=logs,
            quiet=args.output == "json",
        )
    except KeyboardInterrupt:
        stopped = stop_started_run(glue, workflow, run_id)
        line(
            f"interrupted: stopped workflow run {run_id}" + "".join(f"\n  stopped {item}" for item in stopped)
        )
        return 130
    except WorkflowTimeout as err:
        raise CommandError(str(err)) from err
    if args.output == "json":
        print_json(run)
    succeeded = run_succeeded(run)
    if not succeeded:
        line(f"workflow run {run_id} ended {run['Status']} with {run.get('Statistics', {})}", style="red")
    return 0 if succeeded else 1


def cmd_run(args: argparse.Namespace) -> int:
    glue = _glue(args)
    properties = dict(item.split("=", 1) for item in args.property)
    run_id = glue.start_workflow_run(Name=args.workflow, RunProperties=properties)["RunId"]
    line(f"started workflow {args.workflow} run {run_id}")
    if args.wait:
        return wait_and_report(args, glue, args.workflow, run_id)
    if args.output == "json":
        print_json({"Name": args.workflow, "RunId": run_id})
    return 0


def _seconds(text: str) -> float:
    match = _DURATION.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 90, 15m, 6h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def cmd_trigger_fire(args: argparse.Namespace) -> int:
    glue = _glue(args)
    # A trigger in a workflow starts a run of it; the trigger names which (FireTrigger answers its id).
    workflow = glue.get_trigger(Name=args.name)["Trigger"].get("WorkflowName")
    answer = admin(
        endpoint.endpoint_url(args.endpoint_url),
        "FireTrigger",
        {"Name": args.name},
        endpoint.region(args.region),
    )
    run_id = answer.get("RunId")
    if run_id is None:
        line(f"trigger {args.name} fired: its actions started (the trigger is in no workflow)")
        return 0
    line(f"trigger {args.name} fired: workflow {workflow} run {run_id}")
    if args.wait:
        return wait_and_report(args, glue, workflow, run_id)
    if args.output == "json":
        print_json({"Name": workflow, "RunId": run_id})
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


def _add_wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait", action="store_true", help="follow the run to its end; exit 1 unless every action succeeded"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait (default %(default)s)")
    parser.add_argument("--poll", type=float, default=1.0, help=argparse.SUPPRESS)
    console.add_output_option(parser)
    endpoint.add_connection_options(parser)


def add_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run", help="start a workflow run; with --wait, follow it and fail unless it succeeds"
    )
    run.add_argument("workflow")
    run.add_argument("--property", action="append", default=[], metavar="KEY=VALUE", help="a run property")
    _add_wait_options(run)
    run.set_defaults(func=cmd_run)

    trigger = commands.add_parser("trigger", help="fire a SCHEDULED or EVENT trigger now")
    trigger_commands = trigger.add_subparsers(dest="trigger_command", required=True)
    fire = trigger_commands.add_parser("fire", help="start the trigger's workflow now, as its schedule would")
    fire.add_argument("name")
    _add_wait_options(fire)
    fire.set_defaults(func=cmd_trigger_fire)

    clock = commands.add_parser("clock", help="the gateway scheduler's clock")
    clock_commands = clock.add_subparsers(dest="clock_command", required=True)
    advance = clock_commands.add_parser(
        "advance", help="move the clock forward; due schedules and batches fire"
    )
    advance.add_argument("duration", type=_seconds, help="e.g. 90, 15m, 6h, 1d")
    endpoint.add_connection_options(advance)
    advance.set_defaults(func=cmd_clock_advance)
