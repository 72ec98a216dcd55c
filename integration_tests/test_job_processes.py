"""A job run's processes: the gateway's stop ends all of them, and a run killed by a signal says so."""

from __future__ import annotations

import json

import boto3
import pytest
from gateway_process import start_gateway, stop_gateway

from localglue.testing import wait_for

CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
ROLE = "arn:aws:iam::123456789012:role/glue"

# Writes the pids of everything the run started (this driver, Spark's JVM, a child of its own) to S3,
# then waits for a stop that only the gateway can give.
SPARK_WITH_A_CHILD = """
import json, os, subprocess, sys, time
import boto3
from pyspark.context import SparkContext

context = SparkContext.getOrCreate()
child = subprocess.Popen(["sleep", "600"])
pids = {"driver": os.getpid(), "jvm": context._gateway.proc.pid, "child": child.pid}
boto3.client("s3").put_object(Bucket="job-processes", Key="pids.json", Body=json.dumps(pids).encode())
time.sleep(600)
"""


def alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting for its reaper."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(check, seconds: float, what: str):
    return wait_for(check, bool, timeout=seconds, interval=0.5, what=what)


@pytest.mark.slow
def test_stopping_the_gateway_ends_every_process_of_a_running_job_and_the_run_ends_stopped(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        s3 = boto3.client("s3", endpoint_url=url, **CREDENTIALS)
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        s3.create_bucket(Bucket="job-processes")
        s3.put_object(Bucket="job-processes", Key="spark.py", Body=SPARK_WITH_A_CHILD.encode())
        glue.create_job(
            Name="long",
            Role=ROLE,
            Command={"Name": "glueetl", "ScriptLocation": "s3://job-processes/spark.py"},
            GlueVersion="5.0",
        )
        run_id = glue.start_job_run(JobName="long")["JobRunId"]

        def pids():
            try:
                return json.loads(s3.get_object(Bucket="job-processes", Key="pids.json")["Body"].read())
            except s3.exceptions.NoSuchKey:
                return None

        started = wait_until(pids, 240, "the job wrote its pids")
        assert all(alive(pid) for pid in started.values()), started
    finally:
        stop_gateway(process)
    left = wait_until(
        lambda: [name for name, pid in started.items() if alive(pid)] or "none", 15, "the run's processes end"
    )
    assert left == "none"

    process, url = start_gateway("--persist", str(tmp_path))
    try:
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        run = glue.get_job_run(JobName="long", RunId=run_id)["JobRun"]
        assert (run["JobRunState"], run["ErrorMessage"]) == (
            "STOPPED",
            "localglue stopped before the run ended",
        )
    finally:
        stop_gateway(process)


def test_a_run_killed_by_a_signal_says_so_rather_than_quoting_its_last_line(client, glue):
    s3 = client("s3")
    s3.create_bucket(Bucket="signalled-jobs")
    script = b"import os, signal\nprint('about to go')\nos.kill(os.getpid(), signal.SIGKILL)\n"
    s3.put_object(Bucket="signalled-jobs", Key="die.py", Body=script)
    glue.create_job(
        Name="killed-by-signal",
        Role=ROLE,
        Command={
            "Name": "pythonshell",
            "ScriptLocation": "s3://signalled-jobs/die.py",
            "PythonVersion": "3.9",
        },
    )
    run_id = glue.start_job_run(JobName="killed-by-signal")["JobRunId"]

    def ended():
        run = glue.get_job_run(JobName="killed-by-signal", RunId=run_id)["JobRun"]
        return run if run["JobRunState"] not in ("STARTING", "RUNNING", "STOPPING") else None

    run = wait_until(ended, 60, "the run ended")
    assert run["JobRunState"] == "FAILED"
    assert run["ErrorMessage"] == "The job's driver was killed by signal 9 (SIGKILL)"
