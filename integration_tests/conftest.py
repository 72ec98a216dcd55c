"""The project's integration tests on localglue's own pytest plugin (localglue.pytest_plugin): one
gateway per pytest run on a free loopback port, or the endpoint LOCALGLUE_ENDPOINT names.

These names are the ones the tests grew up with; each is a thin view of a plugin fixture."""

from __future__ import annotations

import pytest

REGION = "us-east-1"


@pytest.fixture(scope="session")
def gateway(localglue):
    """The in-process gateway (tests that look inside it need one started by this run)."""
    if localglue.server is None:
        pytest.skip("looks inside the in-process gateway: not with LOCALGLUE_ENDPOINT set")
    return localglue.server


@pytest.fixture(scope="session")
def endpoint_url(localglue) -> str:
    if localglue.on_aws:
        pytest.skip("needs a localglue endpoint: not with LOCALGLUE_ENDPOINT=aws")
    return localglue.endpoint_url


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
def aws_env(endpoint_url, localglue_env, monkeypatch_session):
    """Test credentials for boto3 and subprocesses (terraform, aws CLI) pointed at the gateway."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_ENDPOINT_URL",
    ):
        monkeypatch_session.setenv(name, localglue_env[name])
    return endpoint_url


@pytest.fixture(scope="session")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="session")
def client(localglue, localglue_client, request):
    """`client("glue")`: a boto3 client on the gateway (on AWS with LOCALGLUE_ENDPOINT=aws); locally the
    environment points at the gateway too, for the clients tests make themselves."""
    if not localglue.on_aws:
        request.getfixturevalue("aws_env")
    return localglue_client


@pytest.fixture
def glue(client):
    return client("glue")


@pytest.fixture
def s3(client):
    return client("s3")


@pytest.fixture
def bucket(localglue_create_bucket):
    """A new, empty bucket of the test's own, deleted after it."""
    return localglue_create_bucket()
