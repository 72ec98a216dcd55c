"""S3's conditional requests on the gateway's moto (s3_gaps): CopyObject's source and destination conditions,
and conditional writes that exactly one of several racing writers wins, with AWS's 412 PreconditionFailed.
The expectations are AWS's: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html and
https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.s3.models import S3Backend

from localglue.gateway import patches, s3_gaps

BUCKET = "conditional-bucket"
SOURCE = {"Bucket": BUCKET, "Key": "incoming/a.csv"}


@pytest.fixture()
def s3():
    assert s3_gaps.copy_object in [declared.replacement for declared in patches.declared()]
    patches.apply_all()
    try:
        with mock_aws():
            client = boto3.client("s3", region_name="us-east-1")
            client.create_bucket(Bucket=BUCKET)
            yield client
    finally:
        patches.undo_all()


@pytest.fixture()
def original(s3) -> dict:
    s3.put_object(Bucket=BUCKET, Key=SOURCE["Key"], Body=b"user_id,event_type,event_time\n")
    return s3.head_object(**SOURCE)


def refusal(call, **kwargs) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    response = excinfo.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"].get("Condition", ""),
    )


def copy(s3, key: str = "archive/a.csv", **conditions):
    return s3.copy_object(CopySource=SOURCE, Bucket=BUCKET, Key=key, **conditions)


def test_copy_source_if_match_copies_only_the_version_named(s3, original):
    assert copy(s3, CopySourceIfMatch=original["ETag"])["CopyObjectResult"]["ETag"] == original["ETag"]
    assert copy(s3, key="archive/b.csv", CopySourceIfMatch=original["ETag"].strip('"'))  # quotes optional

    s3.put_object(Bucket=BUCKET, Key=SOURCE["Key"], Body=b"overwritten")
    assert refusal(copy, s3=s3, key="archive/c.csv", CopySourceIfMatch=original["ETag"]) == (
        412,
        "PreconditionFailed",
        "x-amz-copy-source-If-Match",
    )
    assert "archive/c.csv" not in {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}


def test_copy_source_dates_and_their_precedence(s3, original):
    before = original["LastModified"] - timedelta(hours=1)
    after = original["LastModified"] + timedelta(hours=1)
    assert (
        refusal(copy, s3=s3, CopySourceIfUnmodifiedSince=before)[2] == "x-amz-copy-source-If-Unmodified-Since"
    )
    assert refusal(copy, s3=s3, CopySourceIfModifiedSince=after)[2] == "x-amz-copy-source-If-Modified-Since"
    copy(s3, CopySourceIfUnmodifiedSince=after)
    copy(s3, CopySourceIfModifiedSince=before)
    # AWS: if-match true with if-unmodified-since false copies; if-none-match false with if-modified-since
    # true refuses
    copy(s3, CopySourceIfMatch=original["ETag"], CopySourceIfUnmodifiedSince=before)
    assert refusal(copy, s3=s3, CopySourceIfNoneMatch=original["ETag"], CopySourceIfModifiedSince=before)[
        2
    ] == ("x-amz-copy-source-If-None-Match")


def test_copy_destination_conditions(s3, original):
    copy(s3, IfNoneMatch="*")
    assert refusal(copy, s3=s3, IfNoneMatch="*") == (412, "PreconditionFailed", "If-None-Match")
    archived = s3.head_object(Bucket=BUCKET, Key="archive/a.csv")["ETag"]
    assert refusal(copy, s3=s3, IfMatch='"0123456789abcdef0123456789abcdef"')[:2] == (
        412,
        "PreconditionFailed",
    )
    copy(s3, IfMatch=archived)
    assert refusal(copy, s3=s3, key="archive/none.csv", IfMatch=archived)[:2] == (404, "NoSuchKey")


def test_put_object_conditions(s3, original):
    assert refusal(s3.put_object, Bucket=BUCKET, Key=SOURCE["Key"], Body=b"x", IfNoneMatch="*") == (
        412,
        "PreconditionFailed",
        "If-None-Match",
    )
    assert refusal(s3.put_object, Bucket=BUCKET, Key=SOURCE["Key"], Body=b"x", IfMatch='"ffff"')[:2] == (
        412,
        "PreconditionFailed",
    )
    replaced = s3.put_object(Bucket=BUCKET, Key=SOURCE["Key"], Body=b"x", IfMatch=original["ETag"])
    assert replaced["ETag"] != original["ETag"]
    assert refusal(s3.delete_object, Bucket=BUCKET, Key=SOURCE["Key"], IfMatch=original["ETag"])[:2] == (
        412,
        "PreconditionFailed",
    )
    s3.delete_object(Bucket=BUCKET, Key=SOURCE["Key"], IfMatch=replaced["ETag"])
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET)


@pytest.fixture()
def slow_writes(monkeypatch):
    """Every object write of moto's backend takes 50 ms, so racing writers overlap between check and write."""
    for name in ("put_object", "copy_object"):
        write = getattr(S3Backend, name)

        def slow(*args, _write=write, **kwargs):
            time.sleep(0.05)
            return _write(*args, **kwargs)

        monkeypatch.setattr(S3Backend, name, slow)


def race(attempt, writers: int = 8) -> list[str]:
    """Run `attempt(i)` in `writers` threads at once; each returns "won" or the error code it got."""
    results: list[str] = [""] * writers
    barrier = threading.Barrier(writers)

    def run(index: int) -> None:
        barrier.wait()
        try:
            attempt(index)
            results[index] = "won"
        except ClientError as error:
            results[index] = error.response["Error"]["Code"]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_of_racing_create_only_writes_exactly_one_wins(s3, slow_writes):
    results = race(
        lambda i: s3.put_object(Bucket=BUCKET, Key="claims/a.csv", Body=f"run {i}", IfNoneMatch="*")
    )
    assert sorted(results) == ["PreconditionFailed"] * 7 + ["won"]
    winner = results.index("won")
    assert s3.get_object(Bucket=BUCKET, Key="claims/a.csv")["Body"].read() == f"run {winner}".encode()


def test_of_racing_compare_and_swap_writes_exactly_one_wins(s3, original, slow_writes):
    results = race(
        lambda i: s3.put_object(Bucket=BUCKET, Key=SOURCE["Key"], Body=f"run {i}", IfMatch=original["ETag"])
    )
    assert sorted(results) == ["PreconditionFailed"] * 7 + ["won"]


def test_of_racing_create_only_copies_exactly_one_wins(s3, original, slow_writes):
    results = race(lambda i: copy(s3, key="archive/once.csv", IfNoneMatch="*"))
    assert sorted(results) == ["PreconditionFailed"] * 7 + ["won"]
