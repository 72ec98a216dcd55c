"""Query executions: their lifecycle QUEUED -> RUNNING -> SUCCEEDED / FAILED / CANCELLED, per account and region.

moto keeps the workgroups and named queries; localglue keeps the executions, which moto does not run.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

import duckdb
from moto.backends import get_backend

from ..gateway.errors import invalid_request
from ..gateway.iam import Caller
from . import access, results
from .engine import Execution, QueryContext
from .errors import QueryFailed, ScanLimitExceeded
from .results import QueryResult
from .transpile import parse, statement_kind

log = logging.getLogger("localglue.athena")

ENGINE_VERSION = {"SelectedEngineVersion": "AUTO", "EffectiveEngineVersion": "Athena engine version 3"}
NO_OUTPUT_LOCATION = (
    "No output location provided. An output location is required either through the Workgroup result "
    "configuration setting or as an API input."
)


@dataclass
class QueryExecution:
    query_id: str
    query: str
    workgroup: str
    database: str
    catalog: str
    output_location: str
    statement_type: str
    result_configuration: dict
    parameters: list[str] = field(default_factory=list)
    state: str = "QUEUED"
    reason: str | None = None
    athena_error: dict | None = None
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    completed: float | None = None
    result: QueryResult | None = None
    scanned_bytes: int = 0
    execution: Execution | None = None

    def __getstate__(self) -> dict:
        """What `--persist` keeps: the record, without its engine run or its values (read back from the
        result file)."""
        state = dict(self.__dict__, execution=None)
        if self.result is not None:
            state["result"] = QueryResult(
                self.result.columns, None, self.result.scanned_bytes, self.result.tabular
            )
        return state

    def as_dict(self) -> dict:
        status = {"State": self.state, "SubmissionDateTime": self.submitted}
        if self.reason:
            status["StateChangeReason"] = self.reason
        if self.completed is not None:
            status["CompletionDateTime"] = self.completed
        if self.athena_error:
            status["AthenaError"] = self.athena_error
        end = self.completed or time.time()
        queued_ms = int(((self.started or end) - self.submitted) * 1000)
        engine_ms = int((end - self.started) * 1000) if self.started else 0
        return {
            "QueryExecutionId": self.query_id,
            "Query": self.query,
            "StatementType": self.statement_type,
            "ResultConfiguration": {**self.result_configuration, "OutputLocation": self.output_location},
            "ResultReuseConfiguration": {"ResultReuseByAgeConfiguration": {"Enabled": False}},
            "QueryExecutionContext": {"Database": self.database, "Catalog": self.catalog},
            "Status": status,
            "Statistics": {
                "EngineExecutionTimeInMillis": engine_ms,
                "DataScannedInBytes": self.scanned_bytes,
                "TotalExecutionTimeInMillis": int((end - self.submitted) * 1000),
                "QueryQueueTimeInMillis": queued_ms,
                "ServicePreProcessingTimeInMillis": 0,
                "QueryPlanningTimeInMillis": 0,
                "ServiceProcessingTimeInMillis": 0,
                "ResultReuseInformation": {"ReusedPreviousResult": False},
            },
            "WorkGroup": self.workgroup,
            "EngineVersion": ENGINE_VERSION,
            **({"ExecutionParameters": self.parameters} if self.parameters else {}),
        }


class QueryStore:
    """The query executions of one account and region."""

    def __init__(self) -> None:
        self.executions: OrderedDict[str, QueryExecution] = OrderedDict()
        self.by_request_token: dict[str, str] = {}  # ClientRequestToken -> QueryExecutionId
        self.lock = threading.Lock()

    def get(self, query_id: str) -> QueryExecution:
        execution = self.executions.get(query_id)
        if execution is None:
            raise invalid_request(f"QueryExecution {query_id} was not found")
        return execution


def workgroup(account_id: str, region: str, name: str):
    found = get_backend("athena")[account_id][region].work_groups.get(name)
    if found is None:
        raise invalid_request(f"WorkGroup {name} is not found.")
    return found


def output_location_for(group, requested: dict) -> tuple[str, dict]:
    """The result location and configuration in force: an enforcing workgroup's own location overrides
    the request's; otherwise the request's, else the workgroup's."""
    configuration = group.configuration or {}
    own = dict(configuration.get("ResultConfiguration") or {})
    if configuration.get("EnforceWorkGroupConfiguration", True) and own.get("OutputLocation"):
        chosen = own
    elif requested.get("OutputLocation"):
        chosen = {**own, **requested}
    else:
        chosen = own
    location = chosen.get("OutputLocation")
    if not location:
        raise invalid_request(NO_OUTPUT_LOCATION)
    if not location.startswith("s3://"):
        raise invalid_request(f"outputLocation is not a valid S3 path: {location}")
    return location, {k: v for k, v in chosen.items() if k != "OutputLocation"}


