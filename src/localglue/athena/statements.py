"""What the DDL, utility and data-writing statements share: results, catalog look-ups, Glue table inputs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyarrow as pa
from moto.glue.exceptions import DatabaseNotFoundException
from sqlglot import exp

from . import catalog
from .errors import ddl_failed
from .results import QueryResult

if TYPE_CHECKING:
    from .engine import Execution


def result(column: str, lines: list[str]) -> QueryResult:
    """A DDL or utility result: one text column, written as `<id>.txt`."""
    return QueryResult(
        [(column, "string", 0, 0)], pa.table({column: pa.array(lines, pa.string())}), tabular=False
    )


def no_result() -> QueryResult:
    """What a statement answers when it only changes the catalog."""
    return QueryResult([], None, tabular=False)


def glue_backend(execution: Execution):
    return catalog.glue(execution.ctx.account_id, execution.ctx.region)


def split_name(execution: Execution, name: str) -> tuple[str, str]:
    parts = [p.strip('`"') for p in name.split(".")]
    return (parts[-2] if len(parts) > 1 else execution.ctx.database).lower(), parts[-1].lower()


def existing_table(execution: Execution, database: str, name: str) -> catalog.CatalogTable:
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, database) is None:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
    table = catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name)
    if table is None:
        raise ddl_failed(f"SemanticException [Error 10001]: Table not found {database}.{name}")
    return table


def hive_type(kind: exp.DataType) -> str:
    return re.sub(r"\s+", "", kind.sql(dialect="hive")).lower()


def hive_name(athena: str) -> str:
    return {"varchar": "string", "integer": "int"}.get(athena, athena)


def storage_descriptor(columns, location: str, properties: list[exp.Expression]) -> tuple[dict, dict]:
    """(StorageDescriptor, table Parameters) for CREATE EXTERNAL TABLE's clauses, as Athena records them."""
    serde, serde_params, table_params = catalog.LAZY_SIMPLE_SERDE, {"serialization.format": "1"}, {}
    formats = (catalog.TEXT_INPUT_FORMAT, catalog.HIVE_TEXT_OUTPUT_FORMAT)
    for prop in properties:
        if isinstance(prop, exp.RowFormatSerdeProperty):
            serde = prop.this.name
            serde_params = {
                p.this.name: p.args["value"].name
                for p in (prop.args.get("serde_properties") or exp.Tuple()).expressions
            }
        elif isinstance(prop, exp.RowFormatDelimitedProperty):
            delim = prop.args.get("fields")
            if delim is not None:
                serde_params = {"field.delim": delim.name, "serialization.format": delim.name}
            escape = prop.args.get("escaped")
            if escape is not None:
                serde_params["escape.delim"] = escape.name
            null = prop.args.get("null")
            if null is not None:
                serde_params["serialization.null.format"] = null.name
        elif isinstance(prop, exp.FileFormatProperty) and prop.name.upper() == "PARQUET":
            serde, serde_params = catalog.PARQUET_SERDE, {"serialization.format": "1"}
            formats = (catalog.PARQUET_INPUT_FORMAT, catalog.PARQUET_OUTPUT_FORMAT)
        elif isinstance(prop, exp.Property) and type(prop) is exp.Property:
            table_params[prop.name] = prop.args["value"].name
    descriptor = {
        "Columns": columns,
        "Location": location,
        "InputFormat": formats[0],
        "OutputFormat": formats[1],
        "Compressed": False,
        "NumberOfBuckets": -1,
        "SerdeInfo": {"SerializationLibrary": serde, "Parameters": serde_params},
        "BucketColumns": [],
        "SortColumns": [],
        "StoredAsSubDirectories": False,
    }
    return descriptor, table_params


def create_in_glue(execution: Execution, database: str, name: str, table_input: dict) -> None:
    backend = glue_backend(execution)
    try:
        backend.create_table(database, name, table_input)
    except DatabaseNotFoundException:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}") from None
