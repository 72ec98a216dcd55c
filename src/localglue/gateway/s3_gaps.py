"""moto's S3 gaps that a hardened bucket meets: TLS-only bucket policies, EventBridge notifications read back,
emptying a bucket whose versioning was suspended.

- moto checks a bucket's policy on object requests but ignores condition operators other than
  StringEquals, so the usual TLS-only statement (Deny everything when `aws:SecureTransport` is false)
  denies every request. The gateway stands for AWS's HTTPS endpoints whatever scheme a local client uses,
  so a request counts as made over TLS: statements whose `Bool` conditions on the keys of
  `REQUEST_CONTEXT` do not hold are left out before moto evaluates the rest, as AWS leaves out a
  statement whose condition is not met.
- moto stores a bucket's `EventBridgeConfiguration` (and sends its events) but leaves it out of
  GetBucketNotificationConfiguration, so Terraform reads `eventbridge = false` back and plans a change
  on every run.
- Deleting a key of a bucket whose versioning is suspended (as `terraform destroy` leaves it before
  emptying the bucket) frees every version of it, but moto's delete markers have no `dispose`: the
  request fails with a 500 when the key has one.
- Under IAM enforcement moto authorizes DeleteObjects' `s3:DeleteObject` on the bucket's ARN and refuses
  every key when a policy grants it on a prefix only; AWS authorizes each key (Spark's S3A cleans its
  temporary files this way).
- Conditional requests (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html):
  moto checks PutObject's `If-Match` / `If-None-Match: *` and DeleteObject's `If-Match`, but checks and
  writes in two steps, so two conditional writes of one key at once can both succeed; and CopyObject
  ignores `x-amz-copy-source-if-match`, `-if-unmodified-since`, `-if-modified-since` and the destination's
  `If-Match` / `If-None-Match`. Every write of a key (PutObject, CopyObject, DeleteObject) now holds that
  key's lock from its check to its write, so of two conditional writes exactly one wins, and CopyObject
  answers a condition that does not hold with AWS's 412 PreconditionFailed naming it.
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import xmltodict

from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.s3.exceptions import BucketAccessDeniedError, MissingKey, PreconditionFailed, S3AccessDeniedError
from moto.s3.models import FakeBucket, FakeDeleteMarker
from moto.s3.responses import S3Response

from .patches import patch

# Condition keys (lower case: AWS compares them case-insensitively) and their value for a gateway request
REQUEST_CONTEXT = {"aws:securetransport": "true"}
_EVENTBRIDGE_ELEMENT = "<EventBridgeConfiguration></EventBridgeConfiguration>"
# The object ARNs the caller's identity policies refuse, for the DeleteObjects request this thread answers
_refused_deletes = threading.local()
# Writes of one key take its lock (a fixed set of locks, chosen by the key's hash)
_KEY_LOCKS = tuple(threading.Lock() for _ in range(64))


def statement_applies(statement: dict[str, Any]) -> bool:
    """False when one of the statement's Bool conditions on a known key does not hold."""
    for key, expected in (statement.get("Condition") or {}).get("Bool", {}).items():
        actual = REQUEST_CONTEXT.get(key.lower())
        if actual is None:
            continue  # a key the gateway does not know: left to moto, as before
        values = expected if isinstance(expected, list) else [expected]
        if actual not in {str(value).lower() for value in values}:
            return False
    return True


@patch(FakeBucket, "get_permission", reason="bucket policies: TLS-only statements, per-key DeleteObjects")
def bucket_permission(original: Callable, self: FakeBucket, action: str, resource: str) -> PermissionResult:
    """moto's evaluation of the bucket's policy, over the statements that apply to a gateway request."""
    if resource in getattr(_refused_deletes, "resources", ()):
        return PermissionResult.DENIED
    if self.policy is None:
        return PermissionResult.NEUTRAL
    document = json.loads(self.policy)
    statements = document["Statement"]
    statements = statements if isinstance(statements, list) else [statements]
    applicable = [statement for statement in statements if statement_applies(statement)]
    if not applicable:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps({**document, "Statement": applicable})).is_action_permitted(action, resource)


def with_eventbridge(body: str) -> str:
    """A GetBucketNotificationConfiguration body with the EventBridgeConfiguration element AWS returns."""
    if "<EventBridgeConfiguration" in body:
        return body
    closed = re.sub(
        r"<NotificationConfiguration([^>]*)/>",
        r"<NotificationConfiguration\1></NotificationConfiguration>",
        body,
    )
    return closed.replace(
        "</NotificationConfiguration>", _EVENTBRIDGE_ELEMENT + "</NotificationConfiguration>"
    )


@patch(S3Response, "get_bucket_notification", reason="GetBucketNotificationConfiguration shows EventBridge")
def get_bucket_notification(original: Callable, self: S3Response) -> Any:
    response = original(self)
    configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
    if configuration is None or configuration.event_bridge is None:
        return response
    status, headers, body = response
    return status, headers, with_eventbridge(body)


@patch(FakeDeleteMarker, "dispose", reason="emptying a suspended versioned bucket", adds=True)
def dispose(original: None, self: FakeDeleteMarker, garbage: bool = False) -> None:
    """A delete marker holds no content to free."""


