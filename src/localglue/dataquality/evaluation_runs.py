"""Ruleset evaluation runs: each is a Glue job run of localglue's own script (`evaluation_script.py`),
run by the jobs engine's process machinery (`RunProcess`) with the run's Role, Timeout and NumberOfWorkers.

The run's JobRunId is its RunId (`dqrun-...`): the results the script publishes are attributed to the
run (RulesetEvaluationRunId, RulesetName, DataSource) and listed in its ResultIds. The run SUCCEEDS once
every ruleset is evaluated, whatever the rules' outcomes, and FAILS when the script does.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

from ..gateway.errors import invalid_input
from ..jobs import models as job_models
from ..jobs import runner
from . import models

SCRIPT = Path(__file__).with_name("evaluation_script.py")
DEFAULT_WORKERS = 5  # Glue's default NumberOfWorkers for an evaluation run
WORKER_TYPE = "G.1X"
_processes: dict[str, runner.RunProcess] = {}
_processes_lock = threading.Lock()


def _glue_table(source: Any, member: str) -> dict[str, Any]:
    table = (
        (source.get("GlueTable") or source.get("DataQualityGlueTable")) if isinstance(source, dict) else None
    )
    if not table or not table.get("DatabaseName") or not table.get("TableName"):
        raise invalid_input(f"{member} needs a GlueTable with a DatabaseName and a TableName")
    if table.get("PreProcessingQuery") or table.get("ConnectionName"):
        raise invalid_input(f"{member}: PreProcessingQuery and ConnectionName are not supported by localglue")
    return table


class EvaluationProcess(runner.RunProcess):
    """A job-run process whose script is localglue's and whose end is the evaluation run's status."""

    def fetch_script(self, s3: Any, arguments: dict[str, str]) -> Path:
        folder = self.folder / "script"
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(SCRIPT, folder / SCRIPT.name))

    def execute(self) -> None:
        try:
            self.run_once()
        finally:
            with _processes_lock:
                _processes.pop(self.run.run_id, None)


def start(account_id: str, region: str, params: dict[str, Any], *, endpoint_url: str) -> str:
    """Start evaluating the rulesets on the table; return the RunId at once."""
    table = _glue_table(params.get("DataSource"), "DataSource")
    sources = {
        alias: _glue_table(source, f"AdditionalDataSources.{alias}")
        for alias, source in (params.get("AdditionalDataSources") or {}).items()
    }
    role = params.get("Role")
    if not role:
        raise invalid_input("Role should not be null or empty")
    timeout = int(params.get("Timeout") or job_models.DEFAULT_TIMEOUT_MINUTES)
    workers = int(params.get("NumberOfWorkers") or DEFAULT_WORKERS)
    options = params.get("AdditionalRunOptions") or {}
    publishing = {"enableDataQualityCloudWatchMetrics": bool(options.get("CloudWatchMetricsEnabled"))}
    if options.get("ResultsS3Prefix"):
        publishing["resultsS3Prefix"] = options["ResultsS3Prefix"]
    if options.get("CompositeRuleEvaluationMethod", "COLUMN") != "COLUMN":
        raise invalid_input("CompositeRuleEvaluationMethod ROW is not supported by localglue (COLUMN only)")
    run_id = models.new_id("dqrun")
    arguments = {
        "--database": table["DatabaseName"],
        "--table": table["TableName"],
        "--rulesets": json.dumps(params["RulesetNames"]),
        "--additional_sources": json.dumps(
            {
                alias: {"DatabaseName": t["DatabaseName"], "TableName": t["TableName"]}
                for alias, t in sources.items()
            }
        ),
        "--publishing_options": json.dumps(publishing),
    }
    job = runner.JobDefinition(
        name=f"data-quality-{run_id}",
        role=role,
        command_name="glueetl",
        script_location="",
        default_arguments={},
        non_overridable_arguments={},
        max_retries=0,
        max_concurrent_runs=1,
        timeout_minutes=timeout,
        glue_version="4.0",
        worker_type=WORKER_TYPE,
        number_of_workers=workers,
        max_capacity=None,
        execution_class="STANDARD",
    )
    request = runner.RunRequest(
        job=job,
        endpoint_url=endpoint_url,
        user_arguments=arguments,
        timeout_minutes=timeout,
        worker_type=WORKER_TYPE,
        number_of_workers=workers,
        first_run_id=run_id,
    )
    job_run = job_models.JobRun(
        account_id=account_id,
        region=region,
        job_name=job.name,
        run_id=run_id,
        arguments=arguments,
        timeout_minutes=timeout,
        glue_version=job.glue_version,
        worker_type=WORKER_TYPE,
        number_of_workers=workers,
        max_capacity=None,
        execution_class="STANDARD",
    )
    store = models.store(account_id, region)
    recorded = {key: value for key, value in params.items() if key != "ClientToken"}
    recorded.update(Timeout=timeout, NumberOfWorkers=workers)
    with store.lock:
        store.runs[run_id] = models.EvaluationRun(run_id, recorded, job_run)
    process = EvaluationProcess(job_run, request)
    with _processes_lock:
        _processes[run_id] = process
    threading.Thread(target=process.execute, name=f"dq-run-{run_id[:14]}", daemon=True).start()
    return run_id


def cancel(run: models.EvaluationRun) -> None:
    """CancelDataQualityRulesetEvaluationRun: stop the run's process; a finished run cannot be."""
    with _processes_lock:
        process = _processes.get(run.run_id)
    if process is None or not run.active:
        raise invalid_input(f"Run {run.run_id} is in state {run.status} and cannot be cancelled")
    process.request_stop()
