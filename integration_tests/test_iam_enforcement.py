"""`localglue up --enforce-iam`: a permission missing from a policy fails locally, as on AWS."""

from __future__ import annotations

import json
import time

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


JOB_SCRIPT = b"""
import boto3
s3 = boto3.client("s3")
body = s3.get_object(Bucket="iam-jobs", Key="incoming/a.csv")["Body"].read()
s3.put_object(Bucket="iam-jobs", Key="output/a.csv", Body=body)
s3.delete_object(Bucket="iam-jobs", Key="incoming/a.csv")
"""


def job_policy(*actions_on_incoming: str) -> str:
    bucket = "arn:aws:s3:::iam-jobs"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket}/scripts/*"},
                {"Effect": "Allow", "Action": list(actions_on_incoming), "Resource": f"{bucket}/incoming/*"},
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"{bucket}/output/*"},
            ],
        }
    )


def run_job(admin, policy: str) -> dict:
    """The job under a role with `policy`, run to its end; the run as GetJobRun reports it."""
    admin("iam").put_role_policy(RoleName="glue-jobs", PolicyName="pipeline", PolicyDocument=policy)
    admin("s3").put_object(Bucket="iam-jobs", Key="incoming/a.csv", Body=b"u1,login\n")
    glue = admin("glue")
    run_id = glue.start_job_run(JobName="iam-job")["JobRunId"]
    for _ in range(600):
        run = glue.get_job_run(JobName="iam-job", RunId=run_id)["JobRun"]
        if run["JobRunState"] not in ("STARTING", "RUNNING", "STOPPING"):
            return run
        time.sleep(0.1)
    pytest.fail(f"job run {run_id} did not end")


@pytest.fixture(scope="module")
def iam_job(admin):
    admin("s3").create_bucket(Bucket="iam-jobs")
    admin("s3").put_object(Bucket="iam-jobs", Key="scripts/job.py", Body=JOB_SCRIPT)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = admin("iam").create_role(RoleName="glue-jobs", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    admin("glue").create_job(
        Name="iam-job",
        Role=role["Arn"],
        Command={
            "Name": "pythonshell",
            "ScriptLocation": "s3://iam-jobs/scripts/job.py",
            "PythonVersion": "3.9",
        },
    )


def test_a_job_runs_with_its_role_and_a_missing_permission_fails_it(admin, iam_job):
    run = run_job(admin, job_policy("s3:GetObject"))  # s3:DeleteObject removed

    assert run["JobRunState"] == "FAILED"
    assert "AccessDenied" in run["ErrorMessage"]
    assert "DeleteObject" in run["ErrorMessage"]
    keys = [o["Key"] for o in admin("s3").list_objects_v2(Bucket="iam-jobs")["Contents"]]
    assert "incoming/a.csv" in keys  # the refused delete left the input in place


def test_the_same_job_succeeds_once_the_permission_is_granted(admin, iam_job):
    run = run_job(admin, job_policy("s3:GetObject", "s3:DeleteObject"))

    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    keys = [o["Key"] for o in admin("s3").list_objects_v2(Bucket="iam-jobs")["Contents"]]
    assert "output/a.csv" in keys and "incoming/a.csv" not in keys
