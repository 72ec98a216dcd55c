"""S3's operations as its REST API tells them apart: by method and the query marker of their URI
(`PUT /{Bucket}?tagging`), read from botocore's model of S3.

moto's S3 dispatcher has no table of operations: it tests the query for the markers it knows and answers
a request whose marker it never tests for as if there were none (a GET as ListObjects, a PUT with an empty
200). The markers it tests for are read from its own code, so that such requests are answered 501 instead.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any
from urllib.parse import parse_qs

import moto.s3.responses

from .protocols import service_model


def _marker(operation: Any) -> str:
    """The query marker of `operation`'s URI, else its required query parameter (CompleteMultipartUpload's
    uploadId); "" when the method and path alone name it."""
    marker = operation.http["requestUri"].partition("?")[2].split("&")[0].split("=")[0]
    if marker or operation.input_shape is None:
        return marker
    shape = operation.input_shape
    return next(
        (
            member.serialization["name"]
            for name, member in shape.members.items()
            if member.serialization.get("location") == "querystring" and name in shape.required_members
        ),
        "",
    )


@functools.cache
def by_marker() -> dict[tuple[str, str], tuple[Any, ...]]:
    """(method, query marker) -> botocore's models of the operations S3 answers to it."""
    model = service_model("s3")
    operations: dict[tuple[str, str], list[Any]] = {}
    for name in model.operation_names:
        operation = model.operation_model(name)
        operations.setdefault((operation.http["method"], _marker(operation)), []).append(operation)
    return {key: tuple(found) for key, found in operations.items()}


@functools.cache
def _markers_moto_reads() -> frozenset[str]:
    source = inspect.getsource(moto.s3.responses)
    markers = {marker for _, marker in by_marker() if marker}
    return frozenset(marker for marker in markers if f'"{marker}"' in source or f"'{marker}'" in source)


def unanswered(environ: dict[str, Any]) -> str | None:
    """The S3 operation the request asks for when moto does not answer it; None otherwise."""
    method = environ.get("REQUEST_METHOD", "")
    for marker in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True):
        operations = by_marker().get((method, marker))
        if operations and marker not in _markers_moto_reads():
            return " / ".join(operation.name for operation in operations)
    return None


def unanswered_names() -> list[str]:
    """Every S3 operation moto does not answer, by name."""
    return sorted(
        operation.name
        for (_, marker), operations in by_marker().items()
        if marker and marker not in _markers_moto_reads()
        for operation in operations
    )
