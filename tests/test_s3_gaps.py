"""The gateway's S3 gap fillers on moto directly: TLS-only bucket policies, EventBridge notifications."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from localglue.gateway import patches, s3_gaps

BUCKET = "hardened-bucket"


@pytest.fixture()
def s3():
    patches.apply_all()
    try:
        with mock_aws():
            client = boto3.client("s3", region_name="us-east-1")
            client.create_bucket(Bucket=BUCKET)
            yield client
    finally:
        patches.undo_all()


def deny_when_secure_transport_is(value: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": value}},
                }
            ],
        }
    )


def test_a_tls_only_policy_lets_gateway_requests_through(s3):
    s3.put_bucket_policy(Bucket=BUCKET, Policy=deny_when_secure_transport_is("false"))
    s3.put_object(Bucket=BUCKET, Key="incoming/a.csv", Body=b"x")
    assert s3.get_object(Bucket=BUCKET, Key="incoming/a.csv")["Body"].read() == b"x"


def test_a_statement_whose_transport_condition_holds_still_denies(s3):
    s3.put_bucket_policy(Bucket=BUCKET, Policy=deny_when_secure_transport_is("true"))
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=BUCKET, Key="incoming/a.csv", Body=b"x")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_statement_applies_compares_bool_values_case_insensitively_and_ignores_unknown_keys():
    assert s3_gaps.statement_applies({"Condition": {"Bool": {"aws:SecureTransport": "True"}}})
    assert not s3_gaps.statement_applies({"Condition": {"Bool": {"AWS:SecureTransport": ["false"]}}})
    assert s3_gaps.statement_applies({"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}})
    assert s3_gaps.statement_applies({})


def test_the_eventbridge_configuration_is_read_back(s3):
    assert "EventBridgeConfiguration" not in s3.get_bucket_notification_configuration(Bucket=BUCKET)
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    assert s3.get_bucket_notification_configuration(Bucket=BUCKET)["EventBridgeConfiguration"] == {}


def test_a_bucket_with_delete_markers_empties_once_its_versioning_is_suspended(s3):
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=BUCKET, Key="incoming/a.csv", Body=b"x")
    s3.delete_object(Bucket=BUCKET, Key="incoming/a.csv")  # leaves a delete marker
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Suspended"})
    listed = s3.list_object_versions(Bucket=BUCKET)
    versions = listed["Versions"] + listed["DeleteMarkers"]
    assert len(versions) == 2
    result = s3.delete_objects(
        Bucket=BUCKET,
        Delete={"Objects": [{"Key": item["Key"], "VersionId": item["VersionId"]} for item in versions]},
    )
    assert "Errors" not in result
    s3.delete_bucket(Bucket=BUCKET)
    assert BUCKET not in {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
