"""Workflow engine overhead, on a gateway of this process, with actions that end as soon as they start.

Stand-in jobs (each publishes RUNNING then SUCCEEDED on its own thread) isolate what the workflow engine
adds: trigger evaluation, run bookkeeping, the API. Figures: a chain of N conditional triggers
(StartWorkflowRun -> COMPLETED), a fan-out of N parallel jobs joined by one AND trigger, and cron
next-fire computations per second.
`python -m localglue.bench.workflows --steps 200` (the default)
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta


from ..bus import EventBus, StateChange
from ..schedule.cron import CronSchedule
from .. import endpoint
from ..server import GatewayServer
from . import BENCH_KEYS
from ..workflows.builders import conditional, on_demand
from ..workflows.engine import EngineActions


class InstantJobs(EngineActions):
    """Jobs that succeed as soon as they start: what is measured is the workflow engine alone."""

    def __init__(self, bus: EventBus):
        self.bus = bus

    def start_job(
        self, account_id, region, name, arguments, *, workflow_name=None, workflow_run_id=None, **_
    ):
        run_id = f"jr_{uuid.uuid4().hex}"

        def finish():
            for state in ("RUNNING", "SUCCEEDED"):
                self.bus.publish(
                    StateChange(
                        "job", name, run_id, state, account_id, region, workflow_name, workflow_run_id
                    )
                )

        threading.Thread(target=finish, daemon=True).start()
        return run_id

    def retried(self, run, change) -> bool:
        return False


def _run_seconds(glue, workflow: str) -> tuple[float, dict]:
    started = time.perf_counter()
    run_id = glue.start_workflow_run(Name=workflow)["RunId"]
    while True:
        run = glue.get_workflow_run(Name=workflow, RunId=run_id)["Run"]
        if run["Status"] != "RUNNING":
            return time.perf_counter() - started, run
        time.sleep(0.005)


def chain(glue, steps: int) -> None:
    glue.create_workflow(Name="bench-chain")
    on_demand(glue, "bench-chain", {"JobName": "j0"}, name="chain-0")
    for i in range(1, steps):
        after = [{"JobName": f"j{i - 1}", "State": "SUCCEEDED"}]
        conditional(glue, "bench-chain", "AND", after, {"JobName": f"j{i}"}, name=f"chain-{i}")
    seconds, run = _run_seconds(glue, "bench-chain")
    assert run["Statistics"]["SucceededActions"] == steps, run
    print(f"chain of {steps} jobs: {seconds:.2f} s to COMPLETED ({seconds / steps * 1000:.1f} ms a step)")


def fan_out(glue, width: int) -> None:
    glue.create_workflow(Name="bench-fan")
    jobs = [f"f{i}" for i in range(width)]
    on_demand(glue, "bench-fan", *({"JobName": j} for j in jobs), name="fan-0")
    after = [{"JobName": j, "State": "SUCCEEDED"} for j in jobs]
    conditional(glue, "bench-fan", "AND", after, {"JobName": "join"}, name="fan-join")
    seconds, run = _run_seconds(glue, "bench-fan")
    assert run["Statistics"]["SucceededActions"] == width + 1, run
    print(f"{width} parallel jobs joined by one AND trigger: {seconds:.2f} s to COMPLETED")


def cron_rate(expressions: int) -> None:
    schedule = CronSchedule.parse("cron(0/15 8-18 ? * MON-FRI *)")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    for _ in range(expressions):
        moment = schedule.next_after(moment) or moment + timedelta(minutes=1)
    seconds = time.perf_counter() - started
    print(f"cron next fire time: {expressions / seconds:,.0f} a second")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--steps",
        type=int,
        default=int(os.environ.get("BENCH_WORKFLOW_STEPS", 200)),
        help="jobs in the chain and in the fan-out",
    )
    args = parser.parse_args(argv or [])
    with GatewayServer(port=0) as server:
        server.runtime.workflows.actions = InstantJobs(server.runtime.bus)
        glue = endpoint.client("glue", server.url, "us-east-1", credentials=BENCH_KEYS)
        chain(glue, args.steps)
        fan_out(glue, args.steps)
    cron_rate(10_000)


if __name__ == "__main__":
    main(sys.argv[1:])
