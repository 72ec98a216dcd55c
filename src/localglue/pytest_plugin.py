"""localglue's pytest plugin (entry point `pytest11`): a Glue project's tests against a local AWS.

Installing localglue makes these fixtures available to any project's tests (no conftest needed):

    localglue                 session: the endpoint, started in this process on a free port and stopped at
                              the end, or the one $LOCALGLUE_ENDPOINT names (a container, `localglue start`);
                              LOCALGLUE_ENDPOINT=aws runs the same tests against AWS with your credentials
    localglue_client          session: `localglue_client("glue")`, a boto3 client on it
    localglue_env             session: the environment for subprocesses (terraform, aws CLI, spark-submit)
    localglue_create_bucket   factory: `localglue_create_bucket()` -> a new bucket, emptied and deleted after
    localglue_create_job      factory: `localglue_create_job(script_text, **CreateJob fields)` -> job name
    localglue_create_crawler  factory: `localglue_create_crawler(database, ["s3://b/p/"], **fields)` -> name

and helpers on `localglue`: `apply_terraform(dir, variables)` (outputs), `run_job(script, arguments,
files)` (the run and its logs), `athena(sql, database)` (the rows). What the factories create is deleted
when the test ends, as LocalStack's `s3_create_bucket` does.
"""

from __future__ import annotations

import os
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from . import endpoint, terraform
from .athena.commands import run_query
from .console import GatewayUnreachable
from .gateway_client import health
from .testing import JobRunResult, job_run_result

AWS = "aws"
DEFAULT_ROLE = "arn:aws:iam::123456789012:role/localglue-test"


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class LocalGlue:
    """One endpoint for a test session: an in-process gateway, an external localglue, or AWS itself."""

    def __init__(self, endpoint_url: str | None, region: str, server: Any = None):
        self.endpoint_url = endpoint_url  # None: AWS
        self.region = region
        self.server = server  # the GatewayServer this plugin started, if it did
        self._scratch_bucket: str | None = None

    @property
    def on_aws(self) -> bool:
        return self.endpoint_url is None

    @property
    def runtime(self):
        """The in-process gateway's engines (None against an external endpoint)."""
        return self.server.runtime if self.server is not None else None

    @property
    def env(self) -> dict[str, str]:
        """This process's environment pointed at the endpoint (test keys locally; yours on AWS)."""
        env = dict(os.environ, AWS_REGION=self.region, AWS_DEFAULT_REGION=self.region)
        if self.endpoint_url is not None:
            env.update(
                endpoint.LOCAL_CREDENTIALS,
                AWS_ENDPOINT_URL=self.endpoint_url,
                LOCALGLUE_ENDPOINT=self.endpoint_url,
            )
            env.pop("AWS_SESSION_TOKEN", None)
            env.pop("AWS_PROFILE", None)
        return env

    def client(self, service: str):
        if self.endpoint_url is None:
            import boto3

            return boto3.client(cast(Any, service), region_name=self.region)
        return endpoint.client(
            service,
            self.endpoint_url,
            self.region,
            credentials=(
                endpoint.LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                endpoint.LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            ),
        )

    @property
    def scratch_bucket(self) -> str:
        """A bucket of the session's own for job scripts, inputs and Athena results."""
        if self._scratch_bucket is None:
            name = _unique("localglue-test")
            s3 = self.client("s3")
            if self.region == "us-east-1":
                s3.create_bucket(Bucket=name)
            else:
                s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.region})
            self._scratch_bucket = name
        return self._scratch_bucket

    def apply_terraform(
        self, root: str | Path, variables: dict[str, str] | None = None, *, workspace: Path | None = None
    ) -> dict[str, object]:
        """`terraform apply` of the root against the endpoint (as `localglue deploy` does); its outputs."""
        if self.endpoint_url is None:
            raise RuntimeError("apply_terraform deploys locally only: deploy to AWS with `make deploy`")
        applied = terraform.Workspace(self.endpoint_url, module_dir=Path(root), root=workspace)
        applied.apply(variables, capture=True)
        return applied.outputs()

    def upload(self, local: str | Path, key: str | None = None) -> str:
        """A local file into the scratch bucket; its s3:// URI."""
        path = Path(local)
        key = key or f"inputs/{uuid.uuid4().hex[:8]}/{path.name}"
        self.client("s3").upload_file(str(path), self.scratch_bucket, key)
        return f"s3://{self.scratch_bucket}/{key}"

    def run_job(
        self,
        script: str | Path,
        arguments: dict[str, str] | None = None,
        files: dict[str, str | Path] | None = None,
        *,
        command: str = "glueetl",
        role: str = DEFAULT_ROLE,
        timeout: float = 900,
        **job_fields: Any,
    ) -> JobRunResult:
        """Run a Glue job script (a path, or its text) once with `arguments` and return the ended run
        with its stdout and stderr. `files` maps an argument name to a local file: each is uploaded and the
        argument set to its s3:// URI (`{"--input": "data/events.csv"}`). The job is deleted afterwards."""
        text = Path(script).read_text() if isinstance(script, Path) or str(script).endswith(".py") else script
        glue, logs = self.client("glue"), self.client("logs")
        name = _unique("localglue-job")
        key = f"scripts/{name}.py"
        self.client("s3").put_object(Bucket=self.scratch_bucket, Key=key, Body=textwrap.dedent(text).encode())
        run_arguments = dict(arguments or {})
        for argument, local in (files or {}).items():
            run_arguments[argument] = self.upload(local)
        job_fields.setdefault("GlueVersion", "5.0")
        glue.create_job(
            Name=name,
            Role=role,
            Command={
                "Name": command,
                "ScriptLocation": f"s3://{self.scratch_bucket}/{key}",
                "PythonVersion": "3",
            },
            **job_fields,
        )
        try:
            run_id = glue.start_job_run(JobName=name, Arguments=run_arguments)["JobRunId"]
            return job_run_result(glue, logs, name, run_id, timeout=timeout)
        finally:
            glue.delete_job(JobName=name)

    def athena(
        self, sql: str, database: str = "default", *, workgroup: str = "primary", timeout: float = 600
    ) -> list[dict[str, str | None]]:
        """Run an Athena query to its end; its rows as {column: value} (values as Athena prints them)."""
        header, rows, _ = run_query(
            self.client("athena"),
            sql,
            database=database,
            workgroup=workgroup,
            output_location=f"s3://{self.scratch_bucket}/athena/",
            timeout=timeout,
        )
        return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture(scope="session")
