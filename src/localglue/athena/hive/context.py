"""What a Hive DDL statement needs from its query: where, who, and a way to hand work to Trino."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...gateway.iam import Caller

Rows = list[list[str | None]]


@dataclass
class DdlContext:
    account_id: str
    region: str
    database: str  # the query's database, for unqualified names
    sql: str
    caller: Caller | None  # whose Glue permissions the statement needs (--enforce-iam)
    trino: Callable[[str], Rows]  # runs a statement on Trino (Iceberg tables' DDL), returns its rows
