"""The Data Catalog as a job run uses it: through the Glue API at the job's endpoint, as Glue's runtime does.

Reading: GetTable and GetPartitions (`catalogPartitionPredicate` is GetPartitions' `Expression`,
evaluated by the catalog; `push_down_predicate` is a Spark SQL expression over the partition values,
evaluated here), the table's SerDe and parameters telling how its files are read.

Writing (a sink with `enableUpdateCatalog`): CreateTable for a new table, UpdateTable for a changed
schema (`updateBehavior` UPDATE_IN_DATABASE, the default; LOG keeps the table's schema), and
BatchCreatePartition for partitions the write made ("Creating tables, updating the schema, and adding
new partitions in the Data Catalog from AWS Glue ETL jobs").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from localglue.crawlers.classifiers import (
    JSON_SERDE,
    LAZY_SIMPLE_SERDE,
    OPEN_CSV_SERDE,
    PARQUET_INPUT,
    PARQUET_OUTPUT,
    PARQUET_SERDE,
    TEXT_INPUT,
    TEXT_OUTPUT,
)

from . import readers, schemas, typenames

ORC = (
    "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
    "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
    "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
)
AVRO = (
    "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
    "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
    "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
)
# classification -> (SerDe, InputFormat, OutputFormat) of the tables a sink creates
STORAGE = {
    "parquet": (PARQUET_SERDE, PARQUET_INPUT, PARQUET_OUTPUT),
    "orc": ORC,
    "avro": AVRO,
    "json": (JSON_SERDE, TEXT_INPUT, TEXT_OUTPUT),
    "csv": (LAZY_SIMPLE_SERDE, TEXT_INPUT, TEXT_OUTPUT),
}
UPDATE_BEHAVIORS = ("UPDATE_IN_DATABASE", "LOG")
HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"


class CatalogError(ValueError):
    """A catalog object the job cannot read or write; the message names it."""


def glue_client() -> Any:
    return boto3.client("glue")


def api_call(what: str, method, **arguments) -> dict:
    try:
        return method(**arguments)
    except ClientError as err:
        error = err.response.get("Error", {})
        raise CatalogError(f"{what}: {error.get('Code', '')}: {error.get('Message', '')}") from err


@dataclass
class Table:
    database: str
    name: str
    definition: dict  # GetTable's Table

    @property
    def descriptor(self) -> dict:
        return self.definition.get("StorageDescriptor") or {}

    @property
    def location(self) -> str:
        return self.descriptor.get("Location") or ""

    @property
    def columns(self) -> list[dict]:
        return self.descriptor.get("Columns") or []

    @property
    def partition_keys(self) -> list[dict]:
        return self.definition.get("PartitionKeys") or []

    def parameter(self, name: str) -> str | None:
        """A table parameter; crawlers write some to the storage descriptor, some to the SerDe's."""
        for parameters in (
            self.definition.get("Parameters"),
            self.descriptor.get("Parameters"),
            (self.descriptor.get("SerdeInfo") or {}).get("Parameters"),
        ):
            if parameters and name in parameters:
                return parameters[name]
        return None

    @property
    def classification(self) -> str:
        declared = (self.parameter("classification") or "").lower()
        if declared:
            return declared
        serde = ((self.descriptor.get("SerdeInfo") or {}).get("SerializationLibrary") or "").lower()
        formats = serde + " " + (self.descriptor.get("InputFormat") or "").lower()
        for name in ("parquet", "orc", "avro", "json", "xml"):
            if name in formats:
                return name
        return "csv"

    def read_format(self, options: dict) -> readers.Format:
        """How the table's files are read: its classification, CSV's delimiter, quote and header."""
        name = readers.fmt_name(self.classification)
        if name != "csv":
            return readers.Format(name, dict(options))
        serde = self.descriptor.get("SerdeInfo") or {}
        serde_parameters = serde.get("Parameters") or {}
        csv_options = {
            "separator": ",",
            "withHeader": (self.parameter("skip.header.line.count") or "0") != "0",
        }
        if serde.get("SerializationLibrary") == OPEN_CSV_SERDE:
            csv_options["separator"] = serde_parameters.get("separatorChar", ",")
            csv_options["quoteChar"] = serde_parameters.get("quoteChar", '"')
            if serde_parameters.get("escapeChar"):
                csv_options["escaper"] = serde_parameters["escapeChar"]
        else:
            csv_options["separator"] = serde_parameters.get(
                "field.delim", serde_parameters.get("serialization.format", ",")
            )
        return readers.Format(
            "csv", {**csv_options, **options}, column_names=[c["Name"] for c in self.columns]
        )

    def record_type(self) -> T.StructType:
        return schemas.catalog_struct(self.columns + self.partition_keys)


def get_table(database: str, table_name: str, catalog_id: str | None = None) -> Table:
    arguments = {"DatabaseName": database, "Name": table_name} | (
        {"CatalogId": catalog_id} if catalog_id else {}
    )
    answer = api_call(f"table {database}.{table_name}", glue_client().get_table, **arguments)
    return Table(database, table_name, answer["Table"])


