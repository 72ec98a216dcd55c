"""S3 URIs as every engine reads them."""

from __future__ import annotations


def split_s3_uri(uri: str) -> tuple[str, str]:
    """("bucket", "key/prefix") of an s3:// (or s3a://, or scheme-less) URI."""
    rest = uri.split("://", 1)[1] if "://" in uri else uri
    bucket, _, key = rest.partition("/")
    return bucket, key
