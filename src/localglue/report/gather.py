"""A workflow run's report, read from a running gateway through the AWS APIs (any project's workflow)."""

from __future__ import annotations

import bisect
import json
import re
from datetime import UTC, datetime
from typing import Any

from ..athena.commands import QueryFailed, run_query
from ..console import CommandError
from ..costs.estimate import RunCost, run_cost
from ..jobs.log_reader import STREAMS, read_events
from .model import CrawlView, Histogram, JobRunView, Node, QueryView, Report, TablePreview

LOG_TAIL_LINES = 20
PREVIEW_ROWS = 10
HISTOGRAM_BINS = 20
HISTOGRAM_VALUES = 200_000
LONG_TAIL = 50
NUMERIC_TYPES = re.compile(r"^(double|float|real|int|integer|bigint|smallint|tinyint|decimal.*)$")
_SUMMARY_LINE = re.compile(r"run summary (\{.*\})")


def find_run(glue, run_id: str | None, workflow: str | None) -> dict[str, Any]:
    """The workflow run with its graph: `run_id` of `workflow` (looked up among the workflows when not
    given), or the newest run of any workflow."""
    names = [workflow] if workflow else glue.list_workflows().get("Workflows", [])
    if run_id:
        for name in names:
            try:
                return glue.get_workflow_run(Name=name, RunId=run_id, IncludeGraph=True)["Run"]
            except glue.exceptions.EntityNotFoundException:
                continue
        raise CommandError(
            f"no workflow run {run_id}" + (f" of {workflow}" if workflow else " in any workflow")
        )
    latest = [
        run for name in names for run in glue.get_workflow_runs(Name=name, MaxResults=1).get("Runs", [])
    ]
    if not latest:
        raise CommandError("no workflow run yet: start one with `localglue run WORKFLOW --wait`")
    newest = max(latest, key=lambda run: run["StartedOn"])
    return glue.get_workflow_run(Name=newest["Name"], RunId=newest["WorkflowRunId"], IncludeGraph=True)["Run"]


def _seconds(item: dict[str, Any]) -> float | None:
    started, ended = item.get("StartedOn"), item.get("CompletedOn")
    if isinstance(started, datetime) and isinstance(ended, datetime):
        return (ended - started).total_seconds()
    return None


def _node(node: dict[str, Any]) -> Node:
    if node["Type"] == "TRIGGER":
        trigger_type = node.get("TriggerDetails", {}).get("Trigger", {}).get("Type", "")
        return Node(node["UniqueId"], "TRIGGER", node["Name"], trigger_type)
    runs = node.get("JobDetails", {}).get("JobRuns") or node.get("CrawlerDetails", {}).get("Crawls") or []
    if not runs:
        return Node(node["UniqueId"], node["Type"], node["Name"], "NOT RUN")
    last = runs[-1]
    state = last.get("JobRunState") or last.get("State", "?")
    return Node(
        node["UniqueId"], node["Type"], node["Name"], state, _seconds(last), last.get("ErrorMessage", "")
    )


def job_counts(messages: list[str]) -> dict[str, float]:
    """The numbers of a `run summary {...}` line, the convention by which a job reports what it did."""
    for message in messages:
        match = _SUMMARY_LINE.search(message)
        if match:
            try:
                summary = json.loads(match.group(1))
            except ValueError:
                continue
            return {
                k: v for k, v in summary.items() if isinstance(v, int | float) and not isinstance(v, bool)
            }
    return {}


def _job_run(logs, job_name: str, attempt: dict[str, Any]) -> JobRunView:
    streams = {
        name: [event["message"] for event in read_events(logs, group, attempt["Id"])[0]]
        for name, group in STREAMS.items()
    }
    return JobRunView(
        job_name=job_name,
        run_id=attempt["Id"],
        state=attempt.get("JobRunState", "?"),
        seconds=_seconds(attempt),
        error=attempt.get("ErrorMessage", ""),
        stdout_tail=streams["stdout"][-LOG_TAIL_LINES:],
        stderr_tail=streams["stderr"][-LOG_TAIL_LINES:],
        counts=job_counts(streams["stderr"] + streams["stdout"]),
    )


def _within(moment: Any, started: datetime, ended: datetime) -> bool:
    return isinstance(moment, datetime) and started <= moment <= ended


