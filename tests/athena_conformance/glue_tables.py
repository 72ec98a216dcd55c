"""The suite's tables in localglue, made as a Glue user makes them: Parquet objects in S3 (pyarrow) and
Glue CreateTable with the Hive types and the Parquet SerDe; a partitioned table gets a folder per partition
(`region=eu/dt=2024-01-01/`) and BatchCreatePartition."""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .hive_types import HiveType
from .tables import TABLES, Table

PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"


def _arrow_value(value: Any, kind: HiveType) -> Any:
    if value is None:
        return None
    if kind.name == "array":
        return [_arrow_value(v, kind.children[0]) for v in value]
    if kind.name == "map":
        key, item = kind.children
        return [(_arrow_value(k, key), _arrow_value(v, item)) for k, v in value.items()]
    if kind.name == "struct":
        return {f: _arrow_value(value[f], t) for f, t in zip(kind.fields, kind.children)}
    return value


def parquet_file(table: Table, rows: list[tuple]) -> bytes:
    """The data columns of `rows` (partition values left out) as one Parquet file."""
    columns = table.all_columns[: len(table.columns)]
    arrays = [
        pa.array([_arrow_value(row[i], kind) for row in rows], type=kind.arrow)
        for i, (_, kind) in enumerate(columns)
    ]
    out = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, names=[name for name, _ in columns]), out)
    return out.getvalue()


def _storage(columns: list[dict], location: str) -> dict:
    return {
        "Columns": columns,
        "Location": location,
        "InputFormat": PARQUET_INPUT,
        "OutputFormat": PARQUET_OUTPUT,
        "SerdeInfo": {"SerializationLibrary": PARQUET_SERDE, "Parameters": {"serialization.format": "1"}},
    }


def partition_folders(table: Table) -> dict[str, list[tuple]]:
    """Rows by the folder of their partition (`region=eu/dt=2024-01-01/`; `` for an unpartitioned table)."""
    width = len(table.columns)
    folders: dict[str, list[tuple]] = {}
    for row in table.rows:
        folder = "".join(f"{name}={value}/" for (name, _), value in zip(table.partition_keys, row[width:]))
        folders.setdefault(folder, []).append(row)
    return folders


def create_table(s3: Any, glue: Any, bucket: str, database: str, table: Table) -> None:
    location = f"s3://{bucket}/{database}/{table.name}/"
    columns = [{"Name": name, "Type": kind} for name, kind in table.columns]
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": table.name,
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "parquet", "EXTERNAL": "TRUE"},
            "PartitionKeys": [{"Name": name, "Type": kind} for name, kind in table.partition_keys],
            "StorageDescriptor": _storage(columns, location),
        },
    )
    width = len(table.columns)
    partitions = []
    for folder, rows in partition_folders(table).items():
        values = [str(value) for value in rows[0][width:]]
        s3.put_object(
            Bucket=bucket,
            Key=f"{database}/{table.name}/{folder}part-00000.parquet",
            Body=parquet_file(table, rows),
        )
        if table.partition_keys:
            partitions.append(
                {"Values": list(values), "StorageDescriptor": _storage(columns, location + folder)}
            )
    if partitions:
        answer = glue.batch_create_partition(
            DatabaseName=database, TableName=table.name, PartitionInputList=partitions
        )
        if answer.get("Errors"):
            raise RuntimeError(f"table {table.name}: partitions not created: {answer['Errors']}")


def create_tables(s3: Any, glue: Any, bucket: str, database: str) -> None:
    """Every table of the suite in Glue database `database`, its files under s3://bucket/database/."""
    glue.create_database(DatabaseInput={"Name": database})
    for table in TABLES:
        create_table(s3, glue, bucket, database, table)
