"""`localglue up --enforce-iam`: a permission missing from a policy fails locally, as on AWS."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from gateway_process import start_gateway, stop_gateway
from localglue.gateway.iam import ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY

REGION = "us-east-1"
ACCOUNT = "123456789012"
# Glue assumes the role for job runs; the administrator may too, so the test can act as the job would.
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {
                "Service": "glue.amazonaws.com",
                "AWS": f"arn:aws:iam::{ACCOUNT}:user/localglue-admin",
            },
            "Action": "sts:AssumeRole",
        }
    ],
}


@pytest.fixture(scope="module")
def enforcing_gateway():
    process, url = start_gateway("--enforce-iam")
    yield url
    stop_gateway(process)


def clients(url: str, **credentials):
    return lambda service: boto3.client(service, endpoint_url=url, region_name=REGION, **credentials)


@pytest.fixture(scope="module")
def admin(enforcing_gateway):
    return clients(
        enforcing_gateway,
        aws_access_key_id=ADMIN_ACCESS_KEY_ID,
        aws_secret_access_key=ADMIN_SECRET_ACCESS_KEY,
    )


@pytest.fixture(scope="module")
def job_role(enforcing_gateway, admin):
    """The Glue role's credentials: it may read `allowed/` and update job `allowed-job`, nothing else."""
    admin("s3").create_bucket(Bucket="iam-data")
    for key in ("allowed/a.csv", "secret/b.csv"):
        admin("s3").put_object(Bucket="iam-data", Key=key, Body=b"x")
    role = admin("iam").create_role(RoleName="glue-job", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-data/allowed/*"},
            {
                "Effect": "Allow",
                "Action": "glue:UpdateJob",
                "Resource": f"arn:aws:glue:{REGION}:{ACCOUNT}:job/allowed-job",
            },
        ],
    }
    admin("iam").put_role_policy(RoleName="glue-job", PolicyName="least", PolicyDocument=json.dumps(policy))
    creds = admin("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="run")["Credentials"]
    return clients(
        enforcing_gateway,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def error_code(call) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"]


def test_unknown_credentials_are_refused(enforcing_gateway):
    anonymous = clients(enforcing_gateway, aws_access_key_id="testing", aws_secret_access_key="testing")
    assert error_code(lambda: anonymous("s3").list_buckets()) == "InvalidAccessKeyId"
    assert error_code(lambda: anonymous("glue").get_workflow(Name="w")) == "UnrecognizedClientException"


def test_role_reads_what_its_policy_allows_and_nothing_else(job_role):
    assert job_role("s3").get_object(Bucket="iam-data", Key="allowed/a.csv")["Body"].read() == b"x"
    assert (
        error_code(lambda: job_role("s3").get_object(Bucket="iam-data", Key="secret/b.csv")) == "AccessDenied"
    )


def test_actions_localglue_answers_are_authorized_on_their_resource(job_role):
    update = {"Role": "glue-job", "Command": {"Name": "glueetl", "ScriptLocation": "s3://iam-data/s.py"}}
    denied = error_code(lambda: job_role("glue").update_job(JobName="other-job", JobUpdate=update))
    assert denied == "AccessDeniedException"
    # allowed past IAM: the answer is now about the job itself, which does not exist
    allowed = error_code(lambda: job_role("glue").update_job(JobName="allowed-job", JobUpdate=update))
    assert allowed == "EntityNotFoundException"
