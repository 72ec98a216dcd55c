"""Data Quality under `--enforce-iam`: rulesets are `dataQualityRuleset/<name>` resources, and a job run's
role needs glue:PublishDataQuality to publish its results, as AWS documents."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from gateway_process import start_gateway, stop_gateway
from localglue.dataquality import publishing
from test_iam_enforcement import ACCOUNT, REGION, acting_as_role, clients
from localglue.gateway.iam import ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY

RULESETS = f"arn:aws:glue:{REGION}:{ACCOUNT}:dataQualityRuleset"


@pytest.fixture(scope="module")
def enforcing_gateway():
    process, url = start_gateway("--enforce-iam")
    yield url
    stop_gateway(process)


@pytest.fixture(scope="module")
def admin(enforcing_gateway):
    return clients(
        enforcing_gateway,
        aws_access_key_id=ADMIN_ACCESS_KEY_ID,
        aws_secret_access_key=ADMIN_SECRET_ACCESS_KEY,
    )


def test_ruleset_permissions_are_checked_on_the_rulesets_arn(enforcing_gateway, admin):
    for name in ("allowed-rules", "other-rules"):
        admin("glue").create_data_quality_ruleset(Name=name, Ruleset="Rules = [ RowCount > 0 ]")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "glue:GetDataQualityRuleset",
                "Resource": f"{RULESETS}/allowed-rules",
            }
        ],
    }
    reader = acting_as_role(enforcing_gateway, admin, "dq-reader", policy)
    assert reader("glue").get_data_quality_ruleset(Name="allowed-rules")["Name"] == "allowed-rules"
    with pytest.raises(ClientError) as refused:
        reader("glue").get_data_quality_ruleset(Name="other-rules")
    error = refused.value.response["Error"]
    assert error["Code"] == "AccessDeniedException"
    assert "glue:GetDataQualityRuleset" in error["Message"]


def act_as(monkeypatch, url: str, admin, role: str, policy: dict) -> None:
    """The environment of a job run acting as a new role whose only policy is `policy`."""
    acting_as_role(url, admin, role, policy)
    arn = f"arn:aws:iam::{ACCOUNT}:role/{role}"
    credentials = admin("sts").assume_role(RoleArn=arn, RoleSessionName="jr_iam")["Credentials"]
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials["SecretAccessKey"])
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials["SessionToken"])
    monkeypatch.setattr("sys.argv", ["script.py", "--JOB_NAME", "orders-job", "--JOB_RUN_ID", "jr_iam"])


RESULT = {"EvaluationContext": "orders_check", "Score": 1.0, "RuleResults": []}


def test_publishing_needs_glue_publish_data_quality(enforcing_gateway, admin, monkeypatch):
    only_reads = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "glue:GetDataQualityRuleset", "Resource": "*"}],
    }
    act_as(monkeypatch, enforcing_gateway, admin, "dq-no-publish", only_reads)
    with pytest.raises(publishing.PublishingError, match="^AccessDeniedException: .*glue:PublishDataQuality"):
        publishing.publish(RESULT)

    publishes = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "glue:PublishDataQuality", "Resource": "*"}],
    }
    act_as(monkeypatch, enforcing_gateway, admin, "dq-publish", publishes)
    result_id = publishing.publish(RESULT)
    assert admin("glue").get_data_quality_result(ResultId=result_id)["JobRunId"] == "jr_iam"
