"""`iam:PassRole` under `--enforce-iam`: handing a service a role to act with is itself a permission.

AWS checks it on the role named in the request, with the receiving service as `iam:PassedToService`
(https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html): a user allowed only to
create and start jobs cannot give a job an administrator's role. The refusal is the service's
AccessDeniedException, "User: <arn> is not authorized to perform: iam:PassRole on resource: <role arn>
because no identity-based policy allows the iam:PassRole action". Glue also refuses, at once, a crawler
whose role does not trust it ("Service is unable to assume role ...", InvalidInputException).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import iam, trust
from .context import RequestContext
from .errors import AwsError, invalid_input


@dataclass(frozen=True)
class PassedRole:
    principal: str  # the service the role is passed to
    paths: tuple[str, ...]  # where the request names the role: members joined by ".", "[]" for each item
    trust_checked_now: bool = False


_GLUE, _EVENTS, _LOGS, _ATHENA = (
    "glue.amazonaws.com",
    "events.amazonaws.com",
    "logs.amazonaws.com",
    "athena.amazonaws.com",
)
PASSED_ROLES: dict[tuple[str, str], PassedRole] = {
    ("glue", "CreateJob"): PassedRole(_GLUE, ("Role",)),
    ("glue", "UpdateJob"): PassedRole(_GLUE, ("JobUpdate.Role",)),
    ("glue", "CreateCrawler"): PassedRole(_GLUE, ("Role",), trust_checked_now=True),
    ("glue", "UpdateCrawler"): PassedRole(_GLUE, ("Role",), trust_checked_now=True),
    ("glue", "CreateSession"): PassedRole(_GLUE, ("Role",)),
    ("glue", "CreateDevEndpoint"): PassedRole(_GLUE, ("RoleArn",)),
    ("glue", "CreateMLTransform"): PassedRole(_GLUE, ("Role",)),
    ("glue", "UpdateMLTransform"): PassedRole(_GLUE, ("Role",)),
    ("glue", "StartBlueprintRun"): PassedRole(_GLUE, ("RoleArn",)),
    ("glue", "StartDataQualityRuleRecommendationRun"): PassedRole(_GLUE, ("Role",)),
    ("glue", "StartDataQualityRulesetEvaluationRun"): PassedRole(_GLUE, ("Role",)),
    ("glue", "CreateColumnStatisticsTaskSettings"): PassedRole(_GLUE, ("Role",)),
    ("glue", "UpdateColumnStatisticsTaskSettings"): PassedRole(_GLUE, ("Role",)),
    ("glue", "StartColumnStatisticsTaskRun"): PassedRole(_GLUE, ("Role",)),
    ("glue", "CreateTableOptimizer"): PassedRole(_GLUE, ("TableOptimizerConfiguration.roleArn",)),
    ("glue", "UpdateTableOptimizer"): PassedRole(_GLUE, ("TableOptimizerConfiguration.roleArn",)),
    ("events", "PutRule"): PassedRole(_EVENTS, ("RoleArn",)),
    ("events", "PutTargets"): PassedRole(_EVENTS, ("Targets.[].RoleArn",)),
    ("logs", "PutSubscriptionFilter"): PassedRole(_LOGS, ("roleArn",)),
    ("logs", "PutDestination"): PassedRole(_LOGS, ("roleArn",)),
    ("athena", "CreateWorkGroup"): PassedRole(_ATHENA, ("Configuration.ExecutionRole",)),
    ("athena", "UpdateWorkGroup"): PassedRole(_ATHENA, ("ConfigurationUpdates.ExecutionRole",)),
}


def _named_roles(value: Any, steps: list[str]) -> Iterator[str]:
    if not steps:
        if isinstance(value, str) and value:
            yield value
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        for item in value if isinstance(value, list) else []:
            yield from _named_roles(item, rest)
    elif isinstance(value, dict):
        yield from _named_roles(value.get(step), rest)


def check(ctx: RequestContext, params: dict[str, Any]) -> None:
    """Raise AccessDeniedException unless the caller may pass each role the request names."""
    passed = PASSED_ROLES.get((ctx.service, ctx.action))
    caller = iam.caller(ctx)
    if passed is None or caller is None:
        return
    for path in passed.paths:
        for role in _named_roles(params, path.split(".")):
            arn = trust.role_arn(ctx.account_id, role)
            denial = caller.denial("iam:PassRole", arn, {"iam:PassedToService": passed.principal})
            if denial:
                raise AwsError("AccessDeniedException", denial)
            if passed.trust_checked_now:
                try:
                    trust.require_trust(ctx.account_id, role, passed.principal)
                except trust.RoleNotAssumable as refusal:
                    raise invalid_input(str(refusal)) from None
