"""The gateway's scheduler: fires ACTIVATED SCHEDULED triggers at their cron times, closes event batch windows.

Time comes from a `Clock` that can be moved forward (`advance`), so tests and users see a schedule fire
without waiting for wall time; `fire_trigger` fires one trigger now. Each account has its own clock:
moving one account's time never fires another account's schedules. Like AWS, a schedule missed while
time jumps fires once, not once per missed slot.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from moto.backends import get_backend
from moto.glue.models import FakeTrigger

from ..gateway.errors import AwsError, entity_not_found, invalid_input
from .cron import CronError, CronSchedule
from .engine import engine

log = logging.getLogger("localglue.workflows")

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


class Scheduler:
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        # (account, region, trigger, cron) -> next fire time
        self._next_fire: dict[tuple[str, str, str, str], datetime | None] = {}
        self._lock = threading.RLock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._tick_listeners: list = []  # called with the clock on every tick (event batch windows)

    def start(self) -> Scheduler:
        if self._thread is None or not self._thread.is_alive():
            self._stopped.clear()
            self._thread = threading.Thread(target=self._loop, name="localglue-scheduler", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def on_tick(self, listener) -> None:
        if listener not in self._tick_listeners:
            self._tick_listeners.append(listener)

    def advance(self, account_id: str, seconds: float) -> list[str]:
        """Move the account's clock forward and fire what became due; returns the triggers fired."""
        self.clock.advance(account_id, timedelta(seconds=seconds))
        return self.tick()

    def tick(self) -> list[str]:
        fired = []
        with self._lock:
            seen = set()
            for account_id, region, trigger in _scheduled_triggers():
                now = self.clock.now(account_id)
                key = (account_id, region, trigger.name, trigger.schedule)
                seen.add(key)
                if key not in self._next_fire:
                    self._next_fire[key] = _next_after(trigger, now)
                due = self._next_fire[key]
                if due is not None and due <= now:
                    self._next_fire[key] = _next_after(trigger, now)
                    if self._fire(account_id, region, trigger):
                        fired.append(trigger.name)
            for key in set(self._next_fire) - seen:  # deactivated, rescheduled or deleted: start afresh later
                del self._next_fire[key]
        for listener in list(self._tick_listeners):
            listener(self.clock)
        return fired

    def fire_trigger(self, account_id: str, region: str, name: str) -> str | None:
        """Fire a trigger now, whatever its state; returns the workflow run id it started, if in a workflow."""
        trigger = get_backend("glue")[account_id][region].triggers.get(name)
        if trigger is None:
            raise entity_not_found(f"Trigger {name} not found")
        if trigger.trigger_type == "CONDITIONAL":
            raise invalid_input(
                f"Trigger {name} is CONDITIONAL: it fires on its predicate within a workflow run"
            )
        return self._fire(account_id, region, trigger)

    def _fire(self, account_id: str, region: str, trigger: FakeTrigger) -> str | None:
        log.info("trigger %s fires at %s", trigger.name, self.clock.now(account_id).isoformat())
        if not trigger.workflow_name:
            engine.start_actions(account_id, region, trigger)
            return None
        try:
            return engine.start_run(account_id, region, trigger.workflow_name, trigger=trigger).run_id
        except AwsError as err:  # e.g. the workflow was deleted; a schedule must keep ticking
            log.warning(
                "trigger %s could not start workflow %s: %s", trigger.name, trigger.workflow_name, err
            )
            return None

    def _loop(self) -> None:
        while not self._stopped.wait(TICK_SECONDS):
            try:
                self.tick()
            except Exception:  # the scheduler must outlive one bad trigger
                log.exception("scheduler tick failed")


def _scheduled_triggers():
    for account_id, regions in list(get_backend("glue").items()):
        for region, backend in list(regions.items()):
            for trigger in list(backend.triggers.values()):
                if trigger.trigger_type == "SCHEDULED" and trigger.state == "ACTIVATED":
                    yield account_id, region, trigger


def _next_after(trigger: FakeTrigger, now: datetime) -> datetime | None:
    try:
        return CronSchedule.parse(trigger.schedule).next_after(now)
    except CronError as err:
        log.warning("trigger %s has an invalid schedule and never fires: %s", trigger.name, err)
        return None


scheduler = Scheduler()
