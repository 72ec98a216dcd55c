"""Glue job runs on the gateway: the uploaded script really runs, and its run is reported as Glue does."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from job_run_helpers import log_lines
from localglue.bus import StateChange
from localglue.bench._lag_pipeline import SAMPLE_FILES, deploy_lag_job, expected_lag_rows, keys, written_rows
from localglue.jobs import runner
from localglue.testing import ACTIVE_JOB_STATES, wait_for, wait_for_job_run

SCRIPTS = "job-run-scripts"


@pytest.fixture(scope="module")
def glue(client):
    client("s3").create_bucket(Bucket=SCRIPTS)
    return client("glue")


@pytest.fixture
def make_job(localglue_create_job):
    """`make_job(script_text, **CreateJob fields)` uploads the script and creates a job running it (a Python
    shell job unless `command_name` says otherwise), deleted after the test."""
    return localglue_create_job


def wait_for_log(client, group: str, run_id: str, prefix: str, seconds=60) -> str:
    def found() -> list[str]:
        try:
            return [line for line in log_lines(client, group, run_id) if line.startswith(prefix)]
        except ClientError:  # the stream is created when the run starts
            return []

    return wait_for(found, bool, timeout=seconds, what=f"a {prefix!r} line in {group}/{run_id}")[0]


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def wait_until_gone(pgid: int, seconds=10) -> None:
    wait_for(
        lambda: group_members(pgid),
        lambda members: not members,
        timeout=seconds,
        interval=0.1,
        what=f"the end of every process of group {pgid}",
    )


@pytest.fixture
def notices(runtime):
    seen: list[StateChange] = []
    runtime.bus.subscribe(seen.append)
    yield seen
    runtime.bus.unsubscribe(seen.append)


# A script that reports its process group and a child process, then waits: like a driver with its JVM.
LONG_RUNNING = """
    import os, subprocess, time
    child = subprocess.Popen(["sleep", "600"])
    print(f"PIDS {os.getpgrp()} {child.pid}", flush=True)
    time.sleep(600)
