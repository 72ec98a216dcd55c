"""One way to keep an engine's state: one value per account and region, created on first use.

As moto's `BackendDict` and LocalStack's `AccountRegionBundle` do, every engine keeps what it knows
(job runs, crawls, workflow runs, query executions, ...) in an `AccountRegionStore` of its own state
class, owned by the engine instance, so two gateways in one process never share it. `--persist` saves
and restores every store through `snapshot` / `restore` (localglue.persistence).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
Key = tuple[str, str]  # (account id, region)


class AccountRegionStore(Generic[T]):
    def __init__(self, factory: Callable[[], T]):
        self._factory = factory
        self._values: dict[Key, T] = {}
        self._lock = threading.Lock()

    def get(self, account_id: str, region: str) -> T:
        with self._lock:
            value = self._values.get((account_id, region))
            if value is None:
                value = self._values[(account_id, region)] = self._factory()
            return value

    def items(self) -> list[tuple[Key, T]]:
        with self._lock:
            return list(self._values.items())

    def snapshot(self) -> dict[Key, T]:
        return dict(self.items())

    def restore(self, values: dict[Key, T]) -> None:
        with self._lock:
            self._values = dict(values)
