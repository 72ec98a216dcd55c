"""The Glue catalog state localglue keeps beside moto's, per account and region.

moto holds databases, tables and partitions; what Glue also keeps about them and moto does not (column
statistics, written by Trino on CTAS and INSERT and read back by its planner) lives here, in the
gateway's store, so `--persist` keeps it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..gateway.lifecycle import Engine
from ..gateway.stores import AccountRegionStore

if TYPE_CHECKING:
    from ..runtime import Runtime

# (database, table, partition values or () for the table itself, column) -> ColumnStatistics
StatisticsKey = tuple[str, str, tuple[str, ...], str]


class CatalogExtras:
    def __init__(self) -> None:
        self.column_statistics: dict[StatisticsKey, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def forget_table(self, database: str, table: str) -> None:
        """A dropped table's statistics go with it."""
        with self.lock:
            for key in [key for key in self.column_statistics if key[:2] == (database, table)]:
                del self.column_statistics[key]


class GlueEngine(Engine):
    name = "glue"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.catalog: AccountRegionStore[CatalogExtras] = AccountRegionStore(CatalogExtras)

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        return {"glue": self.catalog}

    def of(self, account_id: str, region: str) -> CatalogExtras:
        return self.catalog.get(account_id, region)
