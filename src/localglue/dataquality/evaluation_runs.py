"""Ruleset evaluation runs as Glue job runs of localglue's own script (`evaluation_script.py`).

A StartDataQualityRulesetEvaluationRun becomes a job definition that no moto job holds: the run's Role,
Timeout and NumberOfWorkers, the script's arguments (the table, the rulesets, the additional sources and
publishing options), and the run's RunId (`dqrun-...`) as its JobRunId, so that what the script
publishes is attributed to the run. The jobs engine runs it as it runs any job's attempt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..gateway.errors import invalid_input
from ..jobs import models as job_models
from ..jobs.runner import JobDefinition

SCRIPT = Path(__file__).with_name("evaluation_script.py")
DEFAULT_WORKERS = 5  # Glue's default NumberOfWorkers for an evaluation run
WORKER_TYPE = "G.1X"


def glue_table(source: Any, member: str) -> dict[str, Any]:
    """The DataSource's Glue table, or Glue's refusal of a DataSource localglue cannot read."""
    table = (
        (source.get("GlueTable") or source.get("DataQualityGlueTable")) if isinstance(source, dict) else None
    )
    if not table or not table.get("DatabaseName") or not table.get("TableName"):
        raise invalid_input(f"{member} needs a GlueTable with a DatabaseName and a TableName")
    if table.get("PreProcessingQuery") or table.get("ConnectionName"):
        raise invalid_input(f"{member}: PreProcessingQuery and ConnectionName are not supported by localglue")
    return table


def script_arguments(params: dict[str, Any]) -> dict[str, str]:
    """The evaluation script's arguments for a StartDataQualityRulesetEvaluationRun request."""
    table = glue_table(params.get("DataSource"), "DataSource")
    sources = {
        alias: glue_table(source, f"AdditionalDataSources.{alias}")
        for alias, source in (params.get("AdditionalDataSources") or {}).items()
    }
    options = params.get("AdditionalRunOptions") or {}
    if options.get("CompositeRuleEvaluationMethod", "COLUMN") != "COLUMN":
        raise invalid_input("CompositeRuleEvaluationMethod ROW is not supported by localglue (COLUMN only)")
    publishing: dict[str, Any] = {
        "enableDataQualityCloudWatchMetrics": bool(options.get("CloudWatchMetricsEnabled"))
    }
    if options.get("ResultsS3Prefix"):
        publishing["resultsS3Prefix"] = options["ResultsS3Prefix"]
    return {
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


def job_definition(run_id: str, params: dict[str, Any]) -> JobDefinition:
    role = params.get("Role")
    if not role:
        raise invalid_input("Role should not be null or empty")
    return JobDefinition(
        name=f"data-quality-{run_id}",
        role=role,
        command_name="glueetl",
        script_location="",
        default_arguments={},
        non_overridable_arguments={},
        max_retries=0,
        max_concurrent_runs=1,
        timeout_minutes=int(params.get("Timeout") or job_models.DEFAULT_TIMEOUT_MINUTES),
        glue_version="4.0",
        worker_type=WORKER_TYPE,
        number_of_workers=int(params.get("NumberOfWorkers") or DEFAULT_WORKERS),
        max_capacity=None,
        execution_class="STANDARD",
    )
