"""Workflow actions answered by localglue: runs that really run, triggers that really fire.

Also two localglue-only actions (X-Amz-Target `LocalGlue.*`) for people and tests: FireTrigger runs a
schedule or event trigger now, AdvanceClock moves the scheduler's clock of the caller's account forward.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import lifecycle
from ..crawlers import list_crawls
from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import AwsError, invalid_input, required
from ..glue.graph import build_workflow_graph
from ..jobs import get_job_run
from . import events
from .cron import CronError, CronSchedule
from .engine import engine
from .models import ActionRun, WorkflowRun
from .scheduler import scheduler

lifecycle.subscribe(engine.on_state_change)
events.install()
scheduler.start()


def _epoch(value: Any) -> Any:
    """JSON-protocol timestamps are epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {key: _epoch(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_epoch(item) for item in value]
    return value


def _engine_for(ctx: RequestContext):
    """The engine, told the gateway's URL: job runs started off any request (schedules, events) need it."""
    engine.endpoint_url = ctx.endpoint_url or engine.endpoint_url
    return engine


def _job_runs(run: WorkflowRun, record: ActionRun) -> list[dict[str, Any]]:
    """Every attempt of a job action, as GetJobRun reports it."""
    if record.attempt_ids:
        try:
            return [get_job_run(run.account_id, run.region, record.name, i) for i in record.attempt_ids]
        except AwsError:  # runs the jobs engine does not know (an engine standing in for it, in tests)
            pass
    return [  # or a start the jobs engine refused: no job run exists, the action tells why
        {
            "Id": record.run_id or "",
            "JobName": record.name,
            "TriggerName": record.trigger_name,
            "JobRunState": record.state,
            "StartedOn": record.started_on,
            **({"CompletedOn": record.completed_on} if record.completed_on else {}),
            **({"ErrorMessage": record.error_message} if record.error_message else {}),
        }
    ]


def _crawl(run: WorkflowRun, record: ActionRun) -> dict[str, Any]:
    """A node's `Crawl` (State, StartedOn, CompletedOn, ...), from the crawler engine's ListCrawls record."""
    crawl = {"State": record.state, "StartedOn": record.started_on, "CompletedOn": record.completed_on}
    crawl["ErrorMessage"] = record.error_message
    try:
        histories = list_crawls(run.account_id, run.region, record.name)
    except AwsError:  # a crawler that does not exist (a start that was refused)
        histories = []
    for history in histories:
        if history.get("CrawlId") == record.run_id:
            crawl.update(StartedOn=history.get("StartTime"), CompletedOn=history.get("EndTime"))
            crawl.update(LogGroup=history.get("LogGroup"), LogStream=history.get("LogStream"))
    return {key: value for key, value in crawl.items() if value is not None}


def run_as_dict(ctx: RequestContext, run: WorkflowRun, include_graph: bool) -> dict[str, Any]:
    data = run.as_dict()
    if include_graph:

        def attempts(kind: str, name: str) -> list[ActionRun]:
            return [record for record in run.actions if record.node == (kind, name)]

        data["Graph"] = build_workflow_graph(
            ctx.backend(),
            run.workflow_name,
            job_details=lambda name: {
                "JobRuns": [r for record in attempts("job", name) for r in _job_runs(run, record)]
            },
            crawler_details=lambda name: {
                "Crawls": [_crawl(run, record) for record in attempts("crawler", name)]
            },
        )
    return _epoch(data)


@action("glue", "CreateTrigger")
def create_trigger(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Rejects a schedule AWS would reject; moto stores any string and its Predicate needs a Logical."""
    _engine_for(ctx)
    if params.get("Type") == "SCHEDULED":
        try:
            CronSchedule.parse(required(params, "Schedule"))
        except CronError as err:
            raise invalid_input(f"Schedule is invalid: {err}") from err
    if params.get("Predicate") and not params["Predicate"].get("Logical"):
        params = {**params, "Predicate": {**params["Predicate"], "Logical": "AND"}}
    return ctx.forward(params)


@action("glue", "StartTrigger")
def start_trigger(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """An ON_DEMAND trigger fires when started and stays CREATED; the other types are activated (moto)."""
    _engine_for(ctx)
    name = required(params, "Name")
    trigger = ctx.backend().triggers.get(name)
    if trigger is None or trigger.trigger_type != "ON_DEMAND":
        return ctx.forward()
    scheduler.fire_trigger(ctx.account_id, ctx.region, name)
    return {"Name": name}


@action("glue", "StartWorkflowRun")
def start_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run = _engine_for(ctx).start_run(
        ctx.account_id, ctx.region, required(params, "Name"), params.get("RunProperties")
    )
    return {"RunId": run.run_id}


@action("glue", "GetWorkflowRun")
def get_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run = _engine_for(ctx).get_run(
        ctx.account_id, ctx.region, required(params, "Name"), required(params, "RunId")
    )
    return {"Run": run_as_dict(ctx, run, bool(params.get("IncludeGraph")))}


@action("glue", "GetWorkflowRuns")
def get_workflow_runs(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    runs = _engine_for(ctx).runs_of(ctx.account_id, ctx.region, required(params, "Name"))
    start = int(params.get("NextToken") or 0)
    size = int(params.get("MaxResults") or 100)
    page = runs[start : start + size]
    answer: dict[str, Any] = {
        "Runs": [run_as_dict(ctx, run, bool(params.get("IncludeGraph"))) for run in page]
    }
    if start + size < len(runs):
        answer["NextToken"] = str(start + size)
    return answer


@action("glue", "StopWorkflowRun")
def stop_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _engine_for(ctx).stop_run(ctx.account_id, ctx.region, required(params, "Name"), required(params, "RunId"))
    return {}


@action("glue", "ResumeWorkflowRun")
def resume_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run, node_ids = _engine_for(ctx).resume_run(
        ctx.account_id,
        ctx.region,
        required(params, "Name"),
        required(params, "RunId"),
        required(params, "NodeIds"),
    )
    return {"RunId": run.run_id, "NodeIds": node_ids}


@action("localglue", "FireTrigger")
def fire_trigger(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _engine_for(ctx)
    run_id = scheduler.fire_trigger(ctx.account_id, ctx.region, required(params, "Name"))
    return {"RunId": run_id} if run_id else {}


@action("localglue", "AdvanceClock")
def advance_clock(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _engine_for(ctx)
    seconds = params.get("Seconds", 0)
    if not isinstance(seconds, int | float) or seconds < 0:
        raise invalid_input("Seconds must be a number >= 0")
    fired = scheduler.advance(ctx.account_id, seconds)
    return {"Now": scheduler.clock.now(ctx.account_id).timestamp(), "FiredTriggers": fired}