def start(
    queries: QueryStore, account_id: str, region: str, params: dict, caller: Caller | None = None
) -> tuple[QueryExecution, bool]:
    """The new query's record, ready to `run`; or, for a retried request, the earlier one (and False)."""
    query = params.get("QueryString") or ""
    if not query.strip():
        raise invalid_request("QueryString must not be empty")
    token = params.get("ClientRequestToken")
    if token in queries.by_request_token:  # a retried request: the query already started
        earlier = queries.get(queries.by_request_token[token])
        if earlier.query != query:
            raise invalid_request("ClientRequestToken was already used for another query")
        return earlier, False
    group = workgroup(account_id, region, params.get("WorkGroup") or "primary")
    if getattr(group, "state", "ENABLED") != "ENABLED":
        raise invalid_request(f"WorkGroup {group.name} is disabled.")
    location, configuration = output_location_for(group, params.get("ResultConfiguration") or {})
    access.require_output_bucket(caller, location)
    context = params.get("QueryExecutionContext") or {}
    query_id = str(uuid.uuid4())
    try:
        kind = statement_kind(parse(query))
    except QueryFailed:
        kind = "DML"
    record = QueryExecution(
        query_id=query_id,
        query=query,
        workgroup=group.name,
        database=context.get("Database") or "default",
        catalog=context.get("Catalog") or "AwsDataCatalog",
        output_location=results.result_file(location, query_id, kind == "DML"),
        statement_type=kind,
        result_configuration=configuration,
        parameters=list(params.get("ExecutionParameters") or []),
    )
    ctx = QueryContext(
        account_id,
        region,
        record.database.lower(),
        query_id,
        location,
        scan_limit=(group.configuration or {}).get("BytesScannedCutoffPerQuery"),
        caller=caller,
    )
    record.execution = Execution(query, ctx, params.get("ExecutionParameters"))
    with queries.lock:
        queries.executions[query_id] = record
        if token:
            queries.by_request_token[token] = query_id
    return record, True


_transitions = threading.Lock()


def _advance(
    record: QueryExecution, state: str, reason: str | None = None, error: dict | None = None
) -> bool:
    """Move a query to `state` unless it already ended (a stop and the end of a run can race)."""
    with _transitions:
        if record.state not in ("QUEUED", "RUNNING"):
            return False
        record.state = state
        if state == "RUNNING":
            record.started = time.time()
            return True
        record.reason, record.athena_error, record.completed = reason, error, time.time()
        return True


def _finish(record: QueryExecution, state: str, error: QueryFailed | None = None) -> None:
    _advance(record, state, error.reason if error else None, error.athena_error() if error else None)


def run(queries: QueryStore, record: QueryExecution) -> None:
    execution = record.execution
    if not _advance(record, "RUNNING"):
        execution.finished.set()  # stopped while queued: never runs
        return
    try:
        result = execution.run()
        record.scanned_bytes = execution.scanned_bytes
        if execution.ctx.cancelled.is_set():
            return
        path = record.output_location
        if result.tabular != path.endswith(".csv"):  # a statement whose kind only the engine could tell
            path = results.result_file(path.rsplit("/", 1)[0], record.query_id, result.tabular)
            record.output_location = path
        access.require_result_write(execution.ctx.caller, [path, path + ".metadata"])
        results.write(execution.ctx.account_id, path, result)
        record.result = result
        _finish(record, "SUCCEEDED")
        _keep_recent_results(queries)
    except QueryFailed as failure:
        _finish(record, "FAILED", failure)
    except duckdb.InterruptException:
        _finish(record, "CANCELLED")
    except ScanLimitExceeded as limit:
        record.scanned_bytes = execution.scanned_bytes
        _advance(record, "CANCELLED", limit.reason)
    except Exception as err:  # a bug of ours still ends the query, FAILED with what happened
        log.exception("query %s failed", record.query_id)
        _finish(
            record,
            "FAILED",
            QueryFailed(
                "GENERIC_INTERNAL_ERROR",
                f"{type(err).__name__}: {err}",
            ),
        )


# Result values kept in memory for GetQueryResults; older ones are read back from their CSV file.
RESULTS_IN_MEMORY_BYTES = 256 * 1024 * 1024


def _keep_recent_results(queries: QueryStore) -> None:
    kept = 0
    with queries.lock:
        for record in reversed(queries.executions.values()):
            result = record.result
            if result is None or result.rows is None or not result.tabular:
                continue
            kept += result.rows.nbytes
            if kept > RESULTS_IN_MEMORY_BYTES:
                result.rows = None


def result_rows(account_id: str, record: QueryExecution):
    """A finished query's values: in memory when recent, else from the result file."""
    result = record.result
    if result.rows is None and result.tabular and result.columns:
        return results.read_back(account_id, record.output_location, result)
    return result.rows


def end_cut_short(record: QueryExecution) -> None:
    """A query restored from a snapshot that was running when the gateway stopped."""
    _advance(record, "CANCELLED", "localglue stopped before the query ended")


def stop(record: QueryExecution) -> None:
    if _advance(record, "CANCELLED", "Query cancelled by user"):
        record.execution.stop()
