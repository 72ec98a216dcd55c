"""Hive metastore Thrift structs <-> the Glue Data Catalog's shapes, field for field as AWS's own Glue
catalog client for Hive maps them (aws-glue-data-catalog-client-for-apache-hive-metastore:
CatalogToHiveConverter, HiveToCatalogConverter, GlueInputConverter).

Glue's side is what moto keeps and the Glue API speaks: `TableInput`, `PartitionInput` and
`DatabaseInput` dicts on the way in, `Table`/`Partition`/`Database` dicts (an `as_dict()`) on the way out.
Column types are Hive type names on both sides and pass unchanged. Glue stores `s3://` locations;
Spark's `s3a://` and `s3n://` are written as `s3://`, which a job reads back through S3A all the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import wire

from hmsclient.genthrift.hive_metastore.ttypes import (
    Database,
    FieldSchema,
    Order,
    Partition,
    SerDeInfo,
    SkewedInfo,
    StorageDescriptor,
    Table,
    TableMeta,
)

MANAGED_TABLE, EXTERNAL_TABLE, VIRTUAL_VIEW = "MANAGED_TABLE", "EXTERNAL_TABLE", "VIRTUAL_VIEW"
DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__"
# The characters Hive escapes as %XX in a partition's path name (FileUtils.charToEscape).
_ESCAPED = set(map(chr, range(0x01, 0x20))) | set("\"#%'*/:=?\\\x7f{[]^")


def glue_location(location: str | None) -> str | None:
    """The location as Glue keeps it: `s3://` for every S3 scheme Spark writes."""
    if location and location.startswith(("s3a://", "s3n://")):
        return "s3://" + location.split("://", 1)[1]
    return location


def _epoch_seconds(value: Any) -> int:
    """A Glue timestamp (datetime, epoch number or ISO text) as Hive's int seconds; 0 when absent."""
    if value is None or value == "":
        return 0
    if isinstance(value, datetime):
        return int(wire.epoch(value))
    if isinstance(value, str):
        try:
            return int(float(value))
        except ValueError:
            return int(wire.epoch(datetime.fromisoformat(value.replace("Z", "+00:00"))))
    return int(value)


def _strings(mapping: dict | None) -> dict[str, str]:
    return {str(key): "" if value is None else str(value) for key, value in (mapping or {}).items()}


# ---- Glue -> Hive ----


def hive_database(glue_database: dict[str, Any]) -> Database:
    return Database(
        name=glue_database["Name"],
        description=glue_database.get("Description"),
        locationUri=glue_database.get("LocationUri") or "",
        parameters=_strings(glue_database.get("Parameters")),
    )


def hive_columns(columns: list[dict] | None) -> list[FieldSchema]:
    return [
        FieldSchema(name=column["Name"], type=column.get("Type", ""), comment=column.get("Comment"))
        for column in columns or []
    ]


def _list_from_glue(text: str) -> list[str]:
    """Glue's encoding of a skewed value list: each value as `<length>$<value>`, concatenated."""
    values, position = [], 0
    while position < len(text):
        marker = text.index("$", position)
        end = marker + 1 + int(text[position:marker])
        values.append(text[marker + 1 : end])
        position = end
    return values


def _hive_skewed_info(skewed: dict | None) -> SkewedInfo | None:
    if skewed is None:
        return None
    return SkewedInfo(
        skewedColNames=list(skewed.get("SkewedColumnNames") or []),
        skewedColValues=[_list_from_glue(value) for value in skewed.get("SkewedColumnValues") or []],
        skewedColValueLocationMaps={
            tuple(_list_from_glue(key)): location
            for key, location in (skewed.get("SkewedColumnValueLocationMaps") or {}).items()
        },
    )


