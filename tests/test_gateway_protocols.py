"""Which protocol a request speaks (protocols.py), and errors in each protocol's shape."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from localglue.gateway.errors import AwsError
from localglue.gateway.protocols import JSON, QUERY, REST_XML, Operation, error_response, operation_of

FORM = "application/x-www-form-urlencoded"


def scope(service: str) -> str:
    credential = f"AKID/20260101/us-east-1/{service}/aws4_request"
    return f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=ab"


@pytest.mark.parametrize(
    ("environ", "body", "expected"),
    [
        ({"HTTP_X_AMZ_TARGET": "AWSGlue.GetTable"}, b"{}", Operation("glue", JSON, "GetTable")),
        ({"HTTP_X_AMZ_TARGET": "TrentService.Encrypt"}, b"{}", Operation("kms", JSON, "Encrypt")),
        ({"HTTP_X_AMZ_TARGET": "LocalGlue.FireTrigger"}, b"{}", Operation("localglue", JSON, "FireTrigger")),
        ({"HTTP_X_AMZ_TARGET": "DynamoDB_20120810.GetItem"}, b"{}", Operation("", JSON, "GetItem")),
        (
            {"REQUEST_METHOD": "POST", "CONTENT_TYPE": FORM, "HTTP_AUTHORIZATION": scope("sts")},
            b"Action=GetCallerIdentity",
            Operation("sts", QUERY, "GetCallerIdentity"),
        ),
        (
            {"REQUEST_METHOD": "POST", "CONTENT_TYPE": FORM},
            b"Action=CreateRole",
            Operation("iam", QUERY, "CreateRole"),
        ),
        (
            {"REQUEST_METHOD": "GET", "QUERY_STRING": "Action=ListUsers"},
            b"",
            Operation("iam", QUERY, "ListUsers"),
        ),
        # an object may have a form's content type: the signature says it is S3
        (
            {"REQUEST_METHOD": "PUT", "CONTENT_TYPE": FORM, "HTTP_AUTHORIZATION": scope("s3")},
            b"a=1",
            Operation("s3", REST_XML),
        ),
        ({"REQUEST_METHOD": "PUT", "CONTENT_TYPE": FORM}, b"a=1", Operation("s3", REST_XML)),
        (
            {"REQUEST_METHOD": "GET", "QUERY_STRING": "X-Amz-Credential=A/1/us-east-1/s3/aws4_request"},
            b"",
            Operation("s3", REST_XML),
        ),
    ],
)
def test_operation_of(environ, body, expected):
    assert operation_of(environ, body) == expected


def render(operation: Operation, environ: dict | None = None) -> tuple[str, dict, bytes]:
    seen = {}
    chunks = error_response(
        environ or {},
        operation,
        AwsError("AccessDenied", "no <way>", 403),
        lambda s, h: seen.update(s=s, h=dict(h)),
    )
    return seen["s"], seen["h"], b"".join(chunks)


def test_json_errors_carry_the_json_spelling_of_the_code():
    status, headers, body = render(Operation("glue", JSON, "GetTable"))
    assert status.startswith("403")
    assert json.loads(body)["__type"] == "AccessDeniedException"
    assert headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert headers["Content-Type"] == "application/x-amz-json-1.1"


def test_query_and_s3_errors_are_xml_with_the_message_escaped():
    _, _, body = render(Operation("iam", QUERY, "ListUsers"))
    error = ElementTree.fromstring(body).find("Error")
    assert (error.findtext("Type"), error.findtext("Code"), error.findtext("Message")) == (
        "Sender",
        "AccessDenied",
        "no <way>",
    )
    _, headers, body = render(Operation("s3", REST_XML))
    assert ElementTree.fromstring(body).findtext("Code") == "AccessDenied"
    assert "x-amz-request-id" in headers
    _, _, body = render(Operation("s3", REST_XML), {"REQUEST_METHOD": "HEAD"})
    assert body == b""
