"""The Glue Data Quality API, answered by localglue (moto has none of it).

Rulesets (Create/Get/Update/Delete/ListDataQualityRulesets), ruleset evaluation runs
(Start/Get/List/CancelDataQualityRulesetEvaluationRun) and results (Get/List/BatchGetDataQualityResult),
with Glue's errors: EntityNotFoundException, AlreadyExistsException, InvalidInputException. A ruleset's
DQDL is parsed when it is created or updated, and refused with the parser's `Parsing Error: ...`.

Also the localglue-only `LocalGlue.PublishDataQuality`, by which a job run's EvaluateDataQuality
publishes its result (`localglue.dataquality.publishing`).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from ..gateway import AwsError, action, iam
from ..gateway.context import RequestContext
from ..gateway.errors import entity_not_found, invalid_input, required
from ..gateway.paging import Paging, paginate
from .. import wire
from . import dqdl, models
from .publishing import ACTION as PUBLISH_ACTION

LIST_PAGING = Paging(default_size=100, max_size=1000, error=invalid_input)
MAX_BATCH = 100


def _store(ctx: RequestContext) -> models.DataQualityStore:
    return ctx.runtime.dataquality.of(ctx.account_id, ctx.region)


def _name(params: dict[str, Any], member: str = "Name") -> str:
    name = required(params, member)
    if not isinstance(name, str) or len(name) > 255:
        raise invalid_input(f"{member} must be a string of 1 to 255 characters")
    return name


def _rule_count(text: Any) -> int:
    if not isinstance(text, str) or not 1 <= len(text) <= 65536:
        raise invalid_input("Ruleset must be a DQDL document of 1 to 65536 characters")
    try:
        return len(dqdl.parse(text).rules)
    except dqdl.InvalidRuleset as err:
        raise invalid_input(str(err)) from None


def _target_table(params: dict[str, Any]) -> dict[str, str] | None:
    target = params.get("TargetTable")
    if target is None:
        return None
    if not isinstance(target, dict) or not target.get("DatabaseName") or not target.get("TableName"):
        raise invalid_input("TargetTable needs a DatabaseName and a TableName")
    return {key: target[key] for key in ("DatabaseName", "TableName", "CatalogId") if target.get(key)}


def _ruleset(ctx: RequestContext, name: str) -> models.Ruleset:
    ruleset = _store(ctx).rulesets.get(name)
    if ruleset is None:
        raise entity_not_found(f"Data Quality Ruleset {name} not found.")
    return ruleset


def _moment(value: Any, member: str) -> float:
    """A timestamp member as epoch seconds (boto3 sends numbers; other clients may send ISO 8601)."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return wire.epoch(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        raise invalid_input(f"{member} is not a timestamp: {value}") from None


def _tags(params: dict[str, Any]) -> dict[str, str]:
    tags = params.get("Tags") or {}
    if not isinstance(tags, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
    ):
        raise invalid_input("Tags must map strings to strings")
    return tags


# --- rulesets ---


