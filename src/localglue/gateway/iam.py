"""IAM enforcement (`localglue up --enforce-iam`): a policy that lacks a permission fails locally as on AWS.

Enforcement belongs to a gateway, not to the process: the front door marks each request of a gateway
started with it (`enforced`), and moto authorizes the actions it answers for exactly those requests (two
guarded patches; moto's own switch, `INITIAL_NO_AUTH_ACTION_COUNT`, is process-wide). The actions
localglue answers itself are authorized here with the same policy evaluation, against the resource ARN
AWS documents for them (job, crawler, workflow, trigger, workgroup). Every request must then be signed
by a known principal: the gateway creates an administrator whose keys are `ADMIN_ACCESS_KEY_ID` /
`ADMIN_SECRET_ACCESS_KEY`, for Terraform and people; job runs use their role's assumed credentials.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import HTTPHeaders
from moto import settings
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam import access_control
from moto.iam.access_control import IAMPolicy, IAMRequest, PermissionResult, create_access_key
from moto.utilities.utils import get_partition
from werkzeug.datastructures import EnvironHeaders
from werkzeug.exceptions import HTTPException

from . import trust
from .errors import AwsError
from . import patches
from .patches import patch
from .protocols import JSON_ERROR_CODES

if TYPE_CHECKING:
    from .context import RequestContext

ADMIN_USER = "localglue-admin"
ADMIN_ACCESS_KEY_ID = "AKIALOCALGLUEADMIN01"
ADMIN_SECRET_ACCESS_KEY = "localglue-admin-secret-access-key-000000"
_ADMIN_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

# Glue resource types by the noun in the action's name, with the parameter naming the resource
_GLUE_RESOURCES = (
    (re.compile(r"JobRun|Job\b|Jobs?$"), "job", ("JobName", "Name")),
    (re.compile(r"Crawl"), "crawler", ("CrawlerName", "Name")),
    (re.compile(r"Workflow"), "workflow", ("Name",)),
    (re.compile(r"Trigger"), "trigger", ("Name",)),
    (re.compile(r"DataQualityRuleset$"), "dataQualityRuleset", ("Name",)),
)


# whether the request being answered (in this thread) came to a gateway that enforces IAM
_ENFORCED: contextvars.ContextVar[bool] = contextvars.ContextVar("localglue_iam_enforced", default=False)


@contextlib.contextmanager
def enforced(enabled: bool) -> Iterator[None]:
    """Answer the request inside with (or without) IAM enforcement."""
    token = _ENFORCED.set(enabled)
    try:
        yield
    finally:
        _ENFORCED.reset(token)


# moto then checks every request it is handed; the patch below hands it only the enforced ones
patches.setting(
    settings,
    "INITIAL_NO_AUTH_ACTION_COUNT",
    0.0,
    reason="moto authorizes each request it is handed, from the first one",
)


@patch(
    ActionAuthenticatorMixin,
    "_authenticate_and_authorize_action",
    reason="authorize the requests of a gateway started with --enforce-iam, only those",
)
def _authenticate_and_authorize_action(
    original: Callable, self: ActionAuthenticatorMixin, iam_request_cls: type, resource: str = "*"
) -> None:
    if _ENFORCED.get():
        original(self, iam_request_cls, resource)


def _every_signed_header(self, request) -> HTTPHeaders:
    """moto hands the signature check exactly the headers the client listed in SignedHeaders; all of
    them count. botocore's own list leaves out User-Agent, which the AWS SDK for Java (Spark's S3A)
    signs, so its requests would never match."""
    headers = HTTPHeaders()
    for name, value in request.headers.items():
        headers[name.lower()] = value
    return headers


class _ClientSigV4(SigV4Auth):
    headers_to_sign = _every_signed_header


class _ClientS3SigV4(S3SigV4Auth):
    headers_to_sign = _every_signed_header


@patch(
    access_control.IAMRequest, "_create_auth", reason="verify signatures over every header the client signed"
)
def _create_auth(original: Callable, self: IAMRequest, credentials: Any) -> SigV4Auth:
    return _ClientSigV4(credentials, self._service, self._region)


@patch(access_control.S3IAMRequest, "_create_auth", reason="verify S3 signatures over every signed header")
def _create_s3_auth(original: Callable, self: access_control.S3IAMRequest, credentials: Any) -> S3SigV4Auth:
    return _ClientS3SigV4(credentials, self._service, self._region)


def service_user_keys(account_id: str, user_name: str) -> tuple[str, str]:
    """Access keys of an IAM user of localglue's own in the account (for an engine that calls the gateway,
    as Athena's Trino does), created on first use with an administrator policy: what the engine may do for
    a caller is checked against the caller's permissions before it acts."""
    iam = get_backend("iam")[account_id]["global"]
    if user_name not in iam.users:
        iam.create_user(region_name="us-east-1", user_name=user_name, path="/", tags=[])
        iam.put_user_policy(user_name, "administrator", json.dumps(_ADMIN_POLICY))
    user = iam.users[user_name]
    keys = [key for key in user.access_keys if key.status == "Active"]
    key = keys[0] if keys else iam.create_access_key(user_name)
    return key.access_key_id, key.secret_access_key