"""


def test_failing_script_is_failed_with_its_last_error_line(client, glue, make_job, notices):
    job = make_job(
        """
        print("reading the input", flush=True)
        def load(row):
            raise ValueError(f"unparseable event_time in row {row}")
        load(3)
        """
    )
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    run = wait_for_job_run(glue, job, run_id)

    assert run["JobRunState"] == "FAILED"
    assert run["ErrorMessage"] == "ValueError: unparseable event_time in row 3"
    assert (run["Attempt"], run["GlueVersion"], run["JobName"]) == (0, "5.0", job)
    assert run["CompletedOn"] >= run["StartedOn"]
    assert run["ExecutionTime"] == int((run["CompletedOn"] - run["StartedOn"]).total_seconds())
    errors = log_lines(client, "/aws-glue/jobs/error", run_id)
    assert "Traceback (most recent call last):" in errors
    assert errors[-1] == "ValueError: unparseable event_time in row 3"
    assert log_lines(client, "/aws-glue/jobs/output", run_id) == ["reading the input"]
    mine = [(n.state, n.error_message) for n in notices if n.run_id == run_id]
    assert mine == [("RUNNING", None), ("FAILED", "ValueError: unparseable event_time in row 3")]


def test_script_gets_glues_arguments_and_extra_py_files(client, glue, make_job, runtime):
    client("s3").put_object(
        Bucket=SCRIPTS, Key="lib/helpers.py", Body=b"def shout(text):\n    return text.upper()\n"
    )
    job = make_job(
        """
        import json, os, sys
        from awsglue.utils import getResolvedOptions
        from helpers import shout
        args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_bucket", "mode"])
        print("ARGS " + json.dumps(args, sort_keys=True))
        print("ENV " + json.dumps({k: os.environ[k] for k in ("AWS_ENDPOINT_URL", "AWS_REGION", "TZ")}))
        print("SHOUT " + shout(args["mode"]))
        """,
        DefaultArguments={
            "--source_bucket": "events",
            "--mode": "default",
            "--extra-py-files": f"s3://{SCRIPTS}/lib/helpers.py",
        },
    )
    run_id = runtime.jobs.start_run(
        "123456789012",
        "us-east-1",
        job,
        {"--mode": "override"},
        workflow_name="nightly",
        workflow_run_id="wr_1",
    )
    run = wait_for_job_run(glue, job, run_id)
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    assert run["Arguments"] == {"--mode": "override"}

    output = log_lines(client, "/aws-glue/jobs/output", run_id)
    args = json.loads(next(line for line in output if line.startswith("ARGS "))[5:])
    assert (args["JOB_NAME"], args["JOB_RUN_ID"], args["source_bucket"], args["mode"]) == (
        job,
        run_id,
        "events",
        "override",
    )
    assert (
        args["JOB_ID"].startswith("j_")
        and args["TempDir"]
        and args["job_bookmark_option"] == "job-bookmark-disable"
    )
    env = json.loads(next(line for line in output if line.startswith("ENV "))[4:])
    assert env == {"AWS_ENDPOINT_URL": glue.meta.endpoint_url, "AWS_REGION": "us-east-1", "TZ": "UTC"}
    assert "SHOUT OVERRIDE" in output


def test_workflow_arguments_reach_the_script(client, glue, make_job, runtime):
    job = make_job(
        """
        import sys
        from awsglue.utils import getResolvedOptions
        args = getResolvedOptions(sys.argv, ["WORKFLOW_NAME", "WORKFLOW_RUN_ID"])
        print(args["WORKFLOW_NAME"], args["WORKFLOW_RUN_ID"])
        """
    )
    run_id = runtime.jobs.start_run(
        "123456789012",
        "us-east-1",
        job,
        workflow_name="nightly",
        workflow_run_id="wr_7",
    )
    assert wait_for_job_run(glue, job, run_id)["JobRunState"] == "SUCCEEDED"
    assert log_lines(client, "/aws-glue/jobs/output", run_id) == ["nightly wr_7"]


def test_run_past_its_timeout_is_timeout_and_leaves_no_process(client, glue, make_job, monkeypatch):
    monkeypatch.setenv(runner.TIMEOUT_MINUTE_ENV, "3")  # a Timeout minute lasts 3 s in this test
    job = make_job(LONG_RUNNING, Timeout=1)
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    pgid, child = map(int, wait_for_log(client, "/aws-glue/jobs/output", run_id, "PIDS ").split()[1:])
    assert child in group_members(pgid)

    run = wait_for_job_run(glue, job, run_id, timeout=30)
    assert run["JobRunState"] == "TIMEOUT"
    assert run["Timeout"] == 1
    assert 3 <= run["ExecutionTime"] <= 15
    wait_until_gone(pgid)


def test_batch_stop_job_run_stops_the_run(client, glue, make_job):
    job = make_job(LONG_RUNNING)
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    pgid, _ = map(int, wait_for_log(client, "/aws-glue/jobs/output", run_id, "PIDS ").split()[1:])

    answer = glue.batch_stop_job_run(JobName=job, JobRunIds=[run_id, "jr_unknown"])
    assert answer["SuccessfulSubmissions"] == [{"JobName": job, "JobRunId": run_id}]
    assert [(e["JobRunId"], e["ErrorDetail"]["ErrorCode"]) for e in answer["Errors"]] == [
        ("jr_unknown", "EntityNotFoundException")
    ]
    assert wait_for_job_run(glue, job, run_id, timeout=30)["JobRunState"] == "STOPPED"
    wait_until_gone(pgid)
    again = glue.batch_stop_job_run(JobName=job, JobRunIds=[run_id])
    assert again["SuccessfulSubmissions"] == [] and len(again["Errors"]) == 1


def test_max_concurrent_runs(client, glue, make_job):
    job = make_job(LONG_RUNNING, ExecutionProperty={"MaxConcurrentRuns": 1})
    first = glue.start_job_run(JobName=job)["JobRunId"]
    with pytest.raises(ClientError) as err:
        glue.start_job_run(JobName=job)
    assert err.value.response["Error"]["Code"] == "ConcurrentRunsExceededException"
    glue.batch_stop_job_run(JobName=job, JobRunIds=[first])
    assert wait_for_job_run(glue, job, first, timeout=30)["JobRunState"] == "STOPPED"
    second = glue.start_job_run(JobName=job)["JobRunId"]  # a finished run no longer counts
    glue.batch_stop_job_run(JobName=job, JobRunIds=[second])
    wait_for_job_run(glue, job, second, timeout=30)


def test_failed_run_is_retried_up_to_max_retries(glue, make_job):
    job = make_job("raise RuntimeError('source bucket unreachable')", MaxRetries=2)
    first = glue.start_job_run(JobName=job)["JobRunId"]
    last_id = f"{first}_attempt_2"
    runs = wait_for(
        lambda: glue.get_job_runs(JobName=job)["JobRuns"],
        lambda runs: len(runs) == 3 and all(run["JobRunState"] not in ACTIVE_JOB_STATES for run in runs),
        what=f"three ended attempts of {job}",
    )
    assert [(r["Id"], r["Attempt"], r.get("PreviousRunId"), r["JobRunState"]) for r in runs] == [
        (last_id, 2, f"{first}_attempt_1", "FAILED"),
        (f"{first}_attempt_1", 1, first, "FAILED"),
        (first, 0, None, "FAILED"),
    ]
    assert {run["ErrorMessage"] for run in runs} == {"RuntimeError: source bucket unreachable"}
    page = glue.get_job_runs(JobName=job, MaxResults=2)
    assert [run["Id"] for run in page["JobRuns"]] == [last_id, f"{first}_attempt_1"]
    assert [run["Id"] for run in glue.get_job_runs(JobName=job, NextToken=page["NextToken"])["JobRuns"]] == [
        first
    ]


def test_succeeded_run_is_not_retried(glue, make_job):
    job = make_job("print('ok')", MaxRetries=2)
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    assert wait_for_job_run(glue, job, run_id)["JobRunState"] == "SUCCEEDED"
    assert [run["Id"] for run in glue.get_job_runs(JobName=job)["JobRuns"]] == [run_id]


def test_what_cannot_run_locally_is_refused(glue, make_job):
    with pytest.raises(ClientError) as err:
        glue.start_job_run(JobName="no-such-job")
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"

    job = make_job("print('never runs')")
    with pytest.raises(ClientError) as err:
        glue.start_job_run(JobName=job, Arguments={"--additional-python-modules": "no-such-module-xyz==1.0"})
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
    assert "no-such-module-xyz==1.0" in err.value.response["Error"]["Message"]
    assert glue.get_job_runs(JobName=job)["JobRuns"] == []

    with pytest.raises(ClientError) as err:
        glue.get_job_run(JobName=job, RunId="jr_missing")
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"


def test_missing_script_fails_the_run_naming_it(client, glue):
    name = f"job-{uuid.uuid4().hex[:8]}"
    glue.create_job(
        Name=name,
        Role="r",
        Command={"Name": "pythonshell", "ScriptLocation": f"s3://{SCRIPTS}/nowhere/gone.py"},
    )
    run = wait_for_job_run(glue, name, glue.start_job_run(JobName=name)["JobRunId"])
    assert run["JobRunState"] == "FAILED"
    assert f"s3://{SCRIPTS}/nowhere/gone.py" in run["ErrorMessage"]


SPARK_SCRIPT = """
    import sys
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    from pyspark.sql import functions as F

    args = getResolvedOptions(sys.argv, ["JOB_NAME", "input", "output"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    events = spark.read.option("header", "true").csv(args["input"])
    per_user = events.groupBy("user_id").agg(F.count("*").alias("events"), F.max("at").alias("last_at"))
    per_user.write.mode("overwrite").option("header", "true").csv(args["output"])
    glue_context.get_logger().info(f"wrote {per_user.count()} users; tz={spark.conf.get('spark.sql.session.timeZone')}")
    job.commit()
"""


@pytest.mark.slow
def test_spark_script_reads_and_writes_s3_on_the_gateway(client, glue, make_job):
    s3 = client("s3")
    s3.create_bucket(Bucket="job-run-data")
    rows = [("u1", "2024-01-01 10:00:00"), ("u2", "2024-01-01 11:00:00"), ("u1", "2024-01-02 09:30:00")]
    for index, chunk in enumerate((rows[:2], rows[2:])):
        body = "user_id,at\n" + "".join(f"{user},{at}\n" for user, at in chunk)
        s3.put_object(Bucket="job-run-data", Key=f"in/part-{index}.csv", Body=body.encode())
    job = make_job(
        SPARK_SCRIPT,
        command_name="glueetl",
        WorkerType="G.1X",
        NumberOfWorkers=2,
        # s3:// to read and s3a:// to write: both schemes go through S3A to the gateway.
        DefaultArguments={"--input": "s3://job-run-data/in/", "--output": "s3a://job-run-data/out/"},
    )
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    run = wait_for_job_run(glue, job, run_id, timeout=240)
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")

    expected = {}
    for user, at in rows:
        count, last = expected.get(user, (0, ""))
        expected[user] = (count + 1, max(last, at))
    written = {}
    for item in s3.list_objects_v2(Bucket="job-run-data", Prefix="out/")["Contents"]:
        if item["Key"].endswith(".csv"):
            body = s3.get_object(Bucket="job-run-data", Key=item["Key"])["Body"].read().decode()
            for row in csv.DictReader(io.StringIO(body)):
                written[row["user_id"]] = (int(row["events"]), row["last_at"])
    assert written == expected
    assert any(
        line.endswith(f"INFO GlueLogger: wrote {len(expected)} users; tz=UTC")
        for line in log_lines(client, "/aws-glue/jobs/error", run_id)
    )


@pytest.mark.slow
def test_stopping_a_spark_run_kills_its_jvm(client, glue, make_job):
    job = make_job(
        """
        import os, time
        from pyspark.context import SparkContext
        sc = SparkContext.getOrCreate()
        print(f"PIDS {os.getpgrp()} {sc.master}", flush=True)
        time.sleep(600)
        """,
        command_name="glueetl",
    )
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    line = wait_for_log(client, "/aws-glue/jobs/output", run_id, "PIDS ", seconds=120)
    pgid = int(line.split()[1])
    jvms = [
        pid for pid in group_members(pgid) if "java" in Path(f"/proc/{pid}/cmdline").read_bytes().decode()
    ]
    assert jvms, "the Spark JVM runs in the run's process group"
    glue.batch_stop_job_run(JobName=job, JobRunIds=[run_id])
    assert wait_for_job_run(glue, job, run_id, timeout=30)["JobRunState"] == "STOPPED"
    wait_until_gone(pgid)  # the JVM included


@pytest.mark.slow
def test_warm_driver_serves_the_next_run_with_extra_py_files_on_workers(client, glue, make_job, runtime):
    client("s3").put_object(
        Bucket=SCRIPTS, Key="lib/shouting.py", Body=b"def shout(text):\n    return text.upper()\n"
    )
    job = make_job(
        """
        from pyspark.context import SparkContext
        from pyspark.sql import SparkSession, functions as F
        jvm_was_up = SparkContext._gateway is not None
        spark = SparkSession.builder.getOrCreate()

        def shout(text):
            import shouting  # imported on the Python worker: --extra-py-files must reach it
            return shouting.shout(text)

        rows = spark.createDataFrame([("a",), ("b",)], ["v"]).select(F.udf(shout)("v").alias("v")).collect()
        print("JVM_WAS_UP", jvm_was_up, sorted(row.v for row in rows), spark.conf.get("spark.sql.session.timeZone"))
        """,
        command_name="glueetl",
        # A worker type no other test uses: Spark properties of their own, so the first run starts cold.
        WorkerType="G.025X",
        NumberOfWorkers=2,
        DefaultArguments={"--extra-py-files": f"s3://{SCRIPTS}/lib/shouting.py"},
    )
    lines = []
    for attempt in range(2):
        if attempt:
            assert runtime.jobs.warm.wait_ready(180)
        run_id = glue.start_job_run(JobName=job)["JobRunId"]
        run = wait_for_job_run(glue, job, run_id, timeout=240)
        assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
        lines += [line for line in log_lines(client, "/aws-glue/jobs/output", run_id) if "JVM_WAS_UP" in line]
    # The first run of these Spark properties starts cold; the next one is served by the warm driver.
    assert lines == ["JVM_WAS_UP False ['A', 'B'] UTC", "JVM_WAS_UP True ['A', 'B'] UTC"]


# --- The pipeline's lag job, run through StartJobRun on the sample data in the local S3 ---


@pytest.mark.slow
def test_lag_job_output_matches_duckdb_on_the_input(client, glue):
    s3 = client("s3")
    s3.create_bucket(Bucket="lag-e2e-target")
    job, source = deploy_lag_job(client, "lag-e2e", "lag-e2e-target", SCRIPTS, SAMPLE_FILES)
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    run = wait_for_job_run(glue, job, run_id, timeout=600)
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")

    expected = expected_lag_rows(SAMPLE_FILES)
    actual = written_rows(s3, "lag-e2e-target", f"output/run_id={run_id}/")
    assert len(actual) == len(expected) > 5000
    assert [row[:3] for row in actual] == [row[:3] for row in expected]
    for got, want in zip(actual, expected, strict=True):
        assert got[3] == pytest.approx(want[3], abs=1e-9), (got, want)
    assert keys(s3, source, "incoming/") == []
    assert keys(s3, source, "archive/") == [f"archive/{path.name}" for path in SAMPLE_FILES]


@pytest.mark.slow
def test_lag_job_failing_write_leaves_every_input_in_incoming(client, glue):
    s3 = client("s3")
    job, source = deploy_lag_job(client, "lag-e2e-nowrite", "lag-e2e-no-such-bucket", SCRIPTS, SAMPLE_FILES)
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    run = wait_for_job_run(glue, job, run_id, timeout=600)

    assert run["JobRunState"] == "FAILED"
    assert run["ErrorMessage"].startswith("user_event_lag_job failed"), run["ErrorMessage"]
    assert keys(s3, source, "incoming/") == [f"incoming/{path.name}" for path in SAMPLE_FILES]
    assert keys(s3, source, "archive/") == []
    assert run["ErrorMessage"] in log_lines(client, "/aws-glue/jobs/error", run_id)


def test_logs_command_follows_a_run_until_it_ends(client, glue, make_job, capsys):
    from localglue.cli import main

    job = make_job(
        """
        import sys, time
        for step in range(3):
            print(f"step {step}", flush=True)
            time.sleep(0.5)
        # lines of one traceback, written within the same millisecond: their order is the order written
        print("Traceback (most recent call last):\\n  File \\"job.py\\"\\nValueError: zero", file=sys.stderr, flush=True)
        print("almost done", file=sys.stderr, flush=True)
        """
    )
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    wait_for_job_run(glue, job, run_id, until=lambda run: run["JobRunState"] == "RUNNING")
    endpoint = ["--endpoint-url", glue.meta.endpoint_url]
    assert main(["logs", run_id, "--follow", *endpoint]) == 0
    assert glue.get_job_run(JobName=job, RunId=run_id)["JobRun"]["JobRunState"] == "SUCCEEDED"
    printed = capsys.readouterr()
    assert printed.out.splitlines() == ["step 0", "step 1", "step 2"]
    stderr = printed.err.splitlines()
    written = ["Traceback (most recent call last):", '  File "job.py"', "ValueError: zero", "almost done"]
    assert stderr[stderr.index(written[0]) : stderr.index(written[0]) + 4] == written
    assert stderr[-1] == f"job run {run_id} ended SUCCEEDED"

    # a job's name stands for its latest run; stdout and stderr stay apart
    assert main(["logs", job, *endpoint]) == 0
    printed = capsys.readouterr()
    assert printed.out.splitlines() == ["step 0", "step 1", "step 2"]
    assert printed.err.splitlines() == [f"job {job} run {run_id}: SUCCEEDED", *written]

    assert main(["logs", job, "--output", "json", *endpoint]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["JobRunId"], shown["JobRunState"]) == (run_id, "SUCCEEDED")
    assert [event["message"] for event in shown["stdout"]] == ["step 0", "step 1", "step 2"]
    assert [event["message"] for event in shown["stderr"]] == written

    assert main(["logs", "jr_never_ran", *endpoint]) == 1
    assert capsys.readouterr().err.strip() == "localglue logs: no job run jr_never_ran in any job"
