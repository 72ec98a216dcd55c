"""Job bookmark actions: Glue's GetJobBookmark and ResetJobBookmark, and the commit of a running job.

`LocalGlue.CommitJobBookmark` (X-Amz-Target `LocalGlue.CommitJobBookmark`, JSON body `{"JobName",
"RunId", "JobBookmark"}`) is localglue's own: `Job.commit()` in a job run calls it, signed with the run's
credentials, where Glue's runtime talks to its service. Only a run in progress may commit, and the entry
records its attempt. DeleteJob also deletes the job's bookmark, as Glue does.
"""

from __future__ import annotations

from typing import Any

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import entity_not_found, invalid_input
from . import bookmark_store, models


def _required(params: dict[str, Any], member: str) -> str:
    value = params.get(member)
    if not value or not isinstance(value, str):
        raise invalid_input(f"{member} should not be null or empty")
    return value


def _job_name(ctx: RequestContext, params: dict[str, Any]) -> str:
    name = _required(params, "JobName")
    ctx.backend("glue").get_job(name)  # EntityNotFoundException for an unknown job
    return name


@action("glue", "GetJobBookmark")
def get_job_bookmark(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _job_name(ctx, params)
    found = bookmark_store.entry(ctx.account_id, ctx.region, name, params.get("RunId"))
    if found is None:
        raise entity_not_found(f"Continuation for job {name} not found")
    return {"JobBookmarkEntry": found.as_dict()}


@action("glue", "ResetJobBookmark")
def reset_job_bookmark(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _job_name(ctx, params)
    run_id = params.get("RunId")
    to = None
    if run_id:
        to = bookmark_store.entry(ctx.account_id, ctx.region, name, run_id)
        if to is None:
            raise entity_not_found(f"Job run {run_id} of job {name} committed no bookmark")
    return {"JobBookmarkEntry": bookmark_store.reset(ctx.account_id, ctx.region, name, to).as_dict()}


@action("localglue", "CommitJobBookmark")
def commit_job_bookmark(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _job_name(ctx, params)
    run_id = _required(params, "RunId")
    bookmark = params.get("JobBookmark")
    if not isinstance(bookmark, str):
        raise invalid_input("JobBookmark should be the bookmark's JSON text")
    run = models.store.get(ctx.account_id, ctx.region, name, run_id)
    if run is None or run.state not in models.ACTIVE_STATES:
        state = run.state if run else "unknown"
        raise invalid_input(
            f"Job run {run_id} of job {name} is {state}: only a running job commits its bookmark"
        )
    entry = bookmark_store.commit(ctx.account_id, ctx.region, name, run_id, run.attempt, bookmark)
    return {"JobBookmarkEntry": entry.as_dict()}


@action("glue", "DeleteJob")
def delete_job(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()
    bookmark_store.forget(ctx.account_id, ctx.region, params.get("JobName", ""))
    return answer
