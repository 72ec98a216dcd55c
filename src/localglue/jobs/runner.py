"""Job runs as processes: script fetched from the local S3, run on local Spark, reported as Glue does.

Each run is one `python -m localglue.jobs.launcher` process, leader of its own process group, so that a
stop or a timeout kills the script, the Spark JVM it started and anything else it spawned. Its stdout and
stderr go line by line to CloudWatch Logs (`/aws-glue/jobs/output`, `/aws-glue/jobs/error`, stream = the
JobRunId) while it runs. A failed run is re-run up to the job's MaxRetries, each attempt a run of its own
(`<first id>_attempt_<n>`, `Attempt` n, `PreviousRunId` the attempt before).

Timeout is in minutes as in the API. `LOCALGLUE_JOB_TIMEOUT_MINUTE_SECONDS` (default 60) sets how many
seconds a Timeout minute lasts; tests shorten it to exercise timeouts in seconds.
"""

from __future__ import annotations

import collections
import hashlib
import json
import logging
import os
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from moto.backends import get_backend

from .. import lifecycle, paths
from ..cloudwatch import LogStreamWriter
from ..endpoint import LOCAL_CREDENTIALS
from ..gateway import iam
from ..gateway.errors import AwsError, entity_not_found, invalid_input
from ..s3paths import split_s3_uri
from . import arguments as glue_args
from . import bookmark_store, models, spark_conf, spark_jars, standby
from .glue_runtime import OVERLAY_PATH
from .glue_runtime import bookmarks as bookmark_rules

log = logging.getLogger("localglue.jobs")

TIMEOUT_MINUTE_ENV = "LOCALGLUE_JOB_TIMEOUT_MINUTE_SECONDS"
SUPPORTED_COMMANDS = ("glueetl", "pythonshell")
OUTPUT_GROUP, ERROR_GROUP = "/aws-glue/jobs/output", "/aws-glue/jobs/error"
STOP_GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class JobDefinition:
    """What a run needs from the job, read from moto when the run starts."""

    name: str
    role: str
    command_name: str
    script_location: str
    default_arguments: dict[str, str]
    non_overridable_arguments: dict[str, str]
    max_retries: int
    max_concurrent_runs: int
    timeout_minutes: int
    glue_version: str
    worker_type: str | None
    number_of_workers: int | None
    max_capacity: float | None
    execution_class: str

    @classmethod
    def from_moto(cls, job: Any) -> JobDefinition:
        command = job.command or {}
        return cls(
            name=job.name,
            role=job.role or "",
            command_name=command.get("Name", "glueetl"),
            script_location=command.get("ScriptLocation", ""),
            default_arguments=dict(job.default_arguments or {}),
            non_overridable_arguments=dict(job.non_overridable_arguments or {}),
            max_retries=int(job.max_retries or 0),
            max_concurrent_runs=int((job.execution_property or {}).get("MaxConcurrentRuns", 1)),
            timeout_minutes=int(job.timeout or models.DEFAULT_TIMEOUT_MINUTES),
            glue_version=job.glue_version or "0.9",
            worker_type=job.worker_type,
            number_of_workers=job.number_of_workers,
            max_capacity=job.max_capacity,
            execution_class=job.execution_class or "STANDARD",
        )


@dataclass
class RunRequest:
    """StartJobRun's inputs that every attempt of a run reuses."""

    job: JobDefinition
    endpoint_url: str
    user_arguments: dict[str, str]
    timeout_minutes: int
    worker_type: str | None
    number_of_workers: int | None
    workflow_name: str | None = None
    workflow_run_id: str | None = None
    trigger_name: str | None = None
    first_run_id: str = field(default_factory=lambda: f"jr_{secrets.token_hex(32)}")


def _job_definition(account_id: str, region: str, job_name: str) -> JobDefinition:
    jobs = get_backend("glue")[account_id][region].jobs
    if job_name not in jobs:
        raise entity_not_found(f"Job {job_name} not found.")
    return JobDefinition.from_moto(jobs[job_name])


def _validate(job: JobDefinition, run_arguments: dict[str, str], worker_type: str | None) -> None:
    if job.command_name not in SUPPORTED_COMMANDS:
        raise invalid_input(
            f"Job {job.name}: command {job.command_name!r} cannot run locally (supported: {', '.join(SUPPORTED_COMMANDS)})"
        )
    try:
        for name in ("--extra-py-files", "--extra-files", "--extra-jars"):
            glue_args.s3_locations(run_arguments, name)
        glue_args.check_python_modules(run_arguments)
        glue_args.spark_conf(run_arguments)
        spark_conf.local_resources(worker_type, None)
    except ValueError as err:
        raise invalid_input(f"Job {job.name}: {err}") from err


