"""`information_schema` (schemata, tables, columns, views) over the Glue Data Catalog, as Athena answers it."""

from __future__ import annotations

import re

from . import catalog
from .relation import quote_ident, quote_str

NAME = "information_schema"

_COLUMNS = {
    "schemata": [("catalog_name", "string"), ("schema_name", "string")],
    "tables": [
        ("table_catalog", "string"),
        ("table_schema", "string"),
        ("table_name", "string"),
        ("table_type", "string"),
    ],
    "columns": [
        ("table_catalog", "string"),
        ("table_schema", "string"),
        ("table_name", "string"),
        ("column_name", "string"),
        ("ordinal_position", "bigint"),
        ("column_default", "string"),
        ("is_nullable", "string"),
        ("data_type", "string"),
        ("comment", "string"),
        ("extra_info", "string"),
    ],
    "views": [
        ("table_catalog", "string"),
        ("table_schema", "string"),
        ("table_name", "string"),
        ("view_definition", "string"),
    ],
}


def trino_type(hive_type: str) -> str:
    """How Athena's information_schema spells a Glue column type: `string` -> `varchar`,
    `array<int>` -> `array(integer)`, `timestamp` -> `timestamp(3)`."""
    text = hive_type.strip().lower()
    text = re.sub(r"\bstring\b", "varchar", text)
    text = re.sub(r"\bint\b", "integer", text)
    text = re.sub(r"\bfloat\b", "real", text)
    text = re.sub(r"\btimestamp\b", "timestamp(3)", text)
    text = (
        re.sub(r"\bstruct<", "row(", text)
        .replace("array<", "array(")
        .replace("map<", "map(")
        .replace(">", ")")
    )
    return re.sub(r"(\w+):", r"\1 ", text)


def _rows(account_id: str, region: str, name: str) -> list[tuple]:
    databases = sorted(catalog.glue(account_id, region).get_databases(), key=lambda db: db.name)
    if name == "schemata":
        return [(catalog.CATALOG, db) for db in sorted([NAME] + [d.name for d in databases])]
    rows = []
    for db in databases:
        for table_name in sorted(db.tables):
            table = catalog.find_table(account_id, region, db.name, table_name)
            prefix = (catalog.CATALOG, db.name, table_name)
            if name == "tables":
                rows.append((*prefix, "VIEW" if table.view_sql is not None else "BASE TABLE"))
            elif name == "views" and table.view_sql is not None:
                rows.append((*prefix, table.view_sql))
            elif name == "columns":
                keys = {k for k, _ in table.partition_keys}
                for position, (column, hive) in enumerate(table.columns + table.partition_keys, start=1):
                    extra = "partition key" if column in keys else None
                    rows.append((*prefix, column, position, None, "YES", trino_type(hive), None, extra))
    return rows


def relation(account_id: str, region: str, name: str) -> tuple[str, dict[str, str]] | None:
    """(SELECT over the rows, column types) of one information_schema table, or None if there is none."""
    columns = _COLUMNS.get(name)
    if columns is None:
        return None
    rows = _rows(account_id, region, name)
    names = ", ".join(quote_ident(column) for column, _ in columns)
    casts = ", ".join(
        f"CAST({quote_ident(column)} AS {'BIGINT' if kind == 'bigint' else 'VARCHAR'}) AS {quote_ident(column)}"
        for column, kind in columns
    )

    def literal(value) -> str:
        return "NULL" if value is None else str(value) if isinstance(value, int) else quote_str(value)

    if not rows:
        return (
            f"SELECT {casts} FROM (SELECT {', '.join('NULL AS ' + quote_ident(c) for c, _ in columns)}) WHERE false",
            dict(columns),
        )
    values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    return f"SELECT {casts} FROM (VALUES {values}) AS v({names})", dict(columns)
