"""The workflow engine on moto's Glue backend alone (no gateway), with start functions that record calls."""

import pickle
import uuid

from moto.backends import get_backend
from moto.glue.utils import Action

from localglue.lifecycle import StateChange
from localglue.workflows.engine import WorkflowEngine
from localglue.workflows.models import WorkflowRun

ACCOUNT, REGION = "123456789012", "eu-west-3"


def started_jobs():
    calls = []

    def start_job(account_id, region, job_name, arguments=None, **context):
        calls.append((job_name, context["workflow_run_id"]))
        return f"jr_{len(calls)}"

    return calls, start_job


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
    backend, name = workflow_with_one_job(max_concurrent_runs=1)
    calls, start_job = started_jobs()
    engine = WorkflowEngine(start_job=start_job)
    engine.endpoint_url = "http://127.0.0.1:4566"
    # what `localglue up --persist` restores: a run another process was running, pickled with moto's state
    stale = pickle.loads(pickle.dumps(WorkflowRun(name, ACCOUNT, REGION, properties={"day": "1"})))
    backend.workflows[name].runs[stale.run_id] = stale

    fresh = engine.start_run(ACCOUNT, REGION, name)  # the stale run no longer holds the only slot

    assert engine.get_run(ACCOUNT, REGION, name, stale.run_id).status == "STOPPED"
    assert stale.as_dict()["ErrorMessage"].startswith("localglue stopped during this run")
    assert (fresh.status, fresh.previous_run_id, calls) == ("RUNNING", stale.run_id, [("only", fresh.run_id)])


def test_a_run_is_running_until_its_action_ends_and_ignores_other_runs_notices():
    backend, name = workflow_with_one_job()
    calls, start_job = started_jobs()
    engine = WorkflowEngine(start_job=start_job)
    engine.endpoint_url = "http://127.0.0.1:4566"
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
