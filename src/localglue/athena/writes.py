"""Statements that write table data: CREATE TABLE AS SELECT and INSERT INTO."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
from sqlglot import exp

from . import catalog
from .errors import QueryFailed, ddl_failed, not_supported
from .relation import HIVE_NULL, duckdb_type, quote_ident, quote_str
from .results import QueryResult, copy_partitioned_to_s3, copy_to_s3
from .statements import create_in_glue, existing_table, glue_backend, hive_name, no_result, storage_descriptor
from .types import athena_type

if TYPE_CHECKING:
    from .engine import Execution


def create_table_as(execution: Execution, tree: exp.Create) -> QueryResult:
    """CTAS: the query's rows written under the table's location (Parquet unless format says
    otherwise), then the table added to the catalog."""
    table_node = tree.this if isinstance(tree.this, exp.Table) else tree.this.this
    database, name = (table_node.db or execution.ctx.database).lower(), table_node.name.lower()
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, database) is None:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
    if catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name) is not None:
        if tree.args.get("exists"):
            return no_result()
        raise QueryFailed("TABLE_ALREADY_EXISTS", f"Table 'awsdatacatalog.{database}.{name}' already exists")
    options: dict[str, str] = {}
    keys: list[str] = []
    for prop in (tree.args.get("properties") or exp.Properties()).expressions:
        if isinstance(prop, exp.FileFormatProperty):
            options["format"] = prop.this.name.upper()
        elif isinstance(prop, exp.PartitionedByProperty):
            keys = [e.name.lower() for e in prop.this.expressions] if isinstance(prop.this, exp.Array) else []
        elif type(prop) is exp.Property:
            options[prop.name.lower()] = prop.args["value"].name
    file_format = options.get("format", "PARQUET")
    if file_format not in ("PARQUET", "TEXTFILE"):
        raise not_supported(
            f"CTAS format {file_format} is not supported by localglue's Athena (PARQUET, TEXTFILE)"
        )
    location = options.get("external_location") or (
        execution.ctx.output_location.rstrip("/") + f"/tables/{execution.ctx.query_id}/"
    )
    location = location if location.endswith("/") else location + "/"
    if catalog.list_files(execution.ctx.account_id, location):
        raise QueryFailed(
            "HIVE_PATH_ALREADY_EXISTS",
            f"Target directory for table '{database}.{name}' already exists: {location}",
        )
    sql = execution.relation_sql(tree.expression)
    relation = execution.con.sql(sql)
    columns = []
    for column, duck in zip(relation.columns, [str(t) for t in relation.types], strict=True):
        kind = athena_type(duck)
        hive = hive_name(kind[0])
        columns.append(
            {"Name": column.lower(), "Type": f"decimal({kind[1]},{kind[2]})" if hive == "decimal" else hive}
        )
    if keys and [c["Name"] for c in columns[-len(keys) :]] != keys:
        raise QueryFailed(
            "HIVE_COLUMN_ORDER_MISMATCH",
            "Partition keys must be the last columns in the table and in the same order as the table "
            f"properties: [{', '.join(keys)}]",
        )
    if file_format == "PARQUET":
        copy_options = "FORMAT parquet"
        properties = [exp.FileFormatProperty(this=exp.var("PARQUET"))]
    else:
        delim = options.get("field_delimiter", "\x01")
        copy_options = f"FORMAT csv, HEADER false, DELIMITER {quote_str(delim)}, QUOTE '', NULLSTR '\\N'"
        properties = [exp.RowFormatDelimitedProperty(fields=exp.Literal.string(delim))]
    account, stem = execution.ctx.account_id, execution.ctx.query_id
    if keys:
        written = copy_partitioned_to_s3(
            account, execution.con, f"({sql})", location, copy_options, keys, stem
        )
    else:
        copy_to_s3(account, execution.con, f"({sql})", f"{location}{stem}_00000", copy_options)
    key_columns, columns = columns[len(columns) - len(keys) :], columns[: len(columns) - len(keys)]
    descriptor, _ = storage_descriptor(columns, location, properties)
    create_in_glue(
        execution,
        database,
        name,
        {
            "Name": name,
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"EXTERNAL": "TRUE", "has_encrypted_data": "false"},
            "PartitionKeys": key_columns,
            "StorageDescriptor": descriptor,
        },
    )
    if keys:
        fake = glue_backend(execution).get_table(database, name)
        for values, folder in written:
            fake.create_partition({"Values": values, "StorageDescriptor": {**descriptor, "Location": folder}})
    return no_result()


def insert_into(execution: Execution, tree: exp.Insert) -> QueryResult:
    """INSERT INTO an unpartitioned text or Parquet table: one new file under its location."""
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    table = existing_table(execution, (target.db or execution.ctx.database).lower(), target.name.lower())
    if table.partition_keys:
        raise not_supported("INSERT INTO a partitioned table is not supported by localglue's Athena")
    if table.storage not in ("lazysimple", "parquet"):
        raise not_supported(f"INSERT INTO a {table.serde} table is not supported by localglue's Athena")
    names = [c.name.lower() for c in tree.this.expressions] if isinstance(tree.this, exp.Schema) else None
    sql = execution.relation_sql(tree.expression)
    produced = execution.con.sql(sql).columns
    wanted = names or [n for n, _ in table.columns]
    if len(produced) != len(wanted):
        raise QueryFailed(
            "TYPE_MISMATCH", f"Insert query has {len(produced)} columns, target table has {len(wanted)}"
        )
    by_name = dict(zip(wanted, produced, strict=True))
    ordered = ", ".join(
        f"CAST(q.{quote_ident(by_name[n])} AS {duckdb_type(t)}) AS {quote_ident(n)}"
        if n in by_name
        else f"CAST(NULL AS {duckdb_type(t)}) AS {quote_ident(n)}"
        for n, t in table.columns
    )
    source = f"(SELECT {ordered} FROM ({sql}) AS q)"
    count = execution.con.sql(f"SELECT count(*) FROM {source}").fetchone()[0]
    target_file = f"{table.location.rstrip('/')}/{execution.ctx.query_id}_00000"
    if table.storage == "parquet":
        copy_to_s3(execution.ctx.account_id, execution.con, source, target_file, "FORMAT parquet")
    else:
        delim = table.param("field.delim", "\x01")
        null = table.param("serialization.null.format", HIVE_NULL)
        options = (
            f"FORMAT csv, HEADER false, DELIMITER {quote_str(delim)}, QUOTE '', NULLSTR {quote_str(null)}"
        )
        copy_to_s3(execution.ctx.account_id, execution.con, source, target_file, options)
    return QueryResult([("rows", "bigint", 19, 0)], pa.table({"rows": pa.array([str(count)], pa.string())}))
