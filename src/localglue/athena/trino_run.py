"""Running one statement on Trino: the rows in Athena's text, the statistics, cancellation, the errors.

Each Athena query is one Trino query of its own (its own session): the user `athena`, the catalog
`awsdatacatalog`, the query's database as schema, the session time zone UTC as Athena's, and the
workgroup's BytesScannedCutoffPerQuery as Trino's `query_max_scan_physical_bytes`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import trino
from trino.exceptions import TrinoConnectionError, TrinoQueryError

from ..trino.catalogs import ATHENA_CATALOG
from .errors import OTHER, SYSTEM, USER, QueryFailed, ScanLimitExceeded
from .types import TrinoType, column_type
from .values import athena_text

USER_NAME = "athena"
FETCH_SIZE = 1000
_CATEGORIES = {
    "USER_ERROR": USER,
    "INTERNAL_ERROR": SYSTEM,
    "INSUFFICIENT_RESOURCES": SYSTEM,
    "EXTERNAL": OTHER,
}
# Trino's words for "the query's data is not Trino's to read or write" that Athena prints as its own
_SCAN_LIMIT = "EXCEEDED_SCAN_LIMIT"


class TrinoUnreachable(Exception):
    """The server refused the connection before it took the statement: nothing of it ran."""


@dataclass
class Outcome:
    columns: list[tuple[str, str, int, int]]
    rows: Iterator[list[str | None]]
    update_type: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)


def failure(err: TrinoQueryError) -> QueryFailed:
    """Trino's error as Athena reports it: `NAME: line l:c: message` with Athena's category."""
    name = err.error_name or "GENERIC_INTERNAL_ERROR"
    if name == _SCAN_LIMIT:
        raise ScanLimitExceeded()
    return QueryFailed(name, err.message, category=_CATEGORIES.get(err.error_type or "", OTHER))


class TrinoRun:
    """One statement on a Trino server; `cancel()` from another thread ends it."""

    def __init__(
        self,
        port: int,
        schema: str,
        session: dict[str, str] | None = None,
        scan_limit: int | None = None,
    ):
        properties = dict(session or {})
        if scan_limit is not None:
            properties["query_max_scan_physical_bytes"] = f"{int(scan_limit)}B"
        self._connection = trino.dbapi.connect(
            host="127.0.0.1",
            port=port,
            user=USER_NAME,
            source="localglue-athena",
            catalog=ATHENA_CATALOG,
            schema=schema,
            timezone="UTC",
            session_properties=properties,
            legacy_primitive_types=True,
        )
        self._cursor = self._connection.cursor()
        self._cancelled = threading.Event()
        self.stats: dict[str, Any] = {}

    @property
    def query_id(self) -> str | None:
        return self._cursor.query_id

    def execute(self, sql: str) -> Outcome:
        """Start `sql`; the outcome's rows arrive as they are read (formatted as Athena prints them)."""
        try:
            self._cursor.execute(sql)
            description = self._cursor.description or []
        except TrinoQueryError as err:
            raise failure(err) from None
        except TrinoConnectionError as err:
            if self._cursor.query_id is None:  # no query id: Trino never took the statement
                raise TrinoUnreachable(str(err)) from err
            raise
        types = [TrinoType.parse(column.type_code) for column in description]
        columns = [(column.name, *column_type(column.type_code)) for column in description]

        def rows() -> Iterator[list[str | None]]:
            try:
                while True:
                    chunk = self._cursor.fetchmany(FETCH_SIZE)
                    if not chunk:
                        break
                    for row in chunk:
                        yield [athena_text(value, kind) for value, kind in zip(row, types, strict=True)]
            except TrinoQueryError as err:
                raise failure(err) from None
            finally:
                self.stats = dict(self._cursor.stats or {})

        return Outcome(columns, rows(), self._cursor.update_type)

    def run_all(self, sql: str) -> list[list[str | None]]:
        """Run a statement to its end and return its rows (for statements with small answers)."""
        outcome = self.execute(sql)
        return list(outcome.rows)

    def cancel(self) -> None:
        self._cancelled.set()
        try:
            self._cursor.cancel()
        except Exception:  # the query may have ended meanwhile; nothing is left to cancel
            pass

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def close(self) -> None:
        self._connection.close()
