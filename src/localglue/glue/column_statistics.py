"""Glue's column statistics API for tables and partitions (moto answers none of it).

Trino writes statistics after CTAS and INSERT and deletes them when it replaces a table's data, from
parallel threads that may delete one column twice; Glue answers a column without statistics in `Errors`
of the Get call, and deleting statistics that are not there succeeds.
https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateColumnStatisticsForTable.html
"""

from __future__ import annotations

from typing import Any

from moto.glue.exceptions import EntityNotFoundException as MotoEntityNotFound

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import entity_not_found, invalid_input
from .engine import CatalogExtras, StatisticsKey

MAX_COLUMNS = 100  # ColumnNames and ColumnStatisticsList hold at most 100 items (Glue's limit)


def _table(ctx: RequestContext, params: dict[str, Any]) -> tuple[str, str, list[str]]:
    """(database, table, its column names), or EntityNotFoundException as Glue answers."""
    database, table = params.get("DatabaseName") or "", params.get("TableName") or ""
    try:
        found = ctx.backend().get_table(database, table)
    except MotoEntityNotFound:
        raise entity_not_found(f"Table {table} not found in database {database}") from None
    described = found.as_dict()
    columns = described.get("StorageDescriptor", {}).get("Columns", []) + described.get("PartitionKeys", [])
    return database.lower(), table.lower(), [column["Name"].lower() for column in columns]


def _partition(ctx: RequestContext, params: dict[str, Any], database: str, table: str) -> tuple[str, ...]:
    values = params.get("PartitionValues")
    if values is None:
        return ()
    try:
        ctx.backend().get_partition(database, table, values)
    except MotoEntityNotFound:
        raise entity_not_found(f"Partition {values} of {database}.{table} not found") from None
    return tuple(values)


def _extras(ctx: RequestContext) -> CatalogExtras:
    return ctx.runtime.glue.of(ctx.account_id, ctx.region)


def _update(ctx: RequestContext, params: dict[str, Any], partitioned: bool) -> dict[str, Any]:
    database, table, columns = _table(ctx, params)
    values = _partition(ctx, params, database, table) if partitioned else ()
    statistics = params.get("ColumnStatisticsList") or []
    if len(statistics) > MAX_COLUMNS:
        raise invalid_input(f"ColumnStatisticsList holds at most {MAX_COLUMNS} items")
    errors = []
    extras = _extras(ctx)
    with extras.lock:
        for item in statistics:
            name = str(item.get("ColumnName", "")).lower()
            if name not in columns:
                errors.append(
                    {
                        "ColumnStatistics": item,
                        "Error": {
                            "ErrorCode": "EntityNotFoundException",
                            "ErrorMessage": f"Column {name} not found in table {database}.{table}",
                        },
                    }
                )
                continue
            key: StatisticsKey = (database, table, values, name)
            extras.column_statistics[key] = dict(item, ColumnName=name)
    return {"Errors": errors}


def _get(ctx: RequestContext, params: dict[str, Any], partitioned: bool) -> dict[str, Any]:
    database, table, _ = _table(ctx, params)
    values = _partition(ctx, params, database, table) if partitioned else ()
    names = params.get("ColumnNames") or []
    if len(names) > MAX_COLUMNS:
        raise invalid_input(f"ColumnNames holds at most {MAX_COLUMNS} items")
    found, errors = [], []
    extras = _extras(ctx)
    with extras.lock:
        for name in names:
            kept = extras.column_statistics.get((database, table, values, str(name).lower()))
            if kept is None:
                errors.append(
                    {
                        "ColumnName": name,
                        "Error": {
                            "ErrorCode": "EntityNotFoundException",
                            "ErrorMessage": "Column statistics not found",
                        },
                    }
                )
            else:
                found.append(kept)
    return {"ColumnStatisticsList": found, "Errors": errors}


def _delete(ctx: RequestContext, params: dict[str, Any], partitioned: bool) -> dict[str, Any]:
    database, table, _ = _table(ctx, params)
    values = _partition(ctx, params, database, table) if partitioned else ()
    name = str(params.get("ColumnName") or "").lower()
    extras = _extras(ctx)
    with extras.lock:
        extras.column_statistics.pop((database, table, values, name), None)
    return {}


@action("glue", "UpdateColumnStatisticsForTable")
def update_for_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _update(ctx, params, partitioned=False)


@action("glue", "UpdateColumnStatisticsForPartition")
def update_for_partition(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _update(ctx, params, partitioned=True)


@action("glue", "GetColumnStatisticsForTable")
def get_for_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _get(ctx, params, partitioned=False)


@action("glue", "GetColumnStatisticsForPartition")
def get_for_partition(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _get(ctx, params, partitioned=True)


@action("glue", "DeleteColumnStatisticsForTable")
def delete_for_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _delete(ctx, params, partitioned=False)


@action("glue", "DeleteColumnStatisticsForPartition")
def delete_for_partition(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _delete(ctx, params, partitioned=True)


@action("glue", "DeleteTable")
def delete_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    answer = ctx.forward()
    _extras(ctx).forget_table(
        str(params.get("DatabaseName", "")).lower(), str(params.get("Name", "")).lower()
    )
    return answer
