"""EVENT triggers: EventBridge events that a rule routes to a Glue workflow start it, in batches.

moto's EventBridge matches rules (S3 sends its "Object Created" events there when the bucket has an
EventBridgeConfiguration) but cannot deliver to a Glue workflow target; `eventbridge.targets` hands such
events to `deliver`, for the workflow engine of the gateway whose request or engine produced them.
Events are collected per workflow until the EVENT trigger's `EventBatchingCondition` is met: BatchSize
events, or BatchWindow seconds (default 900) after the first one. The run gets the batch's event ids in
the `aws:eventIds` run property, and the condition that closed the batch in StartingEventBatchCondition.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from moto.backends import get_backend
from moto.events.utils import EventMessageType
from moto.glue.models import FakeTrigger

from ..glue.graph import workflow_triggers
from ..schedule.ticker import Clock

if TYPE_CHECKING:
    from ..runtime import Runtime
    from .engine import WorkflowEngine

log = logging.getLogger("localglue.workflows")

DEFAULT_BATCH_WINDOW_SECONDS = 900
# moto gives every S3 -> EventBridge event this same id; each event needs its own
_MOTO_PLACEHOLDER_EVENT_ID = "17793124-05d4-b198-2fde-7ededc63b103"


@dataclass
class PendingBatch:
    opened_at: datetime
    event_ids: list[str] = field(default_factory=list)


def event_trigger(account_id: str, region: str, workflow_name: str) -> FakeTrigger | None:
    for trigger in workflow_triggers(get_backend("glue")[account_id][region], workflow_name):
        # an EVENT trigger listens unless stopped: Terraform creates enabled ones without StartOnCreation
        if trigger.trigger_type == "EVENT" and trigger.state != "DEACTIVATED":
            return trigger
    return None


def _batch_condition(trigger: FakeTrigger) -> tuple[int, int]:
    condition = trigger.event_batching_condition or {}
    return int(condition.get("BatchSize") or 1), int(
        condition.get("BatchWindow") or DEFAULT_BATCH_WINDOW_SECONDS
    )


class EventBatcher:
    def __init__(self, engine: WorkflowEngine) -> None:
        self.engine = engine
        self._pending: dict[tuple[str, str, str], PendingBatch] = {}
        self._lock = threading.Lock()

    def receive(self, account_id: str, region: str, workflow_name: str, event_id: str) -> str | None:
        """One event for a workflow; returns the run id when it completes a batch."""
        trigger = event_trigger(account_id, region, workflow_name)
        if trigger is None:
            log.info(
                "event %s for workflow %s dropped: it has no ACTIVATED EVENT trigger", event_id, workflow_name
            )
            return None
        size, _ = _batch_condition(trigger)
        key = (account_id, region, workflow_name)
        with self._lock:
            batch = self._pending.setdefault(
                key, PendingBatch(self.engine.runtime.ticker.clock.now(account_id))
            )
            batch.event_ids.append(event_id)
            if len(batch.event_ids) < size:
                return None
            del self._pending[key]
        return self._start(key, trigger, batch, {"BatchSize": size})

    def close_expired(self, clock: Clock) -> list[str]:
        """Start the runs whose batch window has passed (called on every scheduler tick)."""
        expired = []
        with self._lock:
            for key, batch in list(self._pending.items()):
                trigger = event_trigger(*key)
                if trigger is None:
                    continue
                _, window = _batch_condition(trigger)
                if clock.now(key[0]) >= batch.opened_at + timedelta(seconds=window):
                    expired.append((key, trigger, batch, {"BatchWindow": window}))
                    del self._pending[key]
        return [run_id for item in expired if (run_id := self._start(*item))]

    def pending(self, account_id: str, region: str, workflow_name: str) -> list[str]:
        with self._lock:
            batch = self._pending.get((account_id, region, workflow_name))
            return list(batch.event_ids) if batch else []

    def _start(
        self, key: tuple[str, str, str], trigger: FakeTrigger, batch: PendingBatch, condition: dict
    ) -> str | None:
        account_id, region, workflow_name = key
        properties = {"aws:eventIds": "[" + ",".join(batch.event_ids) + "]"}
        try:
            run = self.engine.start_run(
                account_id,
                region,
                workflow_name,
                properties,
                trigger=trigger,
                event_batch_condition=condition,
            )
        except Exception:  # delivery is asynchronous on AWS too: the sender never sees this
            log.exception("EVENT trigger %s could not start workflow %s", trigger.name, workflow_name)
            return None
        return run.run_id


def workflow_target(arn: str) -> tuple[str, str, str] | None:
    """(account, region, workflow) of `arn:aws:glue:<region>:<account>:workflow/<name>`, else None."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "glue" and parts[5].startswith("workflow/"):
        return parts[4], parts[3], parts[5].removeprefix("workflow/")
    return None


def deliver(runtime: Runtime, event: EventMessageType, target: dict) -> None:
    """One matched event to a rule's Glue workflow target (eventbridge.targets routes it here)."""
    event_id = event.get("id")
    if not event_id or event_id == _MOTO_PLACEHOLDER_EVENT_ID:
        event_id = str(uuid.uuid4())
    account_id, region, workflow_name = workflow_target(target["Arn"]) or ("", "", "")
    runtime.workflows.batcher.receive(account_id, region, workflow_name, event_id)
