"""--persist's snapshot of object graphs deeper than Python's default recursion limit."""

from __future__ import annotations

import io
import pickle
import sys
import threading

from localglue.persistence import dump


class Link:
    def __init__(self, value: int, after: Link | None) -> None:
        self.value, self.after, self.lock = value, after, threading.Lock()


def test_a_graph_deeper_than_the_recursion_limit_is_saved_and_read_back():
    limit = sys.getrecursionlimit()
    chain = None
    for value in range(5 * limit):
        chain = Link(value, chain)
    out = io.BytesIO()
    dump({"chain": chain}, out)
    back = pickle.loads(out.getvalue())["chain"]
    seen = 0
    while back is not None:
        assert back.lock.acquire(blocking=False)  # a fresh lock
        seen, back = seen + 1, back.after
    assert seen == 5 * limit
    assert sys.getrecursionlimit() == limit  # put back
