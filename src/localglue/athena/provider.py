"""Athena actions answered by localglue: query executions run for real; workgroup and named-query calls
fill moto's gaps (UpdateWorkGroup, not-found errors) and the rest goes to moto."""

from __future__ import annotations

from moto.backends import get_backend

from ..gateway import action, iam
from ..gateway.errors import invalid_request
from ..gateway.paging import Paging, page_bounds, paginate
from . import models
from .results import column_info

RESULTS_PAGING = Paging(default_size=1000, max_size=1000, error=invalid_request)
EXECUTIONS_PAGING = Paging(default_size=50, max_size=50, error=invalid_request)


# Actions on a workgroup that default to "primary" when the request names none.
_PRIMARY_BY_DEFAULT = {"StartQueryExecution", "ListQueryExecutions", "CreateNamedQuery", "ListNamedQueries"}


def _workgroup_arn(ctx, params: dict) -> str | None:
    """The workgroup IAM checks: the query's own for GetQueryExecution, GetQueryResults, StopQuery...;
    the one the request names; "primary" for a query started without one."""
    query_id = params.get("QueryExecutionId")
    record = ctx.runtime.athena.of(ctx.account_id, ctx.region).executions.get(query_id) if query_id else None
    name = (
        record.workgroup
        if record
        else params.get("WorkGroup") or ("primary" if ctx.action in _PRIMARY_BY_DEFAULT else None)
    )
    return f"arn:aws:athena:{ctx.region}:{ctx.account_id}:workgroup/{name}" if name else None


iam.RESOURCE_RESOLVERS["athena"] = _workgroup_arn


@action("athena", "StartQueryExecution")
def start_query_execution(ctx, params: dict) -> dict:
    return {
        "QueryExecutionId": ctx.runtime.athena.start_query(
            ctx.account_id, ctx.region, params, iam.caller(ctx)
        )
    }


@action("athena", "GetQueryExecution")
def get_query_execution(ctx, params: dict) -> dict:
    record = ctx.runtime.athena.of(ctx.account_id, ctx.region).get(params.get("QueryExecutionId", ""))
    return {"QueryExecution": record.as_dict()}


@action("athena", "BatchGetQueryExecution")
def batch_get_query_execution(ctx, params: dict) -> dict:
    queries = ctx.runtime.athena.of(ctx.account_id, ctx.region)
    found, missing = [], []
    for query_id in params.get("QueryExecutionIds") or []:
        record = queries.executions.get(query_id)
        if record is None:
            missing.append(
                {
                    "QueryExecutionId": query_id,
                    "ErrorCode": "INVALID_INPUT",
                    "ErrorMessage": "Query not found",
                }
            )
        else:
            found.append(record.as_dict())
    return {"QueryExecutions": found, "UnprocessedQueryExecutionIds": missing}


@action("athena", "ListQueryExecutions")
def list_query_executions(ctx, params: dict) -> dict:
    group = models.workgroup(ctx.account_id, ctx.region, params.get("WorkGroup") or "primary")
    queries = ctx.runtime.athena.of(ctx.account_id, ctx.region)
    ids = [q.query_id for q in reversed(queries.executions.values()) if q.workgroup == group.name]
    page, more = paginate(ids, params, EXECUTIONS_PAGING)
    return {"QueryExecutionIds": page, **more}


@action("athena", "GetQueryRuntimeStatistics")
def get_query_runtime_statistics(ctx, params: dict) -> dict:
    record = ctx.runtime.athena.of(ctx.account_id, ctx.region).get(params.get("QueryExecutionId", ""))
    stats = record.as_dict()["Statistics"]
    runtime = {
        "Timeline": {
            "QueryQueueTimeInMillis": stats["QueryQueueTimeInMillis"],
            "ServicePreProcessingTimeInMillis": stats["ServicePreProcessingTimeInMillis"],
            "QueryPlanningTimeInMillis": stats["QueryPlanningTimeInMillis"],
            "EngineExecutionTimeInMillis": stats["EngineExecutionTimeInMillis"],
            "ServiceProcessingTimeInMillis": stats["ServiceProcessingTimeInMillis"],
            "TotalExecutionTimeInMillis": stats["TotalExecutionTimeInMillis"],
        }
    }
    result = record.result
    if result is not None and result.tabular and result.rows is not None:
        runtime["Rows"] = {
            "InputBytes": record.scanned_bytes,
            "OutputBytes": result.rows.nbytes,
            "OutputRows": result.rows.num_rows,
        }
    return {"QueryRuntimeStatistics": runtime}


@action("athena", "StopQueryExecution")
def stop_query_execution(ctx, params: dict) -> dict:
    models.stop(ctx.runtime.athena.of(ctx.account_id, ctx.region).get(params.get("QueryExecutionId", "")))
    return {}


