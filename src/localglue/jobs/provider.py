"""Glue job-run actions answered by localglue: runs execute instead of being marked SUCCEEDED."""

from __future__ import annotations

from typing import Any

from ..gateway import AwsError, action
from ..gateway.context import RequestContext
from ..gateway.errors import invalid_input
from ..gateway.paging import Paging, paginate

JOB_RUNS_PAGING = Paging(default_size=200, max_size=200, error=invalid_input)


@action("glue", "StartJobRun")
def start_job_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("AllocatedCapacity") and params.get("MaxCapacity"):
        raise invalid_input("Please set only Allocated Capacity or Max Capacity")
    run_id = ctx.runtime.jobs.start_run(
        ctx.account_id,
        ctx.region,
        params.get("JobName", ""),
        params.get("Arguments"),
        timeout=params.get("Timeout"),
        worker_type=params.get("WorkerType"),
        number_of_workers=params.get("NumberOfWorkers"),
    )
    return {"JobRunId": run_id}


@action("glue", "GetJobRun")
def get_job_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run = ctx.runtime.jobs.get_run(
        ctx.account_id, ctx.region, params.get("JobName", ""), params.get("RunId", "")
    )
    return {"JobRun": run.as_dict()}


@action("glue", "GetJobRuns")
def get_job_runs(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    runs = ctx.runtime.jobs.runs_of(ctx.account_id, ctx.region, params.get("JobName", ""))
    page, more = paginate(runs, params, JOB_RUNS_PAGING)
    return {"JobRuns": [run.as_dict() for run in page], **more}


@action("glue", "BatchStopJobRun")
def batch_stop_job_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    job_name = params.get("JobName", "")
    stopped, errors = [], []
    for run_id in params.get("JobRunIds", []):
        try:
            ctx.runtime.jobs.stop_run(ctx.account_id, ctx.region, job_name, run_id)
            stopped.append({"JobName": job_name, "JobRunId": run_id})
        except AwsError as err:
            errors.append(
                {
                    "JobName": job_name,
                    "JobRunId": run_id,
                    "ErrorDetail": {"ErrorCode": err.code, "ErrorMessage": err.message},
                }
            )
    return {"SuccessfulSubmissions": stopped, "Errors": errors}
