"""Glue actions answered by localglue: the Update* actions moto lacks and workflow graphs."""

from __future__ import annotations

from typing import Any

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import required
from . import models
from .graph import build_workflow_graph
from ..wire import to_wire


@action("glue", "UpdateCrawler")
def update_crawler(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    update = dict(params)
    name = required(update, "Name")
    del update["Name"]
    running = ctx.runtime.crawlers.is_running(ctx.account_id, ctx.region, name)
    models.update_crawler(ctx.backend(), name, update, running)
    return {}


@action("glue", "UpdateJob")
def update_job(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = required(params, "JobName")
    models.update_job(ctx.backend(), name, required(params, "JobUpdate"))
    return {"JobName": name}


@action("glue", "UpdateTrigger")
def update_trigger(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    trigger = models.update_trigger(
        ctx.backend(), required(params, "Name"), required(params, "TriggerUpdate")
    )
    return {"Trigger": trigger.as_dict()}


def _with_runs(ctx: RequestContext, workflow: dict[str, Any], include_graph: bool) -> dict[str, Any]:
    """moto's workflow with its last run (kept by the workflow engine) and, if asked, its graph."""
    last = ctx.runtime.workflows.latest_run(ctx.account_id, ctx.region, workflow["Name"])
    workflow.pop("LastRun", None)
    if last is not None:
        workflow["LastRun"] = to_wire(last.as_dict())
    if include_graph:
        workflow["Graph"] = build_workflow_graph(ctx.backend(), workflow["Name"])
    return workflow


@action("glue", "GetWorkflow")
def get_workflow(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()  # moto knows the workflow (or answers EntityNotFoundException)
    answer["Workflow"] = _with_runs(ctx, answer["Workflow"], bool(params.get("IncludeGraph")))
    return answer


@action("glue", "BatchGetWorkflows")
def batch_get_workflows(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()
    include_graph = bool(params.get("IncludeGraph"))
    answer["Workflows"] = [_with_runs(ctx, workflow, include_graph) for workflow in answer["Workflows"]]
    return answer
