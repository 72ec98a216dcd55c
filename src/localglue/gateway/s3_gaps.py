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
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import Any

import xmltodict

from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.s3.exceptions import BucketAccessDeniedError, S3AccessDeniedError
from moto.s3.models import FakeBucket, FakeDeleteMarker
from moto.s3.responses import S3Response

from .patches import patch

# Condition keys (lower case: AWS compares them case-insensitively) and their value for a gateway request
REQUEST_CONTEXT = {"aws:securetransport": "true"}
_EVENTBRIDGE_ELEMENT = "<EventBridgeConfiguration></EventBridgeConfiguration>"
# The object ARNs the caller's identity policies refuse, for the DeleteObjects request this thread answers
_refused_deletes = threading.local()


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