def hive_storage(sd: dict[str, Any] | None) -> StorageDescriptor:
    sd = sd or {}
    serde = sd.get("SerdeInfo") or {}
    return StorageDescriptor(
        cols=hive_columns(sd.get("Columns")),
        location=sd.get("Location"),
        inputFormat=sd.get("InputFormat"),
        outputFormat=sd.get("OutputFormat"),
        compressed=bool(sd.get("Compressed", False)),
        numBuckets=int(sd.get("NumberOfBuckets", -1) if sd.get("NumberOfBuckets") is not None else -1),
        serdeInfo=SerDeInfo(
            name=serde.get("Name"),
            serializationLib=serde.get("SerializationLibrary"),
            parameters=_strings(serde.get("Parameters")),
        ),
        bucketCols=list(sd.get("BucketColumns") or []),
        sortCols=[
            Order(col=order["Column"], order=int(order.get("SortOrder", 1)))
            for order in sd.get("SortColumns") or []
        ],
        parameters=_strings(sd.get("Parameters")),
        skewedInfo=_hive_skewed_info(sd.get("SkewedInfo")),
        storedAsSubDirectories=bool(sd.get("StoredAsSubDirectories", False)),
    )


def hive_table(glue_table: dict[str, Any], database: str) -> Table:
    return Table(
        tableName=glue_table["Name"],
        dbName=database,
        owner=glue_table.get("Owner"),
        createTime=_epoch_seconds(glue_table.get("CreateTime")),
        lastAccessTime=_epoch_seconds(glue_table.get("LastAccessTime")),
        retention=int(glue_table.get("Retention") or 0),
        sd=hive_storage(glue_table.get("StorageDescriptor")),
        partitionKeys=hive_columns(glue_table.get("PartitionKeys")),
        parameters=_strings(glue_table.get("Parameters")),
        viewOriginalText=glue_table.get("ViewOriginalText"),
        viewExpandedText=glue_table.get("ViewExpandedText"),
        tableType=glue_table.get("TableType"),
    )


def hive_table_meta(glue_table: dict[str, Any], database: str) -> TableMeta:
    return TableMeta(
        dbName=database,
        tableName=glue_table["Name"],
        tableType=glue_table.get("TableType"),
        comments=(glue_table.get("Parameters") or {}).get("comment"),
    )


def hive_partition(glue_partition: dict[str, Any]) -> Partition:
    return Partition(
        values=list(glue_partition.get("Values") or []),
        dbName=glue_partition.get("DatabaseName"),
        tableName=glue_partition.get("TableName"),
        createTime=_epoch_seconds(glue_partition.get("CreationTime")),
        lastAccessTime=_epoch_seconds(glue_partition.get("LastAccessTime")),
        sd=hive_storage(glue_partition.get("StorageDescriptor")),
        parameters=_strings(glue_partition.get("Parameters")),
    )


# ---- Hive -> Glue ----


def database_input(database: Database) -> dict[str, Any]:
    answer: dict[str, Any] = {"Name": database.name, "Parameters": _strings(database.parameters)}
    if database.description:
        answer["Description"] = database.description
    if database.locationUri:
        answer["LocationUri"] = glue_location(database.locationUri)
    return answer


def glue_columns(columns: list[FieldSchema] | None) -> list[dict[str, str]]:
    answer = []
    for column in columns or []:
        entry = {"Name": column.name, "Type": column.type}
        if column.comment:
            entry["Comment"] = column.comment
        answer.append(entry)
    return answer


def _list_to_glue(values: list[str]) -> str:
    return "".join(f"{len(value)}${value}" for value in values)


def _glue_skewed_info(skewed: SkewedInfo | None) -> dict[str, Any] | None:
    if skewed is None:
        return None
    return {
        "SkewedColumnNames": list(skewed.skewedColNames or []),
        "SkewedColumnValues": [_list_to_glue(values) for values in skewed.skewedColValues or []],
        "SkewedColumnValueLocationMaps": {
            _list_to_glue(list(key)): location
            for key, location in (skewed.skewedColValueLocationMaps or {}).items()
        },
    }