def find_table(database: str, table_name: str, catalog_id: str | None = None) -> Table | None:
    try:
        return get_table(database, table_name, catalog_id)
    except CatalogError as err:
        if "EntityNotFoundException" in str(err):
            return None
        raise


def partitions(table: Table, expression: str = "", catalog_id: str | None = None) -> list[dict]:
    """The table's partitions (GetPartitions, all pages), those `expression` selects when given."""
    arguments = {"DatabaseName": table.database, "TableName": table.name}
    arguments |= ({"Expression": expression} if expression else {}) | (
        {"CatalogId": catalog_id} if catalog_id else {}
    )
    found, token = [], None
    while True:
        page = api_call(
            f"partitions of {table.database}.{table.name}",
            glue_client().get_partitions,
            **arguments,
            **({"NextToken": token} if token else {}),
        )
        found += page.get("Partitions", [])
        token = page.get("NextToken")
        if not token:
            return found


def matching(spark: SparkSession, table: Table, found: list[dict], predicate: str) -> list[dict]:
    """The partitions whose values satisfy `predicate` (Spark SQL over the partition keys)."""
    if not predicate or not found:
        return found
    keys = table.partition_keys
    rows = [(index, *partition["Values"]) for index, partition in enumerate(found)]
    schema = T.StructType(
        [T.StructField("__index", T.IntegerType())] + [T.StructField(k["Name"], T.StringType()) for k in keys]
    )
    values = spark.createDataFrame(rows, schema).select(
        "__index", *[F.col(f"`{k['Name']}`").cast(key_type(k)).alias(k["Name"]) for k in keys]
    )
    try:
        selected = {row["__index"] for row in values.where(predicate).select("__index").collect()}
    except Exception as err:  # Spark's parse or analysis error: the predicate is the script's
        raise CatalogError(
            f"push_down_predicate {predicate!r} on {table.database}.{table.name}: {err}"
        ) from err
    return [partition for index, partition in enumerate(found) if index in selected]


def delete_partitions(table: Table, values: list[list[str]], catalog_id: str | None = None) -> None:
    """BatchDeletePartition, 25 partitions a call (the API's limit)."""
    scope = {"CatalogId": catalog_id} if catalog_id else {}
    for start in range(0, len(values), 25):
        api_call(
            f"delete partitions of {table.database}.{table.name}",
            glue_client().batch_delete_partition,
            DatabaseName=table.database,
            TableName=table.name,
            PartitionsToDelete=[{"Values": v} for v in values[start : start + 25]],
            **scope,
        )


def key_type(key: dict) -> T.DataType:
    return typenames.parse(key.get("Type") or "string") or T.StringType()


def catalog_types(
    database: str, table_name: str, catalog_id: str | None = None
) -> Callable[[list[str]], T.DataType | None]:
    """For match_catalog: the catalog type of the column at a path, None where the table has none."""
    record = get_table(database, table_name, catalog_id).record_type()

    def type_at(path: list[str]) -> T.DataType | None:
        current: T.DataType = record
        for name in path:
            while isinstance(current, T.ArrayType):
                current = current.elementType
            if not isinstance(current, T.StructType):
                return None
            matches = [f for f in current.fields if f.name.lower() == name.lower()]
            if not matches:
                return None
            current = matches[0].dataType
        return current

    return type_at


def _storage_descriptor(location: str, classification: str, columns: list[dict], csv_separator: str) -> dict:
    serde, input_format, output_format = STORAGE[classification]
    serde_parameters = {"field.delim": csv_separator} if classification == "csv" else {}
    return {
        "Columns": columns,
        "Location": location,
        "InputFormat": input_format,
        "OutputFormat": output_format,
        "Compressed": False,
        "NumberOfBuckets": -1,
        "SerdeInfo": {"SerializationLibrary": serde, "Parameters": serde_parameters},
        "BucketColumns": [],
        "SortColumns": [],
        "StoredAsSubDirectories": False,
    }


@dataclass(frozen=True)
class CatalogUpdate:
    """What a sink with enableUpdateCatalog writes to the catalog after writing its files."""

    database: str
    table_name: str
    location: str
    classification: str  # csv, json, parquet, orc, avro
    schema: T.StructType  # the frame's, partition keys included
    partition_keys: list[str]
    update_behavior: str = "UPDATE_IN_DATABASE"
    csv_separator: str = ","
    csv_header: bool = True
    glue_parquet: bool = False  # written by the Glue Parquet writer: later catalog writes use it too
    catalog_id: str | None = None


