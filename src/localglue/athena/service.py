"""The Athena engine of one gateway: its query executions (per account and region) and the threads that
run them; `stop` cancels the queries still running and waits for them."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..gateway import lifecycle
from ..gateway.iam import Caller
from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore
from . import models

if TYPE_CHECKING:
    from ..runtime import Runtime

STOP_PATIENCE_SECONDS = 10.0


class AthenaEngine(Engine):
    name = "athena"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.queries: AccountRegionStore[models.QueryStore] = AccountRegionStore(models.QueryStore)
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"athena": self.queries}

    def restored(self) -> None:
        for _, queries in self.queries.items():
            with queries.lock:
                for record in queries.executions.values():
                    if record.state in ("QUEUED", "RUNNING"):
                        models.end_cut_short(record)

    def stop(self) -> None:
        for _, queries in self.queries.items():
            with queries.lock:
                running = [r for r in queries.executions.values() if r.state in ("QUEUED", "RUNNING")]
            for record in running:
                models.stop(record)
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=STOP_PATIENCE_SECONDS)

    def of(self, account_id: str, region: str) -> models.QueryStore:
        return self.queries.get(account_id, region)

    def start_query(self, account_id: str, region: str, params: dict, caller: Caller | None) -> str:
        queries = self.of(account_id, region)
        record, new = models.start(queries, account_id, region, params, caller)
        if not new:
            return record.query_id

        def run() -> None:
            try:
                models.run(queries, record)
            finally:
                with self._lock:
                    self._threads.discard(thread)

        thread = lifecycle.thread(self.runtime, run, f"athena-{record.query_id[:8]}")
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return record.query_id
