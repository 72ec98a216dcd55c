"""The pipeline under `--enforce-iam`: Terraform's least-privilege role is enough for the whole workflow
(crawlers, the job's Athena query, Spark's reads and writes, the archive), and a permission taken out of
it fails the job with AccessDenied, as on AWS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway_process import start_gateway, stop_gateway
from localglue import endpoint, terraform
from localglue.demo import WORKSPACE
from localglue.gateway.iam import ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY
from localglue.s3paths import split_s3_uri
from localglue.workflows.commands import follow_run

ADMIN = (ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY)


@pytest.fixture
def home(tmp_path) -> Path:
    """A working folder of the test's own (Terraform state); downloads come from the user-level cache."""
    return tmp_path


def without_permission(policy: dict, sid: str, action: str) -> str:
    """The policy document (as boto3 returns it, parsed) without `action` in statement `sid`."""
    for statement in policy["Statement"]:
        if statement.get("Sid") == sid:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert action in actions, statement
            statement["Action"] = [a for a in actions if a != action]
    return json.dumps(policy)


@pytest.mark.slow
def test_the_pipeline_runs_with_its_roles_permissions_and_not_without_one(home):
    process, url = start_gateway("--enforce-iam")
    try:
        env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        env["LOCALGLUE_HOME"] = str(home)
        demo = subprocess.run(
            [sys.executable, "-m", "localglue", "demo", "--endpoint-url", url, "--enforce-iam"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert "OK: the workflow completed" in demo.stdout

        workspace = terraform.Workspace(url, root=home / "terraform" / WORKSPACE, local_credentials=ADMIN)
        outputs = workspace.outputs()
        iam, s3, glue = (
            endpoint.client(service, url, credentials=ADMIN) for service in ("iam", "s3", "glue")
        )
        role = outputs["glue_role_arn"].rsplit("/", 1)[-1]
        (policy_name,) = iam.list_role_policies(RoleName=role)["PolicyNames"]
        document = iam.get_role_policy(RoleName=role, PolicyName=policy_name)["PolicyDocument"]
        iam.put_role_policy(
            RoleName=role,
            PolicyName=policy_name,
            PolicyDocument=without_permission(document, "ReadAndArchiveIncoming", "s3:DeleteObject"),
        )
        bucket, prefix = split_s3_uri(outputs["incoming_location"])
        s3.put_object(
            Bucket=bucket,
            Key=f"{prefix}late.csv",
            Body=b"user_id,event_type,event_time\nu1,login,2024-03-05 10:00:00\n",
        )

        run_id = glue.start_workflow_run(Name=outputs["workflow_name"])["RunId"]
        run = follow_run(glue, outputs["workflow_name"], run_id, timeout=600, poll=0.5)

        (job,) = [node for node in run["Graph"]["Nodes"] if node["Type"] == "JOB"]
        (job_run,) = job["JobDetails"]["JobRuns"]
        assert job_run["JobRunState"] == "FAILED"
        assert "AccessDenied" in job_run["ErrorMessage"]
        assert run["Statistics"]["FailedActions"] == 1
        incoming = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]
        assert incoming == [f"{prefix}late.csv"]  # the refused delete left the input where it was
    finally:
        stop_gateway(process)
