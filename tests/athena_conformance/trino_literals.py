"""SQL literals of plain Trino for the suite's values, so its memory tables hold exactly the rows defined."""

from __future__ import annotations

import math
from typing import Any

from .hive_types import HiveType
from .tables import Table


def _double_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def sql_literal(value: Any, kind: HiveType) -> str:
    """A Trino expression of type `kind.trino` whose value is `value`."""
    if value is None:
        return f"CAST(NULL AS {kind.trino})"
    if kind.name == "string":
        return "'" + value.replace("'", "''") + "'"
    if kind.name == "boolean":
        return "true" if value else "false"
    if kind.name in ("tinyint", "smallint", "int", "bigint"):
        return f"CAST({int(value)} AS {kind.trino})"
    if kind.name in ("float", "double"):
        return f"CAST('{_double_text(value)}' AS {kind.trino})"
    if kind.name == "decimal":
        return f"CAST('{value}' AS {kind.trino})"
    if kind.name == "date":
        return f"DATE '{value.isoformat()}'"
    if kind.name == "timestamp":
        return f"TIMESTAMP '{value.isoformat(sep=' ', timespec='milliseconds')}'"
    if kind.name == "binary":
        return f"X'{value.hex()}'"
    if kind.name == "array":
        elements = ", ".join(sql_literal(v, kind.children[0]) for v in value)
        return f"CAST(ARRAY[{elements}] AS {kind.trino})"
    if kind.name == "map":
        keys = ", ".join(sql_literal(k, kind.children[0]) for k in value)
        values = ", ".join(sql_literal(v, kind.children[1]) for v in value.values())
        return f"CAST(MAP(ARRAY[{keys}], ARRAY[{values}]) AS {kind.trino})"
    if kind.name == "struct":
        fields = ", ".join(sql_literal(value[f], t) for f, t in zip(kind.fields, kind.children))
        return f"CAST(ROW({fields}) AS {kind.trino})"
    raise ValueError(f"no Trino literal for Hive type {kind.name!r}")


def create_table_sql(table: Table) -> list[str]:
    """CREATE TABLE and one INSERT of all rows, in the session's catalog and schema."""
    columns = table.all_columns
    create = f"CREATE TABLE {table.name} (" + ", ".join(f"{n} {t.trino}" for n, t in columns) + ")"
    rows = ",\n".join(
        "(" + ", ".join(sql_literal(v, t) for v, (_, t) in zip(row, columns)) + ")" for row in table.rows
    )
    return [create, f"INSERT INTO {table.name} VALUES\n{rows}"]
