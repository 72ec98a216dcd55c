"""The workflow engine: starts runs, fires triggers, follows job runs and crawls to the end of each run.

It reacts to `localglue.lifecycle` notices: when a job run or crawl of a workflow run ends, the run's
CONDITIONAL triggers are evaluated and those whose predicate is met start their actions, once per run.
A run is over when nothing it started is still running: COMPLETED (whatever its actions' outcomes, as on
AWS; the Statistics tell failures apart), or STOPPED after StopWorkflowRun.
The functions that start and stop jobs and crawls are parameters, so tests can drive the engine alone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from moto.backends import get_backend
from moto.core.utils import utcnow
from moto.glue.models import FakeTrigger, GlueBackend

from .. import crawlers, jobs, lifecycle
from ..gateway.errors import AwsError, entity_not_found, invalid_input
from ..glue.graph import build_workflow_graph, workflow_triggers
from .models import ActionRun, WorkflowRun
from .predicates import evaluate, is_terminal, watched_nodes

log = logging.getLogger("localglue.workflows")

ACTIVE_STATUSES = ("RUNNING", "STOPPING")
StartJob = Callable[..., str]  # localglue.jobs.start_job_run's signature
StartCrawl = Callable[..., str]  # localglue.crawlers.start_crawl's signature
StopAction = Callable[[WorkflowRun, ActionRun], None]


def _stop_action(run: WorkflowRun, action: ActionRun) -> None:
    if action.kind == "job":
        jobs.stop_job_run(run.account_id, run.region, action.name, action.run_id)
    else:
        crawlers.stop_crawl(run.account_id, run.region, action.name)


def glue_backend(account_id: str, region: str) -> GlueBackend:
    return get_backend("glue")[account_id][region]


class WorkflowEngine:
    def __init__(
        self,
        start_job: StartJob = jobs.start_job_run,
        start_crawl: StartCrawl = crawlers.start_crawl,
        stop_action: StopAction = _stop_action,
    ):
        self.configure(start_job, start_crawl, stop_action)
        self.endpoint_url = ""  # the gateway's URL, for job runs started off a request (schedules, events)
        self._lock = threading.RLock()
        self._runs: dict[str, WorkflowRun] = {}

    def configure(
        self,
        start_job: StartJob = jobs.start_job_run,
        start_crawl: StartCrawl = crawlers.start_crawl,
        stop_action: StopAction = _stop_action,
    ) -> None:
        """Replace how jobs and crawls are started and stopped (the real engines by default)."""
        self.start_job, self.start_crawl, self.stop_action = start_job, start_crawl, stop_action

    # --- runs -------------------------------------------------------------------------------------------

    def start_run(
        self,
        account_id: str,
        region: str,
        workflow_name: str,
        properties: dict[str, str] | None = None,
        *,
        trigger: FakeTrigger | None = None,
        event_batch_condition: dict[str, int] | None = None,
    ) -> WorkflowRun:
        """StartWorkflowRun (every start trigger fires), or one start trigger firing (schedule, event).

        Over MaxConcurrentRuns, an API start raises ConcurrentRunsExceededException; a trigger's start is
        recorded as an ERROR run, as AWS does.
        """
        with self._lock:
            backend = glue_backend(account_id, region)
            workflow = backend.workflows.get(workflow_name)
            if workflow is None:
                raise entity_not_found(f"Workflow {workflow_name} not found")
            run = self._new_run(
                workflow,
                account_id,
                region,
                {**(workflow.default_run_properties or {}), **(properties or {})},
            )
            run.starting_event_batch_condition = event_batch_condition
            active = self._active_runs(workflow)
            if workflow.max_concurrent_runs and len(active) >= workflow.max_concurrent_runs:
                message = f"Concurrent runs exceeded for workflow: {workflow_name}"
                if trigger is None:
                    raise AwsError("ConcurrentRunsExceededException", message)
                run.error_message = message
                self._store(workflow, run)
                run.finish("ERROR")
                return run
            self._store(workflow, run)
            starters = (
                [trigger]
                if trigger
                else [t for t in workflow_triggers(backend, workflow_name) if t.trigger_type != "CONDITIONAL"]
            )
            for starter in starters:
                self._fire(run, starter)
            self._settle(run, backend)
            return run

    def stop_run(self, account_id: str, region: str, workflow_name: str, run_id: str) -> None:
        with self._lock:
            run = self.get_run(account_id, region, workflow_name, run_id)
            if run.status != "RUNNING":
                raise AwsError(
                    "IllegalWorkflowStateException", f"Workflow run {run_id} is {run.status}, not RUNNING"
                )
            run.status = "STOPPING"
            running = run.running_actions()
        # outside the lock: an engine told to stop may report on another thread that needs it
        for action in running:
            try:
                self.stop_action(run, action)
            except Exception as err:  # the action still ends on its own; the run waits for it
                log.warning("could not stop %s %s of %s: %s", action.kind, action.name, run_id, err)
        with self._lock:
            self._settle(run, glue_backend(account_id, region))

    def resume_run(
        self, account_id: str, region: str, workflow_name: str, run_id: str, node_ids: list[str]
    ) -> tuple[WorkflowRun, list[str]]:
        """A new run that restarts the given nodes; what they trigger runs again, the rest is carried over."""
        with self._lock:
            backend = glue_backend(account_id, region)
            original = self.get_run(account_id, region, workflow_name, run_id)
            if original.status not in ("COMPLETED", "STOPPED"):
                raise AwsError(
                    "IllegalWorkflowStateException",
                    f"Workflow run {run_id} is {original.status}; only ended runs resume",
                )
            nodes = {
                node["UniqueId"]: node
                for node in build_workflow_graph(backend, workflow_name).get("Nodes", [])
            }
            attempts = original.attempts()
            restarted = []
            for node_id in dict.fromkeys(node_ids):
                node = nodes.get(node_id)
                if node is None or node["Type"] not in ("JOB", "CRAWLER"):
                    raise invalid_input(
                        f"Node {node_id} is not a job or crawler node of workflow {workflow_name}"
                    )
                key = ("job" if node["Type"] == "JOB" else "crawler", node["Name"])
                if key not in attempts:
                    raise invalid_input(
                        f"Node {node_id} ({node['Name']}) has no run attempt in workflow run {run_id}"
                    )
                restarted.append((node_id, key))
            triggers = workflow_triggers(backend, workflow_name)
            rerun = self._downstream({key for _, key in restarted}, triggers)
            workflow = backend.workflows[workflow_name]
            active = self._active_runs(workflow)
            if workflow.max_concurrent_runs and len(active) >= workflow.max_concurrent_runs:
                raise AwsError(
                    "ConcurrentRunsExceededException",
                    f"Concurrent runs exceeded for workflow: {workflow_name}",
                )
            run = self._new_run(workflow, account_id, region, dict(original.properties))
            run.previous_run_id = original.run_id
            run.inherited = {node: states for node, states in attempts.items() if node not in rerun}
            run.fired_triggers = {
                trigger.name
                for trigger in triggers
                if trigger.name in original.fired_triggers and not watched_nodes(_predicate(trigger)) & rerun
            }
            self._store(workflow, run)
            recorded = {action.node: action.trigger_name for action in original.actions}
            for _, key in restarted:
                # restart it as the trigger that started it did: same arguments and timeout
                starters = [(t, a) for t in triggers for a in t.actions if _node_of(a) == key]
                starters.sort(key=lambda pair: pair[0].name != recorded.get(key))
                trigger, act = starters[0] if starters else (None, None)
                self._start_action(
                    run, *key, trigger.name if trigger else "", act and act.arguments, act and act.timeout
                )
            self._settle(run, backend)
            return run, [node_id for node_id, _ in restarted]

    def start_actions(self, account_id: str, region: str, trigger: FakeTrigger) -> list[str]:
        """A trigger outside any workflow: its jobs and crawlers start on their own; returns their run ids."""
        started = []
        for action in trigger.actions:
            kind, name = _node_of(action)
            try:
                if kind == "job":
                    arguments = dict(action.arguments or {})
                    started.append(
                        self.start_job(
                            account_id,
                            region,
                            name,
                            arguments,
                            endpoint_url=self.endpoint_url,
                            trigger_name=trigger.name,
                            timeout=action.timeout,
                        )
                    )
                else:
                    started.append(self.start_crawl(account_id, region, name))
            except AwsError as err:
                log.warning("trigger %s could not start %s %s: %s", trigger.name, kind, name, err.message)
        return started

    def get_run(self, account_id: str, region: str, workflow_name: str, run_id: str) -> WorkflowRun:
        workflow = glue_backend(account_id, region).workflows.get(workflow_name)
        if workflow is None:
            raise entity_not_found(f"Workflow {workflow_name} not found")
        run = workflow.runs.get(run_id)
        if not isinstance(run, WorkflowRun):
            raise entity_not_found(f"Workflow run {run_id} of workflow {workflow_name} not found")
        return self._adopt(run)

    def runs_of(self, account_id: str, region: str, workflow_name: str) -> list[WorkflowRun]:
        """Newest first, as AWS lists them."""
        workflow = glue_backend(account_id, region).workflows.get(workflow_name)
        if workflow is None:
            raise entity_not_found(f"Workflow {workflow_name} not found")
        return [
            self._adopt(run) for run in reversed(list(workflow.runs.values())) if isinstance(run, WorkflowRun)
        ]

    # --- notices ----------------------------------------------------------------------------------------

    def on_state_change(self, change: lifecycle.StateChange) -> None:
        if not change.workflow_run_id:
            return
        with self._lock:
            run = self._runs.get(change.workflow_run_id)
            if run is None or run.status not in ACTIVE_STATUSES:
                return
            candidates = [
                a
                for a in run.actions
                if a.node == (change.kind, change.name) and a.run_id in (change.run_id, None)
            ]
            if not candidates:
                return
            action = next((a for a in candidates if a.run_id == change.run_id), candidates[-1])
            action.run_id = change.run_id
            if change.run_id not in action.attempt_ids:
                action.attempt_ids.append(change.run_id)
            if change.kind == "job" and change.state == "FAILED" and self._retried(run, change):
                action.run_id = None  # the job engine starts the next attempt; the action goes on
                return
            action.state = change.state
            if is_terminal(change.kind, change.state):
                action.completed_on = utcnow()
                action.error_message = change.error_message
                self._settle(run, glue_backend(run.account_id, run.region))

    @staticmethod
    def _retried(run: WorkflowRun, change: lifecycle.StateChange) -> bool:
        """Whether a failed job run gets another attempt (the job's MaxRetries), as the jobs engine does."""
        job = glue_backend(run.account_id, run.region).jobs.get(change.name)
        max_retries = int(getattr(job, "max_retries", 0) or 0)
        if not max_retries:
            return False
        from ..jobs import get_job_run

        try:
            return (
                get_job_run(run.account_id, run.region, change.name, change.run_id)["Attempt"] < max_retries
            )
        except (AwsError, KeyError):
            return False

    # --- internals --------------------------------------------------------------------------------------

    def _new_run(
        self, workflow: Any, account_id: str, region: str, properties: dict[str, str]
    ) -> WorkflowRun:
        previous = next(reversed(workflow.runs.values()), None) if workflow.runs else None
        return WorkflowRun(
            workflow.name, account_id, region, previous.run_id if previous else None, properties
        )

    def _adopt(self, run: WorkflowRun) -> WorkflowRun:
        """A run restored from a snapshot (`localglue up --persist`) whose jobs and crawls died with the
        previous gateway: it can only end, STOPPED, so it no longer counts against MaxConcurrentRuns."""
        with self._lock:
            if run.run_id not in self._runs and run.status in ACTIVE_STATUSES:
                run.error_message = "localglue stopped during this run; its jobs and crawls did not survive"
                run.finish("STOPPED")
        return run

    def _active_runs(self, workflow: Any) -> list[WorkflowRun]:
        runs = [self._adopt(run) for run in list(workflow.runs.values()) if isinstance(run, WorkflowRun)]
        return [run for run in runs if run.status in ACTIVE_STATUSES]

    def _store(self, workflow: Any, run: WorkflowRun) -> None:
        workflow.runs[run.run_id] = run
        self._runs[run.run_id] = run

    def _fire(self, run: WorkflowRun, trigger: FakeTrigger) -> None:
        run.fired_triggers.add(trigger.name)
        log.info("workflow %s run %s: trigger %s fires", run.workflow_name, run.run_id, trigger.name)
        for action in trigger.actions:
            self._start_action(run, *_node_of(action), trigger.name, action.arguments, action.timeout)

    def _start_action(
        self,
        run: WorkflowRun,
        kind: str,
        name: str,
        trigger_name: str,
        arguments: Any,
        timeout: int | None = None,
    ) -> None:
        record = ActionRun(kind, name, trigger_name)
        run.actions.append(record)  # before starting: the engine may report on it before returning
        context = {"workflow_name": run.workflow_name, "workflow_run_id": run.run_id}
        try:
            if kind == "job":
                if not self.endpoint_url:
                    raise RuntimeError(
                        "the gateway's URL is unknown until a workflow or trigger action is called"
                    )
                run_id = self.start_job(
                    run.account_id,
                    run.region,
                    name,
                    dict(arguments or {}),
                    endpoint_url=self.endpoint_url,
                    trigger_name=trigger_name,
                    timeout=timeout,
                    **context,
                )
            else:
                run_id = self.start_crawl(run.account_id, run.region, name, **context)
            record.run_id = record.run_id or run_id
            if run_id not in record.attempt_ids:
                record.attempt_ids.append(run_id)
        except Exception as err:
            # a start refused (missing job, concurrency, no engine) ends the action at once
            record.state = "ERROR" if kind == "job" else "FAILED"
            record.error_message = (
                err.message if isinstance(err, AwsError) else f"{type(err).__name__}: {err}"
            )
            record.completed_on = utcnow()
            log.warning(
                "workflow run %s could not start %s %s: %s", run.run_id, kind, name, record.error_message
            )

    def _settle(self, run: WorkflowRun, backend: GlueBackend) -> None:
        """Fire every conditional trigger whose predicate is now met; end the run when nothing runs."""
        while run.status == "RUNNING":
            attempts = run.attempts()
            ready = [
                trigger
                for trigger in workflow_triggers(backend, run.workflow_name)
                if trigger.trigger_type == "CONDITIONAL"
                and trigger.state == "ACTIVATED"
                and trigger.name not in run.fired_triggers
                and evaluate(_predicate(trigger), attempts) is True
            ]
            if not ready:
                break
            for trigger in ready:
                self._fire(run, trigger)
        if run.status in ACTIVE_STATUSES and not run.running_actions():
            run.finish("STOPPED" if run.status == "STOPPING" else "COMPLETED")
            log.info("workflow %s run %s: %s %s", run.workflow_name, run.run_id, run.status, run.statistics())

    @staticmethod
    def _downstream(start: set[tuple[str, str]], triggers: list[FakeTrigger]) -> set[tuple[str, str]]:
        """The given nodes and every node a conditional trigger starts after them, transitively."""
        reached = set(start)
        changed = True
        while changed:
            changed = False
            for trigger in triggers:
                if trigger.trigger_type == "CONDITIONAL" and watched_nodes(_predicate(trigger)) & reached:
                    for action in trigger.actions:
                        node = _node_of(action)
                        if node not in reached:
                            reached.add(node)
                            changed = True
        return reached


def _node_of(action: Any) -> tuple[str, str]:
    return ("job", action.job_name) if action.job_name else ("crawler", action.crawler_name)


def _predicate(trigger: FakeTrigger) -> dict[str, Any] | None:
    return trigger.predicate.as_dict() if trigger.predicate else None


engine = WorkflowEngine()
