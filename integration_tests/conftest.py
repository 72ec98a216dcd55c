"""One localglue gateway per pytest run, on a free loopback port, stopped when the run ends."""

from __future__ import annotations

import uuid

import boto3
import pytest

from localglue.server import GatewayServer

REGION = "us-east-1"


@pytest.fixture(scope="session")
def gateway():
    server = GatewayServer(port=0).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def endpoint_url(gateway) -> str:
    return gateway.url


@pytest.fixture(scope="session")
def runtime(gateway):
    """The shared gateway's engines, for tests that look at or drive one directly."""
    return gateway.runtime


@pytest.fixture(scope="session")
def athena_engine(runtime):
    """Athena's Trino, started and answering (its first start takes tens of seconds)."""
    runtime.athena.trino_for("123456789012", REGION)
    return runtime.athena


@pytest.fixture(scope="session")
def spark():
    """The process's SparkSession (tests/spark_session.py), for tests that run a job's steps in process."""
    from spark_session import local_spark_builder

    session = local_spark_builder().appName("localglue-integration-tests").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def aws_env(endpoint_url, monkeypatch_session):
    """Test credentials for boto3 and subprocesses (terraform, aws CLI) pointed at the gateway."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint_url,
    }.items():
        monkeypatch_session.setenv(name, value)
    return endpoint_url


@pytest.fixture(scope="session")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="session")
def client(aws_env):
    """`client("glue")`: a boto3 client on the gateway."""

    def make(service: str):
        return boto3.client(service, region_name=REGION, endpoint_url=aws_env)

    return make


@pytest.fixture
def glue(client):
    return client("glue")


@pytest.fixture
def s3(client):
    return client("s3")


@pytest.fixture
def bucket(s3):
    """A new, empty bucket of the test's own."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name