def _crawl(glue, crawler_name: str, crawl: dict[str, Any], started: datetime, ended: datetime) -> CrawlView:
    crawler = glue.get_crawler(Name=crawler_name)["Crawler"]
    summary = ""
    for item in glue.list_crawls(CrawlerName=crawler_name).get("Crawls", []):
        if _within(item.get("StartTime"), started, ended):
            summary = item.get("Summary", "")
    targets = [target["Path"].rstrip("/") + "/" for target in crawler.get("Targets", {}).get("S3Targets", [])]
    tables = []
    database = crawler.get("DatabaseName")
    if database:
        for page in glue.get_paginator("get_tables").paginate(DatabaseName=database):
            for table in page["TableList"]:
                location = table.get("StorageDescriptor", {}).get("Location", "").rstrip("/") + "/"
                if not any(location.startswith(target) or target.startswith(location) for target in targets):
                    continue
                if _within(table.get("CreateTime"), started, ended):
                    change = "created"
                elif _within(table.get("UpdateTime"), started, ended):
                    change = "updated"
                else:
                    change = "unchanged"
                tables.append((f"{database}.{table['Name']}", change))
    return CrawlView(crawler_name, crawl.get("State", "?"), summary or crawl.get("ErrorMessage", ""), tables)


def _queries(athena, started: datetime, ended: datetime) -> tuple[list[QueryView], str | None]:
    """The Athena queries submitted during the run, and the workgroup they used (for the previews)."""
    found, workgroups = [], []
    for group in athena.list_work_groups().get("WorkGroups", []):
        ids = [
            qid
            for page in athena.get_paginator("list_query_executions").paginate(WorkGroup=group["Name"])
            for qid in page["QueryExecutionIds"]
        ]
        for start in range(0, len(ids), 50):
            answer = athena.batch_get_query_execution(QueryExecutionIds=ids[start : start + 50])
            for execution in answer["QueryExecutions"]:
                submitted = execution["Status"].get("SubmissionDateTime")
                if not _within(submitted, started, ended):
                    continue
                workgroups.append(execution.get("WorkGroup", group["Name"]))
                statistics = execution.get("Statistics", {})
                found.append(
                    QueryView(
                        execution["QueryExecutionId"],
                        execution["Query"],
                        execution["Status"]["State"],
                        statistics.get("DataScannedInBytes", 0),
                        statistics.get("TotalExecutionTimeInMillis", 0),
                        submitted,
                    )
                )
    found.sort(key=lambda query: query.submitted or started)
    return found, (workgroups[-1] if workgroups else None)


def _workgroup_with_results(athena) -> str:
    """When the run queried nothing: the one workgroup that has a results location (a query in a
    workgroup without one is refused), else Athena's default."""
    configured = [
        group["Name"]
        for group in athena.list_work_groups().get("WorkGroups", [])
        if athena.get_work_group(WorkGroup=group["Name"])["WorkGroup"]
        .get("Configuration", {})
        .get("ResultConfiguration", {})
        .get("OutputLocation")
    ]
    return configured[0] if len(configured) == 1 else "primary"


