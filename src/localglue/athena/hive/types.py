"""Hive column types of Athena's DDL in Trino's words, for the DDL that Trino runs (Iceberg tables)."""

from __future__ import annotations

from sqlglot import exp


def trino_column_type(kind: exp.DataType, iceberg: bool = False) -> str:
    """`struct<a:int>` -> `ROW(a INTEGER)`, `string` -> `VARCHAR`...; Iceberg keeps timestamps in
    microseconds, as Athena's Iceberg tables do."""
    text = kind.sql(dialect="trino")
    if iceberg:
        text = text.replace("TIMESTAMP(3)", "TIMESTAMP(6)")
        if text == "TIMESTAMP":
            text = "TIMESTAMP(6)"
    return text
