"""Statements that write table data: CREATE TABLE AS SELECT, INSERT INTO and UNLOAD."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyarrow as pa
from sqlglot import exp

from . import catalog, transpile
from .errors import QueryFailed, ddl_failed, not_supported
from .relation import HIVE_NULL, duckdb_type, quote_ident, quote_str
from .results import QueryResult, copy_partitioned_to_s3, copy_to_s3, put_object
from .statements import create_in_glue, existing_table, glue_backend, hive_name, no_result, storage_descriptor
from .types import athena_type

if TYPE_CHECKING:
    from .engine import Execution


def _with_options(tree: exp.Create) -> tuple[dict[str, str], list[str]]:
    """CTAS / UNLOAD `WITH (...)` properties, and the partitioned_by keys."""
    options: dict[str, str] = {}
    keys: list[str] = []
    for prop in (tree.args.get("properties") or exp.Properties()).expressions:
        if isinstance(prop, exp.FileFormatProperty):
            options["format"] = prop.this.name.upper()
        elif isinstance(prop, exp.PartitionedByProperty):
            keys = [e.name.lower() for e in prop.this.expressions] if isinstance(prop.this, exp.Array) else []
        elif type(prop) is exp.Property:
            options[prop.name.lower()] = prop.args["value"].name
    return options, keys


def _write_rows(
    execution: Execution, query: exp.Expression, location: str, options: dict[str, str], keys: list[str]
) -> tuple[list[dict], list[dict], list[tuple[list[str], str]], list[exp.Expression], list[str]]:
    """Write a query's rows under `location` as the options say (Parquet unless told otherwise);
    returns (data columns, partition key columns, partitions written, storage properties, files)."""
    file_format = options.get("format", "PARQUET")
    if file_format not in ("PARQUET", "TEXTFILE", "JSON"):
        raise not_supported(
            f"format {file_format} is not supported by localglue's Athena (PARQUET, TEXTFILE, JSON)"
        )
    if catalog.list_files(execution.ctx.account_id, location):
        raise QueryFailed("HIVE_PATH_ALREADY_EXISTS", f"Target directory already exists: {location}")
    sql = execution.relation_sql(query)
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
    compression = options.get("compression", "none").lower()
    if file_format == "PARQUET":
        copy_options = f"FORMAT parquet, COMPRESSION {'snappy' if compression == 'none' else compression}"
        properties = [exp.FileFormatProperty(this=exp.var("PARQUET"))]
        suffix = ""
    elif file_format == "JSON":
        copy_options = f"FORMAT json, COMPRESSION {quote_str(compression)}"
        properties = [
            exp.RowFormatSerdeProperty(this=exp.Literal.string("org.openx.data.jsonserde.JsonSerDe"))
        ]
        suffix = ".gz" if compression == "gzip" else ""
    else:
        delim = options.get("field_delimiter", "\x01")
        copy_options = (
            f"FORMAT csv, HEADER false, DELIMITER {quote_str(delim)}, QUOTE '', NULLSTR '\\N', "
            f"COMPRESSION {quote_str(compression)}"
        )
        properties = [exp.RowFormatDelimitedProperty(fields=exp.Literal.string(delim))]
        suffix = ".gz" if compression == "gzip" else ""
    account, stem = execution.ctx.account_id, execution.ctx.query_id
    written: list[tuple[list[str], str]] = []
    if keys:
        written = copy_partitioned_to_s3(
            account, execution.con, f"({sql})", location, copy_options, keys, stem, suffix
        )
    else:
        copy_to_s3(account, execution.con, f"({sql})", f"{location}{stem}_00000{suffix}", copy_options)
    files = [f.path for f in catalog.list_files(account, location)]
    split = len(columns) - len(keys)
    return columns[:split], columns[split:], written, properties, files


def create_table_as(execution: Execution, tree: exp.Create) -> QueryResult:
    """CTAS: the query's rows written under the table's location, then the table added to the catalog."""
    table_node = tree.this if isinstance(tree.this, exp.Table) else tree.this.this
    database, name = (table_node.db or execution.ctx.database).lower(), table_node.name.lower()
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, database) is None:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
    if catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name) is not None:
        if tree.args.get("exists"):
            return no_result()
        raise QueryFailed("TABLE_ALREADY_EXISTS", f"Table 'awsdatacatalog.{database}.{name}' already exists")
    options, keys = _with_options(tree)
    location = options.get("external_location") or (
        execution.ctx.output_location.rstrip("/") + f"/tables/{execution.ctx.query_id}/"
    )
    location = location if location.endswith("/") else location + "/"
    columns, key_columns, written, properties, _ = _write_rows(
        execution, tree.expression, location, options, keys
    )
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


def unload(execution: Execution, match: re.Match) -> QueryResult:
    """UNLOAD (query) TO 's3://...' WITH (...): the rows written there, the files listed in
    `<id>-manifest.csv` beside the query's results."""
    options_sql = match.group("options") or ""
    # The WITH clause is CTAS's: parse it as one to read the options alike.
    tree = transpile.parse(
        f"CREATE TABLE unload {('WITH ' + options_sql) if options_sql else ''} AS SELECT 1"
    )
    options, keys = _with_options(tree)
    location = match.group("location")
    location = location if location.endswith("/") else location + "/"
    *_, files = _write_rows(execution, transpile.parse(match.group("query")), location, options, keys)
    manifest = f"{execution.ctx.output_location.rstrip('/')}/{execution.ctx.query_id}-manifest.csv"
    put_object(execution.ctx.account_id, manifest, "".join(f"{path}\n" for path in files).encode())
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
