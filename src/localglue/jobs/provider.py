"""Glue job-run actions answered by localglue: runs execute instead of being marked SUCCEEDED."""

from __future__ import annotations

from typing import Any

from ..gateway import AwsError, action
from ..gateway.context import RequestContext
from ..gateway.errors import invalid_input
from ..gateway.pagination import bounds
from . import runner

MAX_RESULTS = 200


@action("glue", "StartJobRun")
def start_job_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("AllocatedCapacity") and params.get("MaxCapacity"):
        raise invalid_input("Please set only Allocated Capacity or Max Capacity")
    run_id = runner.start_job_run(
        ctx.account_id,
        ctx.region,
        params.get("JobName", ""),
        params.get("Arguments"),
        endpoint_url=ctx.endpoint_url,
        timeout=params.get("Timeout"),
        worker_type=params.get("WorkerType"),
        number_of_workers=params.get("NumberOfWorkers"),
    )
    return {"JobRunId": run_id}


@action("glue", "GetJobRun")
def get_job_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "JobRun": runner.get_job_run(
            ctx.account_id, ctx.region, params.get("JobName", ""), params.get("RunId", "")
        )
    }


@action("glue", "GetJobRuns")
def get_job_runs(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    runs = runner.get_job_runs(ctx.account_id, ctx.region, params.get("JobName", ""))
    start, end, token = bounds(
        len(runs), params, default_size=MAX_RESULTS, max_size=MAX_RESULTS, invalid=invalid_input
    )
    return {"JobRuns": runs[start:end], **token}


@action("glue", "BatchStopJobRun")
def batch_stop_job_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    job_name = params.get("JobName", "")
    stopped, errors = [], []
    for run_id in params.get("JobRunIds", []):
        try:
            runner.stop_job_run(ctx.account_id, ctx.region, job_name, run_id)
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
