"""A pipeline run's cost on AWS, computed from what localglue measured: each job run's execution time at
its worker type and count (Glue's 1-minute minimum), each crawl's time (its 10-minute minimum), each
Athena query's bytes scanned (its 10 MB minimum) and the S3 requests of the pipeline's buckets, at the
prices of `prices.py`; with the one change that would cut it most.

`run_cost` is what a run report calls; `RunCost.line()` is the one line `make run` prints.
"""

from __future__ import annotations

import json
import math
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from ..gateway.app import HEALTH_PATH
from . import prices

LOCAL_CRAWLER_DPUS = 1.0  # localglue's crawls report DPUHour as their time on one DPU


@dataclass(frozen=True)
class CostItem:
    kind: str  # "job", "crawler", "athena", "s3"
    name: str
    measured: str  # what localglue measured, in words
    billed: str  # what AWS would bill, in words
    usd: float


@dataclass(frozen=True)
class Saving:
    change: str
    usd: float


@dataclass
class RunCost:
    items: list[CostItem] = field(default_factory=list)
    saving: Saving | None = None

    @property
    def total(self) -> float:
        return sum(item.usd for item in self.items)

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for item in self.items:
            totals[item.kind] = totals.get(item.kind, 0.0) + item.usd
        return totals

    def line(self) -> str:
        parts = ", ".join(f"{kind} ${usd:.4f}" for kind, usd in self.by_kind().items())
        text = f"cost on AWS ({prices.REGION}, prices of {prices.AS_OF}): ${self.total:.4f} per run ({parts})"
        if self.saving is not None and self.total > 0:
            share = self.saving.usd / self.total
            text += f"; cut most by: {self.saving.change} (-${self.saving.usd:.4f}, {share:.0%})"
        return text


def job_cost(name: str, run: dict) -> CostItem:
    """A Spark job run (Glue 2.0 and later): workers x DPUs per worker x its time, at least a minute."""
    seconds = int(run.get("ExecutionTime") or 0)
    workers = int(run.get("NumberOfWorkers") or 0)
    worker_type = run.get("WorkerType") or "G.1X"
    if workers and worker_type not in prices.DPU_PER_WORKER:
        raise ValueError(f"no price for job {name}'s worker type {worker_type} in localglue.costs.prices")
    dpus = workers * prices.DPU_PER_WORKER[worker_type] if workers else float(run.get("MaxCapacity") or 10)
    flex = run.get("ExecutionClass") == "FLEX"
    billed_seconds = max(seconds, prices.GLUE_JOB_MINIMUM_SECONDS)
    rate = prices.GLUE_FLEX_DPU_HOUR if flex else prices.GLUE_DPU_HOUR
    return CostItem(
        "job",
        name,
        f"{seconds} s on {workers} x {worker_type}",
        f"{billed_seconds * dpus:g} DPU-seconds",
        billed_seconds * dpus * rate / 3600,
    )


def crawl_cost(name: str, seconds: float) -> CostItem:
    billed_seconds = max(math.ceil(seconds), prices.CRAWLER_MINIMUM_SECONDS)
    return CostItem(
        "crawler",
        name,
        f"{seconds:.0f} s",
        f"{billed_seconds * LOCAL_CRAWLER_DPUS / 60:g} DPU-minutes",
        billed_seconds * LOCAL_CRAWLER_DPUS * prices.CRAWLER_DPU_HOUR / 3600,
    )


def athena_cost(query_id: str, scanned_bytes: int) -> CostItem:
    billed = max(math.ceil(scanned_bytes / 1024**2) * 1024**2, prices.ATHENA_MINIMUM_BYTES)
    return CostItem(
        "athena",
        query_id,
        f"{scanned_bytes} bytes scanned",
        f"{billed // 1024**2} MB",
        billed / 1024**4 * prices.ATHENA_TB_SCANNED,
    )


