"""Workflow runs as AWS reports them (GetWorkflowRun's `Run` shape), kept by the workflow engine."""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .predicates import NodeKey


def utcnow() -> datetime:
    return datetime.now(UTC)


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


class WorkflowRun:
    """A run of a workflow: what its triggers started and fired, its properties and its outcome."""

    def __init__(
        self,
        workflow_name: str,
        account_id: str,
        region: str,
        previous_run_id: str | None = None,
        properties: dict[str, str] | None = None,
    ) -> None:
        self.workflow_name = workflow_name
        self.run_id = f"wr_{secrets.token_hex(32)}"
        self.account_id = account_id
        self.region = region
        self.previous_run_id = previous_run_id
        self.properties = dict(properties or {})
        self.status = "RUNNING"
        self.started_on = utcnow()
        self.completed_on: datetime | None = None
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
        data: dict[str, Any] = {
            "Name": self.workflow_name,
            "WorkflowRunId": self.run_id,
            "StartedOn": self.started_on,
            "Status": self.status,
        }
        if self.completed_on:
            data["CompletedOn"] = self.completed_on
        if self.previous_run_id:
            data["PreviousRunId"] = self.previous_run_id
        if self.properties:
            data["WorkflowRunProperties"] = self.properties
        data["Statistics"] = self.statistics()
        if self.error_message:
            data["ErrorMessage"] = self.error_message
        if self.starting_event_batch_condition:
            data["StartingEventBatchCondition"] = self.starting_event_batch_condition
        return data


class WorkflowRuns:
    """The workflow runs of one account and region, by workflow, oldest first."""

    def __init__(self) -> None:
        self.by_workflow: dict[str, dict[str, WorkflowRun]] = {}
        self.lock = threading.RLock()

    def add(self, run: WorkflowRun) -> None:
        with self.lock:
            self.by_workflow.setdefault(run.workflow_name, {})[run.run_id] = run

    def of(self, workflow_name: str) -> list[WorkflowRun]:
        with self.lock:
            return list(self.by_workflow.get(workflow_name, {}).values())

    def get(self, workflow_name: str, run_id: str) -> WorkflowRun | None:
        with self.lock:
            return self.by_workflow.get(workflow_name, {}).get(run_id)

    def latest(self, workflow_name: str) -> WorkflowRun | None:
        runs = self.of(workflow_name)
        return runs[-1] if runs else None

    def forget(self, workflow_name: str) -> None:
        """A deleted workflow's runs go with it."""
        with self.lock:
            self.by_workflow.pop(workflow_name, None)

    def end_cut_short(self) -> None:
        """Runs restored from a snapshot whose jobs and crawls died with the previous gateway: STOPPED."""
        with self.lock:
            for runs in self.by_workflow.values():
                for run in runs.values():
                    if run.status in ("RUNNING", "STOPPING"):
                        run.error_message = (
                            "localglue stopped during this run; its jobs and crawls did not survive"
                        )
                        run.finish("STOPPED")
