"""What the Hive DDL and utility statements share: catalog look-ups, Glue table inputs, permissions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from moto.glue.exceptions import DatabaseNotFoundException
from sqlglot import exp

from .. import access, catalog
from ..errors import ddl_failed

if TYPE_CHECKING:
    from .context import DdlContext


def glue_backend(ddl: DdlContext) -> Any:
    return catalog.glue(ddl.account_id, ddl.region)


def require(ddl: DdlContext, action: str, database: str, table: str | None = None) -> None:
    """The caller may do the Glue `action` on the catalog, the database (and the table), as Athena asks."""
    access.require_catalog(ddl.caller, ddl.account_id, ddl.region, database, table, action)


def existing_table(ddl: DdlContext, database: str, name: str) -> catalog.CatalogTable:
    require(ddl, "glue:GetTable", database, name)
    if catalog.find_database(ddl.account_id, ddl.region, database) is None:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
    table = catalog.find_table(ddl.account_id, ddl.region, database, name)
    if table is None:
        raise ddl_failed(f"SemanticException [Error 10001]: Table not found {database}.{name}")
    return table


def hive_type(kind: exp.DataType) -> str:
    return re.sub(r"\s+", "", kind.sql(dialect="hive")).lower()


def hive_name(athena: str) -> str:
    return {"varchar": "string", "integer": "int"}.get(athena, athena)


# STORED AS <format> -> (SerDe, InputFormat, OutputFormat), as Athena records them in Glue
STORED_AS = {
    "PARQUET": (catalog.PARQUET_SERDE, catalog.PARQUET_INPUT_FORMAT, catalog.PARQUET_OUTPUT_FORMAT),
    "ORC": (
        "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
        "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
    ),
    "AVRO": (
        "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
        "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
        "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
    ),
    "TEXTFILE": (catalog.LAZY_SIMPLE_SERDE, catalog.TEXT_INPUT_FORMAT, catalog.HIVE_TEXT_OUTPUT_FORMAT),
    "JSONFILE": (
        "org.apache.hive.hcatalog.data.JsonSerDe",
        catalog.TEXT_INPUT_FORMAT,
        catalog.HIVE_TEXT_OUTPUT_FORMAT,
    ),
}


def storage_descriptor(
    columns: list[dict], location: str, properties: list[exp.Expression]
) -> tuple[dict, dict]:
    """(StorageDescriptor, table Parameters) for CREATE EXTERNAL TABLE's clauses, as Athena records them."""
    serde, input_format, output_format = STORED_AS["TEXTFILE"]
    serde_params: dict[str, str] = {"serialization.format": "1"}
    table_params: dict[str, str] = {}
    explicit_serde = False
    for prop in properties:
        if isinstance(prop, exp.RowFormatSerdeProperty):
            serde, explicit_serde = prop.this.name, True
            serde_params = {
                p.this.name: p.args["value"].name
                for p in (prop.args.get("serde_properties") or exp.Tuple()).expressions
            }
        elif isinstance(prop, exp.RowFormatDelimitedProperty):
            delim = prop.args.get("fields")
            if delim is not None:
                serde_params = {"field.delim": delim.name, "serialization.format": delim.name}
            for clause, parameter in (
                ("escaped", "escape.delim"),
                ("null", "serialization.null.format"),
                ("collection_items", "collection.delim"),
                ("map_keys", "mapkey.delim"),
                ("lines", "line.delim"),
            ):
                if prop.args.get(clause) is not None:
                    serde_params[parameter] = prop.args[clause].name
        elif isinstance(prop, exp.FileFormatProperty):
            if isinstance(prop.this, exp.InputOutputFormat):
                input_format = prop.this.args["input_format"].name
                output_format = prop.this.args["output_format"].name
            else:
                stored = STORED_AS.get(prop.name.upper())
                if stored is None:
                    raise ddl_failed(
                        f"SemanticException: STORED AS {prop.name.upper()} is not a format Athena reads"
                    )
                stored_serde, input_format, output_format = stored
                if not explicit_serde:
                    serde = stored_serde
                    if prop.name.upper() != "TEXTFILE":
                        serde_params = {"serialization.format": "1"}
        elif type(prop) is exp.Property:
            table_params[prop.name] = prop.args["value"].name
    descriptor = {
        "Columns": columns,
        "Location": location,
        "InputFormat": input_format,
        "OutputFormat": output_format,
        "Compressed": False,
        "NumberOfBuckets": -1,
        "SerdeInfo": {"SerializationLibrary": serde, "Parameters": serde_params},
        "BucketColumns": [],
        "SortColumns": [],
        "StoredAsSubDirectories": False,
    }
    return descriptor, table_params


def create_in_glue(ddl: DdlContext, database: str, name: str, table_input: dict) -> None:
    backend = glue_backend(ddl)
    try:
        backend.create_table(database, name, table_input)
    except DatabaseNotFoundException:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}") from None
