"""Athena's Hive DDL, each statement reflected in the Glue Data Catalog held by moto.

An Iceberg table (`TBLPROPERTIES ('table_type'='ICEBERG')`) is Trino's Iceberg connector's to create,
alter and drop: its metadata lives in its files, not only in Glue.
"""

from __future__ import annotations

import re
import time
from typing import Any

from sqlglot import exp

from ... import s3paths
from ...trino.catalogs import ICEBERG_CATALOG
from .. import access, catalog, iceberg_properties
from ..errors import QueryFailed, ddl_failed, not_supported
from ..results import QueryResult, no_result, text_result
from ..trino_sql import literal, quote, string_map
from .context import DdlContext
from .parse import (
    match_alter_columns,
    match_alter_location,
    match_alter_partitions,
    match_alter_properties,
    match_msck,
    match_show,
    parse,
    split_name,
)
from .show import describe, show
from .tables import create_in_glue, existing_table, glue_backend, hive_type, require, storage_descriptor
from .types import trino_column_type

_CREATE_DATABASE = re.compile(
    r"^\s*create\s+(?:database|schema)\s+(?P<guard>if\s+not\s+exists\s+)?(?P<name>[`\"\w]+)"
    r"(?:\s+comment\s+'(?P<comment>(?:[^']|'')*)')?(?:\s+location\s+'(?P<location>[^']*)')?"
    r"(?:\s+with\s+dbproperties\s*\((?P<properties>.*)\))?\s*;?\s*$",
    re.I | re.S,
)
_PROPERTY = re.compile(r"'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'")


def run(ddl: DdlContext) -> QueryResult:
    """Answer one Hive DDL or utility statement."""
    sql = ddl.sql
    for matcher, handler in (
        (match_alter_partitions, alter_partitions),
        (match_alter_location, set_location),
        (match_alter_columns, alter_columns),
    ):
        match = matcher(sql)
        if match is not None:
            return handler(ddl, match)
    properties = match_alter_properties(sql)
    if properties is not None:
        return set_properties(ddl, properties)
    shown = match_show(sql)
    if shown is not None:
        return show(ddl, " ".join(shown.group("what").lower().split()), shown.group("rest").strip())
    msck = match_msck(sql)
    if msck is not None:
        return repair_table(ddl, msck.group("name"))
    database = _CREATE_DATABASE.match(sql)
    if database is not None:
        return create_database(ddl, database)
    tree = parse(sql)
    if isinstance(tree, exp.Describe):
        return describe(ddl, tree.this)
    if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TABLE":
        return create_table(ddl, tree)
    if isinstance(tree, exp.Drop):
        kind = (tree.args.get("kind") or "").upper()
        if kind == "TABLE":
            return drop_table(ddl, tree)
        if kind in ("DATABASE", "SCHEMA"):
            return drop_database(ddl, tree)
    raise not_supported(
        f"This statement is not supported by localglue's Athena: {sql.strip().split()[0].upper()}"
    )


