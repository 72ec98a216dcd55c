"""Request bodies: a `Content-Length` that is a number, and no more than AWS takes in one request.

Refused as AWS's common errors (https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html):
MalformedHttpRequestException (400) and RequestEntityTooLargeException (413); S3 says it in its own codes
(https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): InvalidArgument, EntityTooLarge
for an object over 5 GiB in one PUT, MaxMessageLengthExceeded for a configuration body.
"""

from __future__ import annotations

from typing import Any

from .errors import AwsError
from .protocols import REST_XML

MAX_API_BODY_BYTES = 10 * 1024 * 1024  # a JSON or query request, or an S3 configuration (XML) body
MAX_S3_OBJECT_BYTES = 5 * 1024**3  # one PutObject or UploadPart


def content_length(environ: dict[str, Any], protocol: str) -> int | None:
    """The declared body length; None for a chunked body (or none at all)."""
    text = environ.get("CONTENT_LENGTH") or ""
    if not text:
        return None
    if not text.isdigit():  # also refuses "-5", which would otherwise read to the end of the stream
        message = f"Content-Length header {text!r} is not a non-negative integer"
        if protocol == REST_XML:
            raise AwsError("InvalidArgument", message)
        raise AwsError("MalformedHttpRequestException", message)
    return int(text)


def check_object_size(declared: int | None) -> None:
    if declared is not None and declared > MAX_S3_OBJECT_BYTES:
        raise AwsError(
            "EntityTooLarge",
            f"Your proposed upload exceeds the maximum allowed size: {declared} bytes, "
            f"more than {MAX_S3_OBJECT_BYTES} in one request",
        )


def read_body(environ: dict[str, Any], protocol: str, declared: int | None) -> bytes:
    """The whole body (at most MAX_API_BODY_BYTES), declared by Content-Length or chunked."""
    if declared is None and not environ.get("wsgi.input_terminated"):
        return b""
    size = declared if declared is not None else MAX_API_BODY_BYTES + 1
    if declared is not None and declared > MAX_API_BODY_BYTES:
        raise _too_large(protocol, declared)
    body = environ["wsgi.input"].read(size)
    if len(body) > MAX_API_BODY_BYTES:
        raise _too_large(protocol, len(body))
    return body


def _too_large(protocol: str, size: int) -> AwsError:
    message = f"The request body of {size} bytes or more exceeds the limit of {MAX_API_BODY_BYTES} bytes"
    if protocol == REST_XML:
        return AwsError("MaxMessageLengthExceeded", f"Your request was too big. {message}")
    return AwsError("RequestEntityTooLargeException", message, 413)