def s3_cost(bucket: str, requests: dict[str, int]) -> CostItem:
    usd = sum(count * prices.S3_REQUEST_PER_THOUSAND[kind] / 1000 for kind, count in requests.items())
    words = ", ".join(f"{count} {kind}" for kind, count in sorted(requests.items()))
    return CostItem("s3", bucket, words, words, usd)


def cheapest_change(items: list[CostItem], job_runs: dict[str, dict]) -> Saving | None:
    """Of the changes this pipeline can make, the one that saves most on this run."""
    candidates = []
    for item in items:
        if item.kind == "crawler":
            candidates.append(
                Saving(
                    f"drop crawler {item.name} (every crawl bills at least 10 minutes): register the new "
                    "partitions from the job, or crawl less often",
                    item.usd,
                )
            )
        if item.kind == "job":
            run = job_runs[item.name]
            if run.get("ExecutionClass") != "FLEX":
                candidates.append(
                    Saving(
                        f"run job {item.name} with execution class FLEX (${prices.GLUE_FLEX_DPU_HOUR}/DPU-hour)",
                        item.usd * (1 - prices.GLUE_FLEX_DPU_HOUR / prices.GLUE_DPU_HOUR),
                    )
                )
            workers = int(run.get("NumberOfWorkers") or 0)
            if workers > 2:
                candidates.append(
                    Saving(
                        f"run job {item.name} on 2 workers instead of {workers} (the sample's size needs no more)",
                        item.usd * (1 - 2 / workers),
                    )
                )
    return max(candidates, key=lambda saving: saving.usd, default=None)


def run_cost(
    glue: Any, athena: Any, workflow_run: dict, query_ids: list[str], s3_requests: dict[str, dict[str, int]]
) -> RunCost:
    """The cost of one workflow run (`GetWorkflowRun` with its graph), the Athena queries `query_ids` and
    the S3 requests counted per bucket (the gateway's health answer `s3_requests`, or `S3Usage.counts()`,
    for the pipeline's buckets)."""
    items: list[CostItem] = []
    job_runs: dict[str, dict] = {}
    for node in workflow_run.get("Graph", {}).get("Nodes", []):
        for run in node.get("JobDetails", {}).get("JobRuns") or []:
            full = glue.get_job_run(JobName=node["Name"], RunId=run["Id"])["JobRun"]
            job_runs[node["Name"]] = full
            items.append(job_cost(node["Name"], full))
        for crawl in node.get("CrawlerDetails", {}).get("Crawls") or []:
            if crawl.get("StartedOn") and crawl.get("CompletedOn"):
                items.append(
                    crawl_cost(node["Name"], (crawl["CompletedOn"] - crawl["StartedOn"]).total_seconds())
                )
    for query_id in query_ids:
        execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        if execution["Status"]["State"] == "SUCCEEDED" and execution.get("StatementType") != "DDL":
            items.append(athena_cost(query_id, int(execution["Statistics"].get("DataScannedInBytes", 0))))
    for bucket, requests in sorted(s3_requests.items()):
        items.append(s3_cost(bucket, requests))
    return RunCost(items, cheapest_change(items, job_runs))


def s3_requests_since(
    before: dict[str, dict[str, int]], after: dict[str, dict[str, int]], buckets: list[str]
) -> dict[str, dict[str, int]]:
    """The requests counted between two readings of the gateway's `s3_requests`, for `buckets`."""
    spent = {}
    for bucket in buckets:
        counts = {
            kind: count - before.get(bucket, {}).get(kind, 0) for kind, count in after.get(bucket, {}).items()
        }
        if any(counts.values()):
            spent[bucket] = {kind: count for kind, count in counts.items() if count}
    return spent


def s3_requests_at(endpoint_url: str) -> dict[str, dict[str, int]]:
    """The gateway's S3 request counts per bucket, from its health answer."""
    with urllib.request.urlopen(f"{endpoint_url.rstrip('/')}{HEALTH_PATH}", timeout=10) as response:
        return json.load(response).get("s3_requests", {})
