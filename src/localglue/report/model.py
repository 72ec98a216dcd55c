"""What a run report shows, gathered once (gather.py) and drawn without the gateway (render.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..costs.estimate import RunCost


@dataclass
class Node:
    uid: str
    kind: str  # TRIGGER, JOB, CRAWLER
    name: str
    state: str  # a job run's or crawl's state, the trigger's type, or NOT RUN
    seconds: float | None = None
    error: str = ""


@dataclass
class JobRunView:
    job_name: str
    run_id: str
    state: str
    seconds: float | None
    error: str
    stdout_tail: list[str]
    stderr_tail: list[str]
    counts: dict[str, float] = field(default_factory=dict)  # the job's `run summary {...}` line


@dataclass
class Histogram:
    column: str
    edges: list[float]  # len(counts) + 1 bin edges
    counts: list[int]
    above: int = 0  # values past the last edge (the top 1%, kept out of the bins' range)
    total: int = 0
    logarithmic: bool = False  # edges grow by one factor: a long-tailed column's values spread over the bins


@dataclass
class TablePreview:
    database: str
    table: str
    where: str  # the filter the preview used ("" for none)
    columns: list[str]
    rows: list[list[str | None]]
    row_count: int
    histograms: list[Histogram] = field(default_factory=list)


@dataclass
class QueryView:
    query_id: str
    sql: str
    state: str
    bytes_scanned: int
    millis: int
    submitted: datetime | None


@dataclass
class CrawlView:
    crawler: str
    state: str
    summary: str
    tables: list[tuple[str, str]]  # (database.table, created / updated / unchanged)


@dataclass
class Report:
    workflow: str
    run_id: str
    status: str
    started: datetime | None
    completed: datetime | None
    statistics: dict[str, int]
    nodes: list[Node]
    edges: list[tuple[str, str]]
    job_runs: list[JobRunView]
    crawls: list[CrawlView]
    queries: list[QueryView]
    previews: list[TablePreview]
    endpoint: str
    generated: datetime
    cost: RunCost | None = None
    cost_scope: str = ""  # what the cost counts
