"""Athena's DDL and utility statements, each reflected in the Glue Data Catalog held by moto."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pyarrow as pa
from moto.glue.exceptions import DatabaseNotFoundException
from sqlglot import exp

from . import catalog, transpile
from .errors import QueryFailed, ddl_failed, not_supported, syntax_error
from .relation import HIVE_NULL, duckdb_type, quote_ident, quote_str
from .results import QueryResult, copy_partitioned_to_s3, copy_to_s3
from .types import athena_type

if TYPE_CHECKING:
    from .engine import Execution


def run(execution: Execution, tree: exp.Expression) -> QueryResult:
    partitions = transpile.match_alter_partitions(execution.sql)
    if partitions:
        return alter_partitions(execution, partitions)
    if isinstance(tree, exp.Insert):
        return insert_into(execution, tree)
    if isinstance(tree, exp.Command):
        return _command(execution, tree)
    if isinstance(tree, exp.Describe):
        return describe(execution, tree.this)
    if isinstance(tree, exp.Create):
        kind = (tree.args.get("kind") or "").upper()
        if kind in ("DATABASE", "SCHEMA"):
            return create_database(execution, tree)
        if kind == "VIEW":
            return create_view(execution, tree)
        if kind == "TABLE" and tree.expression is not None:
            return create_table_as(execution, tree)
        if kind == "TABLE":
            return create_external_table(execution, tree)
    if isinstance(tree, exp.Drop):
        kind = (tree.args.get("kind") or "").upper()
        if kind in ("TABLE", "VIEW"):
            return drop_table(execution, tree)
        if kind in ("DATABASE", "SCHEMA"):
            return drop_database(execution, tree)
    raise not_supported(f"This statement is not supported by localglue's Athena: {tree.key.upper()}")


def _result(column: str, lines: list[str]) -> QueryResult:
    return QueryResult(
        [(column, "string", 0, 0)], pa.table({column: pa.array(lines, pa.string())}), tabular=False
    )


def _no_result() -> QueryResult:
    return QueryResult([], None, tabular=False)


def _command(execution: Execution, tree: exp.Command) -> QueryResult:
    sql = execution.sql
    show = transpile.match_show(sql)
    if show:
        return _show(execution, " ".join(show.group("what").lower().split()), show.group("rest").strip())
    msck = transpile.match_msck(sql)
    if msck:
        return repair_table(execution, msck.group("name"))
    if tree.name.upper() == "EXPLAIN":
        return explain(execution, tree.expression.name)
    raise not_supported(f"This statement is not supported by localglue's Athena: {sql.split()[0].upper()}")


def _glue(execution: Execution):
    return catalog.glue(execution.ctx.account_id, execution.ctx.region)


def _split_name(execution: Execution, name: str) -> tuple[str, str]:
    parts = [p.strip('`"') for p in name.split(".")]
    return (parts[-2] if len(parts) > 1 else execution.ctx.database).lower(), parts[-1].lower()


def _existing(execution: Execution, database: str, name: str) -> catalog.CatalogTable:
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, database) is None:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
    table = catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name)
    if table is None:
        raise ddl_failed(f"SemanticException [Error 10001]: Table not found {database}.{name}")
    return table


def _show(execution: Execution, what: str, rest: str) -> QueryResult:
    ctx = execution.ctx
    pattern = re.search(r"'([^']*)'", rest)
    regex = re.compile(pattern.group(1).replace("*", ".*"), re.I) if pattern else None
    if what in ("databases", "schemas"):
        names = sorted(db.name for db in _glue(execution).get_databases())
        return _result("database_name", [n for n in names if regex is None or regex.fullmatch(n)])
    if what in ("tables", "views"):
        target = re.match(r"(?:in|from)\s+([`\"\w]+)", rest, re.I)
        database = target.group(1).strip('`"') if target else ctx.database
        db = catalog.find_database(ctx.account_id, ctx.region, database)
        if db is None:
            raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
        names = [
            name
            for name, table in db.tables.items()
            if (regex is None or regex.fullmatch(name))
            and (what == "tables" or table.as_dict().get("TableType") == "VIRTUAL_VIEW")
        ]
        return _result("tab_name" if what == "tables" else "views", sorted(names))
    name = re.match(r"(?:(?:in|from)\s+)?([`\"\w.]+)", rest, re.I)
    if name is None:
        raise syntax_error(1, len(execution.sql.rstrip()) + 1, "mismatched input '<EOF>'")
    table = _existing(execution, *_split_name(execution, name.group(1)))
    if what == "tblproperties":
        return _result("prpt_name", [f"{k}\t{v}" for k, v in sorted(table.table_params.items())])
    if what == "create table":
        return _result("createtab_stmt", show_create_table(table))
    if what == "columns":
        return _result("field", [n for n, _ in table.columns + table.partition_keys])
    if not table.partition_keys:
        raise ddl_failed(f"SemanticException [Error 10241]: Table {table.name} is not a partitioned table")
    keys = [k for k, _ in table.partition_keys]
    return _result(
        "partition",
        sorted("/".join(f"{k}={v}" for k, v in zip(keys, p.values, strict=False)) for p in table.partitions),
    )


def explain(execution: Execution, statement: str) -> QueryResult:
    """EXPLAIN: DuckDB's plan of the statement (Athena shows Trino's), one line per row."""
    sql = execution.relation_sql(transpile.parse(statement))
    plan = "\n".join(row[1] for row in execution.con.execute(f"EXPLAIN {sql}").fetchall())
    return _result("Query Plan", plan.splitlines())


def show_create_table(table: catalog.CatalogTable) -> list[str]:
    """The table's DDL as Athena prints it (Hive's SHOW CREATE TABLE)."""
    columns = ",\n".join(f"  `{n}` {t}" for n, t in table.columns)
    lines = [f"CREATE EXTERNAL TABLE `{table.database}`.`{table.name}`(", columns + ")"]
    if table.partition_keys:
        keys = ", \n".join(f"  `{n}` {t}" for n, t in table.partition_keys)
        lines += ["PARTITIONED BY ( ", keys + ")"]
    lines += ["ROW FORMAT SERDE ", f"  '{table.serde}' "]
    if table.serde_params:
        params = ", \n".join(f"  '{k}'='{v}'" for k, v in sorted(table.serde_params.items()))
        lines += ["WITH SERDEPROPERTIES ( ", params + ") "]
    lines += ["STORED AS INPUTFORMAT ", f"  '{table.input_format}' ", "LOCATION", f"  '{table.location}'"]
    if table.table_params:
        params = ", \n".join(f"  '{k}'='{v}'" for k, v in sorted(table.table_params.items()))
        lines += ["TBLPROPERTIES (", params + ")"]
    return "\n".join(lines).splitlines()


def describe(execution: Execution, node: exp.Expression) -> QueryResult:
    if not isinstance(node, exp.Table):
        raise not_supported("DESCRIBE takes a table name")
    table = _existing(execution, (node.db or execution.ctx.database).lower(), node.name.lower())

    def line(name: str, hive_type: str) -> str:
        return f"{name:<20s}\t{hive_type:<20s}\t{'':<20s}"

    lines = [line(n, t) for n, t in table.columns + table.partition_keys]
    if table.partition_keys:
        lines += [
            "",
            "# Partition Information",
            f"{'# col_name':<20s}\t{'data_type':<20s}\t{'comment':<20s}",
            "",
        ]
        lines += [line(n, t) for n, t in table.partition_keys]
    return _result("col_name", lines)


def _hive_type(kind: exp.DataType) -> str:
    return re.sub(r"\s+", "", kind.sql(dialect="hive")).lower()


def _storage_descriptor(columns, location: str, properties: list[exp.Expression]) -> tuple[dict, dict]:
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


def _create_in_glue(execution: Execution, database: str, name: str, table_input: dict) -> None:
    glue = _glue(execution)
    try:
        glue.create_table(database, name, table_input)
    except DatabaseNotFoundException:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}") from None


def create_external_table(execution: Execution, tree: exp.Create) -> QueryResult:
    schema = tree.this
    if not isinstance(schema, exp.Schema):
        raise not_supported("CREATE TABLE needs a column list, or AS SELECT")
    table_node = schema.this
    database, name = (table_node.db or execution.ctx.database).lower(), table_node.name.lower()
    properties = list((tree.args.get("properties") or exp.Properties()).expressions)
    location = next((p.this.name for p in properties if isinstance(p, exp.LocationProperty)), None)
    if location is None:
        raise ddl_failed("SemanticException: LOCATION is required for an external table in Athena")
    partition_keys = []
    for prop in properties:
        if isinstance(prop, exp.PartitionedByProperty) and isinstance(prop.this, exp.Schema):
            partition_keys = [
                {"Name": c.name.lower(), "Type": _hive_type(c.args["kind"])} for c in prop.this.expressions
            ]
    columns = [{"Name": c.name.lower(), "Type": _hive_type(c.args["kind"])} for c in schema.expressions]
    if catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name) is not None:
        if tree.args.get("exists"):
            return _no_result()
        raise ddl_failed(f"AlreadyExistsException: Table {name} already exists")
    descriptor, params = _storage_descriptor(columns, location, properties)
    params = {"EXTERNAL": "TRUE", **params, "transient_lastDdlTime": str(int(time.time()))}
    _create_in_glue(
        execution,
        database,
        name,
        {
            "Name": name,
            "TableType": "EXTERNAL_TABLE",
            "Parameters": params,
            "PartitionKeys": partition_keys,
            "StorageDescriptor": descriptor,
        },
    )
    return _no_result()


def create_table_as(execution: Execution, tree: exp.Create) -> QueryResult:
    """CTAS: the query's rows written under the table's location (Parquet unless format says
    otherwise), then the table added to the catalog."""
    table_node = tree.this if isinstance(tree.this, exp.Table) else tree.this.this
    database, name = (table_node.db or execution.ctx.database).lower(), table_node.name.lower()
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, database) is None:
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {database}")
    if catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name) is not None:
        if tree.args.get("exists"):
            return _no_result()
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
        hive = _hive_name(kind[0])
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
    descriptor, _ = _storage_descriptor(columns, location, properties)
    _create_in_glue(
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
        fake = _glue(execution).get_table(database, name)
        for values, folder in written:
            fake.create_partition({"Values": values, "StorageDescriptor": {**descriptor, "Location": folder}})
    return _no_result()


def create_view(execution: Execution, tree: exp.Create) -> QueryResult:
    """CREATE [OR REPLACE] VIEW: checked by planning it, stored in Glue as Athena does (a Presto view)."""
    node = tree.this
    database, name = (node.db or execution.ctx.database).lower(), node.name.lower()
    existing = catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name)
    if existing is not None and not tree.args.get("replace"):
        raise QueryFailed(
            "TABLE_ALREADY_EXISTS", f"View '{catalog.CATALOG}.{database}.{name}' already exists"
        )
    if existing is not None and existing.view_sql is None:
        raise QueryFailed(
            "TABLE_ALREADY_EXISTS", f"Table '{catalog.CATALOG}.{database}.{name}' already exists"
        )
    relation = execution.con.sql(execution.relation_sql(tree.expression))
    columns = [(n, athena_type(str(t))[0]) for n, t in zip(relation.columns, relation.types, strict=True)]
    sql = tree.expression.sql(dialect=transpile.DIALECT)
    table_input = {
        "Name": name,
        "TableType": "VIRTUAL_VIEW",
        "Parameters": {"presto_view": "true", "comment": "Presto View"},
        "ViewOriginalText": catalog.presto_view_text(sql, database, columns),
        "ViewExpandedText": "/* Presto View */",
        "PartitionKeys": [],
        "StorageDescriptor": {
            "Columns": [{"Name": n, "Type": _hive_name(t)} for n, t in columns],
            "Location": "",
            "SerdeInfo": {},
        },
    }
    if existing is None:
        _create_in_glue(execution, database, name, table_input)
    else:
        _glue(execution).update_table(existing.database, existing.name, table_input)
    return _no_result()


def _hive_name(athena: str) -> str:
    return {"varchar": "string", "integer": "int"}.get(athena, athena)


def create_database(execution: Execution, tree: exp.Create) -> QueryResult:
    name = tree.this.name.lower()
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, name) is not None:
        if tree.args.get("exists"):
            return _no_result()
        raise ddl_failed(f"AlreadyExistsException: Database {name} already exists")
    _glue(execution).create_database(name, {"Name": name})
    return _no_result()


def drop_table(execution: Execution, tree: exp.Drop) -> QueryResult:
    """DROP TABLE / VIEW removes the catalog entry only: Athena's tables are external, their data stays."""
    dropping_view = (tree.args.get("kind") or "").upper() == "VIEW"
    for node in tree.args.get("tables") or [tree.this]:
        database, name = (node.db or execution.ctx.database).lower(), node.name.lower()
        table = catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name)
        if table is None:
            if tree.args.get("exists"):
                continue
            if dropping_view:
                raise QueryFailed(
                    "TABLE_NOT_FOUND", f"View '{catalog.CATALOG}.{database}.{name}' does not exist"
                )
            raise ddl_failed(f"SemanticException [Error 10001]: Table not found {database}.{name}")
        if dropping_view != (table.view_sql is not None):
            kind = "a view" if table.view_sql is not None else "a table"
            raise QueryFailed(
                "NOT_SUPPORTED",
                f"'{database}.{name}' is {kind}; use DROP {'VIEW' if table.view_sql is not None else 'TABLE'}",
            )
        _glue(execution).delete_table(table.database, table.name)
    return _no_result()