def histogram(column: str, values: list[float], bins: int = HISTOGRAM_BINS) -> Histogram:
    """Bins from the smallest value to the 99th percentile; values above it are counted apart, so that a
    few outliers do not squeeze every other value into the first bin. Bins are of equal width, or, for
    positive values whose 99th percentile is over LONG_TAIL times their median (times between events),
    of equal ratio: the first bin also takes any value under its edge (zeros)."""
    if not values:
        return Histogram(column, [0.0, 0.0], [0], 0, 0)
    ordered = sorted(values)
    low, high = ordered[0], ordered[int(0.99 * (len(ordered) - 1))]
    above = sum(1 for value in ordered if value > high)
    if high <= low:
        return Histogram(column, [low, low], [len(ordered) - above], above, len(ordered))
    median = ordered[len(ordered) // 2]
    positive = [value for value in ordered if value > 0]
    logarithmic = low >= 0 and median > 0 and high > LONG_TAIL * median
    if logarithmic:
        start = positive[int(0.01 * (len(positive) - 1))]
        ratio = (high / start) ** (1 / bins)
        edges = [start * ratio**index for index in range(bins)] + [high]
    else:
        width = (high - low) / bins
        edges = [low + width * index for index in range(bins)] + [high]
    counts = [0] * bins
    for value in ordered:
        if value <= high:
            counts[max(0, min(bisect.bisect_right(edges, value) - 1, bins - 1))] += 1
    return Histogram(column, edges, counts, above, len(ordered), logarithmic)


def _preview(
    glue, athena, database: str, table: str, run_ids: set[str], workgroup: str
) -> TablePreview | None:
    described = glue.get_table(DatabaseName=database, Name=table)["Table"]
    where = ""
    keys = [key["Name"] for key in described.get("PartitionKeys", [])]
    if keys:
        for page in glue.get_paginator("get_partitions").paginate(DatabaseName=database, TableName=table):
            for partition in page["Partitions"]:
                for key, value in zip(keys, partition["Values"], strict=False):
                    if value in run_ids:  # the partition this run's job wrote
                        where = f"{key} = '{value}'"
    condition = f" WHERE {where}" if where else ""
    try:
        columns, rows, _ = run_query(
            athena,
            f'SELECT * FROM "{table}"{condition} LIMIT {PREVIEW_ROWS}',
            database=database,
            workgroup=workgroup,
        )
        _, counted, _ = run_query(
            athena, f'SELECT count(*) FROM "{table}"{condition}', database=database, workgroup=workgroup
        )
        histograms = []
        for column in described.get("StorageDescriptor", {}).get("Columns", []):
            if NUMERIC_TYPES.match(column["Type"].lower()):
                filters = " AND ".join(part for part in (where, f'"{column["Name"]}" IS NOT NULL') if part)
                _, values, _ = run_query(
                    athena,
                    f'SELECT "{column["Name"]}" FROM "{table}" WHERE {filters} LIMIT {HISTOGRAM_VALUES}',
                    database=database,
                    workgroup=workgroup,
                )
                histograms.append(
                    histogram(column["Name"], [float(value) for value, *_ in values if value is not None])
                )
    except QueryFailed as err:
        return TablePreview(database, table, where, ["error"], [[str(err)]], 0)
    return TablePreview(database, table, where, columns, rows, int(counted[0][0] or 0), histograms)


def gather(
    glue,
    logs,
    athena,
    run: dict[str, Any],
    endpoint_url: str,
    workgroup: str | None = None,
    cost: RunCost | None = None,
) -> Report:
    """The run's report; its cost on AWS is `cost` when the caller measured it (S3 requests included),
    else that of the run's job runs, crawls and Athena queries."""
    graph = run.get("Graph", {"Nodes": [], "Edges": []})
    started = run.get("StartedOn") or datetime.now(UTC)
    ended = run.get("CompletedOn") or datetime.now(UTC)
    job_runs, crawls = [], []
    for node in graph["Nodes"]:
        for attempt in node.get("JobDetails", {}).get("JobRuns") or []:
            job_runs.append(_job_run(logs, node["Name"], attempt))
        for crawl in node.get("CrawlerDetails", {}).get("Crawls") or []:
            crawls.append(_crawl(glue, node["Name"], crawl, started, ended))
    queries, used_workgroup = _queries(athena, started, ended)
    preview_workgroup = workgroup or used_workgroup or _workgroup_with_results(athena)
    run_ids = {view.run_id for view in job_runs}
    previews = []
    for crawl in crawls:
        for qualified, change in crawl.tables:
            if change != "unchanged":
                database, table = qualified.split(".", 1)
                preview = _preview(glue, athena, database, table, run_ids, preview_workgroup)
                if preview is not None:
                    previews.append(preview)
    if cost is None:
        cost = run_cost(glue, athena, run, [query.query_id for query in queries], {})
        scope = (
            "the run's job runs, crawls and Athena queries; its S3 requests are counted only while "
            "`localglue demo` (make run) runs the workflow"
        )
    else:
        scope = "as `localglue demo` (make run) measured it: job runs, crawls, Athena queries and S3 requests"
    return Report(
        workflow=run["Name"],
        run_id=run["WorkflowRunId"],
        status=run["Status"],
        started=run.get("StartedOn"),
        completed=run.get("CompletedOn"),
        statistics=run.get("Statistics", {}),
        nodes=[_node(node) for node in graph["Nodes"]],
        edges=[(edge["SourceId"], edge["DestinationId"]) for edge in graph["Edges"]],
        job_runs=job_runs,
        crawls=crawls,
        queries=queries,
        previews=previews,
        endpoint=endpoint_url,
        generated=datetime.now(UTC),
        cost=cost,
        cost_scope=scope,
    )
