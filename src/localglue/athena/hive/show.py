"""Athena's Hive utility statements, SHOW ... and DESCRIBE, answered from the Glue catalog in Hive's
words (one text line per row)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlglot import exp

from .. import catalog
from ..errors import ddl_failed, not_supported, syntax_error
from ..results import QueryResult, text_result
from .parse import split_name
from .tables import existing_table, glue_backend, require

if TYPE_CHECKING:
    from .context import DdlContext


def show(ddl: DdlContext, what: str, rest: str) -> QueryResult:
    ctx = ddl
    pattern = re.search(r"'([^']*)'", rest)
    regex = re.compile(pattern.group(1).replace("*", ".*"), re.I) if pattern else None
    if what in ("databases", "schemas"):
        require(ddl, "glue:GetDatabases", ddl.database)
        names = sorted(db.name for db in glue_backend(ddl).get_databases())
        return text_result("database_name", [n for n in names if regex is None or regex.fullmatch(n)])
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
        return text_result("tab_name" if what == "tables" else "views", sorted(names))
    name = re.match(r"(?:(?:in|from)\s+)?([`\"\w.]+)", rest, re.I)
    if name is None:
        raise syntax_error(1, len(ddl.sql.rstrip()) + 1, "mismatched input '<EOF>'")
    table = existing_table(ddl, *split_name(ddl.database, name.group(1)))
    if what == "tblproperties":
        return text_result(
            ("prpt_name", "prpt_value"), [f"{k}\t{v}" for k, v in sorted(table.table_params.items())]
        )
    if what == "create table":
        return text_result("createtab_stmt", show_create_table(table))
    if what == "columns":
        return text_result("field", [n for n, _ in table.columns + table.partition_keys])
    if not table.partition_keys:
        raise ddl_failed(f"SemanticException [Error 10241]: Table {table.name} is not a partitioned table")
    require(ddl, "glue:GetPartitions", table.database, table.name)
    keys = [k for k, _ in table.partition_keys]
    return text_result(
        "partition",
        sorted("/".join(f"{k}={v}" for k, v in zip(keys, p.values, strict=False)) for p in table.partitions),
    )


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


def describe(ddl: DdlContext, node: exp.Expression) -> QueryResult:
    if not isinstance(node, exp.Table):
        raise not_supported("DESCRIBE takes a table name")
    table = existing_table(ddl, (node.db or ddl.database).lower(), node.name.lower())  # views too

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
    return text_result(("col_name", "data_type", "comment"), lines)
