"""What localglue remembers about crawlers, per account and region: crawls, classifiers, schedule states.

moto keeps the crawler's definition; its crawl records complete instantly, it has no classifiers and its
crawler schedules are always SCHEDULED, so crawls and their figures, custom classifiers and each
schedule's state live here (`localglue up --persist` keeps them with the engine's store).
"""

from __future__ import annotations

import statistics
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone


LOG_GROUP = "/aws-glue/crawlers"

# ListCrawls' CrawlerHistoryState -> the crawl state triggers and LastCrawl speak of.
LAST_CRAWL_STATUS = {"COMPLETED": "SUCCEEDED", "FAILED": "FAILED", "STOPPED": "CANCELLED"}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Crawl:
    crawler_name: str
    crawl_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    state: str = "RUNNING"  # RUNNING | COMPLETED | FAILED | STOPPED (ListCrawls' words)
    start_time: datetime = field(default_factory=utcnow)
    end_time: datetime | None = None
    error_message: str | None = None
    tables_created: int = 0
    tables_updated: int = 0
    tables_deleted: int = 0
    workflow_name: str | None = None
    workflow_run_id: str | None = None
    stop_requested: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def running(self) -> bool:
        return self.state == "RUNNING"

    @property
    def last_crawl_status(self) -> str | None:
        return LAST_CRAWL_STATUS.get(self.state)

    def runtime_seconds(self) -> float:
        return ((self.end_time or utcnow()) - self.start_time).total_seconds()

    def summary(self) -> str:
        return (
            f"{self.tables_created} tables created, {self.tables_updated} tables updated, "
            f"{self.tables_deleted} tables deleted"
        )

    def as_history(self) -> dict:
        """ListCrawls' CrawlerHistory item."""
        item = {
            "CrawlId": self.crawl_id,
            "State": self.state,
            "StartTime": self.start_time,
            "LogGroup": LOG_GROUP,
            "LogStream": self.crawler_name,
            "MessagePrefix": self.crawl_id,
            "DPUHour": round(self.runtime_seconds() / 3600, 6),
        }
        if self.end_time:
            item["EndTime"] = self.end_time
            item["Summary"] = self.summary()
        if self.error_message:
            item["ErrorMessage"] = self.error_message
        return item

    def as_last_crawl(self) -> dict:
        """GetCrawler's LastCrawlInfo, only for a finished crawl."""
        info = {
            "Status": self.last_crawl_status,
            "LogGroup": LOG_GROUP,
            "LogStream": self.crawler_name,
            "MessagePrefix": self.crawl_id,
            "StartTime": self.start_time,
        }
        if self.error_message:
            info["ErrorMessage"] = self.error_message
        return info


@dataclass
class CrawlerRecord:
    """Crawls of one crawler, and the folders it has seen (for CRAWL_NEW_FOLDERS_ONLY)."""

    crawls: list[Crawl] = field(default_factory=list)
    crawled_folders: set[str] = field(default_factory=set)
    stopping: bool = False

    @property
    def last_finished(self) -> Crawl | None:
        return next((crawl for crawl in reversed(self.crawls) if not crawl.running), None)

    def state(self) -> str:
        """GetCrawler's State: READY -> RUNNING -> STOPPING -> READY."""
        if self.stopping:
            return "STOPPING"
        return "RUNNING" if self.crawls and self.crawls[-1].running else "READY"

    def metrics(self, crawler_name: str) -> dict:
        """GetCrawlerMetrics' CrawlerMetrics, from the crawls this crawler ran."""
        finished = [crawl for crawl in self.crawls if not crawl.running]
        runtimes = [crawl.runtime_seconds() for crawl in finished if crawl.state == "COMPLETED"]
        median = statistics.median(runtimes) if runtimes else 0.0
        last = finished[-1] if finished else None
        metrics = {
            "CrawlerName": crawler_name,
            "StillEstimating": False,
            "TimeLeftSeconds": 0.0,
            "LastRuntimeSeconds": round(last.runtime_seconds(), 3) if last else 0.0,
            "MedianRuntimeSeconds": round(median, 3),
            "TablesCreated": last.tables_created if last else 0,
            "TablesUpdated": last.tables_updated if last else 0,
            "TablesDeleted": last.tables_deleted if last else 0,
        }
        running = self.crawls[-1] if self.crawls and self.crawls[-1].running else None
        if running:
            # Without a completed crawl to compare with, Glue says it is still estimating.
            metrics["StillEstimating"] = not runtimes
            metrics["TimeLeftSeconds"] = round(max(0.0, median - running.runtime_seconds()), 3)
        return metrics


class CrawlerState:
    """Crawl records, custom classifiers and schedule states of one account and region."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.crawlers: dict[str, CrawlerRecord] = {}
        self.classifiers: dict[str, dict] = {}  # name -> Classifier, in GetClassifier's shape
        self.schedule_states: dict[str, str] = {}  # crawler name -> SCHEDULED | NOT_SCHEDULED

    def record(self, crawler_name: str) -> CrawlerRecord:
        with self.lock:
            return self.crawlers.setdefault(crawler_name, CrawlerRecord())

    def end_cut_short(self) -> None:
        """Crawls restored from a snapshot that were going when the gateway stopped ended with it."""
        with self.lock:
            for record in self.crawlers.values():
                record.stopping = False
                for crawl in record.crawls:
                    if crawl.running:
                        crawl.state, crawl.end_time = "STOPPED", utcnow()
                        crawl.error_message = "localglue stopped before the crawl ended"
