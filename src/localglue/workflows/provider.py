"""Workflow actions answered by localglue: runs that really run, triggers that really fire.

Also two localglue-only actions (X-Amz-Target `LocalGlue.*`) for people and tests: FireTrigger runs a
schedule or event trigger now, AdvanceClock moves the scheduler's clock of the caller's account forward.
"""

from __future__ import annotations

from typing import Any

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import AwsError, invalid_input, required
from ..gateway.paging import Paging, paginate
from ..glue.graph import build_workflow_graph
from ..schedule.cron import CronError, CronSchedule
from ..wire import to_wire
from .engine import WorkflowEngine
from .models import ActionRun, WorkflowRun

WORKFLOW_RUNS_PAGING = Paging(default_size=100, max_size=1000, error=invalid_input)


def _engine(ctx: RequestContext) -> WorkflowEngine:
    return ctx.runtime.workflows


def _job_runs(ctx: RequestContext, run: WorkflowRun, record: ActionRun) -> list[dict[str, Any]]:
    """Every attempt of a job action, as GetJobRun reports it."""
    if record.attempt_ids:
        try:
            jobs = ctx.runtime.jobs
            return [
                jobs.get_run(run.account_id, run.region, record.name, i).as_dict() for i in record.attempt_ids
            ]
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


def _crawl(ctx: RequestContext, run: WorkflowRun, record: ActionRun) -> dict[str, Any]:
    """A node's `Crawl` (State, StartedOn, CompletedOn, ...), from the crawler engine's ListCrawls record."""
    crawl = {"State": record.state, "StartedOn": record.started_on, "CompletedOn": record.completed_on}
    crawl["ErrorMessage"] = record.error_message
    try:
        histories = ctx.runtime.crawlers.list_crawls(run.account_id, run.region, record.name)
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
                "JobRuns": [r for record in attempts("job", name) for r in _job_runs(ctx, run, record)]
            },
            crawler_details=lambda name: {
                "Crawls": [_crawl(ctx, run, record) for record in attempts("crawler", name)]
            },
        )
    return to_wire(data)


@action("glue", "CreateTrigger")
def create_trigger(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Rejects a schedule AWS would reject; moto stores any string and its Predicate needs a Logical."""
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
    name = required(params, "Name")
    trigger = ctx.backend().triggers.get(name)
    if trigger is None or trigger.trigger_type != "ON_DEMAND":
        return ctx.forward()
    _engine(ctx).fire_trigger(ctx.account_id, ctx.region, name)
    return {"Name": name}


@action("glue", "StartWorkflowRun")
def start_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run = _engine(ctx).start_run(
        ctx.account_id, ctx.region, required(params, "Name"), params.get("RunProperties")
    )
    return {"RunId": run.run_id}


@action("glue", "GetWorkflowRun")
def get_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run = _engine(ctx).get_run(
        ctx.account_id, ctx.region, required(params, "Name"), required(params, "RunId")
    )
    return {"Run": run_as_dict(ctx, run, bool(params.get("IncludeGraph")))}


@action("glue", "GetWorkflowRuns")
def get_workflow_runs(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    runs = _engine(ctx).runs_of(ctx.account_id, ctx.region, required(params, "Name"))
    page, more = paginate(runs, params, WORKFLOW_RUNS_PAGING)
    return {"Runs": [run_as_dict(ctx, run, bool(params.get("IncludeGraph"))) for run in page], **more}


@action("glue", "GetWorkflowRunProperties")
def get_workflow_run_properties(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run = _engine(ctx).get_run(
        ctx.account_id, ctx.region, required(params, "Name"), required(params, "RunId")
    )
    return {"RunProperties": dict(run.properties)}


@action("glue", "PutWorkflowRunProperties")
def put_workflow_run_properties(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Adds the properties; one that exists already takes the new value, as AWS documents."""
    run = _engine(ctx).get_run(
        ctx.account_id, ctx.region, required(params, "Name"), required(params, "RunId")
    )
    properties = required(params, "RunProperties")
    run.properties.update(properties)
    return {}


@action("glue", "DeleteWorkflow")
def delete_workflow(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()
    _engine(ctx).runs.get(ctx.account_id, ctx.region).forget(required(params, "Name"))
    return answer


@action("glue", "StopWorkflowRun")
def stop_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _engine(ctx).stop_run(ctx.account_id, ctx.region, required(params, "Name"), required(params, "RunId"))
    return {}


@action("glue", "ResumeWorkflowRun")
def resume_workflow_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run, node_ids = _engine(ctx).resume_run(
        ctx.account_id,
        ctx.region,
        required(params, "Name"),
        required(params, "RunId"),
        required(params, "NodeIds"),
    )
    return {"RunId": run.run_id, "NodeIds": node_ids}


@action("localglue", "FireTrigger")
def fire_trigger(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    run_id = _engine(ctx).fire_trigger(ctx.account_id, ctx.region, required(params, "Name"))
    return {"RunId": run_id} if run_id else {}


@action("localglue", "AdvanceClock")
def advance_clock(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    seconds = params.get("Seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise invalid_input("Seconds must be a number >= 0")
    fired = _engine(ctx).advance_clock(ctx.account_id, seconds)
    return {"Now": ctx.runtime.ticker.clock.now(ctx.account_id).timestamp(), "FiredTriggers": fired}
