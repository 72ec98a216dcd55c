"""The gateway's Trino is supervised: killed, it is started again, and the next query answers."""

from __future__ import annotations

import os
import signal

import boto3
import pytest

from athena_queries import rows
from localglue.server import GatewayServer
from localglue.testing import wait_for

CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
ACCOUNT = "123456789012"
OUTPUT = "s3://trino-restart/results/"

pytestmark = pytest.mark.slow


def test_a_trino_that_died_is_started_again_and_the_next_query_answers():
    with GatewayServer(port=0) as gateway:
        boto3.client("s3", endpoint_url=gateway.url, **CREDENTIALS).create_bucket(Bucket="trino-restart")
        boto3.client("glue", endpoint_url=gateway.url, **CREDENTIALS).create_database(
            DatabaseInput={"Name": "restart_db"}
        )
        athena = boto3.client("athena", endpoint_url=gateway.url, **CREDENTIALS)
        assert rows(athena, "SELECT 1", "restart_db", OUTPUT, timeout=300) == [["1"]]
        server = gateway.runtime.athena.server(ACCOUNT, "us-east-1")
        first = server.pid
        assert first is not None

        os.killpg(first, signal.SIGKILL)  # the server of this test's own gateway, as an OOM kill would

        assert rows(athena, "SELECT 2", "restart_db", OUTPUT, timeout=300) == [["2"]]
        restarted = wait_for(lambda: server.pid, lambda pid: pid is not None, what="the restarted Trino")
        assert restarted != first
        assert server.state == "ready"
    assert server.pid is None  # stopped with its gateway
