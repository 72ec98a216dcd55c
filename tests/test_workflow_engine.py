"""The workflow engine on moto's Glue backend alone (no gateway serving), with actions that record calls."""

import io
import pickle
import uuid

from moto.backends import get_backend
from moto.glue.utils import Action

from localglue import persistence
from localglue.bus import StateChange
from localglue.runtime import Runtime
from localglue.workflows.engine import WorkflowEngine
from localglue.workflows.models import WorkflowRun, WorkflowRuns

ACCOUNT, REGION = "123456789012", "eu-west-3"


class RecordedJobs:
    """Actions that only record which jobs were started, for which workflow run."""

    def __init__(self):
        self.calls = []

    def start_job(self, account_id, region, name, arguments, **run):
        self.calls.append((name, run["workflow_run_id"]))
        return f"jr_{len(self.calls)}"

    def start_crawl(self, account_id, region, name, **run):
        raise AssertionError("no crawler in these workflows")

    def stop(self, run, action):
        pass

    def retried(self, run, change):
        return False


def engine_with(actions: RecordedJobs) -> WorkflowEngine:
    return WorkflowEngine(Runtime(), actions)


def workflow_with_one_job(max_concurrent_runs=None):
    backend = get_backend("glue")[ACCOUNT][REGION]
    name = f"wf-{uuid.uuid4().hex[:8]}"
    backend.create_workflow(name, None, None, max_concurrent_runs, None)
    backend.create_trigger(
        name=f"{name}-start",
        workflow_name=name,
        trigger_type="ON_DEMAND",
        schedule=None,
        predicate=None,
        actions=[Action({"JobName": "only"})],
        description="",
        start_on_creation=False,
        tags={},
        event_batching_condition={},
    )
    return backend, name


def test_a_run_survives_a_snapshot_and_one_left_running_by_a_previous_gateway_ends_stopped():
    _, name = workflow_with_one_job(max_concurrent_runs=1)
    jobs = RecordedJobs()
    engine = engine_with(jobs)
    # what `localglue up --persist` restores: a run another process was running, pickled with the store
    kept = WorkflowRuns()
    kept.add(WorkflowRun(name, ACCOUNT, REGION, properties={"day": "1"}))
    snapshot = io.BytesIO()
    persistence.dump(kept, snapshot)
    engine.runs.restore({(ACCOUNT, REGION): pickle.loads(snapshot.getvalue())})
    engine.restored()
    [stale] = engine.runs_of(ACCOUNT, REGION, name)

    fresh = engine.start_run(ACCOUNT, REGION, name)  # the stale run no longer holds the only slot

    assert stale.status == "STOPPED"
    assert stale.as_dict()["ErrorMessage"].startswith("localglue stopped during this run")
    assert (fresh.status, fresh.previous_run_id, jobs.calls) == (
        "RUNNING",
        stale.run_id,
        [("only", fresh.run_id)],
    )


def test_a_run_is_running_until_its_action_ends_and_ignores_other_runs_notices():
    _, name = workflow_with_one_job()
    engine = engine_with(RecordedJobs())
    run = engine.start_run(ACCOUNT, REGION, name)
    assert (run.status, run.statistics()["RunningActions"]) == ("RUNNING", 1)

    def notice(state, workflow_run_id):
        engine.on_state_change(
            StateChange("job", "only", "jr_1", state, ACCOUNT, REGION, name, workflow_run_id)
        )

    notice("SUCCEEDED", "wr_another_run")
    assert run.status == "RUNNING"
    notice("RUNNING", run.run_id)
    assert run.status == "RUNNING"
    notice("SUCCEEDED", run.run_id)
    assert run.status == "COMPLETED" and run.completed_on is not None
    assert run.statistics()["SucceededActions"] == 1 and run.statistics()["RunningActions"] == 0
