"""The Athena engine of one gateway: its query executions (per account and region), the threads that run
them, and a Trino server per account and region that the queries run on.

The server of the default account and region starts in the background with the gateway, so it is warm
when the first query comes (`LOCALGLUE_ATHENA_PRESTART=0` waits for the first query instead); others
start on their account's first query. Trino reads the Glue catalog and S3 through the gateway with
credentials of localglue's own (an IAM user `localglue-athena` in the account); what a query may read and
write is checked against its caller's permissions first. `stop` cancels the queries still running and
stops every server.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from .. import paths
from ..gateway import iam, lifecycle
from ..gateway.iam import Caller
from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore
from ..trino.catalogs import ACCESS_RULES, athena_catalogs
from ..trino.server import TrinoServer
from . import execute, models

if TYPE_CHECKING:
    from ..runtime import Runtime

log = logging.getLogger("localglue.athena")
STOP_PATIENCE_SECONDS = 30.0
PRESTART_ENV = "LOCALGLUE_ATHENA_PRESTART"
DEFAULT_REGION = "us-east-1"
SERVICE_USER = "localglue-athena"


class AthenaEngine(Engine):
    name = "athena"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.queries: AccountRegionStore[models.QueryStore] = AccountRegionStore(models.QueryStore)
        self._servers: dict[tuple[str, str], TrinoServer] = {}
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    # --- lifecycle ----------------------------------------------------------------------------------

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"athena": self.queries}

    def restored(self) -> None:
        for _, queries in self.queries.items():
            queries.end_cut_short()

    def start(self) -> None:
        if os.environ.get(PRESTART_ENV, "1") != "0":
            self.server(DEFAULT_ACCOUNT_ID, DEFAULT_REGION).start()

    def stop(self) -> None:
        for _, queries in self.queries.items():
            with queries.lock:
                running = [r for r in queries.executions.values() if r.state in models.ACTIVE]
            for record in running:
                self.stop_query(record, "localglue stopped before the query ended")
        with self._lock:
            threads, servers = list(self._threads), list(self._servers.values())
            self._servers.clear()
        for server in servers:  # first: a query still waiting for its server is told it will not come
            server.stop()
        for thread in threads:
            thread.join(timeout=STOP_PATIENCE_SECONDS)

    # --- Trino servers --------------------------------------------------------------------------------

    def server(self, account_id: str, region: str) -> TrinoServer:
        with self._lock:
            server = self._servers.get((account_id, region))
            if server is None:
                key, secret = iam.service_user_keys(account_id, SERVICE_USER)
                folder = (
                    paths.state_dir("trino")
                    / f"{self.runtime.endpoint_url.rsplit(':', 1)[-1]}-{account_id}-{region}"
                )
                catalogs = athena_catalogs(self.runtime.endpoint_url, region, key, secret)
                server = self._servers[(account_id, region)] = TrinoServer(folder, catalogs, ACCESS_RULES)
            return server

    def trino_for(self, account_id: str, region: str) -> TrinoServer:
        """The account's server, started if need be, once it answers queries."""
        server = self.server(account_id, region)
        server.wait_ready()
        return server

    def servers(self) -> dict[tuple[str, str], TrinoServer]:
        with self._lock:
            return dict(self._servers)

    def ensure_default_database(self, account_id: str, region: str, database: str) -> None:
        """AWS accounts have a Glue database `default`, the one Athena queries name when they name none."""
        if database != "default":
            return
        glue = get_backend("glue")[account_id][region]
        if "default" not in glue.databases:
            try:
                glue.create_database("default", {"Name": "default", "Description": "Default Hive database"})
            except Exception:  # created meanwhile by another query
                pass

    # --- queries --------------------------------------------------------------------------------------

    def of(self, account_id: str, region: str) -> models.QueryStore:
        return self.queries.get(account_id, region)

    def start_query(self, account_id: str, region: str, params: dict, caller: Caller | None) -> str:
        queries = self.of(account_id, region)
        record, new = models.new_execution(queries, account_id, region, params, caller)
        if not new:
            return record.query_id

        def run() -> None:
            try:
                execute.run(self, queries, record)
            finally:
                with self._lock:
                    self._threads.discard(thread)

        thread = lifecycle.thread(self.runtime, run, f"athena-{record.query_id[:8]}")
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return record.query_id

    def stop_query(self, record: models.QueryExecution, reason: str = "Query cancelled by user") -> None:
        if record.advance("CANCELLED", reason) and record.cancel is not None:
            record.cancel()
