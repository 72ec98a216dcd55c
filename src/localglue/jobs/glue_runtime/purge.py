"""purge_s3_path and purge_table: deleting a dataset's files, with the options Glue documents.

`retentionPeriod` (hours, 168 by default): files modified more recently are kept. `excludeStorageClasses`:
files of these storage classes are kept. `partitionPredicate` (purge_table): only the partitions it
selects, a Spark SQL expression as push_down_predicate; a partition whose files are all deleted is
removed from the catalog. `manifestFilePath`: `Success.csv` and `Failed.csv` list the files deleted and
those that could not be, under `<manifestFilePath>/<transformation_ctx>/` (the path itself without a
transformation_ctx).
"""

from __future__ import annotations

import time

from pyspark.sql import SparkSession

from . import catalog, storage

DEFAULT_RETENTION_HOURS = 168


def _purgeable(files: list[storage.DataFile], options: dict) -> list[storage.DataFile]:
    hours = float(options.get("retentionPeriod", DEFAULT_RETENTION_HOURS))
    cutoff_ms = (time.time() - hours * 3600) * 1000
    excluded = set(options.get("excludeStorageClasses") or [])
    return [f for f in files if f.modified_ms <= cutoff_ms and f.storage_class not in excluded]


def _manifest(
    options: dict, transformation_ctx: str, deleted: list[str], failed: list[tuple[storage.DataFile, str]]
) -> None:
    manifest = options.get("manifestFilePath")
    if not manifest:
        return
    folder = manifest.rstrip("/") + (f"/{transformation_ctx}" if transformation_ctx else "")
    storage.write_text(f"{folder}/Success.csv", "".join(f"{uri}\n" for uri in deleted))
    storage.write_text(f"{folder}/Failed.csv", "".join(f"{f.uri},{reason}\n" for f, reason in failed))


def purge_path(path: str, options: dict, transformation_ctx: str) -> None:
    files = _purgeable(storage.list_files([path], recurse=True), options)
    failed = storage.delete(files)
    failed_uris = {f.uri for f, _ in failed}
    _manifest(options, transformation_ctx, [f.uri for f in files if f.uri not in failed_uris], failed)


def purge_table(
    spark: SparkSession,
    database: str,
    table_name: str,
    options: dict,
    transformation_ctx: str,
    catalog_id: str | None,
) -> None:
    table = catalog.get_table(database, table_name, catalog_id)
    if not table.partition_keys:
        purge_path(table.location, options, transformation_ctx)
        return
    found = catalog.matching(
        spark, table, catalog.partitions(table, "", catalog_id), options.get("partitionPredicate", "")
    )
    deleted: list[str] = []
    failed: list[tuple[storage.DataFile, str]] = []
    emptied = []
    for partition in found:
        location = (partition.get("StorageDescriptor") or {}).get("Location")
        if not location:
            continue
        files = storage.list_files([location], recurse=True)
        purgeable = _purgeable(files, options)
        refused = storage.delete(purgeable)
        refused_uris = {f.uri for f, _ in refused}
        deleted += [f.uri for f in purgeable if f.uri not in refused_uris]
        failed += refused
        if files and len(purgeable) == len(files) and not refused:
            emptied.append(partition["Values"])
    catalog.delete_partitions(table, emptied, catalog_id)
    _manifest(options, transformation_ctx, deleted, failed)
