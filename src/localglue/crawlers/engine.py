"""The crawler engine of one gateway: crawls in threads, classifiers, crawler schedules.

`stop` (when the gateway stops) asks every crawl still going to stop and waits for it; a crawl stopped
before it wrote the catalog writes nothing, as StopCrawler does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..bus import StateChange
from ..gateway import lifecycle
from ..gateway.errors import AwsError
from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore
from .models import Crawl, CrawlerState
from .runner import glue_crawler, run_crawl
from .schedules import CrawlerSchedules

if TYPE_CHECKING:
    from ..runtime import Runtime

STOP_PATIENCE_SECONDS = 30.0


class CrawlerEngine(Engine):
    name = "crawlers"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.state: AccountRegionStore[CrawlerState] = AccountRegionStore(CrawlerState)
        self.schedules = CrawlerSchedules(self)
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"crawlers": self.state}

    def restored(self) -> None:
        for _, crawlers in self.state.items():
            crawlers.end_cut_short()

    def start(self) -> None:
        self.runtime.ticker.on_tick(self.schedules)

    def stop(self) -> None:
        for _, crawlers in self.state.items():
            with crawlers.lock:
                for record in crawlers.crawlers.values():
                    if record.crawls and record.crawls[-1].running:
                        record.crawls[-1].error_message = "localglue stopped before the crawl ended"
                        record.crawls[-1].stop_requested.set()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=STOP_PATIENCE_SECONDS)

    def of(self, account_id: str, region: str) -> CrawlerState:
        return self.state.get(account_id, region)

    def start_crawl(
        self,
        account_id: str,
        region: str,
        crawler_name: str,
        *,
        workflow_name: str | None = None,
        workflow_run_id: str | None = None,
    ) -> str:
        """Start a crawl in the background and return its id."""
        crawler = glue_crawler(account_id, region, crawler_name)
        crawlers = self.of(account_id, region)
        with crawlers.lock:
            record = crawlers.record(crawler_name)
            if record.state() != "READY":
                raise AwsError(
                    "CrawlerRunningException", f"Crawler with name {crawler_name} has already started"
                )
            crawl = Crawl(crawler_name, workflow_name=workflow_name, workflow_run_id=workflow_run_id)
            record.crawls.append(crawl)
        self._publish(account_id, region, crawl, "RUNNING")

        def crawl_to_the_end() -> None:
            try:
                state = run_crawl(
                    account_id, region, crawlers, crawler, record, crawl, enforce_iam=self.runtime.enforce_iam
                )
                self._publish(account_id, region, crawl, state or crawl.state)
            finally:
                with self._lock:
                    self._threads.discard(thread)

        thread = lifecycle.thread(self.runtime, crawl_to_the_end, f"crawl-{crawler_name}")
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return crawl.crawl_id

    def stop_crawl(self, account_id: str, region: str, crawler_name: str) -> None:
        glue_crawler(account_id, region, crawler_name)
        crawlers = self.of(account_id, region)
        with crawlers.lock:
            record = crawlers.record(crawler_name)
            if record.stopping:
                raise AwsError("CrawlerStoppingException", f"Crawler with name {crawler_name} is stopping")
            if record.state() != "RUNNING":
                raise AwsError(
                    "CrawlerNotRunningException", f"Crawler with name {crawler_name} isn't running"
                )
            record.stopping = True
            record.crawls[-1].stop_requested.set()

    def is_running(self, account_id: str, region: str, crawler_name: str) -> bool:
        crawlers = self.of(account_id, region)
        with crawlers.lock:
            record = crawlers.crawlers.get(crawler_name)
            return record is not None and record.state() != "READY"

    def crawl(self, account_id: str, region: str, crawler_name: str, crawl_id: str) -> Crawl | None:
        """One crawl of the crawler, by its id."""
        crawlers = self.of(account_id, region)
        with crawlers.lock:
            record = crawlers.crawlers.get(crawler_name)
            return (
                next((crawl for crawl in record.crawls if crawl.crawl_id == crawl_id), None)
                if record
                else None
            )

    def list_crawls(self, account_id: str, region: str, crawler_name: str) -> list[dict]:
        """The crawler's crawls, newest first, in ListCrawls' `Crawls` item shape."""
        glue_crawler(account_id, region, crawler_name)
        crawlers = self.of(account_id, region)
        with crawlers.lock:
            return [crawl.as_history() for crawl in reversed(crawlers.record(crawler_name).crawls)]

    def _publish(self, account_id: str, region: str, crawl: Crawl, state: str) -> None:
        self.runtime.bus.publish(
            StateChange(
                kind="crawler",
                name=crawl.crawler_name,
                run_id=crawl.crawl_id,
                state=state,
                account_id=account_id,
                region=region,
                workflow_name=crawl.workflow_name,
                workflow_run_id=crawl.workflow_run_id,
                error_message=crawl.error_message,
            )
        )
