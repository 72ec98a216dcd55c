"""Trust policies evaluated for a service principal (trust.trusts), case by case as IAM documents them."""

from __future__ import annotations

import pytest

from localglue.gateway.trust import GLUE_PRINCIPAL, trusts

CONTEXT = {"aws:sourceaccount": "123456789012"}


def policy(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(principal, action="sts:AssumeRole", **extra) -> dict:
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


@pytest.mark.parametrize(
    ("document", "trusted"),
    [
        (policy(allow({"Service": "glue.amazonaws.com"})), True),
        (policy(allow({"Service": ["ec2.amazonaws.com", "glue.amazonaws.com"]})), True),
        (policy(allow({"Service": "ec2.amazonaws.com"})), False),
        (policy(allow({"AWS": "arn:aws:iam::123456789012:root"})), False),
        (policy(allow({"Service": "glue.amazonaws.com"}, action="sts:AssumeRoleWithWebIdentity")), False),
        (policy(allow({"Service": "glue.amazonaws.com"}, action=["sts:TagSession", "sts:*"])), True),
        (policy(allow({"Service": "glue.amazonaws.com"}, action="STS:ASSUMEROLE")), True),
        (policy(allow("*")), True),
        (policy(allow({"Service": "glue.amazonaws.com"}), {**allow("*"), "Effect": "Deny"}), False),
        (policy(), False),
        ({"Statement": allow({"Service": "glue.amazonaws.com"})}, True),  # one statement, not in a list
    ],
)
def test_principal_action_and_effect(document, trusted):
    assert trusts(document, GLUE_PRINCIPAL, CONTEXT) is trusted


@pytest.mark.parametrize(
    ("condition", "trusted"),
    [
        ({"StringEquals": {"aws:SourceAccount": "123456789012"}}, True),
        ({"StringEquals": {"aws:SourceAccount": "999999999999"}}, False),
        ({"StringLike": {"aws:SourceAccount": "1234*"}}, True),
        ({"StringNotEquals": {"aws:SourceAccount": "123456789012"}}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": ["1", "123456789012"]}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:glue:*:999999999999:*"}}, True),  # a key not known: met
        ({"NumericLessThan": {"aws:SourceAccount": "1"}}, True),  # an operator not evaluated: met
    ],
)
def test_conditions_on_the_source_account(condition, trusted):
    document = policy(allow({"Service": "glue.amazonaws.com"}, Condition=condition))
    assert trusts(document, GLUE_PRINCIPAL, CONTEXT) is trusted
