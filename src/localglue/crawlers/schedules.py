"""Crawlers' own schedules (CreateCrawler's `Schedule`), run on the gateway's clock.

A crawler with a cron schedule starts at each cron time while its schedule is SCHEDULED
(StartCrawlerSchedule / StopCrawlerSchedule); a start that finds the crawler running is skipped, as on
AWS. https://docs.aws.amazon.com/glue/latest/dg/schedule-crawler.html
The schedule's state lives in the crawler engine's store (moto always says SCHEDULED).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from moto.backends import get_backend

from ..gateway.errors import AwsError
from ..schedule.cron import CronError, CronSchedule
from ..schedule.ticker import Clock, CronTimes, Scheduled
from .models import CrawlerState
from .runner import glue_crawler

if TYPE_CHECKING:
    from .engine import CrawlerEngine

log = logging.getLogger("localglue.crawlers")

SCHEDULED, NOT_SCHEDULED = "SCHEDULED", "NOT_SCHEDULED"


def schedule_state(crawlers: CrawlerState, crawler: Any) -> str | None:
    """Schedule.State of a crawler with a schedule."""
    if not crawler.schedule:
        return None
    with crawlers.lock:
        return crawlers.schedule_states.get(crawler.name, SCHEDULED)


def start_schedule(crawlers: CrawlerState, account_id: str, region: str, crawler_name: str) -> None:
    crawler = glue_crawler(account_id, region, crawler_name)
    if not crawler.schedule:
        raise AwsError("NoScheduleException", f"Crawler with name {crawler_name} has no schedule")
    if schedule_state(crawlers, crawler) == SCHEDULED:
        raise AwsError("SchedulerRunningException", f"Crawler with name {crawler_name} is already scheduled")
    with crawlers.lock:
        crawlers.schedule_states[crawler_name] = SCHEDULED


def stop_schedule(crawlers: CrawlerState, account_id: str, region: str, crawler_name: str) -> None:
    crawler = glue_crawler(account_id, region, crawler_name)
    if schedule_state(crawlers, crawler) != SCHEDULED:
        raise AwsError("SchedulerNotRunningException", f"Crawler with name {crawler_name} is not scheduled")
    with crawlers.lock:
        crawlers.schedule_states[crawler_name] = NOT_SCHEDULED


def update_schedule(account_id: str, region: str, crawler_name: str, expression: str | None) -> None:
    crawler = glue_crawler(account_id, region, crawler_name)
    if expression:
        try:
            CronSchedule.parse(expression)
        except CronError as err:
            raise AwsError("InvalidInputException", f"Schedule is invalid: {err}") from err
    crawler.schedule = expression or None


class CrawlerSchedules:
    """A tick listener: starts each SCHEDULED crawler whose next cron time has come."""

    def __init__(self, engine: CrawlerEngine) -> None:
        self.engine = engine
        self.times = CronTimes("crawler")

    def __call__(self, clock: Clock) -> None:
        for due in self.times.due(clock, self._scheduled()):
            try:
                self.engine.start_crawl(due.account_id, due.region, due.name)
            except AwsError as err:  # CrawlerRunningException: this cron time is skipped
                log.info("scheduled crawl of %s skipped: %s", due.name, err.message)

    def _scheduled(self) -> Iterator[Scheduled]:
        for account_id, regions in list(get_backend("glue").items()):
            for region, backend in list(regions.items()):
                crawlers = self.engine.of(account_id, region)
                for crawler in list(backend.crawlers.values()):
                    if schedule_state(crawlers, crawler) == SCHEDULED:
                        yield Scheduled(account_id, region, crawler.name, crawler.schedule)