def create_administrator(account_id: str = DEFAULT_ACCOUNT_ID) -> None:
    """The administrator whose fixed keys an enforcing gateway accepts before anything else exists."""
    iam = get_backend("iam")[account_id]["global"]
    if ADMIN_USER not in iam.users:
        iam.create_user(region_name="us-east-1", user_name=ADMIN_USER, path="/", tags=[])
        iam.put_user_policy(ADMIN_USER, "administrator", json.dumps(_ADMIN_POLICY))
        key = iam.create_access_key(ADMIN_USER)
        # fixed keys, so that Terraform and people can be given them before the gateway starts
        del iam.access_keys[key.physical_resource_id]
        key.access_key_id, key.secret_access_key = ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY
        iam.access_keys[key.physical_resource_id] = key


# Per service, the ARN an action acts on, from its parameters and the service's own state (Athena's
# query-execution calls act on the query's workgroup); None to fall back to the rules below.
RESOURCE_RESOLVERS: dict[str, Callable[[RequestContext, dict], str | None]] = {}


def resource_arn(ctx: RequestContext, params: dict) -> str:
    """The ARN AWS checks for `ctx.action`; "*" where the action names no single resource."""
    resolver = RESOURCE_RESOLVERS.get(ctx.service)
    resolved = resolver(ctx, params) if resolver else None
    if resolved:
        return resolved
    prefix = f"arn:aws:{ctx.service}:{ctx.region}:{ctx.account_id}"
    if ctx.service == "glue":
        for pattern, kind, keys in _GLUE_RESOURCES:
            name = next((params[key] for key in keys if isinstance(params.get(key), str)), None)
            if pattern.search(ctx.action) and name:
                return f"{prefix}:{kind}/{name}"
    return "*"


def authorize(ctx: RequestContext, params: dict) -> None:
    """Raise the AWS error a JSON-protocol service answers when the caller may not do `ctx.action`."""
    headers = EnvironHeaders(ctx.environ)
    try:
        request = IAMRequest(
            account_id=ctx.account_id,
            method=ctx.environ.get("REQUEST_METHOD", "POST"),
            path=ctx.environ.get("PATH_INFO") or "/",
            data={},
            body=ctx.body,
            headers=dict(headers),
            action=ctx.action,
        )
        request.check_signature()
        request.check_action_permitted(resource_arn(ctx, params))
    except HTTPException as err:  # moto's refusals carry AWS's code and message
        code = getattr(err, "error_type", "AccessDenied")
        raise AwsError(JSON_ERROR_CODES.get(code, code), getattr(err, "message", str(err))) from None


@dataclass(frozen=True)
class Caller:
    """A request's signer and their identity policies, kept for what a service later does on the caller's
    behalf (Athena reading a table's catalog entry and objects, writing the results), as AWS authorizes it."""

    arn: str
    policies: tuple

    def denial(self, action: str, resource: str, conditions: dict[str, str] | None = None) -> str | None:
        """None when the caller may do `action` on `resource`; otherwise AWS's reason for refusing."""
        permitted = False
        for policy in self.policies:
            result = IAMPolicy(policy).is_action_permitted(
                action, resource, incoming_condition_values=conditions
            )
            if result == PermissionResult.DENIED:
                return (
                    f"User: {self.arn} is not authorized to perform: {action} on resource: {resource} "
                    "with an explicit deny in an identity-based policy"
                )
            permitted = permitted or result == PermissionResult.PERMITTED
        if permitted:
            return None
        return (
            f"User: {self.arn} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action"
        )


