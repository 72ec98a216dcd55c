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
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .. import metastore, paths
from ..cloudwatch import LogStreamWriter
from ..endpoint import LOCAL_CREDENTIALS
from ..gateway import iam
from ..s3paths import split_s3_uri
from . import arguments as glue_args
from . import models, spark_conf, spark_jars, standby
from .standby import kill_group
from .glue_runtime import OVERLAY_PATH
from .glue_runtime import bookmarks as bookmark_rules

if TYPE_CHECKING:
    from .engine import JobEngine

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
    # a script of localglue's own to run instead of the job's ScriptLocation (a ruleset evaluation run)
    local_script: Path | None = None


def timeout_seconds(minutes: int) -> float:
    return minutes * float(os.environ.get(TIMEOUT_MINUTE_ENV, "60"))


class RunProcess:
    """One attempt of a run: prepares its folder, runs the launcher, enforces Timeout and stop, reports."""

    def __init__(self, engine: JobEngine, run: models.JobRun, request: RunRequest):
        self.engine = engine
        self.run = run
        self.request = request
        self.folder = paths.state_dir("job-runs") / run.run_id
        self._stop = threading.Event()
        self.stop_reason: str | None = None
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=20)
        self.properties_text: str | None = None  # Spark properties, for glueetl runs
        self.standby_key = ""
        self.warm = False  # whether a warm driver ran it
        self.metastore: metastore.MetastoreServer | None = None  # under --enable-glue-datacatalog
        self.credentials: dict[str, str] = dict(LOCAL_CREDENTIALS)

    def request_stop(self, reason: str | None = None) -> bool:
        """Stop the run if it is still going (False once it ended: a stop never reopens a finished run);
        `reason` becomes the run's ErrorMessage."""
        if not self.engine.runs.get(self.run.account_id, self.run.region).begin_stop(self.run):
            return False
        self.stop_reason = reason
        self._stop.set()
        return True

    def execute(self) -> None:
        run = self.run
        try:
            self._execute()
        except Exception as err:  # a failure of localglue itself: Glue's ERROR state, with the reason
            log.exception("job run %s failed to run", run.run_id)
            self._end(models.ERROR, f"{type(err).__name__}: {err}")
        self.engine.run_ended(self)

    def _end(self, state: str, message: str | None = None) -> None:
        """The run's final state, decided under the same lock as a stop request."""
        with self.engine.runs.get(self.run.account_id, self.run.region).lock:
            self.run.set_state(state, message)

    def _execute(self) -> None:
        try:
            self._execute_attempt()
        finally:
            if self.metastore is not None:
                self.metastore.stop()

    def _execute_attempt(self) -> None:
        run = self.run
        output = LogStreamWriter(run.account_id, run.region, OUTPUT_GROUP, run.run_id)
        errors = LogStreamWriter(run.account_id, run.region, ERROR_GROUP, run.run_id)
        try:
            spec = self._prepare()
        except (ValueError, OSError, ClientError, BotoCoreError, RuntimeError) as err:
            errors.write(str(err))
            self._end(models.FAILED, str(err))
            return
        if self._stop.is_set():
            self._end(models.STOPPED, self.stop_reason)
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
        with self.engine.runs.get(run.account_id, run.region).lock:
            started = run.state == models.STARTING  # a stop may have come first
            if started:
                run.set_state(models.RUNNING)
        if started:
            self.engine.publish(run)
        outcome = self._wait(process)
        for pump in pumps:
            pump.join(timeout=10)
        self._finish(process.returncode, outcome, errors)
        # After, not during, the run: warming up takes CPU. A run's own role credentials would be baked into
        # a warm driver that no other run can use.
        if self.properties_text is not None and not self.engine.runtime.enforce_iam:
            self.engine.warm.replenish(self.standby_key, self.properties_text, self._environment())

    def _start_process(self, spec: Path) -> subprocess.Popen:
        """A warm driver waiting for these Spark properties if there is one, else a cold launcher."""
        env = self._environment()
        warm = self.engine.warm.take(self.standby_key) if self.properties_text is not None else None
        if warm is not None:
            self.warm = True
            assert warm.stdin is not None  # warm drivers wait on a stdin pipe for their spec
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
            kill_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        # Whatever the script left behind (the Spark JVM, children) goes with the run.
        kill_group(process.pid, signal.SIGKILL)
        process.wait()
        return outcome

    def _finish(self, returncode: int, outcome: str | None, errors: LogStreamWriter) -> None:
        run = self.run
        message: str | None
        if outcome == models.TIMEOUT:
            message = f"Job run timed out after {run.timeout_minutes} minutes (Timeout)"
            errors.write(message)
            self._end(models.TIMEOUT, message)
        elif outcome == models.STOPPED:
            self._end(models.STOPPED, self.stop_reason)
        elif returncode == 0:
            self._end(models.SUCCEEDED)
        elif returncode < 0:  # not the script's doing: say what ended it rather than its last line
            message = (
                f"The job's driver was killed by signal {-returncode} ({signal.Signals(-returncode).name})"
            )
            errors.write(message)
            self._end(models.FAILED, message)
        else:
            result = self.folder / "result.json"
            message = json.loads(result.read_text()).get("ErrorMessage") if result.is_file() else None
            if not message:
                last_line = self._stderr_tail[-1] if self._stderr_tail else ""
                message = last_line or f"Command failed with exit code {returncode}"
            self._end(models.FAILED, message)

    def _prepare(self) -> Path:
        """Fetch the script and its files into the run's folder; write the launcher's spec."""
        run, request, job = self.run, self.request, self.request.job
        # As on Glue, the run acts with its role's credentials (a role that does not trust Glue fails the
        # run here); they are only checked under --enforce-iam.
        if self.engine.runtime.enforce_iam:
            self.credentials = iam.service_role_credentials(run.account_id, run.region, job.role, run.run_id)
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
        script = self._script(s3, arguments)
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
        # The metastore's address differs per run, so it reaches the driver through the spec, not the
        # properties a warm driver is keyed on and started with.
        run_properties = {}
        if job.command_name == "glueetl" and glue_args.uses_data_catalog(arguments):
            caller = (
                iam.caller_for_credentials(run.account_id, run.region, self.credentials)
                if self.engine.runtime.enforce_iam
                else None
            )
            self.metastore = metastore.MetastoreServer(run.account_id, run.region, caller)
            run_properties = metastore.spark_properties_for(self.metastore.start())
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
                    "spark_properties": run_properties,
                    "result": str(self.folder / "result.json"),
                    "bookmark": self._bookmark_file(arguments),
                }
            )
        )
        return spec

    def _script(self, s3: Any, arguments: dict[str, str]) -> Path:
        """The script to run: localglue's own when the request names one, else the job's, from the local S3."""
        folder = self.folder / "script"
        if self.request.local_script is not None:
            folder.mkdir(parents=True, exist_ok=True)
            return Path(shutil.copy(self.request.local_script, folder / self.request.local_script.name))
        script_location = arguments.get("--scriptLocation") or self.request.job.script_location
        [(bucket, key)] = glue_args.s3_locations({"ScriptLocation": script_location}, "ScriptLocation")
        return self._download(s3, bucket, key, folder, "ScriptLocation")

    def _bookmark_file(self, arguments: dict[str, str]) -> str | None:
        """The committed bookmark state this attempt starts from, written for Job.init; None when the run
        uses no bookmark. A paused run with --job-bookmark-from/-to gets the states those runs committed."""
        run = self.run
        option = arguments.get("--job-bookmark-option", glue_args.DEFAULT_BOOKMARK_OPTION)
        if option not in (bookmark_rules.ENABLE, bookmark_rules.PAUSE):
            return None
        current = self.engine.bookmarks.get(run.account_id, run.region).entry(run.job_name)
        given = {"JobBookmark": current.bookmark if current else None}
        if option == bookmark_rules.PAUSE and arguments.get("--job-bookmark-from"):
            for key, argument in (("From", "--job-bookmark-from"), ("To", "--job-bookmark-to")):
                run_id = arguments.get(argument, "")
                committed = self.engine.bookmarks.get(run.account_id, run.region).entry(run.job_name, run_id)
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


def _job_id(account_id: str, region: str, job_name: str) -> str:
    return "j_" + hashlib.sha256(f"{account_id}/{region}/{job_name}".encode()).hexdigest()
