"""Athena's DDL, each statement reflected in the Glue Data Catalog held by moto; `run` dispatches every
statement that is not a query."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from sqlglot import exp

from . import catalog, transpile
from .errors import QueryFailed, ddl_failed, not_supported
from .results import QueryResult
from .statements import (
    create_in_glue,
    existing_table,
    glue_backend,
    hive_name,
    hive_type,
    no_result,
    result,
    split_name,
    storage_descriptor,
)
from .types import athena_type
from .utility import describe, explain, show
from .writes import create_table_as, insert_into, unload

if TYPE_CHECKING:
    from .engine import Execution


def run(execution: Execution, tree: exp.Expression) -> QueryResult:
    partitions = transpile.match_alter_partitions(execution.sql)
    if partitions:
        return alter_partitions(execution, partitions)
    unloading = transpile.match_unload(execution.sql)
    if unloading:
        return unload(execution, unloading)
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


def _command(execution: Execution, tree: exp.Command) -> QueryResult:
    """The statements sqlglot keeps as commands: SHOW ..., MSCK REPAIR TABLE, EXPLAIN."""
    sql = execution.sql
    shown = transpile.match_show(sql)
    if shown:
        return show(execution, " ".join(shown.group("what").lower().split()), shown.group("rest").strip())
    msck = transpile.match_msck(sql)
    if msck:
        return repair_table(execution, msck.group("name"))
    if tree.name.upper() == "EXPLAIN":
        return explain(execution, tree.expression.name)
    raise not_supported(f"This statement is not supported by localglue's Athena: {sql.split()[0].upper()}")


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
                {"Name": c.name.lower(), "Type": hive_type(c.args["kind"])} for c in prop.this.expressions
            ]
    columns = [{"Name": c.name.lower(), "Type": hive_type(c.args["kind"])} for c in schema.expressions]
    if catalog.find_table(execution.ctx.account_id, execution.ctx.region, database, name) is not None:
        if tree.args.get("exists"):
            return no_result()
        raise ddl_failed(f"AlreadyExistsException: Table {name} already exists")
    descriptor, params = storage_descriptor(columns, location, properties)
    params = {"EXTERNAL": "TRUE", **params, "transient_lastDdlTime": str(int(time.time()))}
    create_in_glue(
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
    return no_result()


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
            "Columns": [{"Name": n, "Type": hive_name(t)} for n, t in columns],
            "Location": "",
            "SerdeInfo": {},
        },
    }
    if existing is None:
        create_in_glue(execution, database, name, table_input)
    else:
        glue_backend(execution).update_table(existing.database, existing.name, table_input)
    return no_result()


def create_database(execution: Execution, tree: exp.Create) -> QueryResult:
    name = tree.this.name.lower()
    if catalog.find_database(execution.ctx.account_id, execution.ctx.region, name) is not None:
        if tree.args.get("exists"):
            return no_result()
        raise ddl_failed(f"AlreadyExistsException: Database {name} already exists")
    glue_backend(execution).create_database(name, {"Name": name})
    return no_result()


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
        glue_backend(execution).delete_table(table.database, table.name)
    return no_result()


def drop_database(execution: Execution, tree: exp.Drop) -> QueryResult:
    name = (tree.args.get("tables") or [tree.this])[0].name.lower()
    db = catalog.find_database(execution.ctx.account_id, execution.ctx.region, name)
    if db is None:
        if tree.args.get("exists"):
            return no_result()
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {name}")
    if db.tables and not tree.args.get("cascade"):
        raise ddl_failed(
            f"InvalidOperationException(message:Database {name} is not empty. One or more tables exist.)"
        )
    glue_backend(execution).delete_database(db.name)
    return no_result()


def repair_table(execution: Execution, qualified: str) -> QueryResult:
    """MSCK REPAIR TABLE: add the `key=value/` folders under the location that the catalog lacks."""
    table = existing_table(execution, *split_name(execution, qualified))
    if not table.partition_keys:
        return no_result()
    keys = [k for k, _ in table.partition_keys]
    known = {tuple(p.values) for p in table.partitions}
    fake = glue_backend(execution).get_table(table.database, table.name)
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
    return result("msck", not_in_metastore + added) if added else no_result()


_PARTITION_SPEC = re.compile(
    r"partition\s*\((?P<spec>[^)]*)\)(?:\s*location\s*'(?P<location>[^']*)')?", re.I | re.S
)


_KEY_VALUE = re.compile(r"[`\"]?(\w+)[`\"]?\s*=\s*(?:'((?:[^']|'')*)'|([^,\s]+))")


def alter_partitions(execution: Execution, match: re.Match) -> QueryResult:
    """ALTER TABLE ... ADD [IF NOT EXISTS] PARTITION (k='v') [LOCATION '...'] ... / DROP [IF EXISTS] PARTITION ..."""
    table = existing_table(execution, *split_name(execution, match.group("name")))
    keys = [k for k, _ in table.partition_keys]
    fake = glue_backend(execution).get_table(table.database, table.name)
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
    return no_result()
