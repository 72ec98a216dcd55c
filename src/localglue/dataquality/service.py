"""The Data Quality engine of one gateway: the Data Quality API's state (per account and region), and
ruleset evaluation runs, run by the jobs engine as Glue job runs of localglue's own script.

An evaluation run shares its job run with the jobs engine: its status is the job run's state, and when
`--persist` brings back a run the previous gateway's stop cut short, the jobs engine ends it STOPPED.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..gateway.errors import invalid_input
from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore
from . import evaluation_runs, models

if TYPE_CHECKING:
    from ..runtime import Runtime


class DataQualityEngine(Engine):
    name = "dataquality"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.state: AccountRegionStore[models.DataQualityStore] = AccountRegionStore(models.DataQualityStore)

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"dataquality": self.state}

    def of(self, account_id: str, region: str) -> models.DataQualityStore:
        return self.state.get(account_id, region)

    def start_evaluation_run(self, account_id: str, region: str, params: dict[str, Any]) -> str:
        """Start evaluating the rulesets on the table; return the RunId at once."""
        run_id = models.new_id("dqrun")
        job = evaluation_runs.job_definition(run_id, params)
        arguments = evaluation_runs.script_arguments(params)
        request = {key: value for key, value in params.items() if key != "ClientToken"}
        request.update(Timeout=job.timeout_minutes, NumberOfWorkers=job.number_of_workers)
        store = self.of(account_id, region)
        with store.lock:
            job_run = self.runtime.jobs.start_script_run(
                account_id, region, job, arguments, evaluation_runs.SCRIPT, run_id
            )
            store.runs[run_id] = models.EvaluationRun(run_id, request, job_run)
        return run_id

    def cancel_evaluation_run(self, run: models.EvaluationRun) -> None:
        """CancelDataQualityRulesetEvaluationRun: stop the run's process; a finished run cannot be."""
        if not self.runtime.jobs.stop_process(run.run_id):
            raise invalid_input(f"Run {run.run_id} is in state {run.status} and cannot be cancelled")
