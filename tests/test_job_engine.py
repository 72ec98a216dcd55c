"""The jobs engine's run bookkeeping, without running a process: a stop never reopens a finished run."""

from __future__ import annotations

from localglue.jobs import models
from localglue.jobs.runner import JobDefinition, RunProcess, RunRequest
from localglue.runtime import Runtime

ACCOUNT, REGION = "123456789012", "us-east-1"


def a_run(runtime: Runtime, state: str) -> RunProcess:
    job = JobDefinition(
        name="quick",
        role="arn:aws:iam::123456789012:role/glue",
        command_name="pythonshell",
        script_location="s3://scripts/quick.py",
        default_arguments={},
        non_overridable_arguments={},
        max_retries=0,
        max_concurrent_runs=1,
        timeout_minutes=10,
        glue_version="5.0",
        worker_type=None,
        number_of_workers=None,
        max_capacity=None,
        execution_class="STANDARD",
    )
    request = RunRequest(job, "http://127.0.0.1:4566", {}, 10, None, None)
    run = runtime.jobs._new_run(ACCOUNT, REGION, request, attempt=0, previous_run_id=None)
    run.set_state(state)
    return RunProcess(runtime.jobs, run, request)


def test_a_stop_that_comes_after_the_run_ended_changes_nothing():
    # The run's process ended SUCCEEDED; the stop request was already on its way.
    process = a_run(Runtime(), models.SUCCEEDED)
    assert process.request_stop() is False
    assert process.run.state == models.SUCCEEDED


def test_a_stop_of_a_run_still_going_is_stopping_until_its_process_ends():
    process = a_run(Runtime(), models.RUNNING)
    assert process.request_stop("asked") is True
    assert (process.run.state, process.stop_reason) == (models.STOPPING, "asked")