def localglue() -> Iterator[LocalGlue]:
    region = endpoint.region()
    external = os.environ.get("LOCALGLUE_ENDPOINT")
    if external == AWS:
        yield LocalGlue(None, region)
        return
    if external:
        url = external.rstrip("/")
        try:
            health(url)
        except GatewayUnreachable as err:
            pytest.fail(f"LOCALGLUE_ENDPOINT: {err}", pytrace=False)
        yield LocalGlue(url, region)
        return
    from .server import GatewayServer

    server = GatewayServer(port=0).start()
    try:
        yield LocalGlue(server.url, region, server)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def localglue_client(localglue: LocalGlue) -> Callable[[str], Any]:
    return localglue.client


@pytest.fixture(scope="session")
def localglue_env(localglue: LocalGlue) -> dict[str, str]:
    return localglue.env


@pytest.fixture
def localglue_create_bucket(localglue: LocalGlue) -> Iterator[Callable[..., str]]:
    s3 = localglue.client("s3")
    created: list[str] = []

    def create(name: str | None = None, **fields: Any) -> str:
        name = name or _unique("test")
        if localglue.region != "us-east-1":
            fields.setdefault("CreateBucketConfiguration", {"LocationConstraint": localglue.region})
        s3.create_bucket(Bucket=name, **fields)
        created.append(name)
        return name

    yield create
    for name in created:
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=name):
            objects = [
                {"Key": item["Key"], "VersionId": item["VersionId"]}
                for item in page.get("Versions", []) + page.get("DeleteMarkers", [])
            ]
            if objects:
                s3.delete_objects(Bucket=name, Delete={"Objects": objects})
        s3.delete_bucket(Bucket=name)


@pytest.fixture
def localglue_create_job(localglue: LocalGlue) -> Iterator[Callable[..., str]]:
    glue = localglue.client("glue")
    created: list[str] = []

    def create(
        script: str = "", *, name: str | None = None, command_name: str = "pythonshell", **fields: Any
    ) -> str:
        """A job running `script` (its text, uploaded to the session's bucket); CreateJob `fields` win."""
        name = name or _unique("job")
        key = f"scripts/{name}.py"
        localglue.client("s3").put_object(
            Bucket=localglue.scratch_bucket, Key=key, Body=textwrap.dedent(script).encode()
        )
        fields.setdefault("Role", DEFAULT_ROLE)
        fields.setdefault("GlueVersion", "5.0")
        fields.setdefault(
            "Command",
            {
                "Name": command_name,
                "ScriptLocation": f"s3://{localglue.scratch_bucket}/{key}",
                "PythonVersion": "3",
            },
        )
        glue.create_job(Name=name, **fields)
        created.append(name)
        return name

    yield create
    for name in created:
        try:
            glue.delete_job(JobName=name)
        except glue.exceptions.EntityNotFoundException:  # the test deleted it itself
            pass


@pytest.fixture
def localglue_create_crawler(localglue: LocalGlue) -> Iterator[Callable[..., str]]:
    glue = localglue.client("glue")
    created: list[str] = []

    def create(database: str, paths: list[str], *, name: str | None = None, **fields: Any) -> str:
        """A crawler of the S3 `paths` into `database`; `target` adds to each S3 target, CreateCrawler
        `fields` win."""
        name = name or _unique("crawler")
        target = fields.pop("target", {})
        fields.setdefault("Role", DEFAULT_ROLE)
        glue.create_crawler(
            Name=name,
            DatabaseName=database,
            Targets={"S3Targets": [{"Path": p, **target} for p in paths]},
            **fields,
        )
        created.append(name)
        return name

    yield create
    for name in created:
        try:
            glue.delete_crawler(Name=name)
        except glue.exceptions.CrawlerRunningException:
            glue.stop_crawler(Name=name)