def create_table(ddl: DdlContext, tree: exp.Create) -> QueryResult:
    schema = tree.this
    if not isinstance(schema, exp.Schema):
        raise ddl_failed("SemanticException: CREATE TABLE needs a column list, or AS SELECT")
    table_node = schema.this
    database, name = (table_node.db or ddl.database).lower(), table_node.name.lower()
    require(ddl, "glue:CreateTable", database, name)
    properties = list((tree.args.get("properties") or exp.Properties()).expressions)
    location = next((_text(p.this) for p in properties if isinstance(p, exp.LocationProperty)), None)
    table_params = {p.name.lower(): p.args["value"].name for p in properties if type(p) is exp.Property}
    if table_params.get("table_type", "").upper() == "ICEBERG":
        return create_iceberg_table(ddl, tree, database, name, location, table_params)
    if location is None:
        raise ddl_failed("SemanticException: LOCATION is required for an external table in Athena")
    partition_keys = []
    for prop in properties:
        if isinstance(prop, exp.PartitionedByProperty) and isinstance(prop.this, exp.Schema):
            partition_keys = [
                {"Name": c.name.lower(), "Type": hive_type(c.args["kind"])} for c in prop.this.expressions
            ]
    columns = [{"Name": c.name.lower(), "Type": hive_type(c.args["kind"])} for c in schema.expressions]
    if catalog.find_table(ddl.account_id, ddl.region, database, name) is not None:
        if tree.args.get("exists"):
            return no_result()
        raise ddl_failed(f"AlreadyExistsException: Table {name} already exists")
    descriptor, params = storage_descriptor(columns, location, properties)
    params = {"EXTERNAL": "TRUE", **params, "transient_lastDdlTime": str(int(time.time()))}
    create_in_glue(
        ddl,
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


def _text(node: exp.Expression) -> str:
    """A string of Hive's DDL: adjacent literals ('a' 'b', or 'a''b') are one string, as Hive reads them."""
    if isinstance(node, exp.Concat):
        return "".join(_text(part) for part in node.expressions)
    return node.name


def _iceberg_partitioning(properties: list[exp.Expression]) -> list[str]:
    """Athena's `PARTITIONED BY (category, bucket(16, id), day(ts))` as Trino's partitioning strings."""
    found = []
    for prop in properties:
        if not isinstance(prop, exp.PartitionedByProperty) or not isinstance(prop.this, exp.Schema):
            continue
        for item in prop.this.expressions:
            if isinstance(item, exp.PartitionedByBucket):
                found.append(f"bucket({item.this.name}, {item.expression.name})")
            elif isinstance(item, exp.PartitionByTruncate):
                found.append(f"truncate({item.this.name}, {item.expression.name})")
            elif isinstance(item, exp.Func):  # year(ts), month(ts), day(ts), hour(ts)
                column = item.find(exp.Column)  # sqlglot reads day(ts) as DAY(TS_OR_DS_TO_DATE(ts))
                if column is None:
                    raise ddl_failed(f"SemanticException: a partition transform needs a column: {item.sql()}")
                found.append(f"{item.sql_name().lower()}({column.name.lower()})")
            else:
                found.append(item.name.lower())
    return found


def create_iceberg_table(
    ddl: DdlContext, tree: exp.Create, database: str, name: str, location: str | None, params: dict[str, str]
) -> QueryResult:
    if location is None:
        raise ddl_failed("SemanticException: LOCATION is required for an Iceberg table in Athena")
    schema = tree.this
    assert isinstance(schema, exp.Schema)
    columns = ", ".join(
        f"{quote(column.name.lower())} {trino_column_type(column.args['kind'], iceberg=True)}"
        for column in schema.expressions
    )
    properties = {"location": literal(location)}
    if "format" in params:
        properties["format"] = literal(params["format"].upper())
    if iceberg_properties.athena_only(params):
        properties["extra_properties"] = string_map(iceberg_properties.athena_only(params))
    partitioning = _iceberg_partitioning(list((tree.args.get("properties") or exp.Properties()).expressions))
    if partitioning:
        properties["partitioning"] = "ARRAY[" + ", ".join(f"'{p}'" for p in partitioning) + "]"
    guard = "IF NOT EXISTS " if tree.args.get("exists") else ""
    with_clause = ", ".join(f"{key} = {value}" for key, value in properties.items())
    ddl.trino(
        f"CREATE TABLE {guard}{quote(ICEBERG_CATALOG)}.{quote(database)}.{quote(name)} ({columns}) WITH ({with_clause})"
    )
    return no_result()


def create_database(ddl: DdlContext, match: re.Match) -> QueryResult:
    name = match.group("name").strip('`"').lower()
    require(ddl, "glue:CreateDatabase", name)
    if catalog.find_database(ddl.account_id, ddl.region, name) is not None:
        if match.group("guard"):
            return no_result()
        raise ddl_failed(f"AlreadyExistsException: Database {name} already exists")
    database_input: dict[str, Any] = {"Name": name}
    if match.group("comment") is not None:
        database_input["Description"] = match.group("comment").replace("''", "'")
    if match.group("location"):
        database_input["LocationUri"] = match.group("location")
    if match.group("properties"):
        database_input["Parameters"] = dict(_PROPERTY.findall(match.group("properties")))
    glue_backend(ddl).create_database(name, database_input)
    return no_result()


def _is_iceberg(table: catalog.CatalogTable) -> bool:
    return table.table_params.get("table_type", "").upper() == "ICEBERG"


def drop_table(ddl: DdlContext, tree: exp.Drop) -> QueryResult:
    """DROP TABLE removes the catalog entry only: Athena's Hive tables are external, their data stays. An
    Iceberg table is dropped with its data, as Athena does."""
    for node in tree.args.get("tables") or [tree.this]:
        database, name = (node.db or ddl.database).lower(), node.name.lower()
        require(ddl, "glue:DeleteTable", database, name)
        table = catalog.find_table(ddl.account_id, ddl.region, database, name)
        if table is None:
            if tree.args.get("exists"):
                continue
            raise ddl_failed(f"SemanticException [Error 10001]: Table not found {database}.{name}")
        if table.view_sql is not None:
            raise QueryFailed("NOT_SUPPORTED", f"'{database}.{name}' is a view; use DROP VIEW")
        if _is_iceberg(table):
            ddl.trino(f"DROP TABLE {quote(ICEBERG_CATALOG)}.{quote(database)}.{quote(name)}")
            continue
        glue_backend(ddl).delete_table(table.database, table.name)
    return no_result()


def drop_database(ddl: DdlContext, tree: exp.Drop) -> QueryResult:
    node = (tree.args.get("tables") or [tree.this])[0]
    name = (node.name or node.db).lower()
    require(ddl, "glue:DeleteDatabase", name)
    db = catalog.find_database(ddl.account_id, ddl.region, name)
    if db is None:
        if tree.args.get("exists"):
            return no_result()
        raise ddl_failed(f"SemanticException [Error 10072]: Database does not exist: {name}")
    if db.tables and not tree.args.get("cascade"):
        raise ddl_failed(
            f"InvalidOperationException(message:Database {name} is not empty. One or more tables exist.)"
        )
    glue_backend(ddl).delete_database(db.name)
    return no_result()


def repair_table(ddl: DdlContext, qualified: str) -> QueryResult:
    """MSCK REPAIR TABLE: add the `key=value/` folders under the location that the catalog lacks."""
    table = existing_table(ddl, *split_name(ddl.database, qualified))
    if not table.partition_keys:
        return no_result()
    require(ddl, "glue:BatchCreatePartition", table.database, table.name)
    bucket, prefix = s3paths.split_s3_uri(table.location)
    access.require_listing(ddl.caller, table.location)
    keys = [k for k, _ in table.partition_keys]
    known = {tuple(p.values) for p in table.partitions}
    fake = glue_backend(ddl).get_table(table.database, table.name)
    descriptor = fake.as_dict().get("StorageDescriptor") or {}
    added = []
    for values, location in catalog.list_partition_dirs(ddl.account_id, table.location, keys):
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
    return text_result("msck", not_in_metastore + added) if added else no_result()


_PARTITION_SPEC = re.compile(
    r"partition\s*\((?P<spec>[^)]*)\)(?:\s*location\s*'(?P<location>[^']*)')?", re.I | re.S
)
_KEY_VALUE = re.compile(r"[`\"]?(\w+)[`\"]?\s*=\s*(?:'((?:[^']|'')*)'|([^,\s]+))")


def alter_partitions(ddl: DdlContext, match: re.Match) -> QueryResult:
    """ALTER TABLE ... ADD [IF NOT EXISTS] PARTITION (k='v') [LOCATION '...'] ... / DROP [IF EXISTS] PARTITION ..."""
    table = existing_table(ddl, *split_name(ddl.database, match.group("name")))
    adding = match.group("action").lower() == "add"
    require(
        ddl,
        "glue:BatchCreatePartition" if adding else "glue:BatchDeletePartition",
        table.database,
        table.name,
    )
    keys = [k for k, _ in table.partition_keys]
    fake = glue_backend(ddl).get_table(table.database, table.name)
    known = {tuple(p.values) for p in table.partitions}
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


def _update_table(ddl: DdlContext, table: catalog.CatalogTable, change) -> None:
    """Apply `change(table_input)` to the table's Glue definition, as an UpdateTable would."""
    require(ddl, "glue:UpdateTable", table.database, table.name)
    backend = glue_backend(ddl)
    current = backend.get_table(table.database, table.name).as_dict()
    table_input = {
        key: value
        for key, value in current.items()
        if key
        in ("Name", "Description", "Owner", "Retention", "StorageDescriptor", "PartitionKeys", "TableType", "Parameters",
            "ViewOriginalText", "ViewExpandedText")
    }  # fmt: skip
    change(table_input)
    backend.update_table(table.database, table.name, table_input)


def set_properties(ddl: DdlContext, properties: dict[str, str]) -> QueryResult:
    """ALTER TABLE t SET TBLPROPERTIES ('k'='v', ...): added to the table's Parameters."""
    name = properties.pop("")
    table = existing_table(ddl, *split_name(ddl.database, name))
    if _is_iceberg(table):
        require(ddl, "glue:UpdateTable", table.database, table.name)
        iceberg_properties.set_properties(ddl.trino, table.database, table.name, properties)
        return no_result()

    def change(table_input: dict) -> None:
        table_input["Parameters"] = {**(table_input.get("Parameters") or {}), **properties}

    _update_table(ddl, table, change)
    return no_result()


def set_location(ddl: DdlContext, match: re.Match) -> QueryResult:
    table = existing_table(ddl, *split_name(ddl.database, match.group("name")))

    def change(table_input: dict) -> None:
        table_input["StorageDescriptor"] = {
            **table_input.get("StorageDescriptor", {}),
            "Location": match.group("location"),
        }

    _update_table(ddl, table, change)
    return no_result()


def alter_columns(ddl: DdlContext, match: re.Match) -> QueryResult:
    """ALTER TABLE t ADD COLUMNS (...) appends data columns; REPLACE COLUMNS replaces them all."""
    table = existing_table(ddl, *split_name(ddl.database, match.group("name")))
    definition = parse(f"CREATE TABLE localglue_columns ({match.group('columns')})")
    assert isinstance(definition.this, exp.Schema)
    columns = [
        {"Name": c.name.lower(), "Type": hive_type(c.args["kind"])} for c in definition.this.expressions
    ]
    if _is_iceberg(table):
        target = f"{quote(ICEBERG_CATALOG)}.{quote(table.database)}.{quote(table.name)}"
        if match.group("action").lower() == "replace":
            raise not_supported("REPLACE COLUMNS is not supported for Iceberg tables")
        for column in definition.this.expressions:
            ddl.trino(
                f"ALTER TABLE {target} ADD COLUMN {quote(column.name.lower())} "
                f"{trino_column_type(column.args['kind'], iceberg=True)}"
            )
        return no_result()
    replacing = match.group("action").lower() == "replace"
    existing = {name for name, _ in table.columns + table.partition_keys}
    clashing = [c["Name"] for c in columns if c["Name"] in existing]
    if clashing and not replacing:
        raise ddl_failed(f"SemanticException [Error 10036]: Duplicate column name: {clashing[0]}")

    def change(table_input: dict) -> None:
        descriptor = dict(table_input.get("StorageDescriptor", {}))
        descriptor["Columns"] = columns if replacing else [*descriptor.get("Columns", []), *columns]
        table_input["StorageDescriptor"] = descriptor

    _update_table(ddl, table, change)
    return no_result()
