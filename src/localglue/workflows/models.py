"""Workflow runs as AWS reports them, kept in moto's own workflow objects (so GetWorkflow's LastRun sees them)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.core.utils import utcnow
from moto.glue.models import FakeWorkflowRun

from .predicates import NodeKey

RUNNING_STATES = frozenset({"STARTING", "RUNNING", "STOPPING", "WAITING"})


@dataclass
class ActionRun:
    """One job run or crawl a trigger started within a workflow run."""

    kind: str  # "job" or "crawler"
    name: str
    trigger_name: str
    state: str = "STARTING"
    run_id: str | None = None  # the current attempt's (None while the next attempt is being started)
    attempt_ids: list[str] = field(default_factory=list)  # every attempt's job run / crawl id
    started_on: datetime = field(default_factory=utcnow)
    completed_on: datetime | None = None
    error_message: str | None = None

    @property
    def node(self) -> NodeKey:
        return (self.kind, self.name)

    @property
    def running(self) -> bool:
        return self.state in RUNNING_STATES


class WorkflowRun(FakeWorkflowRun):
    """moto's run record, plus what localglue executes: the actions started, the triggers fired."""

    def __init__(
        self,
        workflow_name: str,
        account_id: str,
        region: str,
        previous_run_id: str | None = None,
        properties: dict[str, str] | None = None,
    ) -> None:
        super().__init__(workflow_name, previous_run_id=previous_run_id, properties=properties)
        self.account_id = account_id
        self.region = region
        self.actions: list[ActionRun] = []
        self.fired_triggers: set[str] = set()
        self.error_message: str | None = None
        self.starting_event_batch_condition: dict[str, int] | None = None
        # node outcomes carried over from the run this one resumes (nodes not restarted)
        self.inherited: dict[NodeKey, list[str]] = {}

    def attempts(self) -> dict[NodeKey, list[str]]:
        """Each node's attempt states in this run, latest last, for predicate evaluation."""
        by_node: dict[NodeKey, list[str]] = defaultdict(list)
        for node, states in self.inherited.items():
            by_node[node].extend(states)
        for action in self.actions:
            by_node[action.node].append(action.state)
        return dict(by_node)

    def running_actions(self) -> list[ActionRun]:
        return [action for action in self.actions if action.running]

    def finish(self, status: str) -> None:
        self.status = status
        self.completed_on = utcnow()

    def statistics(self) -> dict[str, int]:
        states = [action.state for action in self.actions]
        return {
            "TotalActions": len(states),
            "TimeoutActions": states.count("TIMEOUT"),
            "FailedActions": states.count("FAILED"),
            "StoppedActions": states.count("STOPPED") + states.count("CANCELLED"),
            "SucceededActions": states.count("SUCCEEDED"),
            "RunningActions": sum(state in RUNNING_STATES - {"WAITING"} for state in states),
            "ErroredActions": states.count("ERROR"),
            "WaitingActions": states.count("WAITING"),
        }

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = super().as_dict()
        data["Statistics"] = self.statistics()
        if self.error_message:
            data["ErrorMessage"] = self.error_message
        if self.starting_event_batch_condition:
            data["StartingEventBatchCondition"] = self.starting_event_batch_condition
        return data