def start_job_run(
    account_id: str,
    region: str,
    job_name: str,
    arguments: dict[str, str] | None = None,
    *,
    endpoint_url: str,
    workflow_name: str | None = None,
    workflow_run_id: str | None = None,
    timeout: int | None = None,
    worker_type: str | None = None,
    number_of_workers: int | None = None,
    trigger_name: str | None = None,
) -> str:
    """Start a run of the job and return its JobRunId at once; the run goes on in the background."""
    job = _job_definition(account_id, region, job_name)
    request = RunRequest(
        job=job,
        endpoint_url=endpoint_url,
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
    with models.store.lock:
        if models.store.active_count(account_id, region, job_name) >= job.max_concurrent_runs:
            raise AwsError("ConcurrentRunsExceededException", f"Concurrent runs exceeded for {job_name}")
        run = _new_run(account_id, region, request, attempt=0, previous_run_id=None)
    _launch(run, request)
    return run.run_id


def _new_run(account_id: str, region: str, request: RunRequest, attempt: int, previous_run_id: str | None):
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
    models.store.add(run)
    return run


def get_job_run(account_id: str, region: str, job_name: str, run_id: str) -> dict[str, Any]:
    _job_definition(account_id, region, job_name)
    run = models.store.get(account_id, region, job_name, run_id)
    if run is None:
        raise entity_not_found(f"Job run {run_id} not found.")
    return run.as_dict()


def get_job_runs(account_id: str, region: str, job_name: str) -> list[dict[str, Any]]:
    """The job's runs, newest first, as GetJobRuns lists them."""
    _job_definition(account_id, region, job_name)
    return [run.as_dict() for run in reversed(models.store.runs(account_id, region, job_name))]


_processes: dict[tuple[str, str, str], RunProcess] = {}
_processes_lock = threading.Lock()


def stop_job_run(account_id: str, region: str, job_name: str, run_id: str) -> None:
    """Ask a run to stop (BatchStopJobRun); raises AwsError when it is unknown or already finished."""
    run = models.store.get(account_id, region, job_name, run_id)
    if run is None:
        raise entity_not_found(f"Job run {run_id} not found.")
    with _processes_lock:
        process = _processes.get((account_id, region, run_id))
    if process is None or run.state not in models.ACTIVE_STATES:
        raise invalid_input(f"Job run {run_id} is in state {run.state} and cannot be stopped")
    process.request_stop()


def _launch(run: models.JobRun, request: RunRequest) -> None:
    process = RunProcess(run, request)
    with _processes_lock:
        _processes[(run.account_id, run.region, run.run_id)] = process
    threading.Thread(target=process.execute, name=f"job-run-{run.run_id[:12]}", daemon=True).start()


def timeout_seconds(minutes: int) -> float:
    return minutes * float(os.environ.get(TIMEOUT_MINUTE_ENV, "60"))


def _publish(run: models.JobRun) -> None:
    lifecycle.publish(
        lifecycle.StateChange(
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


class RunProcess:
    """One attempt of a run: prepares its folder, runs the launcher, enforces Timeout and stop, reports."""

    def __init__(self, run: models.JobRun, request: RunRequest):
        self.run = run
        self.request = request
        self.folder = paths.state_dir("job-runs") / run.run_id
        self._stop = threading.Event()
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=20)
        self.properties_text: str | None = None  # Spark properties, for glueetl runs
        self.standby_key = ""
        self.warm = False  # whether a warm driver ran it
        # As on Glue, the run acts with its role's credentials; they are only checked under --enforce-iam.
        self.credentials = (
            iam.service_role_credentials(run.account_id, run.region, request.job.role, run.run_id)
            if iam.enforcement_enabled()
            else dict(LOCAL_CREDENTIALS)
        )

    def request_stop(self) -> None:
        self.run.set_state(models.STOPPING)
        self._stop.set()

    def execute(self) -> None:
        run = self.run
        try:
            self._execute()
        except Exception as err:  # a failure of localglue itself: Glue's ERROR state, with the reason
            log.exception("job run %s failed to run", run.run_id)
            run.set_state(models.ERROR, f"{type(err).__name__}: {err}")
        finally:
            with _processes_lock:
                _processes.pop((run.account_id, run.region, run.run_id), None)
        _publish(run)
        if run.state == models.FAILED and run.attempt < self.request.job.max_retries:
            retry = _new_run(run.account_id, run.region, self.request, run.attempt + 1, run.run_id)
            _launch(retry, self.request)

    def _execute(self) -> None:
        run = self.run
        output = LogStreamWriter(run.account_id, run.region, OUTPUT_GROUP, run.run_id)
        errors = LogStreamWriter(run.account_id, run.region, ERROR_GROUP, run.run_id)
        try:
            spec = self._prepare()
        except (ValueError, OSError, ClientError, BotoCoreError, RuntimeError) as err:
            errors.write(str(err))
            run.set_state(models.FAILED, str(err))
            return
        if self._stop.is_set():
            run.set_state(models.STOPPED)
            return
        process = self._start_process(spec)
        pumps = [
            threading.Thread(target=self._pump, args=(process.stdout, output, None), daemon=True),
            threading.Thread(
                target=self._pump, args=(process.stderr, errors, self._stderr_tail), daemon=True
            ),
        ]
        for pump in pumps:
            pump.start()
        if run.state == models.STARTING:
            run.set_state(models.RUNNING)
            _publish(run)
        outcome = self._wait(process)
        for pump in pumps:
            pump.join(timeout=10)
        self._finish(process.returncode, outcome, errors)
        # After, not during, the run: warming up takes CPU. A run's own role credentials would be baked into
        # a warm driver that no other run can use.
        if self.properties_text is not None and not iam.enforcement_enabled():
            standby.replenish(self.standby_key, self.properties_text, self._environment())

    def _start_process(self, spec: Path) -> subprocess.Popen:
        """A warm driver waiting for these Spark properties if there is one, else a cold launcher."""
        env = self._environment()
        warm = standby.take(self.standby_key) if self.properties_text is not None else None
        if warm is not None:
            self.warm = True
            warm.stdin.write(f"{spec}\n".encode())
            warm.stdin.close()
            return warm
        if self.properties_text is not None:
            properties = self.folder / "spark.conf"
            properties.write_text(self.properties_text)
            env["PYSPARK_SUBMIT_ARGS"] = f"--properties-file {shlex.quote(str(properties))} pyspark-shell"
        return subprocess.Popen(
            [sys.executable, "-m", "localglue.jobs.launcher", str(spec)],
            cwd=self.folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def _wait(self, process: subprocess.Popen) -> str | None:
        """Wait for the process; on stop or timeout kill its group. Returns STOPPED, TIMEOUT or None."""
        deadline = time.monotonic() + timeout_seconds(self.run.timeout_minutes)
        outcome = None
        while outcome is None:
            try:
                process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if self._stop.is_set():
                    outcome = models.STOPPED
                elif time.monotonic() >= deadline:
                    outcome = models.TIMEOUT
        if outcome is not None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        # Whatever the script left behind (the Spark JVM, children) goes with the run.
        _signal_group(process.pid, signal.SIGKILL)
        process.wait()
        return outcome

    def _finish(self, returncode: int, outcome: str | None, errors: LogStreamWriter) -> None:
        run = self.run
        if outcome == models.TIMEOUT:
            message = f"Job run timed out after {run.timeout_minutes} minutes (Timeout)"
            errors.write(message)
            run.set_state(models.TIMEOUT, message)
        elif outcome == models.STOPPED:
            run.set_state(models.STOPPED)
        elif returncode == 0:
            run.set_state(models.SUCCEEDED)
        else:
            result = self.folder / "result.json"
            message = json.loads(result.read_text()).get("ErrorMessage") if result.is_file() else None
            if not message:
                last_line = self._stderr_tail[-1] if self._stderr_tail else ""
                message = last_line or f"Command failed with exit code {returncode}"
            run.set_state(models.FAILED, message)

    def _prepare(self) -> Path:
        """Fetch the script and its files into the run's folder; write the launcher's spec."""
        run, request, job = self.run, self.request, self.request.job
        arguments = glue_args.merge_arguments(
            job.default_arguments, request.user_arguments, job.non_overridable_arguments
        )
        s3 = boto3.client(
            "s3",
            endpoint_url=request.endpoint_url,
            region_name=run.region,
            aws_access_key_id=self.credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.credentials["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=self.credentials.get("AWS_SESSION_TOKEN"),
            config=Config(retries={"max_attempts": 2}),
        )
        script_location = arguments.get("--scriptLocation") or job.script_location
        [(bucket, key)] = glue_args.s3_locations({"ScriptLocation": script_location}, "ScriptLocation")
        script = self._download(s3, bucket, key, self.folder / "script", "ScriptLocation")
        py_folder = self.folder / "py"
        py_files = [
            self._download(s3, bucket, key, py_folder, "--extra-py-files")
            for bucket, key in glue_args.s3_locations(arguments, "--extra-py-files")
        ]
        # A .zip goes on the path itself; a .py through its folder.
        python_path = list(dict.fromkeys(str(f if f.suffix == ".zip" else py_folder) for f in py_files))
        for bucket, key in glue_args.s3_locations(arguments, "--extra-files"):
            self._download(s3, bucket, key, self.folder, "--extra-files")
        jars = [
            self._download(s3, b, k, self.folder / "jars", "--extra-jars")
            for b, k in glue_args.s3_locations(arguments, "--extra-jars")
        ]
        if job.command_name == "glueetl":
            resources = spark_conf.local_resources(request.worker_type, request.number_of_workers)
            monitoring = spark_conf.monitoring_properties(arguments)
            if "spark.eventLog.dir" in monitoring:
                self._ensure_folder(s3, monitoring["spark.eventLog.dir"])
            properties = spark_conf.spark_properties(
                request.endpoint_url,
                run.region,
                resources,
                spark_jars.ensure_spark_jars() + jars,
                self.credentials,
                {**monitoring, **glue_args.spark_conf(arguments)},
            )
            self.properties_text = spark_conf.properties_text(properties)
            self.standby_key = standby.key_for(self.properties_text, self._environment())
        full = glue_args.add_glue_arguments(
            arguments,
            job_name=job.name,
            job_id=_job_id(run.account_id, run.region, job.name),
            run_id=run.run_id,
            temp_dir=str(self.folder / "tmp"),
            workflow_name=request.workflow_name,
            workflow_run_id=request.workflow_run_id,
        )
        spec = self.folder / "spec.json"
        spec.write_text(
            json.dumps(
                {
                    "script": str(script),
                    "argv": glue_args.to_argv(full),
                    "python_path": python_path,
                    "py_files": [str(file) for file in py_files],
                    "result": str(self.folder / "result.json"),
                    "bookmark": self._bookmark_file(arguments),
                }
            )
        )
        return spec

    def _bookmark_file(self, arguments: dict[str, str]) -> str | None:
        """The committed bookmark state this attempt starts from, written for Job.init; None when the run
        uses no bookmark. A paused run with --job-bookmark-from/-to gets the states those runs committed."""
        run = self.run
        option = arguments.get("--job-bookmark-option", glue_args.DEFAULT_BOOKMARK_OPTION)
        if option not in (bookmark_rules.ENABLE, bookmark_rules.PAUSE):
            return None
        current = bookmark_store.entry(run.account_id, run.region, run.job_name)
        given = {"JobBookmark": current.bookmark if current else None}
        if option == bookmark_rules.PAUSE and arguments.get("--job-bookmark-from"):
            for key, argument in (("From", "--job-bookmark-from"), ("To", "--job-bookmark-to")):
                run_id = arguments.get(argument, "")
                committed = bookmark_store.entry(run.account_id, run.region, run.job_name, run_id)
                if committed is None:
                    raise ValueError(
                        f"{argument} {run_id!r}: job {run.job_name} has no bookmark that run committed"
                    )
                given[key] = committed.bookmark
        path = self.folder / "bookmark.json"
        path.write_text(json.dumps(given))
        return str(path)

    @staticmethod
    def _ensure_folder(s3: Any, uri: str) -> None:
        """An S3 folder marker, so that Spark's event log finds its directory (S3A lists it)."""
        if not uri.startswith(("s3://", "s3a://")):
            return
        bucket, key = split_s3_uri(uri)
        if key.strip("/"):
            s3.put_object(Bucket=bucket, Key=key.rstrip("/") + "/", Body=b"")

    def _download(self, s3: Any, bucket: str, key: str, folder: Path, argument: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / key.rsplit("/", 1)[-1]
        try:
            s3.download_file(bucket, key, str(target))
        except ClientError as err:
            code = err.response.get("Error", {}).get("Code", "")
            raise ValueError(
                f"{argument}: cannot read s3://{bucket}/{key} from the local S3 ({code})"
            ) from err
        return target

    def _environment(self) -> dict[str, str]:
        run, request = self.run, self.request
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYSPARK_", "SPARK_"))}
        python_path = [str(OVERLAY_PATH), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env.update(self.credentials)
        env.update(
            {
                "AWS_ENDPOINT_URL": request.endpoint_url,
                "AWS_DEFAULT_REGION": run.region,
                "AWS_REGION": run.region,
                "PYTHONPATH": os.pathsep.join(python_path),
                "PYTHONUNBUFFERED": "1",
                "PYSPARK_PYTHON": sys.executable,
                "PYSPARK_DRIVER_PYTHON": sys.executable,
                "SPARK_LOCAL_IP": "127.0.0.1",
                "TZ": "UTC",
            }
        )
        return env

    @staticmethod
    def _pump(stream: IO[bytes], writer: LogStreamWriter, tail: collections.deque[str] | None) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            writer.write(line)
            if tail is not None and line.strip():
                tail.append(line)
        stream.close()


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _job_id(account_id: str, region: str, job_name: str) -> str:
    return "j_" + hashlib.sha256(f"{account_id}/{region}/{job_name}".encode()).hexdigest()
