"""SCHEDULED triggers: each ACTIVATED one fires at its cron times on the gateway's clock.

A trigger in a workflow starts a run of it; one outside any workflow starts its actions on their own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from moto.backends import get_backend
from moto.glue.models import FakeTrigger

from ..gateway.errors import AwsError
from ..schedule.ticker import Clock, CronTimes, Scheduled

if TYPE_CHECKING:
    from .engine import WorkflowEngine

log = logging.getLogger("localglue.workflows")


class TriggerSchedules:
    """A tick listener; each tick answers the names of the triggers it fired."""

    def __init__(self, engine: WorkflowEngine) -> None:
        self.engine = engine
        self.times = CronTimes("trigger")

    def __call__(self, clock: Clock) -> list[str]:
        fired = []
        for due in self.times.due(clock, self._scheduled()):
            trigger = get_backend("glue")[due.account_id][due.region].triggers.get(due.name)
            if trigger is not None and self.fire(due.account_id, due.region, trigger, clock) is not False:
                fired.append(due.name)
        return fired

    def fire(self, account_id: str, region: str, trigger: FakeTrigger, clock: Clock) -> str | None | bool:
        """Fire now: the workflow run id it started, None outside a workflow, False when refused."""
        log.info("trigger %s fires at %s", trigger.name, clock.now(account_id).isoformat())
        if not trigger.workflow_name:
            self.engine.start_actions(account_id, region, trigger)
            return None
        try:
            return self.engine.start_run(account_id, region, trigger.workflow_name, trigger=trigger).run_id
        except AwsError as err:  # e.g. the workflow was deleted; a schedule must keep ticking
            log.warning(
                "trigger %s could not start workflow %s: %s", trigger.name, trigger.workflow_name, err
            )
            return False

    @staticmethod
    def _scheduled() -> Iterator[Scheduled]:
        for account_id, regions in list(get_backend("glue").items()):
            for region, backend in list(regions.items()):
                for trigger in list(backend.triggers.values()):
                    if trigger.trigger_type == "SCHEDULED" and trigger.state == "ACTIVATED":
                        yield Scheduled(account_id, region, trigger.name, trigger.schedule)