def apply_update(update: CatalogUpdate, written: Iterable[tuple[str, ...]]) -> None:
    """Create or update the table, then add the partitions the write made (`written` values)."""
    if update.update_behavior not in UPDATE_BEHAVIORS:
        raise CatalogError(
            f"updateBehavior {update.update_behavior!r} is not one of {', '.join(UPDATE_BEHAVIORS)}"
        )
    if update.classification not in STORAGE:
        raise CatalogError(
            f"the catalog cannot be updated for format {update.classification!r} (only {', '.join(STORAGE)})"
        )
    types = {f.name: f.dataType for f in update.schema.fields}
    missing = [k for k in update.partition_keys if k not in types]
    if missing:
        raise CatalogError(f"partitionKeys {', '.join(missing)} are not fields of the frame")
    columns = [
        {"Name": f.name, "Type": schemas.hive_type(f.dataType)}
        for f in update.schema.fields
        if f.name not in update.partition_keys
    ]
    keys = [{"Name": k, "Type": schemas.hive_type(types[k])} for k in update.partition_keys]
    location = update.location if update.location.endswith("/") else update.location + "/"
    parameters = {"classification": update.classification, "typeOfData": "file"}
    if update.classification == "csv" and update.csv_header:
        parameters["skip.header.line.count"] = "1"
    if update.glue_parquet:
        parameters["useGlueParquetWriter"] = "true"
    glue = glue_client()
    scope = {"CatalogId": update.catalog_id} if update.catalog_id else {}
    existing = find_table(update.database, update.table_name, update.catalog_id)
    table_input: dict[str, Any] = {
        "Name": update.table_name,
        "TableType": "EXTERNAL_TABLE",
        "PartitionKeys": keys,
        "Parameters": parameters,
        "StorageDescriptor": _storage_descriptor(
            location, update.classification, columns, update.csv_separator
        ),
    }
    if existing is None:
        api_call(
            f"create table {update.database}.{update.table_name}",
            glue.create_table,
            DatabaseName=update.database,
            TableInput=table_input,
            **scope,
        )
        descriptor = table_input["StorageDescriptor"]
    else:
        existing_keys = [k["Name"] for k in existing.partition_keys]
        if existing_keys and existing_keys != list(update.partition_keys):
            raise CatalogError(
                f"partitionKeys {list(update.partition_keys)} differ from the partition keys "
                f"{existing_keys} of "
                f"{update.database}.{update.table_name}: they must be the same, in the same order"
            )
        descriptor = dict(existing.descriptor)
        if update.update_behavior == "UPDATE_IN_DATABASE":
            descriptor["Columns"] = columns
            changed = {
                **_updatable(existing.definition),
                "StorageDescriptor": descriptor,
                "PartitionKeys": existing.partition_keys or keys,
            }
            api_call(
                f"update table {update.database}.{update.table_name}",
                glue.update_table,
                DatabaseName=update.database,
                TableInput=changed,
                **scope,
            )
        else:  # LOG: partitions are added only when the frame's columns are among the table's
            known = {c["Name"] for c in existing.columns}
            extra = sorted({c["Name"] for c in columns} - known)
            if extra:
                print(
                    f"updateBehavior LOG: {update.database}.{update.table_name} lacks the columns "
                    f"{', '.join(extra)}; no partitions added"
                )
                return
    if keys:
        _add_partitions(glue, update, descriptor, location, written, scope)


def _updatable(definition: dict) -> dict:
    """The members of a GetTable answer that UpdateTable's TableInput takes."""
    allowed = (
        "Name",
        "Description",
        "Owner",
        "Retention",
        "PartitionKeys",
        "TableType",
        "Parameters",
        "ViewOriginalText",
        "ViewExpandedText",
    )
    return {k: v for k, v in definition.items() if k in allowed}


def _add_partitions(
    glue: Any,
    update: CatalogUpdate,
    descriptor: dict[str, Any],
    location: str,
    written: Iterable[tuple[str, ...]],
    scope: dict[str, str],
) -> None:
    inputs = []
    for values in sorted(set(written)):
        folder = "".join(
            f"{escape_path_name(k)}={escape_path_name(v)}/" for k, v in zip(update.partition_keys, values)
        )
        inputs.append(
            {"Values": list(values), "StorageDescriptor": {**descriptor, "Location": location + folder}}
        )
    for start in range(0, len(inputs), 100):  # BatchCreatePartition takes at most 100 partitions
        answer = api_call(
            f"add partitions to {update.database}.{update.table_name}",
            glue.batch_create_partition,
            DatabaseName=update.database,
            TableName=update.table_name,
            PartitionInputList=inputs[start : start + 100],
            **scope,
        )
        for error in answer.get("Errors", []):
            if error.get("ErrorDetail", {}).get("ErrorCode") != "AlreadyExistsException":
                detail = error.get("ErrorDetail", {})
                raise CatalogError(
                    f"add partition {error.get('PartitionValues')} to {update.database}.{update.table_name}: "
                    f"{detail.get('ErrorCode')}: {detail.get('ErrorMessage')}"
                )


# Characters Spark escapes in a partition folder's name (ExternalCatalogUtils.escapePathName).
_ESCAPED = set("\"#%'*/:=?\\\x7f{[]^") | {chr(c) for c in range(0x01, 0x20)}


def escape_path_name(value: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in value)
