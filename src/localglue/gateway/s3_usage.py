"""The gateway's S3 requests, counted per bucket in the classes S3 prices them by
(https://aws.amazon.com/s3/pricing/, "Requests & data retrievals"): what a run on AWS would be billed.

- `write`: PUT, COPY, POST and LIST requests (a GET of a bucket's object listing, ListObjects(V2),
  ListObjectVersions, ListMultipartUploads);
- `read`: GET, HEAD and every other request;
- `free`: DELETE requests (DeleteObject, and DeleteObjects' POST ?delete).

Path-style (`/bucket/key`) and virtual-hosted (`bucket.localhost`) requests are told apart by their Host.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any
from urllib.parse import parse_qs

# A bucket-level GET with none of these subresources lists objects (a LIST request); with one, it reads
# a setting (an "other" request)
_LISTINGS = {"versions", "uploads"}


def request_class(method: str, has_key: bool, query: dict[str, list[str]]) -> str:
    if method == "DELETE" or (method == "POST" and "delete" in query):
        return "free"
    if method in ("PUT", "POST"):
        return "write"
    if method == "GET" and not has_key:
        subresources = set(query) - {
            "list-type",
            "prefix",
            "delimiter",
            "max-keys",
            "marker",
            "encoding-type",
            "continuation-token",
            "start-after",
            "fetch-owner",
            "key-marker",
            "version-id-marker",
            "upload-id-marker",
            "max-uploads",
            "x-id",
        }
        if not subresources or subresources <= _LISTINGS:
            return "write"
    return "read"


def bucket_and_key(environ: dict[str, Any]) -> tuple[str, str]:
    """The request's bucket and key ("" for none), path-style or virtual-hosted."""
    host = (environ.get("HTTP_HOST") or "").rsplit(":", 1)[0]
    path = (environ.get("PATH_INFO") or "/").lstrip("/")
    if host.endswith(".localhost"):
        return host.removesuffix(".localhost"), path
    bucket, _, key = path.partition("/")
    return bucket, key


class S3Usage:
    """Counts of one gateway's S3 requests: bucket -> class -> requests."""

    def __init__(self) -> None:
        self._counts: dict[str, Counter[str]] = {}
        self._lock = threading.Lock()

    def record(self, environ: dict[str, Any]) -> None:
        bucket, key = bucket_and_key(environ)
        if not bucket:
            return  # ListBuckets: not a bucket's request
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        kind = request_class(environ.get("REQUEST_METHOD", "GET"), bool(key), query)
        with self._lock:
            self._counts.setdefault(bucket, Counter())[kind] += 1

    def counts(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {bucket: dict(counter) for bucket, counter in self._counts.items()}