@action("glue", "CreateDataQualityRuleset")
def create_ruleset(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _name(params)
    text = required(params, "Ruleset")
    ruleset = models.Ruleset(
        name=name,
        ruleset=text,
        rule_count=_rule_count(text),
        description=params.get("Description"),
        target_table=_target_table(params),
        security_configuration=params.get("DataQualitySecurityConfiguration"),
    )
    tags = _tags(params)
    store = _store(ctx)
    with store.lock:
        if name in store.rulesets:
            raise AwsError("AlreadyExistsException", f"Data Quality Ruleset {name} already exists.")
        store.rulesets[name] = ruleset
    if tags:
        ctx.backend().tag_resource(models.ruleset_arn(ctx.account_id, ctx.region, name), tags)
    return {"Name": name}


@action("glue", "GetDataQualityRuleset")
def get_ruleset(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _ruleset(ctx, _name(params)).as_dict()


@action("glue", "UpdateDataQualityRuleset")
def update_ruleset(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _name(params)
    rule_count = _rule_count(params["Ruleset"]) if "Ruleset" in params else None
    store = _store(ctx)
    with store.lock:
        ruleset = _ruleset(ctx, name)
        if rule_count is not None:
            ruleset.ruleset, ruleset.rule_count = params["Ruleset"], rule_count
        if "Description" in params:
            ruleset.description = params["Description"]
        ruleset.last_modified_on = time.time()
    answer = {"Name": name, "Ruleset": ruleset.ruleset}
    if ruleset.description is not None:
        answer["Description"] = ruleset.description
    return answer


@action("glue", "DeleteDataQualityRuleset")
def delete_ruleset(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = _name(params)
    store = _store(ctx)
    with store.lock:
        _ruleset(ctx, name)
        del store.rulesets[name]
    ctx.backend().tagger.delete_all_tags_for_resource(models.ruleset_arn(ctx.account_id, ctx.region, name))
    return {}


def _ruleset_matches(ruleset: models.Ruleset, criteria: dict[str, Any]) -> bool:
    if "Name" in criteria and ruleset.name != criteria["Name"]:
        return False
    if "Description" in criteria and ruleset.description != criteria["Description"]:
        return False
    if "TargetTable" in criteria:
        wanted = {
            k: v
            for k, v in criteria["TargetTable"].items()
            if k in ("DatabaseName", "TableName", "CatalogId")
        }
        if not ruleset.target_table or any(ruleset.target_table.get(k) != v for k, v in wanted.items()):
            return False
    bounds = (
        ("CreatedBefore", ruleset.created_on, False),
        ("CreatedAfter", ruleset.created_on, True),
        ("LastModifiedBefore", ruleset.last_modified_on, False),
        ("LastModifiedAfter", ruleset.last_modified_on, True),
    )
    for member, moment, after in bounds:
        if member in criteria:
            limit = _moment(criteria[member], f"Filter.{member}")
            if (moment <= limit) if after else (moment >= limit):
                return False
    return True


@action("glue", "ListDataQualityRulesets")
def list_rulesets(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    criteria = params.get("Filter") or {}
    wanted_tags = _tags(params)
    backend = ctx.backend()
    store = _store(ctx)
    with store.lock:
        rulesets = sorted(store.rulesets.values(), key=lambda r: r.name)
    found = []
    for ruleset in rulesets:
        tags = backend.get_tags(models.ruleset_arn(ctx.account_id, ctx.region, ruleset.name))
        if _ruleset_matches(ruleset, criteria) and all(tags.get(k) == v for k, v in wanted_tags.items()):
            found.append(ruleset.listed())
    listed, token = paginate(found, params, LIST_PAGING)
    return {"Rulesets": listed, **token}


# --- evaluation runs ---


@action("glue", "StartDataQualityRulesetEvaluationRun")
def start_evaluation_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    names = params.get("RulesetNames")
    if not isinstance(names, list) or not 1 <= len(names) <= 10:
        raise invalid_input("RulesetNames must list 1 to 10 rulesets")
    for name in names:
        _ruleset(ctx, name)
    return {"RunId": ctx.runtime.dataquality.start_evaluation_run(ctx.account_id, ctx.region, params)}


def _run(ctx: RequestContext, params: dict[str, Any]) -> models.EvaluationRun:
    run_id = required(params, "RunId")
    run = _store(ctx).runs.get(run_id)
    if run is None:
        raise entity_not_found(f"Data Quality Ruleset Evaluation Run {run_id} not found.")
    return run


@action("glue", "GetDataQualityRulesetEvaluationRun")
def get_evaluation_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, params).as_dict()


@action("glue", "CancelDataQualityRulesetEvaluationRun")
def cancel_evaluation_run(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    ctx.runtime.dataquality.cancel_evaluation_run(_run(ctx, params))
    return {}


def _same_table(source: dict[str, Any] | None, wanted: dict[str, Any]) -> bool:
    """Whether a result's or run's DataSource is the filter's (same database, table and catalog)."""
    if not source:
        return False
    mine = source.get("GlueTable") or source.get("DataQualityGlueTable") or {}
    theirs = wanted.get("GlueTable") or wanted.get("DataQualityGlueTable") or {}
    return all(mine.get(key) == theirs.get(key) for key in ("DatabaseName", "TableName", "CatalogId"))


@action("glue", "ListDataQualityRulesetEvaluationRuns")
def list_evaluation_runs(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    criteria = params.get("Filter") or {}
    store = _store(ctx)
    with store.lock:
        runs = list(reversed(store.runs.values()))
    if criteria:
        if not criteria.get("DataSource"):
            raise invalid_input("Filter.DataSource should not be null or empty")
        runs = [run for run in runs if _same_table(run.data_source, criteria["DataSource"])]
    if "RulesetName" in criteria:
        runs = [run for run in runs if criteria["RulesetName"] in run.request["RulesetNames"]]
    if "StartedAfter" in criteria:
        runs = [
            r for r in runs if r.job_run.started_on > _moment(criteria["StartedAfter"], "Filter.StartedAfter")
        ]
    if "StartedBefore" in criteria:
        runs = [
            r
            for r in runs
            if r.job_run.started_on < _moment(criteria["StartedBefore"], "Filter.StartedBefore")
        ]
    listed, token = paginate([run.listed() for run in runs], params, LIST_PAGING)
    return {"Runs": listed, **token}


# --- results ---


@action("localglue", PUBLISH_ACTION)
def publish_result(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    required(params, "EvaluationContext")
    if not isinstance(params.get("RuleResults"), list):
        raise invalid_input("RuleResults should not be null")
    result = {key: value for key, value in params.items() if value is not None}
    return {"ResultId": _store(ctx).add_result(result)}


def _published_ruleset_arn(ctx: RequestContext, params: dict[str, Any]) -> str | None:
    """PublishDataQuality is authorized on the ruleset the result evaluates, the resource AWS's policies
    grant it on (`arn:aws:glue:<region>:<account>:dataQualityRuleset/...`): the result's RulesetName, else
    its evaluation context (a job names its context after the ruleset it evaluates)."""
    if ctx.action != PUBLISH_ACTION:
        return None
    name = params.get("RulesetName") or params.get("EvaluationContext")
    return f"arn:aws:glue:{ctx.region}:{ctx.account_id}:dataQualityRuleset/{name}" if name else None


iam.RESOURCE_RESOLVERS["localglue"] = _published_ruleset_arn


def _result(ctx: RequestContext, result_id: str) -> dict[str, Any] | None:
    return _store(ctx).results.get(result_id)


@action("glue", "GetDataQualityResult")
def get_result(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    result_id = required(params, "ResultId")
    result = _result(ctx, result_id)
    if result is None:
        raise entity_not_found(f"Data Quality Result {result_id} not found.")
    return result


@action("glue", "BatchGetDataQualityResult")
def batch_get_results(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    result_ids = params.get("ResultIds")
    if not isinstance(result_ids, list) or not 1 <= len(result_ids) <= MAX_BATCH:
        raise invalid_input(f"ResultIds must list 1 to {MAX_BATCH} result ids")
    found = [result for result_id in result_ids if (result := _result(ctx, result_id)) is not None]
    missing = [result_id for result_id in result_ids if _result(ctx, result_id) is None]
    return {"Results": found, **({"ResultsNotFound": missing} if missing else {})}


def _result_matches(result: dict[str, Any], criteria: dict[str, Any]) -> bool:
    if "DataSource" in criteria and not _same_table(result.get("DataSource"), criteria["DataSource"]):
        return False
    for member in ("JobName", "JobRunId"):
        if member in criteria and result.get(member) != criteria[member]:
            return False
    started = result.get("StartedOn", 0.0)
    if "StartedAfter" in criteria and not started > _moment(criteria["StartedAfter"], "Filter.StartedAfter"):
        return False
    return not (
        "StartedBefore" in criteria
        and not started < _moment(criteria["StartedBefore"], "Filter.StartedBefore")
    )


@action("glue", "ListDataQualityResults")
def list_results(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    criteria = params.get("Filter") or {}
    store = _store(ctx)
    with store.lock:
        results = list(reversed(store.results.values()))
    described = [
        {
            key: result[key]
            for key in ("ResultId", "DataSource", "JobName", "JobRunId", "StartedOn")
            if key in result
        }
        for result in results
        if _result_matches(result, criteria)
    ]
    listed, token = paginate(described, params, LIST_PAGING)
    return {"Results": listed, **token}
