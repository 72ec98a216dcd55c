"""The one pager of localglue's list actions (gateway.paging)."""

from __future__ import annotations

import pytest

from localglue.gateway.errors import AwsError, invalid_input
from localglue.gateway.paging import Paging, encode_token, paginate

PAGING = Paging(default_size=10, max_size=100, error=invalid_input)


def pages(items: list[int], size: int, **request) -> list[list[int]]:
    """Every page a client reads by following NextToken."""
    seen, token = [], None
    while True:
        params = {**request, "MaxResults": size, **({"NextToken": token} if token else {})}
        page, more = paginate(items, params, PAGING)
        seen.append(page)
        token = more.get("NextToken")
        if token is None:
            return seen


def test_following_next_token_reads_every_item_once():
    assert pages(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert pages(list(range(6)), 3) == [[0, 1, 2], [3, 4, 5]]
    assert pages([], 3) == [[]]


def test_default_page_size():
    page, more = paginate(list(range(25)), {}, PAGING)
    assert page == list(range(10)) and set(more) == {"NextToken"}


@pytest.mark.parametrize("token", ["abc", "-1", "½", "1e3", "8", "9" * 30, 5, "eyJvZmZzZXQiOiAzfQ=="])
def test_a_token_this_pager_did_not_write_is_the_services_error(token):
    with pytest.raises(AwsError) as caught:
        paginate(list(range(7)), {"NextToken": token}, PAGING)
    assert caught.value.code == "InvalidInputException"
    assert caught.value.message.startswith("Invalid NextToken")


def test_a_token_of_another_request_is_refused():
    token = encode_token(3, {"JobName": "a"})
    assert paginate(list(range(7)), {"JobName": "a", "NextToken": token}, PAGING)[0] == [3, 4, 5, 6]
    with pytest.raises(AwsError, match="does not belong to this request"):
        paginate(list(range(7)), {"JobName": "b", "NextToken": token}, PAGING)


@pytest.mark.parametrize("size", [0, -1, 101, "10", True])
def test_max_results_out_of_range(size):
    with pytest.raises(AwsError, match="MaxResults must be between 1 and 100"):
        paginate(list(range(7)), {"MaxResults": size}, PAGING)
