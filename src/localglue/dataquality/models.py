"""The Data Quality API's state in one account and region: rulesets, ruleset evaluation runs, results.

moto has no Data Quality API, so localglue keeps this state itself (the Data Quality engine's store,
kept by `--persist`). A ruleset's tags live where Glue's GetTags and TagResource find them: in moto's
Glue tagging service, under the ruleset's ARN.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..jobs import models as job_models

# GetDataQualityRulesetEvaluationRun's Status, from the state of the job run that evaluates
_RUN_STATUS = {job_models.ERROR: "FAILED"}


def ruleset_arn(account_id: str, region: str, name: str) -> str:
    return f"arn:aws:glue:{region}:{account_id}:dataQualityRuleset/{name}"


def new_id(prefix: str) -> str:
    """Glue's identifiers: `dqrun-...`, `dqresult-...`."""
    return f"{prefix}-{secrets.token_hex(20)}"


@dataclass
class Ruleset:
    name: str
    ruleset: str
    rule_count: int
    description: str | None = None
    target_table: dict[str, str] | None = None
    security_configuration: str | None = None
    created_on: float = field(default_factory=time.time)
    last_modified_on: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        """GetDataQualityRuleset's answer."""
        shape: dict[str, Any] = {
            "Name": self.name,
            "Ruleset": self.ruleset,
            "CreatedOn": self.created_on,
            "LastModifiedOn": self.last_modified_on,
        }
        optional = {
            "Description": self.description,
            "TargetTable": self.target_table,
            "DataQualitySecurityConfiguration": self.security_configuration,
        }
        shape.update({key: value for key, value in optional.items() if value is not None})
        return shape

    def listed(self) -> dict[str, Any]:
        """ListDataQualityRulesets' DataQualityRulesetListDetails."""
        shape = self.as_dict()
        del shape["Ruleset"]
        shape.pop("DataQualitySecurityConfiguration", None)
        return {**shape, "RuleCount": self.rule_count}


@dataclass
class EvaluationRun:
    """A StartDataQualityRulesetEvaluationRun, evaluated by a job run (`job_run`) of localglue's own script."""

    run_id: str
    request: dict[str, Any]  # the start request's members, as given
    job_run: job_models.JobRun
    result_ids: list[str] = field(default_factory=list)

    @property
    def data_source(self) -> dict[str, Any]:
        return self.request["DataSource"]

    @property
    def status(self) -> str:
        return _RUN_STATUS.get(self.job_run.state, self.job_run.state)

    @property
    def active(self) -> bool:
        return self.job_run.state in job_models.ACTIVE_STATES

    def as_dict(self) -> dict[str, Any]:
        run = self.job_run
        shape: dict[str, Any] = {
            "RunId": self.run_id,
            **{key: value for key, value in self.request.items() if key != "ClientToken"},
            "Status": self.status,
            "StartedOn": run.started_on,
            "LastModifiedOn": run.last_modified_on,
            "ExecutionTime": run.execution_time,
            "Timeout": run.timeout_minutes,
        }
        if run.completed_on is not None:
            shape["CompletedOn"] = run.completed_on
        if run.error_message:
            shape["ErrorString"] = run.error_message
        if self.result_ids:
            shape["ResultIds"] = list(self.result_ids)
        return shape

    def listed(self) -> dict[str, Any]:
        return {
            "RunId": self.run_id,
            "Status": self.status,
            "StartedOn": self.job_run.started_on,
            "DataSource": self.data_source,
        }


@dataclass
class DataQualityStore:
    """One account's and region's rulesets, runs (oldest first) and results (oldest first)."""

    rulesets: dict[str, Ruleset] = field(default_factory=dict)
    runs: dict[str, EvaluationRun] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: Any = field(default_factory=threading.RLock, repr=False, compare=False)

    def add_result(self, result: dict[str, Any]) -> str:
        """Keep a published result, attributing it to the evaluation run whose process published it."""
        result_id = new_id("dqresult")
        with self.lock:
            run = self.runs.get(result.get("JobRunId") or "")
            if run is not None:
                result = {key: value for key, value in result.items() if key not in ("JobName", "JobRunId")}
                result.update(
                    RulesetEvaluationRunId=run.run_id,
                    RulesetName=result.get("EvaluationContext"),
                    DataSource=run.data_source,
                )
                run.result_ids.append(result_id)
            self.results[result_id] = {"ResultId": result_id, **result}
        return result_id
