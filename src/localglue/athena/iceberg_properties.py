"""Athena's Iceberg table properties (`vacuum_max_snapshot_age_seconds`...): set by CREATE TABLE, CTAS and
ALTER TABLE SET TBLPROPERTIES, kept in the table's Iceberg metadata as Trino's `extra_properties`, read
back by VACUUM. Glue's table parameters would not keep them: each Iceberg commit rewrites those."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..trino.catalogs import ATHENA_ICEBERG_PROPERTIES, ICEBERG_CATALOG
from .errors import QueryFailed
from .trino_sql import quote, string_map

Rows = list[list[str | None]]
VACUUM_MAX_SNAPSHOT_AGE = "vacuum_max_snapshot_age_seconds"
DEFAULT_VACUUM_AGE_SECONDS = 432000  # 5 days, Athena's default


def athena_only(properties: Mapping[str, str]) -> dict[str, str]:
    """The properties among `properties` that are Athena's own Iceberg settings."""
    return {name: value for name, value in properties.items() if name in ATHENA_ICEBERG_PROPERTIES}


def target(database: str, table: str) -> str:
    return f"{quote(ICEBERG_CATALOG)}.{quote(database)}.{quote(table)}"


def current(run: Callable[[str], Rows], database: str, table: str) -> dict[str, str]:
    """The Athena settings the table has now."""
    rows = run(f"SELECT key, value FROM {target(database, f'{table}$properties')}")
    return athena_only({str(key): str(value) for key, value in rows})


def set_properties(run: Callable[[str], Rows], database: str, table: str, updates: Mapping[str, str]) -> None:
    """ALTER TABLE ... SET TBLPROPERTIES on an Iceberg table: Athena's settings added to those it has."""
    unknown = sorted(set(updates) - set(ATHENA_ICEBERG_PROPERTIES))
    if unknown:
        raise QueryFailed(
            "INVALID_TABLE_PROPERTY",
            f"Unsupported table property key: {unknown[0]}; an Iceberg table takes "
            + ", ".join(ATHENA_ICEBERG_PROPERTIES),
        )
    merged = {**current(run, database, table), **updates}
    run(f"ALTER TABLE {target(database, table)} SET PROPERTIES extra_properties = {string_map(merged)}")


def vacuum_age_seconds(run: Callable[[str], Rows], database: str, table: str) -> int:
    value = current(run, database, table).get(VACUUM_MAX_SNAPSHOT_AGE)
    if value is None:
        return DEFAULT_VACUUM_AGE_SECONDS
    try:
        return int(value)
    except ValueError:
        raise QueryFailed(
            "INVALID_TABLE_PROPERTY", f"{VACUUM_MAX_SNAPSHOT_AGE} must be a number of seconds: {value}"
        ) from None
