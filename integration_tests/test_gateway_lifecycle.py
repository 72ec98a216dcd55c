"""The gateway's lifecycle: what it starts it stops; two gateways keep their engines apart; a stop asked
for at any moment is clean; timestamps are right whatever the machine's time zone."""

from __future__ import annotations

import os
import signal
import threading
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from localglue.gateway import iam
from localglue.server import GatewayServer

from gateway_process import start_gateway, stop_gateway

CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def test_a_stop_right_after_ready_is_a_clean_stop():
    # the signal lands as close to the ready line as this process can send it, five times over
    for _ in range(5):
        process, _ = start_gateway()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_times_are_utc_epochs_when_the_machine_is_in_tokyo():
    process, url = start_gateway(env={**os.environ, "TZ": "Asia/Tokyo"})
    try:
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        glue.create_workflow(Name="tokyo")
        glue.create_trigger(
            Name="tokyo-start",
            WorkflowName="tokyo",
            Type="ON_DEMAND",
            Actions=[{"JobName": "no-such-job"}],  # the action errors at once: the run ends at once
        )
        before = time.time()
        run_id = glue.start_workflow_run(Name="tokyo")["RunId"]
        run = glue.get_workflow_run(Name="tokyo", RunId=run_id, IncludeGraph=True)["Run"]
        assert abs(run["StartedOn"].timestamp() - before) < 60
        assert (
            abs(glue.get_workflow(Name="tokyo")["Workflow"]["LastRun"]["StartedOn"].timestamp() - before) < 60
        )
        [job_node] = [node for node in run["Graph"]["Nodes"] if node["Type"] == "JOB"]
        [attempt] = job_node["JobDetails"]["JobRuns"]
        assert abs(attempt["StartedOn"].timestamp() - before) < 60
    finally:
        stop_gateway(process)


def test_two_gateways_in_one_process_keep_their_runs_apart():
    with GatewayServer(port=0) as first, GatewayServer(port=0) as second:
        glue_first = boto3.client("glue", endpoint_url=first.url, **CREDENTIALS)
        glue_second = boto3.client("glue", endpoint_url=second.url, **CREDENTIALS)
        glue_first.create_workflow(Name="apart")  # moto's definitions are one per process
        run_id = glue_first.start_workflow_run(Name="apart")["RunId"]
        assert [run["WorkflowRunId"] for run in glue_first.get_workflow_runs(Name="apart")["Runs"]] == [
            run_id
        ]
        assert glue_second.get_workflow_runs(Name="apart")["Runs"] == []
        assert first.runtime.workflows.runs is not second.runtime.workflows.runs


def test_iam_enforcement_is_the_gateways_not_the_processs():
    """Under one process, a gateway started with --enforce-iam refuses an unknown key, to moto's actions and
    to localglue's own, while one started without it answers; once the enforcing one stops, so does moto's
    own enforcement."""
    unknown = {**CREDENTIALS, "aws_access_key_id": "AKIAUNKNOWN000000000"}

    def refusal(call) -> str:
        with pytest.raises(ClientError) as refused:
            call()
        return refused.value.response["Error"]["Code"]

    with GatewayServer(port=0, enforce_iam=True) as strict, GatewayServer(port=0) as open_one:
        assert refusal(boto3.client("s3", endpoint_url=strict.url, **unknown).list_buckets) == (
            "InvalidAccessKeyId"
        )
        assert refusal(boto3.client("glue", endpoint_url=strict.url, **unknown).get_crawlers) == (
            "UnrecognizedClientException"
        )
        open_s3 = boto3.client("s3", endpoint_url=open_one.url, **unknown)
        open_s3.create_bucket(Bucket="open-to-all")
        assert "open-to-all" in [bucket["Name"] for bucket in open_s3.list_buckets()["Buckets"]]
        boto3.client("glue", endpoint_url=open_one.url, **unknown).get_crawlers()
        admin = {**CREDENTIALS, "aws_access_key_id": iam.ADMIN_ACCESS_KEY_ID}
        admin["aws_secret_access_key"] = iam.ADMIN_SECRET_ACCESS_KEY
        boto3.client("s3", endpoint_url=strict.url, **admin).list_buckets()
    with GatewayServer(port=0) as after:
        boto3.client("s3", endpoint_url=after.url, **unknown).list_buckets()


def test_stop_ends_every_thread_the_gateway_started():
    before = {thread.ident for thread in threading.enumerate()}
    server = GatewayServer(port=0).start()
    glue = boto3.client("glue", endpoint_url=server.url, **CREDENTIALS)
    glue.create_database(DatabaseInput={"Name": "lifecycle_db"})
    glue.create_crawler(
        Name="lifecycle-crawler",
        Role="arn:aws:iam::123456789012:role/glue",
        DatabaseName="lifecycle_db",
        Targets={"S3Targets": [{"Path": "s3://lifecycle-missing-bucket/"}]},
    )
    glue.start_crawler(Name="lifecycle-crawler")
    started = {thread.ident for thread in threading.enumerate()} - before
    assert started  # the gateway's server thread and ticker at least
    server.stop()
    left = [thread.name for thread in threading.enumerate() if thread.ident in started and thread.is_alive()]
    assert left == []
