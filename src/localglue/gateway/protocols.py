"""Which service, protocol and action a request is for, and how that protocol words an error.

The one endpoint speaks three AWS protocols: JSON (Glue, Athena, Logs, EventBridge, KMS, SQS, CloudWatch: the
action in `X-Amz-Target`), query (IAM, STS, SNS: `Action=` in the form body or the query string) and S3's REST-XML (the
action in the method and URL). An error is answered in the shape the client's SDK parses for that protocol:
https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization,
https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization and
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

import botocore.session

from . import registry
from .errors import AwsError

JSON, QUERY, REST_XML = "json", "query", "rest-xml"
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
QUERY_SERVICES = ("iam", "sts", "sns")
JSON_SERVICES = ("glue", "athena", "logs", "events", "kms", "sqs", "cloudwatch")

# The REST and query spelling of an error -> the JSON protocol's spelling of the same refusal
JSON_ERROR_CODES = {
    "AccessDenied": "AccessDeniedException",
    "InvalidClientTokenId": "UnrecognizedClientException",
    "SignatureDoesNotMatch": "InvalidSignatureException",
    "MissingAuthenticationToken": "MissingAuthenticationTokenException",
    "IncompleteSignature": "IncompleteSignatureException",
    "NotImplemented": "NotImplementedException",
    "InternalFailure": "InternalFailure",
    "RequestEntityTooLarge": "RequestEntityTooLargeException",
}

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Operation:
    """What a request asks: `service` is "" when no served service claims it (moto may still)."""

    service: str
    protocol: str
    action: str = ""


@functools.cache
def service_model(service: str) -> Any:
    """botocore's model of `service`: its operations, shapes and constraints."""
    return botocore.session.get_session().get_service_model(service)


@functools.cache
def _services_by_target_prefix() -> dict[str, str]:
    prefixes = {service_model(name).metadata["targetPrefix"]: name for name in JSON_SERVICES}
    return {**prefixes, **registry.TARGET_PREFIXES}


def signing_service(environ: dict[str, Any]) -> str:
    """The service of the request's SigV4 credential scope (header or presigned URL); "" if none."""
    credential = environ.get("HTTP_AUTHORIZATION", "").partition("Credential=")[2].split(",")[0]
    if not credential:
        credential = (parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential") or [""])[0]
    scope = credential.split("/")
    return scope[3] if len(scope) == 5 else ""


def protocol_of(environ: dict[str, Any]) -> str:
    """The protocol, from the headers and URL alone (before the body is read)."""
    if environ.get("HTTP_X_AMZ_TARGET"):
        return JSON
    if signing_service(environ) == "s3":  # an object may well have a form's content type
        return REST_XML
    method = environ.get("REQUEST_METHOD", "GET")
    if method == "GET" and "Action" in parse_qs(environ.get("QUERY_STRING", "")):
        return QUERY
    if method == "POST" and (environ.get("CONTENT_TYPE") or "").startswith(FORM_CONTENT_TYPE):
        return QUERY
    return REST_XML


def operation_of(environ: dict[str, Any], body: bytes) -> Operation:
    """The request's service and action; the query protocol's action is read from `body` too."""
    protocol = protocol_of(environ)
    if protocol == JSON:
        prefix, _, action = environ["HTTP_X_AMZ_TARGET"].partition(".")
        return Operation(_services_by_target_prefix().get(prefix, ""), JSON, action)
    if protocol == QUERY:
        values = parse_qs(environ.get("QUERY_STRING", "")) | parse_qs(body.decode("utf-8", "replace"))
        action = (values.get("Action") or [""])[0]
        return Operation(_query_service(environ, action), QUERY, action)
    return Operation("s3", REST_XML)


def _query_service(environ: dict[str, Any], action: str) -> str:
    """IAM or STS: the service the request was signed for, else the one that has the action."""
    signed_for = signing_service(environ)
    if signed_for in QUERY_SERVICES:
        return signed_for
    for service in QUERY_SERVICES:
        if action in service_model(service).operation_names:
            return service
    return ""


def json_response(
    start_response: StartResponse,
    status: int,
    body: dict[str, Any],
    content_type: str = JSON_CONTENT_TYPE,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    payload = json.dumps(body, default=str).encode()
    start_response(
        f"{status} {'OK' if status < 300 else 'Error'}",
        [("Content-Type", content_type), ("Content-Length", str(len(payload))), *headers],
    )
    return [payload]


def error_response(
    environ: dict[str, Any], operation: Operation, error: AwsError, start_response: StartResponse
) -> list[bytes]:
    """`error` in the shape `operation`'s protocol gives errors, with AWS's headers."""
    rid = str(uuid.uuid4())
    if operation.protocol == JSON:
        code = JSON_ERROR_CODES.get(error.code, error.code)
        body = {**error.body(), "__type": code}
        content_type = environ.get("CONTENT_TYPE") or ""
        if not content_type.startswith("application/x-amz-json"):
            content_type = JSON_CONTENT_TYPE
        headers = [("x-amzn-RequestId", rid), ("x-amzn-ErrorType", code)]
        return json_response(start_response, error.status, body, content_type, headers)
    message = escape(error.message)
    if operation.protocol == QUERY:
        kind = "Receiver" if error.status >= 500 else "Sender"
        payload = (
            f"<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(error.code)}</Code>"
            f"<Message>{message}</Message></Error><RequestId>{rid}</RequestId></ErrorResponse>"
        )
        headers = [("x-amzn-RequestId", rid)]
    else:
        payload = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{escape(error.code)}</Code>'
            f"<Message>{message}</Message><RequestId>{rid}</RequestId></Error>"
        )
        headers = [("x-amz-request-id", rid)]
    data = b"" if environ.get("REQUEST_METHOD") == "HEAD" else payload.encode()
    start_response(
        f"{error.status} Error",
        [("Content-Type", "application/xml"), ("Content-Length", str(len(data))), *headers],
    )
    return [data]
