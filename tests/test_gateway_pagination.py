"""The one pager of localglue's list actions (pagination.bounds)."""

from __future__ import annotations

import pytest

from localglue.gateway.errors import AwsError, invalid_input
from localglue.gateway.pagination import bounds


def pages(total: int, size: int) -> list[tuple[int, int]]:
    """Every page a client reads by following NextToken."""
    seen, token = [], None
    while True:
        params = {"MaxResults": size, **({"NextToken": token} if token else {})}
        start, end, more = bounds(total, params, default_size=10, max_size=100, invalid=invalid_input)
        seen.append((start, min(end, total)))
        token = more.get("NextToken")
        if token is None:
            return seen


def test_following_next_token_reads_every_item_once():
    assert pages(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert pages(6, 3) == [(0, 3), (3, 6)]
    assert pages(0, 3) == [(0, 0)]


def test_default_page_size():
    assert bounds(25, {}, default_size=10, max_size=100, invalid=invalid_input) == (
        0,
        10,
        {"NextToken": "10"},
    )


@pytest.mark.parametrize("token", ["abc", "-1", "½", "٣", "1e3", " 1", "8", "9" * 30, 5])
def test_a_token_this_pager_did_not_write_is_the_services_error(token):
    with pytest.raises(AwsError) as caught:
        bounds(7, {"NextToken": token}, default_size=10, max_size=100, invalid=invalid_input)
    assert caught.value.code == "InvalidInputException"
    assert caught.value.message.startswith(f"Invalid NextToken {token!r}")


@pytest.mark.parametrize("size", [0, -1, 101, "10", True])
def test_max_results_out_of_range(size):
    with pytest.raises(AwsError, match="MaxResults must be between 1 and 100"):
        bounds(7, {"MaxResults": size}, default_size=10, max_size=100, invalid=invalid_input)
