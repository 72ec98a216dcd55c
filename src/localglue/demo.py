"""`localglue demo` (`make run`): the whole pipeline on a fresh local AWS, from nothing to a checked result.

Starts localglue on a free port, applies `terraform/`, uploads `sample_data/` to the source bucket's
incoming prefix, runs the workflow (source crawler -> job -> target crawler) with live progress, then
prints what happened and checks it: the exit code is 0 only if the workflow completed with every action
succeeded, the output holds the rows the job reported, and every input was archived.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import console, endpoint, paths, terraform
from .athena.commands import QueryFailed, render_table, run_query
from .costs.estimate import run_cost, s3_requests_at, s3_requests_since
from .gateway import iam
from .report.command import write_report
from .server import GatewayServer
from .s3paths import split_s3_uri
from .workflows.client import WorkflowTimeout, run_succeeded
from .workflows.commands import follow_run

SAMPLE_DATA = paths.PROJECT_ROOT / "sample_data"
WORKSPACE = "run"
JOB_LOG_GROUPS = ("/aws-glue/jobs/error", "/aws-glue/jobs/output")
# The sample events are from March 2024: the input's freshness rule is given ten years, as a backfill of
# old events would be (the module's default is 48 hours); a constant, so a kept state plans no change.
SAMPLE_VARIABLES = {"dq_max_event_age_hours": str(24 * 365 * 10)}
_SUMMARY_LINE = re.compile(r"run summary (\{.*\})")


@dataclass
class Checks:
    failures: list[str] = field(default_factory=list)
    query_ids: list[str] = field(default_factory=list)  # the Athena queries the checks ran (their cost)

    def expect(self, condition: bool, failure: str) -> None:
        if not condition:
            self.failures.append(failure)


def step(number: int, title: str) -> float:
    print(f"\n[{number}/5] {title}", flush=True)
    return time.monotonic()


def done(started: float, detail: str) -> None:
    print(f"      {detail} ({time.monotonic() - started:.1f} s)", flush=True)


def upload_samples(s3, bucket: str, prefix: str) -> list[str]:
    files = sorted(SAMPLE_DATA.glob("*.csv"))
    if not files:
        raise SystemExit(f"no sample CSV files in {SAMPLE_DATA}")
    for path in files:
        s3.upload_file(str(path), bucket, f"{prefix}{path.name}")
    return [path.name for path in files]


def job_summary(logs, job_run_id: str) -> dict[str, int]:
    """The counts the job logged in its `run summary {...}` line. Glue's logger writes to the driver's
    stderr, i.e. the error log group; standard logging in the script may go to the output group."""
    for group in JOB_LOG_GROUPS:
        pages = logs.get_paginator("filter_log_events").paginate(
            logGroupName=group, logStreamNames=[job_run_id]
        )
        try:
            for page in pages:
                for event in page["events"]:
                    match = _SUMMARY_LINE.search(event["message"])
                    if match:
                        return json.loads(match.group(1))
        except logs.exceptions.ResourceNotFoundException:  # the run never wrote to this group
            continue
    return {}


def keys_under(s3, bucket: str, prefix: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def job_run_id_of(run: dict) -> str | None:
    for node in run.get("Graph", {}).get("Nodes", []):
        job_runs = node.get("JobDetails", {}).get("JobRuns") or []
        if job_runs:
            return job_runs[-1]["Id"]
    return None


def report(outputs: dict, run: dict, clients: dict, uploaded: list[str]) -> Checks:
    checks = Checks()
    succeeded = run_succeeded(run)
    checks.expect(succeeded, f"workflow run ended {run['Status']} with {run.get('Statistics')}")
    job_run_id = job_run_id_of(run)

    summary = job_summary(clients["logs"], job_run_id) if job_run_id else {}
    if summary:
        print(
            f"      rows read {summary['rows_read']}; cleaned away: null user_id/event_time {summary['null']}, "
            f"unparseable event_time {summary['unparseable']}, duplicate {summary['duplicate']} "
            f"(values trimmed in {summary['rows_trimmed']} rows); rows written {summary['rows_out']}"
        )

    archived = keys_under(clients["s3"], *split_s3_uri(outputs["archive_location"]))
    left = keys_under(clients["s3"], *split_s3_uri(outputs["incoming_location"]))
    quarantined = summary.get("files_quarantined", 0)
    print(
        f"      files archived {len(archived)} -> {outputs['archive_location']}; quarantined {quarantined}; "
        f"left in incoming: {len(left)}"
    )
    if not succeeded:  # what failed is in the graph above; the output is not there to check
        return checks
    checks.expect(bool(summary), f"job run {job_run_id} logged no run summary")
    checks.expect(
        sorted(Path(key).name for key in archived) == sorted(uploaded), "not every input was archived"
    )
    checks.expect(not left, f"inputs left in {outputs['incoming_location']}: {left}")

    output_location = f"{outputs['output_location']}run_id={job_run_id}/"
    print(f"      output {output_location}")

    database, table = outputs["database_name"], outputs["target_table"]
    columns = clients["glue"].get_table(DatabaseName=database, Name=table)["Table"]
    schema = ", ".join(f"{c['Name']} {c['Type']}" for c in columns["StorageDescriptor"]["Columns"])
    partitions = ", ".join(f"{c['Name']} {c['Type']}" for c in columns.get("PartitionKeys", []))
    print(f"      table {database}.{table} (crawled): {schema}; partitioned by {partitions or 'nothing'}")

    query = {"database": database, "workgroup": outputs["athena_workgroup"]}
    try:
        _, counted, execution = run_query(
            clients["athena"], f"SELECT count(*) FROM {table} WHERE run_id = '{job_run_id}'", **query
        )
        checks.query_ids.append(execution["QueryExecutionId"])
        written = int(counted[0][0] or 0)
        header, rows, execution = run_query(
            clients["athena"],
            f"SELECT user_id, event_type, event_time, lag_minutes FROM {table} "
            f"WHERE run_id = '{job_run_id}' ORDER BY user_id, event_time LIMIT 10",
            **query,
        )
        checks.query_ids.append(execution["QueryExecutionId"])
    except QueryFailed as err:
        checks.expect(False, f"Athena could not read the output table: {err}")
        return checks
    print(f"      first rows of {written}, through Athena:\n")
    print("\n".join("        " + line for line in render_table(header, rows).splitlines()))
    if summary:
        checks.expect(
            written == summary["rows_out"], f"output holds {written} rows, job wrote {summary['rows_out']}"
        )
    return checks


def run_pipeline(url: str, workflow_timeout: float, credentials: tuple[str, str] | None = None) -> int:
    started = step(2, "terraform apply")
    workspace = terraform.Workspace(
        url, name=WORKSPACE, local_credentials=credentials or terraform.TEST_CREDENTIALS
    )
    with console.terraform_progress("      terraform apply") as on_line:
        applied = workspace.apply(SAMPLE_VARIABLES, capture=True, on_line=on_line).stdout
    outputs = workspace.outputs()
    workflow = str(outputs["workflow_name"])
    done(
        started, next((line for line in applied.splitlines() if line.startswith("Apply complete")), "applied")
    )
    clients = {
        service: endpoint.client(service, url, credentials=credentials)
        for service in ("s3", "glue", "logs", "athena")
    }

    started = step(3, "sample data")
    bucket, prefix = split_s3_uri(str(outputs["incoming_location"]))
    uploaded = upload_samples(clients["s3"], bucket, prefix)
    done(started, f"{len(uploaded)} files -> {outputs['incoming_location']}")

    started = step(4, f"workflow {workflow}")
    s3_before = s3_requests_at(url)
    run_id = clients["glue"].start_workflow_run(Name=workflow)["RunId"]
    run = follow_run(
        clients["glue"],
        workflow,
        run_id,
        timeout=workflow_timeout,
        indent="      ",
        logs=clients["logs"],
    )
    done(started, f"run {run_id} {run['Status']}")

    started = step(5, "result")
    checks = report(outputs, run, clients, uploaded)
    buckets = [str(outputs[name]) for name in ("source_bucket", "target_bucket", "scripts_bucket")]
    spent = s3_requests_since(s3_before, s3_requests_at(url), buckets)
    cost = run_cost(clients["glue"], clients["athena"], run, checks.query_ids, spent)
    print("      " + cost.line())
    done(started, "checked")
    page = write_report(
        url,
        None,
        run_id,
        workflow,
        workgroup=str(outputs["athena_workgroup"]),
        credentials=credentials,
        cost=cost,
    )
    print(f"\nreport of the run: {page}")
    if checks.failures:
        print("\nFAILED:\n" + "\n".join(f"  - {failure}" for failure in checks.failures), file=sys.stderr)
        return 1
    print("\nOK: the workflow completed, the output holds every row written, every input is archived.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if not args.verbose:
        # the engines' own progress lines would interleave with the steps printed here
        logging.getLogger("localglue").setLevel(logging.WARNING)
    print("localglue: the pipeline end to end on a local AWS")
    started = step(1, "localglue up")
    server = None
    if args.endpoint_url:
        url = endpoint.endpoint_url(args.endpoint_url)
    else:
        state = paths.state_dir(WORKSPACE) if args.keep else None
        if not args.keep:
            # a fresh gateway starts empty: so must the Terraform state that describes it
            shutil.rmtree(terraform.terraform_home() / WORKSPACE, ignore_errors=True)
        server = GatewayServer(port=0, persist_dir=state, enforce_iam=args.enforce_iam).start()
        url = server.url
    done(started, f"endpoint {url}" + (", IAM enforced" if args.enforce_iam else ""))
    # under enforcement only the gateway's administrator may apply the module and run the pipeline
    credentials = (iam.ADMIN_ACCESS_KEY_ID, iam.ADMIN_SECRET_ACCESS_KEY) if args.enforce_iam else None
    try:
        return run_pipeline(url, args.timeout, credentials)
    except (KeyboardInterrupt, terraform.TerraformInterrupted) as err:
        stopped = [str(err)] if isinstance(err, terraform.TerraformInterrupted) else []
        if server is not None:
            stopped += server.runtime.running_work() + [f"the gateway at {server.url}"]
            server.stop()
            server = None
        print("\ninterrupted" + "".join(f"\n  stopped {item.removeprefix('stopped ')}" for item in stopped))
        return 130
    except terraform.TerraformError as err:
        print(f"\nFAILED: terraform: {err}", file=sys.stderr)
        return 1
    except WorkflowTimeout as err:
        print(f"\nFAILED: workflow: {err}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()


def add_commands(commands) -> None:
    demo = commands.add_parser("demo", help="the whole pipeline on a fresh local AWS, with a checked result")
    demo.add_argument(
        "--endpoint-url", help="use this running localglue instead of starting one (its state is kept)"
    )
    demo.add_argument(
        "--keep", action="store_true", help="keep localglue's state and the Terraform state for the next run"
    )
    demo.add_argument(
        "--enforce-iam",
        action="store_true",
        help="authorize every request with IAM policies, so the job runs with only its role's permissions",
    )
    demo.add_argument(
        "--timeout", type=float, default=1800, help="seconds to wait for the workflow (default %(default)s)"
    )
    demo.set_defaults(func=cmd_demo)
