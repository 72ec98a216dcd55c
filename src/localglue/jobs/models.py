"""Job run records, kept as Glue reports them (GetJobRun's `JobRun` shape)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

STARTING, RUNNING, STOPPING = "STARTING", "RUNNING", "STOPPING"
SUCCEEDED, FAILED, TIMEOUT, STOPPED, ERROR = "SUCCEEDED", "FAILED", "TIMEOUT", "STOPPED", "ERROR"
ACTIVE_STATES = frozenset({STARTING, RUNNING, STOPPING})
TERMINAL_STATES = frozenset({SUCCEEDED, FAILED, TIMEOUT, STOPPED, ERROR})
# Glue's default for a job that sets no Timeout: 48 hours.
DEFAULT_TIMEOUT_MINUTES = 2880


@dataclass
class JobRun:
    account_id: str
    region: str
    job_name: str
    run_id: str
    arguments: dict[str, str]
    timeout_minutes: int
    glue_version: str
    worker_type: str | None
    number_of_workers: int | None
    max_capacity: float | None
    execution_class: str
    attempt: int = 0
    previous_run_id: str | None = None
    trigger_name: str | None = None
    workflow_name: str | None = None
    workflow_run_id: str | None = None
    state: str = STARTING
    error_message: str | None = None
    started_on: float = field(default_factory=time.time)
    last_modified_on: float = field(default_factory=time.time)
    completed_on: float | None = None

    def set_state(self, state: str, error_message: str | None = None) -> None:
        self.state = state
        self.last_modified_on = time.time()
        if error_message:
            self.error_message = error_message
        if state in TERMINAL_STATES:
            self.completed_on = self.last_modified_on

    @property
    def execution_time(self) -> int:
        """Whole seconds the run has been going (Glue's ExecutionTime)."""
        return int((self.completed_on or time.time()) - self.started_on)

    def as_dict(self) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "Id": self.run_id,
            "Attempt": self.attempt,
            "JobName": self.job_name,
            "JobMode": "SCRIPT",
            "StartedOn": self.started_on,
            "LastModifiedOn": self.last_modified_on,
            "JobRunState": self.state,
            "Arguments": self.arguments,
            "PredecessorRuns": [],
            "ExecutionTime": self.execution_time,
            "Timeout": self.timeout_minutes,
            "LogGroupName": "/aws-glue/jobs",
            "GlueVersion": self.glue_version,
            "ExecutionClass": self.execution_class,
        }
        optional = {
            "PreviousRunId": self.previous_run_id,
            "TriggerName": self.trigger_name,
            "CompletedOn": self.completed_on,
            "ErrorMessage": self.error_message,
            "WorkerType": self.worker_type,
            "NumberOfWorkers": self.number_of_workers,
            "MaxCapacity": self.max_capacity,
        }
        shape.update({key: value for key, value in optional.items() if value is not None})
        return shape


class JobRuns:
    """Every run of every job of one account and region, newest last."""

    def __init__(self) -> None:
        self.by_job: dict[str, list[JobRun]] = {}
        # Held for every state change that must not race another (a stop against the end of a run).
        self.lock = threading.RLock()

    def add(self, run: JobRun) -> None:
        with self.lock:
            self.by_job.setdefault(run.job_name, []).append(run)

    def of(self, job_name: str) -> list[JobRun]:
        with self.lock:
            return list(self.by_job.get(job_name, []))

    def get(self, job_name: str, run_id: str) -> JobRun | None:
        return next((run for run in self.of(job_name) if run.run_id == run_id), None)

    def active_count(self, job_name: str) -> int:
        return sum(run.state in ACTIVE_STATES for run in self.of(job_name))

    def begin_stop(self, run: JobRun) -> bool:
        """STOPPING, if the run is still going; False (and no change) once it ended."""
        with self.lock:
            if run.state not in ACTIVE_STATES:
                return False
            run.set_state(STOPPING)
            return True

    def end_cut_short(self) -> None:
        """Runs restored from a snapshot that were going when the gateway stopped lost their process."""
        with self.lock:
            for run in (run for runs in self.by_job.values() for run in runs if run.state in ACTIVE_STATES):
                run.set_state(STOPPED, "localglue stopped before the run ended")  # as the engine's stop says
