"""AssociateKmsKey / DisassociateKmsKey: moto stores a log group's key at creation only."""

from __future__ import annotations

from ..gateway.context import RequestContext
from ..gateway.errors import AwsError
from ..gateway.registry import action


def _log_group(ctx: RequestContext, params: dict):
    name = params.get("logGroupName", "")
    group = ctx.backend("logs").groups.get(name)
    if group is None:
        raise AwsError("ResourceNotFoundException", "The specified log group does not exist.")
    return group


@action("logs", "AssociateKmsKey")
def associate_kms_key(ctx: RequestContext, params: dict) -> dict:
    _log_group(ctx, params).kms_key_id = params["kmsKeyId"]
    return {}


@action("logs", "DisassociateKmsKey")
def disassociate_kms_key(ctx: RequestContext, params: dict) -> dict:
    _log_group(ctx, params).kms_key_id = None
    return {}
