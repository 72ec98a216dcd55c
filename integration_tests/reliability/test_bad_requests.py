"""Bad requests, one test each, and AWS's answer to each: never a 5xx (but the 501s of what is not
implemented), always the error code and words an AWS SDK reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from cases import BUCKET, CASES, markdown_table
from raw_http import error_code

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def resources(client):
    client("s3").create_bucket(Bucket=BUCKET)
    command = {"Name": "pythonshell", "ScriptLocation": f"s3://{BUCKET}/job.py", "PythonVersion": "3.9"}
    client("glue").create_job(Name="reliability-job", Role="reliability-role", Command=command)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_request_gets_awss_answer(case, endpoint_url, resources):
    answer = case.send(endpoint_url)

    assert (answer.status, error_code(answer)) == (case.status, case.code), answer.body[:500]
    assert case.message in answer.body.decode(), answer.body[:500]


def test_an_sdk_without_its_own_validation_reads_the_refusal(client, aws_env):
    """boto3 with parameter_validation=False sends what it would refuse itself, and parses the answer."""
    import boto3

    glue = boto3.client("glue", endpoint_url=aws_env, config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as refused:
        glue.get_database(Name="x" * 300)

    error = refused.value.response["Error"]
    assert error["Code"] == "InvalidInputException"
    assert error["Message"] == (
        f"1 validation error detected: Value '{'x' * 256}...(300 characters)' at 'name' failed to satisfy "
        "constraint: Member must have length less than or equal to 255"
    )
    with pytest.raises(ClientError) as mistyped:
        glue.get_job_runs(JobName="reliability-job", MaxResults="ten")
    assert mistyped.value.response["Error"]["Code"] == "SerializationException"


def test_readme_lists_every_case_with_its_answer():
    assert markdown_table() in README.read_text()
