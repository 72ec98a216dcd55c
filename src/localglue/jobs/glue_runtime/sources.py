"""What a DataSource reads: files named by connection options or by a catalog table, minus bookmarked ones.

Connection options of `s3` ("Connection types and options for ETL in AWS Glue"): `paths` (required),
`recurse`, `exclusions`, `compressionType` (the files must carry the codec's extension: Hadoop picks
codecs by it), `groupFiles` / `groupSize` (accepted; Spark packs small files into partitions itself,
and the result is the same), `maxBand` (bookmarks). `file` reads local paths the same way. Any other
connection type is refused with its name: localglue has no databases, streams or DynamoDB to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

from . import bookmarks, catalog, readers, storage

FILE_CONNECTIONS = ("s3", "file")
_CODEC_EXTENSIONS = {"gzip": (".gz", ".gzip"), "bzip2": (".bz2",), "bzip": (".bz2",), "snappy": (".snappy",)}


class SourceError(ValueError):
    """A source localglue cannot read; the message names what."""


def check_connection_type(connection_type: str, what: str = "read from") -> str:
    if connection_type not in FILE_CONNECTIONS:
        raise SourceError(
            f"connection type {connection_type!r} is not emulated by localglue: it can {what} "
            f"{' and '.join(FILE_CONNECTIONS)} only (JDBC, DynamoDB, Kafka, Kinesis... need those services)"
        )
    return connection_type


@dataclass
class Source:
    """Files to read: sets of them (one per catalog partition), their format, bookmark band."""

    file_sets: list[tuple[list[storage.DataFile], list[tuple[str, str | None, T.DataType]]]]
    fmt: readers.Format
    max_band_ms: int = bookmarks.DEFAULT_MAX_BAND_MS


def _listed(paths: list[str], options: dict) -> list[storage.DataFile]:
    files = storage.list_files(
        paths, readers.flag(options, "recurse"), storage.parse_exclusions(options.get("exclusions"))
    )
    codec = str(options.get("compressionType") or "").lower()
    if codec and codec != "none":
        if codec not in _CODEC_EXTENSIONS:
            raise SourceError(
                f"compressionType {codec!r} is not one localglue reads ({', '.join(_CODEC_EXTENSIONS)})"
            )
        bare = [f.uri for f in files if not f.uri.lower().endswith(_CODEC_EXTENSIONS[codec])]
        if bare:
            raise SourceError(
                f"compressionType {codec}: {bare[0]} lacks the {_CODEC_EXTENSIONS[codec][0]} extension, "
                "which localglue needs to decompress it"
            )
    return files


def from_options(
    connection_type: str, connection_options: dict, format: str | None, format_options: dict
) -> Source:
    check_connection_type(connection_type)
    paths = connection_options.get("paths") or (
        [connection_options["path"]] if connection_options.get("path") else []
    )
    if isinstance(paths, str):
        paths = [paths]
    if not paths:
        raise SourceError(f"connection_options of a {connection_type} source need paths (a list of paths)")
    fmt = readers.Format(readers.fmt_name(format), dict(format_options))
    files = _listed(list(paths), connection_options)
    return Source([(files, [])], fmt, int(connection_options.get("maxBand", bookmarks.DEFAULT_MAX_BAND_MS)))


def from_catalog(
    spark: SparkSession,
    database: str,
    table_name: str,
    push_down_predicate: str,
    additional_options: dict,
    catalog_id: str | None,
) -> Source:
    table = catalog.get_table(database, table_name, catalog_id)
    fmt = table.read_format(
        {k: v for k, v in additional_options.items() if k in ("jsonPath", "multiLine", "multiline")}
    )
    band = int(additional_options.get("maxBand", bookmarks.DEFAULT_MAX_BAND_MS))
    if not table.partition_keys:
        if not table.location:
            raise SourceError(f"table {database}.{table_name} has no location to read")
        return Source([(_listed([table.location], additional_options), [])], fmt, band)
    expression = additional_options.get("catalogPartitionPredicate", "")
    found = catalog.matching(
        spark, table, catalog.partitions(table, expression, catalog_id), push_down_predicate
    )
    file_sets = []
    for partition in found:
        location = (partition.get("StorageDescriptor") or {}).get("Location")
        if not location:
            continue
        constants = [
            (key["Name"], value, catalog.key_type(key))
            for key, value in zip(table.partition_keys, partition["Values"])
        ]
        file_sets.append((_listed([location], additional_options), constants))
    return Source(file_sets, fmt, band)


def read(spark: SparkSession, source: Source, transformation_ctx: str) -> tuple[DataFrame, DataFrame | None]:
    """The source's records; with a bookmark session and a transformation_ctx, only the new files."""
    session = bookmarks.current()
    listed = [f for files, _ in source.file_sets for f in files]
    chosen = {
        f.uri for f in (session.select(transformation_ctx, listed, source.max_band_ms) if session else listed)
    }
    file_sets = [
        readers.FileSet([f.uri for f in files if f.uri in chosen], constants)
        for files, constants in source.file_sets
        if any(f.uri in chosen for f in files)
    ]
    return readers.read(spark, file_sets, source.fmt)
