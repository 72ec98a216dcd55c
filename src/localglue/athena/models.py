"""Query executions: their lifecycle QUEUED -> RUNNING -> SUCCEEDED / FAILED / CANCELLED, per account and region.

moto keeps the workgroups, named queries and prepared statements; localglue keeps the executions, which
moto does not run. A query is SUCCEEDED only once its result files are written and its values are in
place, so GetQueryResults never sees part of a result.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from moto.backends import get_backend

from ..gateway.errors import invalid_request
from ..gateway.iam import Caller
from . import access, results
from .errors import QueryFailed
from .results import QueryResult
from .routing import Route, route

ENGINE_VERSION = {"SelectedEngineVersion": "AUTO", "EffectiveEngineVersion": "Athena engine version 3"}
NO_OUTPUT_LOCATION = (
    "No output location provided. An output location is required either through the Workgroup result "
    "configuration setting or as an API input."
)
ACTIVE = ("QUEUED", "RUNNING")
# Result values kept in memory for GetQueryResults; older ones are read back from their CSV file.
RESULTS_IN_MEMORY_BYTES = 256 * 1024 * 1024


@dataclass
class QueryExecution:
    query_id: str
    query: str
    workgroup: str
    database: str
    catalog: str
    output_root: str  # the result location in force (the workgroup's or the request's)
    output_location: str  # this query's result file
    route: Route
    result_configuration: dict
    account_id: str
    region: str
    parameters: list[str] = field(default_factory=list)
    caller: Caller | None = None
    scan_limit: int | None = None
    state: str = "QUEUED"
    reason: str | None = None
    athena_error: dict | None = None
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    completed: float | None = None
    result: QueryResult | None = None
    scanned_bytes: int = 0
    planning_ms: int = 0
    manifest: str | None = None  # DataManifestLocation of CTAS, INSERT and UNLOAD
    cancel: Any = None  # what stops the query while it runs (the engine's handle)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __getstate__(self) -> dict:
        """What `--persist` keeps: the record, without its engine handle or its values (read back from the
        result file)."""
        state = dict(self.__dict__, cancel=None)
        if self.result is not None:
            state["result"] = QueryResult(
                self.result.columns,
                None,
                self.result.tabular,
                self.result.row_count,
                [],
                self.result.update_count,
            )
        return state

    def as_dict(self) -> dict:
        status: dict[str, Any] = {"State": self.state, "SubmissionDateTime": self.submitted}
        if self.reason:
            status["StateChangeReason"] = self.reason
        if self.completed is not None:
            status["CompletionDateTime"] = self.completed
        if self.athena_error:
            status["AthenaError"] = self.athena_error
        end = self.completed or time.time()
        queued_ms = int(((self.started or end) - self.submitted) * 1000)
        engine_ms = int((end - self.started) * 1000) if self.started else 0
        statistics: dict[str, Any] = {
            "EngineExecutionTimeInMillis": engine_ms,
            "DataScannedInBytes": self.scanned_bytes,
            "TotalExecutionTimeInMillis": int((end - self.submitted) * 1000),
            "QueryQueueTimeInMillis": queued_ms,
            "ServicePreProcessingTimeInMillis": 0,
            "QueryPlanningTimeInMillis": self.planning_ms,
            "ServiceProcessingTimeInMillis": 0,
            "ResultReuseInformation": {"ReusedPreviousResult": False},
        }
        if self.manifest and self.state == "SUCCEEDED":
            statistics["DataManifestLocation"] = self.manifest
        return {
            "QueryExecutionId": self.query_id,
            "Query": self.query,
            "StatementType": self.route.statement_type,
            "SubstatementType": self.route.substatement_type,
            "ResultConfiguration": {**self.result_configuration, "OutputLocation": self.output_location},
            "ResultReuseConfiguration": {"ResultReuseByAgeConfiguration": {"Enabled": False}},
            "QueryExecutionContext": {"Database": self.database, "Catalog": self.catalog},
            "Status": status,
            "Statistics": statistics,
            "WorkGroup": self.workgroup,
            "EngineVersion": ENGINE_VERSION,
            **({"ExecutionParameters": self.parameters} if self.parameters else {}),
        }

    # --- transitions ----------------------------------------------------------------------------------

    def advance(self, state: str, reason: str | None = None, error: dict | None = None) -> bool:
        """Move to `state` unless the query already ended (a stop and the end of a run can race)."""
        with self.lock:
            if self.state not in ACTIVE:
                return False
            self.state = state
            if state == "RUNNING":
                self.started = time.time()
                return True
            self.reason, self.athena_error, self.completed = reason, error, time.time()
            return True

    def fail(self, failure: QueryFailed) -> None:
        self.advance("FAILED", failure.reason, failure.athena_error())

    def succeed(self, result: QueryResult) -> bool:
        """SUCCEEDED with `result` in place, in one step: no reader sees the state before the values."""
        with self.lock:
            if self.state not in ACTIVE:
                return False
            self.result = result
            self.state, self.completed = "SUCCEEDED", time.time()
            return True


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

    def keep_recent_results(self) -> None:
        """Drop the values of older results past the in-memory budget; their files still hold them."""
        kept = 0
        with self.lock:
            for record in reversed(self.executions.values()):
                result = record.result
                if result is None or result.rows is None or not result.tabular:
                    continue
                kept += result.size()
                if kept > RESULTS_IN_MEMORY_BYTES:
                    result.rows = None

    def end_cut_short(self) -> None:
        """Queries restored from a snapshot that were running when the gateway stopped."""
        with self.lock:
            for record in self.executions.values():
                record.advance("CANCELLED", "localglue stopped before the query ended")


def workgroup(account_id: str, region: str, name: str) -> Any:
    found = get_backend("athena")[account_id][region].work_groups.get(name)
    if found is None:
        raise invalid_request(f"WorkGroup {name} is not found.")
    return found


def output_location_for(group: Any, requested: dict) -> tuple[str, dict]:
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


def _database(context: dict) -> str:
    """The query's database: Athena takes it quoted with backticks or double quotes too."""
    return (context.get("Database") or "default").strip().strip('`"').lower()


def new_execution(
    queries: QueryStore, account_id: str, region: str, params: dict, caller: Caller | None = None
) -> tuple[QueryExecution, bool]:
    """The new query's record, ready to run; or, for a retried request, the earlier one (and False)."""
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
    catalog_name = context.get("Catalog") or "AwsDataCatalog"
    if catalog_name.lower() != "awsdatacatalog":
        raise invalid_request(f"Catalog {catalog_name} does not exist; localglue serves AwsDataCatalog")
    query_id = str(uuid.uuid4())
    routed = route(query)
    record = QueryExecution(
        query_id=query_id,
        query=query,
        workgroup=group.name,
        database=_database(context),
        catalog=catalog_name,
        output_root=location,
        output_location=results.result_file(location, query_id, routed.statement_type == "DML"),
        route=routed,
        result_configuration=configuration,
        account_id=account_id,
        region=region,
        parameters=list(params.get("ExecutionParameters") or []),
        caller=caller,
        scan_limit=(group.configuration or {}).get("BytesScannedCutoffPerQuery"),
    )
    with queries.lock:
        queries.executions[query_id] = record
        if token:
            queries.by_request_token[token] = query_id
    return record, True


def result_rows(record: QueryExecution) -> list[list[str | None]]:
    """A finished query's values: in memory when recent, else from the result file."""
    result = record.result
    assert result is not None
    if result.rows is None:
        return results.read_back(record.account_id, record.output_location, result)
    return result.rows
