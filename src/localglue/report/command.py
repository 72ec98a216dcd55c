"""`localglue report [WORKFLOW_RUN_ID]`: write the run report and print where it is."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import endpoint, paths
from ..console import line
from ..gateway_client import health
from ..costs.estimate import RunCost
from .gather import find_run, gather
from .render import render


def write_report(
    url: str,
    region: str | None,
    run_id: str | None,
    workflow: str | None,
    out: Path | None = None,
    workgroup: str | None = None,
    credentials: tuple[str, str] | None = None,
    cost: RunCost | None = None,
) -> Path:
    """Gather the run's report from the gateway at `url` (signed with `credentials`, else the
    environment's keys), with `cost` if the caller measured it, write it, return its path."""
    health(url)
    glue, logs, athena = (
        endpoint.client(service, url, region, credentials=credentials)
        for service in ("glue", "logs", "athena")
    )
    run = find_run(glue, run_id, workflow)
    report = gather(glue, logs, athena, run, url, workgroup, cost)
    target = out or paths.home() / "reports" / f"{run['Name']}-{run['WorkflowRunId']}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(report), encoding="utf-8")
    return target.resolve()


def cmd_report(args: argparse.Namespace) -> int:
    target = write_report(
        endpoint.endpoint_url(args.endpoint_url),
        args.region,
        args.run_id,
        args.workflow,
        args.out,
        args.workgroup,
    )
    line("report written; open it in a browser:")
    print(target)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="write a workflow run's report as one self-contained HTML page"
    )
    report.add_argument("run_id", nargs="?", metavar="WORKFLOW_RUN_ID", help="default: the newest run")
    report.add_argument("--workflow", help="the run's workflow (default: looked up)")
    report.add_argument(
        "--out", type=Path, help="the HTML file (default .localglue/reports/WORKFLOW-RUN.html)"
    )
    report.add_argument(
        "--workgroup", help="Athena workgroup for the previews (default: the run's own queries')"
    )
    endpoint.add_connection_options(report)
    report.set_defaults(func=cmd_report)
