"""One page of a listing, as the JSON services page: MaxResults items from the NextToken on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import AwsError, invalid_input

Item = TypeVar("Item")


def page(
    items: Sequence[Item],
    params: dict[str, Any],
    limit: int,
    refuse: Callable[[str], AwsError] = invalid_input,
) -> tuple[list[Item], dict[str, str]]:
    """The page asked for, and the answer's NextToken member when more items follow.

    The token is the position of the next item; a token this listing did not give, or a MaxResults
    outside 1..`limit`, gets the service's refusal (`refuse`).
    """
    max_results = params.get("MaxResults") or limit
    if not isinstance(max_results, int) or not 1 <= max_results <= limit:
        raise refuse(f"MaxResults must be between 1 and {limit}")
    token = params.get("NextToken")
    start = 0
    if token:
        if not isinstance(token, str) or not token.isdigit() or int(token) > len(items):
            raise refuse("Invalid NextToken")
        start = int(token)
    end = start + max_results
    return list(items[start:end]), ({"NextToken": str(end)} if end < len(items) else {})
