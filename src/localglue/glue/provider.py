"""Glue actions answered by localglue: the Update* actions moto lacks and workflow graphs."""

from __future__ import annotations

from typing import Any

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import required
from . import models
from .graph import build_workflow_graph


@action("glue", "UpdateCrawler")
def update_crawler(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    update = dict(params)
    name = required(update, "Name")
    del update["Name"]
    models.update_crawler(ctx.backend(), name, update)
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


@action("glue", "GetWorkflow")
def get_workflow(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()  # moto knows the workflow (or answers EntityNotFoundException)
    if params.get("IncludeGraph"):
        answer["Workflow"]["Graph"] = build_workflow_graph(ctx.backend(), answer["Workflow"]["Name"])
    return answer


@action("glue", "BatchGetWorkflows")
def batch_get_workflows(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()
    if params.get("IncludeGraph"):
        for workflow in answer["Workflows"]:
            workflow["Graph"] = build_workflow_graph(ctx.backend(), workflow["Name"])
    return answer
