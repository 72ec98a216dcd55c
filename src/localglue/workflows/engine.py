"""The workflow engine of one gateway: starts runs, fires triggers, follows job runs and crawls to the end.

It reacts to the gateway's bus: when a job run or crawl of a workflow run ends, the run's CONDITIONAL
triggers are evaluated and those whose predicate is met start their actions, once per run. A run is over
when nothing it started is still running: COMPLETED (whatever its actions' outcomes, as on AWS; the
Statistics tell failures apart), or STOPPED after StopWorkflowRun. SCHEDULED triggers fire on the
gateway's clock (`schedules`), EVENT triggers on EventBridge events (`events`).
The `Actions` it starts and stops jobs and crawls through are the gateway's engines unless a test gives
others, so the engine can be driven alone.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Protocol

from moto.backends import get_backend
from moto.glue.models import FakeTrigger, GlueBackend

from ..bus import StateChange
from ..gateway.errors import AwsError, entity_not_found, invalid_input
from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore
from ..glue.graph import build_workflow_graph, workflow_triggers
from .events import EventBatcher
from .models import ActionRun, WorkflowRun, WorkflowRuns, utcnow
from .predicates import evaluate, is_terminal, watched_nodes
from .schedules import TriggerSchedules

if TYPE_CHECKING:
    from ..runtime import Runtime

log = logging.getLogger("localglue.workflows")

ACTIVE_STATUSES = ("RUNNING", "STOPPING")


class Actions(Protocol):
    """How the workflow engine starts and stops the jobs and crawls its triggers name."""

    def start_job(
        self, account_id: str, region: str, name: str, arguments: dict[str, str], **run: Any
    ) -> str: ...

    def start_crawl(self, account_id: str, region: str, name: str, **run: Any) -> str: ...

    def stop(self, run: WorkflowRun, action: ActionRun) -> None: ...

    def retried(self, run: WorkflowRun, change: StateChange) -> bool:
        """Whether a failed job run gets another attempt (the job's MaxRetries)."""
        ...


class EngineActions:
    """The gateway's own jobs and crawler engines."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def start_job(
        self, account_id: str, region: str, name: str, arguments: dict[str, str], **run: Any
    ) -> str:
        return self.runtime.jobs.start_run(account_id, region, name, arguments, **run)

    def start_crawl(self, account_id: str, region: str, name: str, **run: Any) -> str:
        return self.runtime.crawlers.start_crawl(account_id, region, name, **run)

    def stop(self, run: WorkflowRun, action: ActionRun) -> None:
        if action.kind == "job":
            self.runtime.jobs.stop_run(run.account_id, run.region, action.name, action.run_id or "")
        else:
            self.runtime.crawlers.stop_crawl(run.account_id, run.region, action.name)

    def retried(self, run: WorkflowRun, change: StateChange) -> bool:
        job = glue_backend(run.account_id, run.region).jobs.get(change.name)
        max_retries = int(getattr(job, "max_retries", 0) or 0)
        if not max_retries:
            return False
        try:
            job_run = self.runtime.jobs.get_run(run.account_id, run.region, change.name, change.run_id)
        except AwsError:
            return False
        return job_run.attempt < max_retries


def glue_backend(account_id: str, region: str) -> GlueBackend:
    return get_backend("glue")[account_id][region]


class WorkflowEngine(Engine):
    name = "workflows"

    def __init__(self, runtime: Runtime, actions: Actions | None = None):
        self.runtime = runtime
        self.actions: Actions = actions or EngineActions(runtime)
        self.runs: AccountRegionStore[WorkflowRuns] = AccountRegionStore(WorkflowRuns)
        self.schedules = TriggerSchedules(self)
        self.batcher = EventBatcher(self)
        self._lock = threading.RLock()

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"workflows": self.runs}

    def restored(self) -> None:
        for _, runs in self.runs.items():
            runs.end_cut_short()

    def start(self) -> None:
        self.runtime.bus.subscribe(self.on_state_change)
        self.runtime.ticker.on_tick(self.schedules)
        self.runtime.ticker.on_tick(self.batcher.close_expired)

    def stop(self) -> None:
        self.runtime.bus.unsubscribe(self.on_state_change)

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
            active = self._active_runs(account_id, region, workflow_name)
            if workflow.max_concurrent_runs and len(active) >= workflow.max_concurrent_runs:
                message = f"Concurrent runs exceeded for workflow: {workflow_name}"
                if trigger is None:
                    raise AwsError("ConcurrentRunsExceededException", message)
                run.error_message = message
                self.runs.get(account_id, region).add(run)
                run.finish("ERROR")
                return run
            self.runs.get(account_id, region).add(run)
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
                self.actions.stop(run, action)
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
            active = self._active_runs(account_id, region, workflow_name)
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
            self.runs.get(account_id, region).add(run)
            recorded = {action.node: action.trigger_name for action in original.actions}
            for _, key in restarted:
                # restart it as the trigger that started it did: same arguments and timeout
                starters = [(t, a) for t in triggers for a in t.actions if _node_of(a) == key]
                starters.sort(key=lambda pair: pair[0].name != recorded.get(key))
                trigger, act = starters[0] if starters else (None, None)
                self._start_action(
                    run,
                    *key,
                    trigger.name if trigger else "",
                    _arguments(act) if act else None,
                    _timeout(act) if act else None,
                )
            self._settle(run, backend)
            return run, [node_id for node_id, _ in restarted]

    def fire_trigger(self, account_id: str, region: str, name: str) -> str | None:
        """Fire a schedule, event or on-demand trigger now, whatever its state; returns the workflow run id
        it started, if it is in a workflow."""
        trigger = glue_backend(account_id, region).triggers.get(name)
        if trigger is None:
            raise entity_not_found(f"Trigger {name} not found")
        if trigger.trigger_type == "CONDITIONAL":
            raise invalid_input(
                f"Trigger {name} is CONDITIONAL: it fires on its predicate within a workflow run"
            )
        started = self.schedules.fire(account_id, region, trigger, self.runtime.ticker.clock)
        return started if isinstance(started, str) else None

    def advance_clock(self, account_id: str, seconds: float) -> list[str]:
        """Move the account's clock forward; returns the triggers whose schedule fired."""
        fired = self.runtime.ticker.advance(account_id, seconds).get(self.schedules)
        return list(fired) if isinstance(fired, list) else []

    def start_actions(self, account_id: str, region: str, trigger: FakeTrigger) -> list[str]:
        """A trigger outside any workflow: its jobs and crawlers start on their own; returns their run ids."""
        started = []
        for action in trigger.actions:
            kind, name = _node_of(action)
            try:
                if kind == "job":
                    arguments = _arguments(action)
                    started.append(
                        self.actions.start_job(
                            account_id,
                            region,
                            name,
                            arguments,
                            trigger_name=trigger.name,
                            timeout=_timeout(action),
                        )
                    )
                else:
                    started.append(self.actions.start_crawl(account_id, region, name))
            except AwsError as err:
                log.warning("trigger %s could not start %s %s: %s", trigger.name, kind, name, err.message)
        return started

    def get_run(self, account_id: str, region: str, workflow_name: str, run_id: str) -> WorkflowRun:
        if workflow_name not in glue_backend(account_id, region).workflows:
            raise entity_not_found(f"Workflow {workflow_name} not found")
        run = self.runs.get(account_id, region).get(workflow_name, run_id)
        if run is None:
            raise entity_not_found(f"Workflow run {run_id} of workflow {workflow_name} not found")
        return run

    def runs_of(self, account_id: str, region: str, workflow_name: str) -> list[WorkflowRun]:
        """Newest first, as AWS lists them."""
        if workflow_name not in glue_backend(account_id, region).workflows:
            raise entity_not_found(f"Workflow {workflow_name} not found")
        return list(reversed(self.runs.get(account_id, region).of(workflow_name)))

    def latest_run(self, account_id: str, region: str, workflow_name: str) -> WorkflowRun | None:
        return self.runs.get(account_id, region).latest(workflow_name)

    # --- notices ----------------------------------------------------------------------------------------

    def on_state_change(self, change: StateChange) -> None:
        if not change.workflow_run_id or not change.workflow_name:
            return
        with self._lock:
            run = self.runs.get(change.account_id, change.region).get(
                change.workflow_name, change.workflow_run_id
            )
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
            if change.kind == "job" and change.state == "FAILED" and self.actions.retried(run, change):
                action.run_id = None  # the job engine starts the next attempt; the action goes on
                return
            action.state = change.state
            if is_terminal(change.kind, change.state):
                action.completed_on = utcnow()
                action.error_message = change.error_message
                self._settle(run, glue_backend(run.account_id, run.region))

    # --- internals --------------------------------------------------------------------------------------

    def _new_run(
        self, workflow: Any, account_id: str, region: str, properties: dict[str, str]
    ) -> WorkflowRun:
        previous = self.runs.get(account_id, region).latest(workflow.name)
        return WorkflowRun(
            workflow.name, account_id, region, previous.run_id if previous else None, properties
        )

    def _active_runs(self, account_id: str, region: str, workflow_name: str) -> list[WorkflowRun]:
        return [
            run
            for run in self.runs.get(account_id, region).of(workflow_name)
            if run.status in ACTIVE_STATUSES
        ]

    def _fire(self, run: WorkflowRun, trigger: FakeTrigger) -> None:
        run.fired_triggers.add(trigger.name)
        log.info("workflow %s run %s: trigger %s fires", run.workflow_name, run.run_id, trigger.name)
        for action in trigger.actions:
            self._start_action(run, *_node_of(action), trigger.name, _arguments(action), _timeout(action))

    def _start_action(
        self,
        run: WorkflowRun,
        kind: str,
        name: str,
        trigger_name: str,
        arguments: dict[str, str] | None,
        timeout: int | None = None,
    ) -> None:
        record = ActionRun(kind, name, trigger_name)
        run.actions.append(record)  # before starting: the engine may report on it before returning
        context = {"workflow_name": run.workflow_name, "workflow_run_id": run.run_id}
        try:
            if kind == "job":
                run_id = self.actions.start_job(
                    run.account_id,
                    run.region,
                    name,
                    arguments or {},
                    trigger_name=trigger_name,
                    timeout=timeout,
                    **context,
                )
            else:
                run_id = self.actions.start_crawl(run.account_id, run.region, name, **context)
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


def _arguments(action: Any) -> dict[str, str]:
    """The action's job arguments (moto types an action's fields loosely)."""
    return dict(action.arguments or {})


def _timeout(action: Any) -> int | None:
    return action.timeout


def _predicate(trigger: FakeTrigger) -> dict[str, Any] | None:
    return trigger.predicate.as_dict() if trigger.predicate else None
