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
from ..gateway.errors import entity_not_found, invalid_input, required
from . import models
from .bookmark_store import JobBookmarks


def _bookmarks(ctx: RequestContext) -> JobBookmarks:
    return ctx.runtime.jobs.bookmarks.get(ctx.account_id, ctx.region)


def _job_name(ctx: RequestContext, params: dict[str, Any]) -> str:
    name = required(params, "JobName")
    ctx.backend("glue").get_job(name)  # EntityNotFoundException for an unknown job
    return name


@action("glue", "GetJobBookmark")
def get_job_bookmark(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _job_name(ctx, params)
    found = _bookmarks(ctx).entry(name, params.get("RunId"))
    if found is None:
        raise entity_not_found(f"Continuation for job {name} not found")
    return {"JobBookmarkEntry": found.as_dict()}


@action("glue", "ResetJobBookmark")
def reset_job_bookmark(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _job_name(ctx, params)
    run_id = params.get("RunId")
    to = None
    if run_id:
        to = _bookmarks(ctx).entry(name, run_id)
        if to is None:
            raise entity_not_found(f"Job run {run_id} of job {name} committed no bookmark")
    return {"JobBookmarkEntry": _bookmarks(ctx).reset(name, to).as_dict()}


@action("localglue", "CommitJobBookmark")
def commit_job_bookmark(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _job_name(ctx, params)
    run_id = required(params, "RunId")
    bookmark = params.get("JobBookmark")
    if not isinstance(bookmark, str):
        raise invalid_input("JobBookmark should be the bookmark's JSON text")
    run = ctx.runtime.jobs.runs.get(ctx.account_id, ctx.region).get(name, run_id)
    if run is None or run.state not in models.ACTIVE_STATES:
        state = run.state if run else "unknown"
        raise invalid_input(
            f"Job run {run_id} of job {name} is {state}: only a running job commits its bookmark"
        )
    entry = _bookmarks(ctx).commit(name, run_id, run.attempt, bookmark)
    return {"JobBookmarkEntry": entry.as_dict()}


@action("glue", "DeleteJob")
def delete_job(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()
    _bookmarks(ctx).forget(params.get("JobName", ""))
    return answer
