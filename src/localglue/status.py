"""`localglue status [WORKFLOW]`: the gateway (services, engines, pid, port, persist dir), the recent job
runs with their ids, and the latest workflow run as a graph with each node's state and duration."""

from __future__ import annotations

import argparse
from typing import Any

from . import console, endpoint
from .console import line, print_json
from .records import record_for
from .gateway_client import health
from .workflows.client import render_run

RECENT_JOB_RUNS = 10


def recent_job_runs(glue, count: int = RECENT_JOB_RUNS) -> list[dict[str, Any]]:
    """The newest job runs of every job, newest first."""
    runs = []
    for page in glue.get_paginator("get_jobs").paginate():
        for job in page["Jobs"]:
            runs.extend(glue.get_job_runs(JobName=job["Name"], MaxResults=count)["JobRuns"])
    runs.sort(key=lambda run: run["StartedOn"], reverse=True)
    return runs[:count]


def latest_workflow_run(glue, workflow: str | None) -> dict[str, Any] | None:
    names = [workflow] if workflow else glue.list_workflows().get("Workflows", [])
    latest = []
    for name in names:
        latest.extend(glue.get_workflow_runs(Name=name, MaxResults=1).get("Runs", [])[:1])
    if not latest:
        return None
    newest = max(latest, key=lambda run: run["StartedOn"])
    return glue.get_workflow_run(Name=newest["Name"], RunId=newest["WorkflowRunId"], IncludeGraph=True)["Run"]


def _engine_text(name: str, described: dict[str, Any]) -> str:
    details = []
    if "spark" in described:
        spark = described["spark"]
        details.append(
            f"Spark: {len(spark['job_runs'])} job run(s) going, {spark['warm_drivers']} warm driver(s)"
        )
    if "trino" in described:
        trino = ", ".join(f"{where} {state}" for where, state in described["trino"].items()) or "not started"
        details.append(f"Trino: {trino}")
    return f"{name} {described.get('state', '?')}" + (f" ({'; '.join(details)})" if details else "")


def _duration(run: dict[str, Any]) -> str:
    seconds = run.get("ExecutionTime")
    return f"{seconds}s" if seconds is not None else ""


def cmd_status(args: argparse.Namespace) -> int:
    url = endpoint.endpoint_url(args.endpoint_url)
    gateway = health(url)
    glue = endpoint.client("glue", url, args.region)
    job_runs = recent_job_runs(glue)
    run = latest_workflow_run(glue, args.workflow)
    record = record_for(url)
    if args.output == "json":
        print_json(
            {
                "endpoint": url,
                "pid": gateway.get("pid"),
                "port": int(url.rsplit(":", 1)[-1]),
                "persist_dir": gateway.get("persist_dir"),
                "log": record.log if record else None,
                "services": gateway["services"],
                "engines": gateway["engines"],
                "job_runs": job_runs,
                "workflow_run": run,
            }
        )
        return 0
    out = console.out
    out.print(f"localglue running at {url}", style="bold green", markup=False)
    out.print(
        f"  pid {gateway.get('pid')}  port {url.rsplit(':', 1)[-1]}  persist {gateway.get('persist_dir') or '-'}"
        + (f"  log {record.log}" if record else ""),
        markup=False,
    )
    out.print(f"  services: {', '.join(gateway['services'])}", markup=False)
    out.print(
        "  engines: " + "; ".join(_engine_text(n, d) for n, d in gateway["engines"].items()), markup=False
    )
    out.print("recent job runs:" if job_runs else "no job run yet", markup=False)
    for job_run in job_runs:
        out.print(
            f"  {job_run['Id']}  {job_run['JobName']}  {job_run['JobRunState']}  {_duration(job_run)}  "
            f"{job_run['StartedOn']:%Y-%m-%d %H:%M:%S}",
            markup=False,
        )
    if run is None:
        line(f"no workflow run yet{' of ' + args.workflow if args.workflow else ''}")
        return 0
    out.print(render_run(run), markup=False)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser(
        "status", help="the gateway, its engines and recent job runs, and the latest workflow run as a graph"
    )
    status.add_argument("workflow", nargs="?", help="a workflow name (default: the most recent run of any)")
    console.add_output_option(status)
    endpoint.add_connection_options(status)
    status.set_defaults(func=cmd_status)
