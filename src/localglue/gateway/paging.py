"""One paginator for every list action localglue answers (moto's `@paginate` is the model).

A page is `MaxResults` items (the action's default when absent, refused above its limit) and a
`NextToken` while more remain. Tokens are opaque: they carry the offset and a fingerprint of the request's
other parameters, so a token from another request, a changed one or a made-up one is refused with the
service's own error instead of serving a wrong page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import AwsError

T = TypeVar("T")
_PAGING_MEMBERS = ("NextToken", "MaxResults", "nextToken", "maxResults")


@dataclass(frozen=True)
class Paging:
    """An action's paging rules: default and largest page, and the error it answers a bad request with."""

    default_size: int
    max_size: int
    error: Callable[[str], AwsError]
    token_member: str = "NextToken"
    size_member: str = "MaxResults"


def _fingerprint(params: dict[str, Any]) -> str:
    rest = {key: value for key, value in params.items() if key not in _PAGING_MEMBERS}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, default=str).encode()).hexdigest()[:16]


def encode_token(offset: int, params: dict[str, Any]) -> str:
    raw = json.dumps({"offset": offset, "request": _fingerprint(params)}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_token(token: Any, params: dict[str, Any], paging: Paging, total: int) -> int:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(str(token).encode()))
        offset = decoded["offset"]
        request = decoded["request"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise paging.error(
            f"Invalid {paging.token_member}: the token is not one this service issued"
        ) from None
    if not isinstance(offset, int) or offset < 0 or offset > total or request != _fingerprint(params):
        raise paging.error(f"Invalid {paging.token_member}: the token does not belong to this request")
    return offset


def page_size(params: dict[str, Any], paging: Paging) -> int:
    size = params.get(paging.size_member)
    if size is None:
        return paging.default_size
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= paging.max_size:
        raise paging.error(f"{paging.size_member} must be between 1 and {paging.max_size}")
    return size


def page_bounds(total: int, params: dict[str, Any], paging: Paging) -> tuple[int, int, dict[str, str]]:
    """(start, end) of the page the request asks for among `total` items, and `{NextToken: ...}` when
    more remain (else `{}`)."""
    size = page_size(params, paging)
    token = params.get(paging.token_member)
    start = _decode_token(token, params, paging, total) if token else 0
    end = min(start + size, total)
    more = {paging.token_member: encode_token(end, params)} if end < total else {}
    return start, end, more


def paginate(items: Sequence[T], params: dict[str, Any], paging: Paging) -> tuple[list[T], dict[str, str]]:
    """The page of `items` the request asks for, and `{NextToken: ...}` when more remain (else `{}`)."""
    start, end, more = page_bounds(len(items), params, paging)
    return list(items[start:end]), more
