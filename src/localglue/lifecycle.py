"""In-process notices of crawl and job-run state changes, for the workflow engine and the CLI.

Crawler and job engines publish a `StateChange` each time a run reaches a new state; subscribers
(workflow triggers, progress displays) react to them. Subscribers run on the publisher's thread and
must return quickly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("localglue.lifecycle")


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
_subscribers: list[Subscriber] = []
_lock = threading.Lock()


def subscribe(subscriber: Subscriber) -> None:
    with _lock:
        if subscriber not in _subscribers:
            _subscribers.append(subscriber)


def unsubscribe(subscriber: Subscriber) -> None:
    with _lock:
        if subscriber in _subscribers:
            _subscribers.remove(subscriber)


def publish(change: StateChange) -> None:
    with _lock:
        subscribers = list(_subscribers)
    for subscriber in subscribers:
        try:
            subscriber(change)
        except Exception:  # one broken subscriber must not stop a run from being reported to the others
            log.exception("subscriber %r failed on %s", subscriber, change)