@action("athena", "GetQueryResults")
def get_query_results(ctx, params: dict) -> dict:
    record = ctx.runtime.athena.of(ctx.account_id, ctx.region).get(params.get("QueryExecutionId", ""))
    if record.state in ("QUEUED", "RUNNING"):
        raise invalid_request(f"Query has not yet finished. Current state: {record.state}")
    if record.state != "SUCCEEDED" or record.result is None:
        raise invalid_request(f"Query did not finish successfully. Final query state: {record.state}")
    result = record.result
    rows = models.result_rows(ctx.account_id, record)
    start, end, token = page_bounds(result.row_count(rows), params, RESULTS_PAGING)
    page = result.page(rows, start, end)
    return {
        "ResultSet": {
            "Rows": [{"Data": [{} if v is None else {"VarCharValue": v} for v in row]} for row in page],
            "ResultSetMetadata": {"ColumnInfo": column_info(result)},
        },
        "UpdateCount": 0,
        **token,
    }


# --- workgroups: moto stores them; it cannot update them and answers null for a missing one ---------


def _workgroup(ctx, name: str | None):
    return models.workgroup(ctx.account_id, ctx.region, name or "primary")


@action("athena", "GetWorkGroup")
def get_work_group(ctx, params: dict) -> dict:
    _workgroup(ctx, params.get("WorkGroup"))
    return ctx.forward()


@action("athena", "DeleteWorkGroup")
def delete_work_group(ctx, params: dict) -> dict:
    group = _workgroup(ctx, params.get("WorkGroup"))
    if group.name == "primary":
        raise invalid_request("Cannot delete the primary workgroup")
    return ctx.forward()


_RESULT_UPDATES = {
    "OutputLocation": "RemoveOutputLocation",
    "EncryptionConfiguration": "RemoveEncryptionConfiguration",
    "ExpectedBucketOwner": "RemoveExpectedBucketOwner",
    "AclConfiguration": "RemoveAclConfiguration",
}


@action("athena", "UpdateWorkGroup")
def update_work_group(ctx, params: dict) -> dict:
    group = _workgroup(ctx, params.get("WorkGroup"))
    if "Description" in params:
        group.description = params["Description"]
    if params.get("State") in ("ENABLED", "DISABLED"):
        group.state = params["State"]
    updates = dict(params.get("ConfigurationUpdates") or {})
    configuration = group.configuration
    result_updates = updates.pop("ResultConfigurationUpdates", None) or {}
    result_configuration = dict(configuration.get("ResultConfiguration") or {})
    for name, remove in _RESULT_UPDATES.items():
        if result_updates.get(remove):
            result_configuration.pop(name, None)
        elif name in result_updates:
            result_configuration[name] = result_updates[name]
    configuration["ResultConfiguration"] = result_configuration
    if updates.pop("RemoveBytesScannedCutoffPerQuery", False):
        configuration.pop("BytesScannedCutoffPerQuery", None)
    if updates.pop("RemoveCustomerContentEncryptionConfiguration", False):
        configuration.pop("CustomerContentEncryptionConfiguration", None)
    engine = updates.pop("EngineVersion", None)
    if engine:
        configuration["EngineVersion"] = {**models.ENGINE_VERSION, **engine}
    configuration.update(updates)
    return {}


# --- named queries: moto answers 500 for an unknown id and has no delete or batch get -----------------


def _named_queries(ctx) -> dict:
    return get_backend("athena")[ctx.account_id][ctx.region].named_queries


def _named_query_dict(query) -> dict:
    return {
        "Name": query.name,
        "Description": query.description,
        "Database": query.database,
        "QueryString": query.query_string,
        "NamedQueryId": query.id,
        "WorkGroup": query.workgroup.name,
    }


@action("athena", "GetNamedQuery")
def get_named_query(ctx, params: dict) -> dict:
    query = _named_queries(ctx).get(params.get("NamedQueryId", ""))
    if query is None:
        raise invalid_request(f"NamedQuery {params.get('NamedQueryId')} was not found")
    return {"NamedQuery": _named_query_dict(query)}


@action("athena", "BatchGetNamedQuery")
def batch_get_named_query(ctx, params: dict) -> dict:
    stored = _named_queries(ctx)
    found, missing = [], []
    for query_id in params.get("NamedQueryIds") or []:
        if query_id in stored:
            found.append(_named_query_dict(stored[query_id]))
        else:
            missing.append(
                {"NamedQueryId": query_id, "ErrorCode": "INVALID_INPUT", "ErrorMessage": "Query not found"}
            )
    return {"NamedQueries": found, "UnprocessedNamedQueryIds": missing}


@action("athena", "DeleteNamedQuery")
def delete_named_query(ctx, params: dict) -> dict:
    if _named_queries(ctx).pop(params.get("NamedQueryId", ""), None) is None:
        raise invalid_request(f"NamedQuery {params.get('NamedQueryId')} was not found")
    return {}
