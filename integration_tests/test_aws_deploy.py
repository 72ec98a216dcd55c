"""`localglue aws`: the AWS path refuses clearly what it cannot do, and plans an environment in full."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from localglue.cli import main


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "localglue", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture()
def no_aws_credentials(tmp_path) -> dict[str, str]:
    """An environment where the AWS SDK finds no credentials: no variables, no files, no instance role."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        HOME=str(tmp_path),
        AWS_CONFIG_FILE=str(tmp_path / "missing-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "missing-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


@pytest.mark.parametrize("action", ["plan", "apply", "destroy"])
def test_refuses_without_aws_credentials(no_aws_credentials, action):
    result = run_cli("aws", action, "--env", "dev", env=no_aws_credentials)
    assert result.returncode == 2
    assert "no AWS credentials configured" in result.stderr
    assert "aws configure" in result.stderr


def test_refuses_an_unknown_environment(no_aws_credentials):
    result = run_cli("aws", "plan", "--env", "staging", env=no_aws_credentials)
    assert result.returncode == 2
    assert "no variables for environment 'staging'" in result.stderr
    assert "dev, prod" in result.stderr


def test_refuses_an_environment_without_state_backend(no_aws_credentials):
    with_keys = {
        **no_aws_credentials,
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE0000000",
        "AWS_SECRET_ACCESS_KEY": "x",
    }
    result = run_cli("aws", "plan", "--env", "prod", env=with_keys)
    assert result.returncode == 2
    assert "no state backend for environment 'prod'" in result.stderr
    assert "backend.hcl.example" in result.stderr


@pytest.mark.slow
def test_plan_of_an_environment_against_a_localglue_stand_in(aws_env, capfd):
    assert main(["aws", "plan", "--env", "dev", "--endpoint-url", aws_env]) == 0
    printed = capfd.readouterr().out
    assert "0 to change, 0 to destroy" in printed
    # dev's own variables reach the plan
    for planned in (
        '"user-event-lag-dev-job"',
        '"user_events_dev"',
        "retention_in_days = 14",
        "cron(0 2 * * ? *)",
    ):
        assert planned in printed, planned
    for resource in (
        "aws_glue_job.user_event_lag",
        "aws_glue_workflow.this",
        "aws_athena_workgroup.this",
        # the pipeline's next steps: Data Quality of its input, alerts on failures
        "aws_glue_data_quality_ruleset.input",
        "aws_sns_topic.alerts",
        'aws_cloudwatch_event_rule.alerts["job-failed"]',
        'aws_cloudwatch_event_rule.alerts["crawler-failed"]',
        "aws_cloudwatch_metric_alarm.job_failed",
    ):
        assert f"{resource} will be created" in printed, resource