def storage_input(sd: StorageDescriptor | None) -> dict[str, Any]:
    if sd is None:
        return {}
    serde = sd.serdeInfo or SerDeInfo()
    serde_info: dict[str, Any] = {"Parameters": _strings(serde.parameters)}
    if serde.name:
        serde_info["Name"] = serde.name
    if serde.serializationLib:
        serde_info["SerializationLibrary"] = serde.serializationLib
    answer: dict[str, Any] = {
        "Columns": glue_columns(sd.cols),
        "Compressed": bool(sd.compressed),
        "NumberOfBuckets": -1 if sd.numBuckets is None else sd.numBuckets,
        "SerdeInfo": serde_info,
        "BucketColumns": list(sd.bucketCols or []),
        "SortColumns": [{"Column": order.col, "SortOrder": order.order} for order in sd.sortCols or []],
        "Parameters": _strings(sd.parameters),
        "StoredAsSubDirectories": bool(sd.storedAsSubDirectories),
    }
    for key, value in (
        ("Location", glue_location(sd.location)),
        ("InputFormat", sd.inputFormat),
        ("OutputFormat", sd.outputFormat),
        ("SkewedInfo", _glue_skewed_info(sd.skewedInfo)),
    ):
        if value:
            answer[key] = value
    return answer


def table_type(table: Table) -> str | None:
    """The type Hive's metastore stores: a managed table with EXTERNAL=TRUE is an external one."""
    external = (table.parameters or {}).get("EXTERNAL", "").upper() == "TRUE"
    return EXTERNAL_TABLE if table.tableType == MANAGED_TABLE and external else table.tableType


def table_input(table: Table) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Name": table.tableName,
        "Retention": table.retention or 0,
        "StorageDescriptor": storage_input(table.sd),
        "PartitionKeys": glue_columns(table.partitionKeys),
        "Parameters": _strings(table.parameters),
    }
    for key, value in (
        ("TableType", table_type(table)),
        ("Owner", table.owner),
        ("ViewOriginalText", table.viewOriginalText),
        ("ViewExpandedText", table.viewExpandedText),
        ("LastAccessTime", table.lastAccessTime),
    ):
        if value:
            answer[key] = value
    return answer


def partition_input(partition: Partition) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Values": list(partition.values or []),
        "StorageDescriptor": storage_input(partition.sd),
        "Parameters": _strings(partition.parameters),
    }
    if partition.lastAccessTime:
        answer["LastAccessTime"] = partition.lastAccessTime
    return answer


# ---- partition names: Hive's `k1=v1/k2=v2`, values escaped as in a path ----


def _escape(value: str) -> str:
    if not value:
        return DEFAULT_PARTITION_NAME
    return "".join(f"%{ord(char):02X}" if char in _ESCAPED else char for char in value)


def _unescape(text: str) -> str:
    out, position = [], 0
    while position < len(text):
        char = text[position]
        if char == "%" and _is_hex(text[position + 1 : position + 3]):
            out.append(chr(int(text[position + 1 : position + 3], 16)))
            position += 3
        else:
            out.append(char)
            position += 1
    return "".join(out)


def _is_hex(pair: str) -> bool:
    return len(pair) == 2 and all(char in "0123456789abcdefABCDEF" for char in pair)


def partition_name(keys: list[str], values: list[str]) -> str:
    """Hive's Warehouse.makePartName: `k1=v1/k2=v2`, keys lower case, names and values path-escaped."""
    if len(keys) != len(values):
        raise ValueError(f"{len(values)} partition values for {len(keys)} partition keys ({', '.join(keys)})")
    return "/".join(f"{_escape(key.lower())}={_escape(value)}" for key, value in zip(keys, values))


def partition_spec(name: str) -> dict[str, str]:
    """Hive's Warehouse.makeSpecFromName: `k1=v1/k2=v2` -> {k1: v1, k2: v2}, unescaped, in order."""
    spec: dict[str, str] = {}
    for part in filter(None, name.split("/")):
        key, equals, value = part.partition("=")
        if not equals or not key:
            raise ValueError(f"Invalid partition name {name!r}: {part!r} is not key=value")
        spec[_unescape(key)] = _unescape(value)
    return spec
