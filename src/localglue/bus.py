"""The notices of one gateway's engines: each crawl and job-run state change, for whoever follows them.

Crawler and job engines publish a `StateChange` each time a run reaches a new state; subscribers (the
workflow engine's triggers, progress displays, EventBridge's Glue events) react to them. Each gateway
has its own bus, so two gateways in one process never see each other's runs. Subscribers run on the
publisher's thread and must return quickly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("localglue.bus")


@dataclass(frozen=True)
class StateChange:
    kind: str  # "job" or "crawler"
    name: str  # job or crawler name
    run_id: str  # JobRunId, or the crawl's id
    state: str  # Glue's words: job run states (RUNNING, SUCCEEDED, ...) or crawl states (SUCCEEDED, FAILED, CANCELLED)
    account_id: str
    region: str
    workflow_name: str | None = None
    workflow_run_id: str | None = None
    error_message: str | None = None


Subscriber = Callable[[StateChange], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber not in self._subscribers:
                self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def publish(self, change: StateChange) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(change)
            except Exception:  # one broken subscriber must not stop a run from being reported to the others
                log.exception("subscriber %r failed on %s", subscriber, change)
