"""Who signed a request, checked before anything answers it, with AWS's codes and status.

The JSON and query services take only signed requests (an unsigned one reached moto's S3 and got a list of
buckets back); S3 takes anonymous ones, as AWS does, except under `--enforce-iam`, where no policy grants
anonymous access. Under enforcement the signature is verified with moto's own computation before moto or
a handler sees the request, so that a bad key or signature is refused in the protocol's words (moto
answered the JSON services in XML, and a missing Authorization header with a 500). AWS's codes:
https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html (IncompleteSignature,
MissingAuthenticationToken, UnrecognizedClientException / InvalidClientTokenId, SignatureDoesNotMatch /
InvalidSignatureException: 403).
"""

from __future__ import annotations

import re
from typing import Any

from moto.iam.access_control import IAMRequest
from moto.iam.models import get_account_id_from
from werkzeug.datastructures import EnvironHeaders
from werkzeug.exceptions import HTTPException

from .errors import AwsError
from .protocols import REST_XML, Operation

# Answered unsigned by AWS: the caller proves who they are with a token in the body.
UNSIGNED_ACTIONS = frozenset({("sts", "AssumeRoleWithWebIdentity"), ("sts", "AssumeRoleWithSAML")})
# moto routes a request by the credential scope; under enforcement the signature itself must be there too
_CREDENTIAL_SCOPE = re.compile(r"AWS4-HMAC-SHA256 Credential=[^/,\s]+/\d{8}/[^/,\s]+/[^/,\s]+/aws4_request")
_SIGNATURE = re.compile(r",\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-f]+$")
# S3 also takes the older `AWS AccessKeyId:Signature` (Signature Version 2) where moto verifies nothing
_S3_AUTHORIZATION = re.compile(rf"{_CREDENTIAL_SCOPE.pattern}|AWS [^:\s]+:\S+$")


def check(environ: dict[str, Any], operation: Operation, body: bytes, enforcing: bool) -> None:
    """Raise the AWS error for a request that is not signed as `operation`'s service requires."""
    authorization = environ.get("HTTP_AUTHORIZATION", "").strip()
    if operation.protocol == REST_XML:
        _check_s3(environ, authorization, enforcing)
    elif (operation.service, operation.action) not in UNSIGNED_ACTIONS:
        _check_signed(environ, operation, body, authorization, enforcing)


def _check_s3(environ: dict[str, Any], authorization: str, enforcing: bool) -> None:
    if not authorization:
        if not enforcing:
            return
        if "X-Amz-Signature=" in environ.get("QUERY_STRING", ""):
            raise AwsError(
                "AccessDenied",
                "under --enforce-iam localglue verifies signatures in the Authorization header only; "
                "presigned URLs are refused",
                403,
            )
        raise AwsError("AccessDenied", "Access Denied (an anonymous request, and no policy grants it)", 403)
    signed_v4 = _CREDENTIAL_SCOPE.match(authorization) and _SIGNATURE.search(authorization)
    if not _S3_AUTHORIZATION.match(authorization) or (enforcing and not signed_v4):
        raise AwsError(
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed: expected AWS4-HMAC-SHA256 Credential=..., "
            "SignedHeaders=..., Signature=... (or, without --enforce-iam, AWS AccessKeyId:Signature). "
            f"Authorization={authorization[:200]}",
        )


def _check_signed(
    environ: dict[str, Any], operation: Operation, body: bytes, authorization: str, enforcing: bool
) -> None:
    if not authorization:
        raise AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
    if not _CREDENTIAL_SCOPE.match(authorization) or (enforcing and not _SIGNATURE.search(authorization)):
        raise AwsError(
            "IncompleteSignature",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters "
            f"of an AWS4-HMAC-SHA256 signature. Authorization={authorization[:200]}",
            403,
        )
    if enforcing:
        _verify_signature(environ, operation, body)


def _verify_signature(environ: dict[str, Any], operation: Operation, body: bytes) -> None:
    headers = dict(EnvironHeaders(environ))
    if "X-Amz-Date" not in headers:
        raise AwsError(
            "IncompleteSignature", "Authorization header requires existence of a 'X-Amz-Date' header", 403
        )
    access_key = headers["Authorization"].partition("Credential=")[2].split("/")[0]
    path = environ.get("PATH_INFO") or "/"
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    try:
        IAMRequest(
            account_id=environ.get("HTTP_X_MOTO_ACCOUNT_ID") or get_account_id_from(access_key),
            method=environ.get("REQUEST_METHOD", "POST"),
            path=path,
            data={},
            body=body,
            headers=headers,
            action=operation.action,
        ).check_signature()
    except HTTPException as err:  # moto's refusals carry AWS's code and message
        raise AwsError(
            getattr(err, "error_type", "AccessDenied"), getattr(err, "message", str(err)), 403
        ) from None
