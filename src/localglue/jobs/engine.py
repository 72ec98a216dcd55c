"""The jobs engine of one gateway: StartJobRun runs the job's script; runs are kept as Glue reports them.

It owns the runs (per account and region), the processes running them and the warm drivers; `stop`
(when the gateway stops) ends every run still going STOPPED, killing its process group (the Spark JVM
included), and kills the warm drivers. State changes are published on the gateway's bus.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moto.backends import get_backend

from ..bus import EventBus, StateChange
from ..gateway.errors import AwsError, entity_not_found, invalid_input
from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore
from . import arguments as glue_args
from . import models, spark_conf
from .bookmark_store import JobBookmarks
from .runner import SUPPORTED_COMMANDS, JobDefinition, RunProcess, RunRequest
from .standby import WarmDrivers

if TYPE_CHECKING:
    from ..runtime import Runtime

log = logging.getLogger("localglue.jobs")
STOP_PATIENCE_SECONDS = 30.0
GATEWAY_STOPPED = "localglue stopped before the run ended"


def job_definition(account_id: str, region: str, job_name: str) -> JobDefinition:
    jobs = get_backend("glue")[account_id][region].jobs
    if job_name not in jobs:
        raise entity_not_found(f"Job {job_name} not found.")
    return JobDefinition.from_moto(jobs[job_name])


def _validate(job: JobDefinition, run_arguments: dict[str, str], worker_type: str | None) -> None:
    if job.command_name not in SUPPORTED_COMMANDS:
        raise invalid_input(
            f"Job {job.name}: command {job.command_name!r} cannot run locally "
            f"(supported: {', '.join(SUPPORTED_COMMANDS)})"
        )
    try:
        for name in ("--extra-py-files", "--extra-files", "--extra-jars"):
            glue_args.s3_locations(run_arguments, name)
        glue_args.check_python_modules(run_arguments)
        glue_args.spark_conf(run_arguments)
        spark_conf.local_resources(worker_type, None)
    except ValueError as err:
        raise invalid_input(f"Job {job.name}: {err}") from err


class JobEngine(Engine):
    name = "jobs"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.runs: AccountRegionStore[models.JobRuns] = AccountRegionStore(models.JobRuns)
        self.bookmarks: AccountRegionStore[JobBookmarks] = AccountRegionStore(JobBookmarks)
        self.warm = WarmDrivers()
        self._processes: dict[str, RunProcess] = {}  # run id -> the attempt's process
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    @property
    def bus(self) -> EventBus:
        return self.runtime.bus

    # --- lifecycle ----------------------------------------------------------------------------------

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"jobs": self.runs, "job bookmarks": self.bookmarks}

    def restored(self) -> None:
        for _, runs in self.runs.items():
            runs.end_cut_short()

    def stop(self) -> None:
        """End every run still going STOPPED (its process group killed) and the warm drivers."""
        with self._lock:
            processes = list(self._processes.values())
            threads = list(self._threads.values())
        for process in processes:
            process.request_stop(GATEWAY_STOPPED)
        for thread in threads:
            thread.join(timeout=STOP_PATIENCE_SECONDS)
        self.warm.shutdown()

    # --- runs ---------------------------------------------------------------------------------------

    def start_run(
        self,
        account_id: str,
        region: str,
        job_name: str,
        arguments: dict[str, str] | None = None,
        *,
        workflow_name: str | None = None,
        workflow_run_id: str | None = None,
        timeout: int | None = None,
        worker_type: str | None = None,
        number_of_workers: int | None = None,
        trigger_name: str | None = None,
    ) -> str:
        """Start a run of the job and return its JobRunId at once; the run goes on in the background."""
        job = job_definition(account_id, region, job_name)
        request = RunRequest(
            job=job,
            endpoint_url=self.runtime.endpoint_url,
            user_arguments=dict(arguments or {}),
            timeout_minutes=int(timeout or job.timeout_minutes),
            worker_type=worker_type or job.worker_type,
            number_of_workers=number_of_workers or job.number_of_workers,
            workflow_name=workflow_name,
            workflow_run_id=workflow_run_id,
            trigger_name=trigger_name,
        )
        merged = glue_args.merge_arguments(
            job.default_arguments, request.user_arguments, job.non_overridable_arguments
        )
        _validate(job, merged, request.worker_type)
        runs = self.runs.get(account_id, region)
        with runs.lock:
            if runs.active_count(job_name) >= job.max_concurrent_runs:
                raise AwsError("ConcurrentRunsExceededException", f"Concurrent runs exceeded for {job_name}")
            run = self._new_run(account_id, region, request, attempt=0, previous_run_id=None)
        self._launch(run, request)
        return run.run_id

    def get_run(self, account_id: str, region: str, job_name: str, run_id: str) -> models.JobRun:
        job_definition(account_id, region, job_name)
        run = self.runs.get(account_id, region).get(job_name, run_id)
        if run is None:
            raise entity_not_found(f"Job run {run_id} not found.")
        return run

    def runs_of(self, account_id: str, region: str, job_name: str) -> list[models.JobRun]:
        """The job's runs, newest first, as GetJobRuns lists them."""
        job_definition(account_id, region, job_name)
        return list(reversed(self.runs.get(account_id, region).of(job_name)))

    def stop_run(self, account_id: str, region: str, job_name: str, run_id: str) -> None:
        """Ask a run to stop (BatchStopJobRun); raises AwsError when it is unknown or already finished."""
        run = self.get_run(account_id, region, job_name, run_id)
        if not self.stop_process(run_id):
            raise invalid_input(f"Job run {run_id} is in state {run.state} and cannot be stopped")

    def stop_process(self, run_id: str) -> bool:
        """Ask the attempt `run_id` to stop; False when it is not running (any more)."""
        with self._lock:
            process = self._processes.get(run_id)
        return process is not None and process.request_stop()

    def start_script_run(
        self,
        account_id: str,
        region: str,
        job: JobDefinition,
        arguments: dict[str, str],
        script: Path,
        run_id: str,
    ) -> models.JobRun:
        """Run localglue's own Glue `script` as a run of `job` (not one of moto's jobs): another engine's
        work done by a Glue script (a ruleset evaluation run), with the job's role, Timeout and workers."""
        request = RunRequest(
            job=job,
            endpoint_url=self.runtime.endpoint_url,
            user_arguments=dict(arguments),
            timeout_minutes=job.timeout_minutes,
            worker_type=job.worker_type,
            number_of_workers=job.number_of_workers,
            first_run_id=run_id,
            local_script=script,
        )
        run = self._new_run(account_id, region, request, attempt=0, previous_run_id=None)
        self._launch(run, request)
        return run

    # --- what RunProcess reports ----------------------------------------------------------------------

    def publish(self, run: models.JobRun) -> None:
        self.bus.publish(
            StateChange(
                kind="job",
                name=run.job_name,
                run_id=run.run_id,
                state=run.state,
                account_id=run.account_id,
                region=run.region,
                workflow_name=run.workflow_name,
                workflow_run_id=run.workflow_run_id,
                error_message=run.error_message,
            )
        )

    def run_ended(self, process: RunProcess) -> None:
        run = process.run
        with self._lock:
            self._processes.pop(run.run_id, None)
            self._threads.pop(run.run_id, None)
        self.publish(run)
        if run.state == models.FAILED and run.attempt < process.request.job.max_retries:
            retry = self._new_run(run.account_id, run.region, process.request, run.attempt + 1, run.run_id)
            self._launch(retry, process.request)

    def _new_run(
        self, account_id: str, region: str, request: RunRequest, attempt: int, previous_run_id: str | None
    ) -> models.JobRun:
        job = request.job
        run_id = request.first_run_id if attempt == 0 else f"{request.first_run_id}_attempt_{attempt}"
        run = models.JobRun(
            account_id=account_id,
            region=region,
            job_name=job.name,
            run_id=run_id,
            arguments=dict(request.user_arguments),
            timeout_minutes=request.timeout_minutes,
            glue_version=job.glue_version,
            worker_type=request.worker_type,
            number_of_workers=request.number_of_workers,
            max_capacity=job.max_capacity,
            execution_class=job.execution_class,
            attempt=attempt,
            previous_run_id=previous_run_id,
            trigger_name=request.trigger_name,
            workflow_name=request.workflow_name,
            workflow_run_id=request.workflow_run_id,
        )
        self.runs.get(account_id, region).add(run)
        return run

    def _launch(self, run: models.JobRun, request: RunRequest) -> None:
        process = RunProcess(self, run, request)
        thread = threading.Thread(target=process.execute, name=f"job-run-{run.run_id[:12]}", daemon=True)
        with self._lock:
            self._processes[run.run_id] = process
            self._threads[run.run_id] = thread
        thread.start()