def caller(ctx: RequestContext) -> Caller | None:
    """Who signed the request, under enforcement (`authorize` has checked the signature); else None."""
    if not ctx.runtime.enforce_iam:
        return None
    headers = dict(EnvironHeaders(ctx.environ))
    key = create_access_key(ctx.account_id, get_partition(ctx.region), ctx.access_key_id, headers)
    return Caller(key.arn, tuple(key.collect_policies()))


def caller_for_credentials(account_id: str, region: str, credentials: dict[str, str]) -> Caller:
    """The principal behind a set of credentials (a job run's role session), for checks made on its behalf."""
    token = credentials.get("AWS_SESSION_TOKEN")
    headers = {"X-Amz-Security-Token": token} if token else {}
    key = create_access_key(account_id, get_partition(region), credentials["AWS_ACCESS_KEY_ID"], headers)
    return Caller(key.arn, tuple(key.collect_policies()))


def glue_catalog_arns(
    account_id: str, region: str, database: str | None = None, table: str | None = None
) -> list[str]:
    """What Glue authorizes a catalog action on: the catalog, then the database, then the table, as named."""
    prefix = f"arn:aws:glue:{region}:{account_id}"
    arns = [f"{prefix}:catalog"]
    if database is not None:
        arns.append(f"{prefix}:database/{database.lower()}")
        if table is not None:
            arns.append(f"{prefix}:table/{database.lower()}/{table.lower()}")
    return arns


def glue_catalog_denial(
    caller: Caller, action: str, account_id: str, region: str, database: str | None, table: str | None = None
) -> str | None:
    """None when `caller` may do the Glue `action` on each ARN it needs; else the AccessDeniedException message
    as AWS's SDKs print it."""
    for arn in glue_catalog_arns(account_id, region, database, table):
        denial = caller.denial(action, arn)
        if denial:
            return f"{denial} (Service: AWSGlue; Status Code: 400; Error Code: AccessDeniedException)"
    return None


def signed_for_body(ctx: RequestContext, environ: dict, body: bytes) -> str:
    """The Authorization header of this request as its signer would have sent it with `body` (`environ`
    carries its new Content-Length, which some SDKs sign): a handler that rewrites the parameters before
    moto answers passes moto's own signature check, as the caller."""
    headers = dict(EnvironHeaders(environ))
    request = IAMRequest(
        account_id=ctx.account_id,
        method=environ.get("REQUEST_METHOD", "POST"),
        path=environ.get("PATH_INFO") or "/",
        data={},
        body=body,
        headers=headers,
        action=ctx.action,
    )
    signature = request._calculate_signature()  # moto's own computation, the one it checks against
    return re.sub(r"Signature=[0-9a-f]+", f"Signature={signature}", headers["Authorization"])


def service_role_credentials(account_id: str, region: str, role: str, session_name: str) -> dict[str, str]:
    """Temporary credentials of `role` (name or ARN), obtained as the Glue service does for a job run.

    No caller signs this request: the role is assumed in process, once its trust policy lets Glue do so
    (trust.RoleNotAssumable otherwise).
    """
    role_arn = trust.require_trust(account_id, role)
    assumed = get_backend("sts")[account_id]["global"].assume_role(
        region_name=region,
        role_session_name=session_name[:64],
        role_arn=role_arn,
        # moto types these as required, and its own AssumeRole handler passes None when they are absent
        policy=None,  # type: ignore[arg-type]
        duration=3600,
        external_id=None,  # type: ignore[arg-type]
    )
    return {
        "AWS_ACCESS_KEY_ID": assumed.access_key_id,
        "AWS_SECRET_ACCESS_KEY": assumed.secret_access_key,
        "AWS_SESSION_TOKEN": assumed.session_token,
    }
