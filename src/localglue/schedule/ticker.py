"""The gateway's clock and tick loop.

Time comes from a `Clock` that can be moved forward (`advance`), so tests and users see a schedule fire
without waiting for wall time. Each account has its own clock: moving one account's time never fires
another account's schedules. Every tick (once a second, and right after the clock moves) calls the
listeners engines registered; `CronTimes` tells a listener which of its cron schedules are due, firing a
schedule missed while time jumped once, not once per missed slot, as AWS does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .cron import CronError, CronSchedule

log = logging.getLogger("localglue.schedule")

TICK_SECONDS = 1.0


class Clock:
    """UTC wall time plus, per account, an offset that only grows."""

    def __init__(self) -> None:
        self._offsets: dict[str, timedelta] = {}
        self._lock = threading.Lock()

    def now(self, account_id: str) -> datetime:
        return datetime.now(UTC) + self._offsets.get(account_id, timedelta())

    def advance(self, account_id: str, delta: timedelta) -> datetime:
        if delta < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offsets[account_id] = self._offsets.get(account_id, timedelta()) + delta
        return self.now(account_id)


TickListener = Callable[[Clock], object]


class Ticker:
    """Calls its listeners with the clock every second, from a thread `start` starts and `stop` ends."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self._listeners: list[TickListener] = []
        self._lock = threading.RLock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def on_tick(self, listener: TickListener) -> None:
        with self._lock:
            if listener not in self._listeners:
                self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stopped.clear()
            self._thread = threading.Thread(target=self._loop, name="localglue-ticker", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._thread = None

    def tick(self) -> dict[TickListener, object]:
        """Call every listener once (one tick at a time); returns what each answered."""
        answers: dict[TickListener, object] = {}
        with self._lock:
            for listener in list(self._listeners):
                try:
                    answers[listener] = listener(self.clock)
                except Exception:  # one bad schedule must not stop the others
                    log.exception("tick listener %r failed", listener)
        return answers

    def advance(self, account_id: str, seconds: float) -> dict[TickListener, object]:
        """Move the account's clock forward and tick at once, so what became due fires now."""
        self.clock.advance(account_id, timedelta(seconds=seconds))
        return self.tick()

    def _loop(self) -> None:
        while not self._stopped.wait(TICK_SECONDS):
            self.tick()


@dataclass(frozen=True)
class Scheduled:
    """One thing on a cron schedule: a crawler's schedule or a SCHEDULED trigger."""

    account_id: str
    region: str
    name: str
    expression: str


class CronTimes:
    """The next fire time of each schedule a listener watches; `due` says which have come."""

    def __init__(self, kind: str) -> None:
        self.kind = kind  # for log lines: "trigger", "crawler"
        self._next: dict[Scheduled, datetime | None] = {}
        self._lock = threading.Lock()

    def due(self, clock: Clock, scheduled: Iterable[Scheduled]) -> list[Scheduled]:
        fired = []
        with self._lock:
            seen = set()
            for entry in scheduled:
                now = clock.now(entry.account_id)
                seen.add(entry)
                if entry not in self._next:
                    self._next[entry] = self._next_after(entry, now)
                next_time = self._next[entry]
                if next_time is not None and next_time <= now:
                    self._next[entry] = self._next_after(entry, now)
                    fired.append(entry)
            for gone in set(self._next) - seen:  # unscheduled, rescheduled or deleted: start afresh later
                del self._next[gone]
        return fired

    def _next_after(self, entry: Scheduled, now: datetime) -> datetime | None:
        try:
            return CronSchedule.parse(entry.expression).next_after(now.astimezone(UTC))
        except CronError as err:
            log.warning("%s %s has an invalid schedule and never fires on it: %s", self.kind, entry.name, err)
            return None