@patch(S3Response, "_bucket_response_delete_keys", reason="DeleteObjects authorized key by key under IAM")
def delete_keys(original: Callable, self: S3Response, bucket_name: str, authenticated: bool = True) -> Any:
    """moto refused the bucket's ARN: authorize each key instead and delete those allowed."""
    if authenticated:
        return original(self, bucket_name)
    objects = xmltodict.parse(self.body)["Delete"].get("Object", [])
    refused = set()
    for obj in objects if isinstance(objects, list) else [objects]:
        try:
            self._authenticate_and_authorize_s3_action(bucket_name=bucket_name, key_name=obj["Key"])
        except (BucketAccessDeniedError, S3AccessDeniedError):
            refused.add(f"arn:aws:s3:::{bucket_name}/{obj['Key']}")
    _refused_deletes.resources = refused
    try:  # moto's per-key path, which asks bucket_permission about each key
        return original(self, bucket_name, authenticated=True)
    finally:
        _refused_deletes.resources = ()


def key_lock(bucket: str, key: str) -> threading.Lock:
    """The lock every write of `key` in `bucket` holds from its conditions' check to its write."""
    return _KEY_LOCKS[zlib.crc32(f"{bucket}/{key}".encode()) % len(_KEY_LOCKS)]


def _same_etag(condition: str, etag: str) -> bool:
    """S3 compares ETags with or without their quotes; `*` matches any."""
    return condition.strip() == "*" or condition.strip().strip('"') == etag.strip('"')


def _http_date(value: str, header: str) -> datetime:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        raise PreconditionFailed(header) from None


def check_copy_source(headers: Any, etag: str, last_modified: datetime) -> None:
    """CopyObject's conditions on its source, with AWS's precedence: a true `if-match` copies whatever
    `if-unmodified-since` says, and a false `if-none-match` refuses whatever `if-modified-since` says."""
    modified = last_modified.replace(microsecond=0)
    if_match = headers.get("x-amz-copy-source-if-match")
    if if_match is not None:
        if not _same_etag(if_match, etag):
            raise PreconditionFailed("x-amz-copy-source-If-Match")
    elif (unmodified := headers.get("x-amz-copy-source-if-unmodified-since")) is not None:
        if modified > _naive_utc(_http_date(unmodified, "x-amz-copy-source-If-Unmodified-Since")):
            raise PreconditionFailed("x-amz-copy-source-If-Unmodified-Since")
    if_none_match = headers.get("x-amz-copy-source-if-none-match")
    if if_none_match is not None:
        if _same_etag(if_none_match, etag):
            raise PreconditionFailed("x-amz-copy-source-If-None-Match")
    elif (since := headers.get("x-amz-copy-source-if-modified-since")) is not None:
        if modified <= _naive_utc(_http_date(since, "x-amz-copy-source-If-Modified-Since")):
            raise PreconditionFailed("x-amz-copy-source-If-Modified-Since")


def _naive_utc(moment: datetime) -> datetime:
    """As moto keeps last_modified: naive, in UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def check_destination(headers: Any, existing: Any) -> None:
    """A write's conditions on the key it writes: `If-Match` needs that version there, `If-None-Match: *`
    no object at all."""
    if_match = headers.get("If-Match")
    if if_match is not None:
        if existing is None:
            raise MissingKey()
        if not _same_etag(if_match, existing.etag):
            raise PreconditionFailed("If-Match")
    if headers.get("If-None-Match") == "*" and existing is not None:
        raise PreconditionFailed("If-None-Match")


def _copy_source(self: S3Response) -> tuple[str, str, str | None]:
    copy_source = self.headers.get("x-amz-copy-source")
    if isinstance(copy_source, bytes):
        copy_source = copy_source.decode("utf-8")
    parsed = urlparse(copy_source)
    bucket, _, key = unquote(parsed.path).lstrip("/").partition("/")
    return bucket, key, parse_qs(parsed.query).get("versionId", [None])[0]


@patch(S3Response, "copy_object", reason="CopyObject's source and destination conditions, atomically")
def copy_object(original: Callable, self: S3Response) -> Any:
    key_name = self.parse_key_name()
    with key_lock(self.bucket_name, key_name):
        bucket, key, version_id = _copy_source(self)
        source = self.backend.get_object(bucket, key, version_id=version_id)
        if source is not None:  # a missing source is moto's NoSuchKey
            check_copy_source(self.headers, source.etag, source.last_modified)
            check_destination(self.headers, self.backend.get_object(self.bucket_name, key_name))
        return original(self)


@patch(S3Response, "put_object", reason="PutObject's If-Match / If-None-Match checked and written atomically")
def put_object(original: Callable, self: S3Response) -> Any:
    with key_lock(self.bucket_name, self.parse_key_name()):
        return original(self)


@patch(S3Response, "delete_object", reason="DeleteObject's If-Match checked and deleted atomically")
def delete_object(original: Callable, self: S3Response) -> Any:
    with key_lock(self.bucket_name, self.parse_key_name()):
        return original(self)
