"""Crawlers' own schedules (CreateCrawler's `Schedule`), run on the gateway scheduler's clock.

A crawler with a cron schedule starts at each cron time while its schedule is SCHEDULED
(StartCrawlerSchedule / StopCrawlerSchedule); a start that finds the crawler running is skipped, as on
AWS. https://docs.aws.amazon.com/glue/latest/dg/schedule-crawler.html
The schedule's state lives on moto's crawler object, so a persisted gateway keeps it.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from moto.backends import get_backend

from ..gateway.errors import AwsError
from ..workflows.cron import CronError, CronSchedule
from .runner import glue_crawler, start_crawl

log = logging.getLogger("localglue.crawlers")

SCHEDULED, NOT_SCHEDULED = "SCHEDULED", "NOT_SCHEDULED"


def schedule_state(crawler) -> str | None:
    """Schedule.State of a crawler with a schedule (moto always says SCHEDULED)."""
    if not crawler.schedule:
        return None
    return crawler.__dict__.get("schedule_state", SCHEDULED)


def start_schedule(account_id: str, region: str, crawler_name: str) -> None:
    crawler = glue_crawler(account_id, region, crawler_name)
    if not crawler.schedule:
        raise AwsError("NoScheduleException", f"Crawler with name {crawler_name} has no schedule")
    if schedule_state(crawler) == SCHEDULED:
        raise AwsError("SchedulerRunningException", f"Crawler with name {crawler_name} is already scheduled")
    crawler.schedule_state = SCHEDULED


def stop_schedule(account_id: str, region: str, crawler_name: str) -> None:
    crawler = glue_crawler(account_id, region, crawler_name)
    if schedule_state(crawler) != SCHEDULED:
        raise AwsError("SchedulerNotRunningException", f"Crawler with name {crawler_name} is not scheduled")
    crawler.schedule_state = NOT_SCHEDULED


def update_schedule(account_id: str, region: str, crawler_name: str, expression: str | None) -> None:
    crawler = glue_crawler(account_id, region, crawler_name)
    if expression:
        try:
            CronSchedule.parse(expression)
        except CronError as err:
            raise AwsError("InvalidInputException", f"Schedule is invalid: {err}") from err
    crawler.schedule = expression or None


class CrawlerSchedules:
    """A scheduler tick listener: starts each SCHEDULED crawler whose next cron time has come."""

    def __init__(self) -> None:
        self._next: dict[tuple[str, str, str, str], datetime | None] = {}
        self._lock = threading.Lock()

    def __call__(self, clock) -> None:
        with self._lock:
            seen = set()
            for account_id, region, crawler in _scheduled_crawlers():
                now = clock.now(account_id)
                key = (account_id, region, crawler.name, crawler.schedule)
                seen.add(key)
                if key not in self._next:
                    self._next[key] = _next_after(crawler, now)
                due = self._next[key]
                if due is not None and due <= now:
                    self._next[key] = _next_after(crawler, now)
                    _start(account_id, region, crawler.name)
            for key in set(self._next) - seen:  # unscheduled, rescheduled or deleted
                del self._next[key]


def _start(account_id: str, region: str, name: str) -> None:
    try:
        start_crawl(account_id, region, name)
    except AwsError as err:  # CrawlerRunningException: this cron time is skipped
        log.info("scheduled crawl of %s skipped: %s", name, err.message)


def _scheduled_crawlers():
    for account_id, regions in list(get_backend("glue").items()):
        for region, backend in list(regions.items()):
            for crawler in list(backend.crawlers.values()):
                if schedule_state(crawler) == SCHEDULED:
                    yield account_id, region, crawler


def _next_after(crawler, now: datetime) -> datetime | None:
    try:
        return CronSchedule.parse(crawler.schedule).next_after(now)
    except CronError as err:
        log.warning("crawler %s has an invalid schedule and never starts on it: %s", crawler.name, err)
        return None


crawler_schedules = CrawlerSchedules()
