"""Whether a service may assume a role: the role's trust policy must allow the service `sts:AssumeRole`.

Glue assumes a job's role for each run and a crawler's role for each crawl (and checks it when a crawler is
created or updated); a role that does not trust `glue.amazonaws.com` fails them with Glue's words
"Service is unable to assume role <arn>. Please verify role's TrustPolicy". The evaluation follows
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html for a service
principal: an explicit Deny wins, else one Allow is needed. A condition on `aws:SourceAccount` (the
confused-deputy guard AWS recommends) is evaluated with the String and Arn operators; a condition on
another key (`aws:SourceArn` included), or with another operator, is taken as met.
"""

from __future__ import annotations

import json
import re
from typing import Any

from moto.backends import get_backend
from moto.iam.exceptions import NotFoundException

GLUE_PRINCIPAL = "glue.amazonaws.com"
_ASSUME_ROLE = "sts:assumerole"
_POSITIVE = {"StringEquals": False, "StringLike": True, "ArnEquals": True, "ArnLike": True}
_NEGATIVE = {"StringNotEquals": False, "StringNotLike": True, "ArnNotEquals": True, "ArnNotLike": True}


class RoleNotAssumable(RuntimeError):
    """The service cannot assume the role: it does not exist or its trust policy does not allow it."""


def role_arn(account_id: str, role: str) -> str:
    """The ARN of `role`, given by name or ARN (a role's path is part of its ARN)."""
    if role.startswith("arn:"):
        return role
    found = _find_role(account_id, role)
    return found.arn if found is not None else f"arn:aws:iam::{account_id}:role/{role}"


def _find_role(account_id: str, role: str) -> Any:
    if role.startswith("arn:"):
        parts = role.split(":")
        account_id = parts[4] if len(parts) > 5 and parts[4] else account_id
    backend = get_backend("iam")[account_id]["global"]
    try:
        return backend.get_role_by_arn(role) if role.startswith("arn:") else backend.get_role(role)
    except NotFoundException:
        return None


def require_trust(account_id: str, role: str, principal: str = GLUE_PRINCIPAL) -> str:
    """The role's ARN if the service `principal` may assume it for `account_id`; else RoleNotAssumable."""
    arn = role_arn(account_id, role)
    found = _find_role(account_id, role)
    context = {"aws:sourceaccount": account_id}
    if found is None or not trusts(json.loads(found.assume_role_policy_document), principal, context):
        raise RoleNotAssumable(f"Service is unable to assume role {arn}. Please verify role's TrustPolicy")
    return arn


def trusts(document: dict[str, Any], principal: str, context: dict[str, str]) -> bool:
    """Whether the trust policy `document` lets the service `principal` assume the role."""
    statements = document.get("Statement") or []
    allowed = False
    for statement in statements if isinstance(statements, list) else [statements]:
        if not _applies(statement, principal, context):
            continue
        if statement.get("Effect") == "Deny":
            return False
        allowed = allowed or statement.get("Effect") == "Allow"
    return allowed


def _listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _wildcard(pattern: str, value: str, case_sensitive: bool = True) -> bool:
    expression = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(expression, value, 0 if case_sensitive else re.IGNORECASE) is not None


def _applies(statement: dict[str, Any], principal: str, context: dict[str, str]) -> bool:
    if "NotAction" in statement:
        if any(_wildcard(action, _ASSUME_ROLE, False) for action in _listed(statement["NotAction"])):
            return False
    elif not any(_wildcard(action, _ASSUME_ROLE, False) for action in _listed(statement.get("Action"))):
        return False
    named = statement.get("Principal")
    if named != "*":
        if not isinstance(named, dict):
            return False
        if principal not in _listed(named.get("Service")) and _listed(named.get("AWS")) != ["*"]:
            return False
    return all(
        _condition_holds(operator, key, expected, context)
        for operator, pairs in (statement.get("Condition") or {}).items()
        for key, expected in pairs.items()
    )


def _condition_holds(operator: str, key: str, expected: Any, context: dict[str, str]) -> bool:
    actual = context.get(key.lower())
    name = operator.removesuffix("IfExists")
    if actual is None or (name not in _POSITIVE and name not in _NEGATIVE):
        return True
    wildcards = _POSITIVE.get(name, _NEGATIVE.get(name))
    values = [str(value) for value in (expected if isinstance(expected, list) else [expected])]
    matched = any(_wildcard(value, actual) if wildcards else value == actual for value in values)
    return matched if name in _POSITIVE else not matched