def drop_database(execution: Execution, tree: exp.Drop) -> QueryResult:
    name = (tree.args.get("tables") or [tree.this])[0].name.lower()
    db = catalog.find_database(execution.ctx.account_id, execution.ctx.region, name)
    if db is None:
        if tree.args.get("exists"):
            return _no_result()
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {name}")
    if db.tables and not tree.args.get("cascade"):
        raise ddl_failed(
            f"InvalidOperationException(message:Database {name} is not empty. One or more tables exist.)"
        )
    _glue(execution).delete_database(db.name)
    return _no_result()


def repair_table(execution: Execution, qualified: str) -> QueryResult:
    """MSCK REPAIR TABLE: add the `key=value/` folders under the location that the catalog lacks."""
    table = _existing(execution, *_split_name(execution, qualified))
    if not table.partition_keys:
        return _no_result()
    keys = [k for k, _ in table.partition_keys]
    known = {tuple(p.values) for p in table.partitions}
    fake = _glue(execution).get_table(table.database, table.name)
    descriptor = fake.as_dict().get("StorageDescriptor") or {}
    added = []
    for values, location in catalog.list_partition_dirs(execution.ctx.account_id, table.location, keys):
        if tuple(values) in known:
            continue
        fake.create_partition({"Values": values, "StorageDescriptor": {**descriptor, "Location": location}})
        added.append(
            f"Repair: Added partition to metastore {table.name}:"
            + "/".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))
        )
    not_in_metastore = [
        line.replace("Repair: Added partition to metastore", "Partitions not in metastore:") for line in added
    ]
    return _result("msck", not_in_metastore + added) if added else _no_result()


