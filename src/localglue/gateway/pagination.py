"""The one pager of localglue's own list actions: `MaxResults` items from the `NextToken` on.

A token is the position of the next item, as this pager wrote it; anything else is refused with the
service's error for an invalid parameter (Glue's InvalidInputException, Athena's InvalidRequestException).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import AwsError


def bounds(
    total: int,
    params: dict[str, Any],
    *,
    default_size: int,
    max_size: int,
    invalid: Callable[[str], AwsError],
) -> tuple[int, int, dict[str, str]]:
    """(start, end) of the page asked for among `total` items, and {"NextToken": ...} when more follow."""
    size = params.get("MaxResults")
    size = default_size if size is None else size
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= max_size:
        raise invalid(f"MaxResults must be between 1 and {max_size}, not {size!r}")
    token = params.get("NextToken")
    start = 0
    if token:
        written = isinstance(token, str) and token.isascii() and token.isdigit() and len(token) < 19
        if not written or int(token) > total:
            raise invalid(f"Invalid NextToken {token!r}: pass the NextToken of the previous answer")
        start = int(token)
    end = start + size
    return start, end, ({"NextToken": str(end)} if end < total else {})