_PARTITION_SPEC = re.compile(
    r"partition\s*\((?P<spec>[^)]*)\)(?:\s*location\s*'(?P<location>[^']*)')?", re.I | re.S
)
_KEY_VALUE = re.compile(r"[`\"]?(\w+)[`\"]?\s*=\s*(?:'((?:[^']|'')*)'|([^,\s]+))")


def alter_partitions(execution: Execution, match: re.Match) -> QueryResult:
    """ALTER TABLE ... ADD [IF NOT EXISTS] PARTITION (k='v') [LOCATION '...'] ... / DROP [IF EXISTS] PARTITION ..."""
    table = _existing(execution, *_split_name(execution, match.group("name")))
    keys = [k for k, _ in table.partition_keys]
    fake = _glue(execution).get_table(table.database, table.name)
    known = {tuple(p.values) for p in table.partitions}
    adding = match.group("action").lower() == "add"
    descriptor = fake.as_dict().get("StorageDescriptor") or {}
    for spec in _PARTITION_SPEC.finditer(match.group("specs")):
        pairs = {
            m.group(1).lower(): m.group(2).replace("''", "'") if m.group(2) is not None else m.group(3)
            for m in _KEY_VALUE.finditer(spec.group("spec"))
        }
        if sorted(pairs) != sorted(keys):
            raise ddl_failed(
                f"SemanticException [Error 10098]: Partition spec {spec.group(0)} does not match the "
                f"partition keys of {table.name}: {', '.join(keys) or 'none'}"
            )
        values = [pairs[k] for k in keys]
        if adding:
            if tuple(values) in known:
                if match.group("guard"):
                    continue
                raise ddl_failed("AlreadyExistsException: Partition already exists.")
            location = (
                spec.group("location")
                or table.location.rstrip("/")
                + "/"
                + "/".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))
                + "/"
            )
            fake.create_partition(
                {"Values": values, "StorageDescriptor": {**descriptor, "Location": location}}
            )
            known.add(tuple(values))
        elif tuple(values) in known:
            fake.delete_partition(values)
            known.discard(tuple(values))
        elif not match.group("guard"):
            raise ddl_failed("SemanticException [Error 10006]: Partition not found " + spec.group(0))
    return _no_result()


def insert_into(execution: Execution, tree: exp.Insert) -> QueryResult:
    """INSERT INTO an unpartitioned text or Parquet table: one new file under its location."""
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    table = _existing(execution, (target.db or execution.ctx.database).lower(), target.name.lower())
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
