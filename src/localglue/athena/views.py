"""Views as Athena leaves them in Glue: a Presto view whose table columns are the view's own.

Trino's Hive connector stores a view with one placeholder column; Athena records the view's columns (in
Hive types), which Glue clients such as crawlers, the console and Spark read. After Trino creates or
replaces a view, its columns are copied from the view definition into the Glue table.
"""

from __future__ import annotations

from moto.glue.exceptions import EntityNotFoundException

from . import catalog
from .types import hive_type


def record_view_columns(account_id: str, region: str, database: str, name: str) -> None:
    glue = catalog.glue(account_id, region)
    try:
        table = glue.get_table(database, name)
    except EntityNotFoundException:
        return
    described = table.as_dict()
    definition = catalog.view_definition(described)
    if definition is None:
        return
    columns = [
        {"Name": column["name"], "Type": hive_type(column["type"])}
        for column in definition.get("columns", [])
    ]
    table_input = {
        key: value
        for key, value in described.items()
        if key
        in (
            "Name",
            "Description",
            "Owner",
            "TableType",
            "Parameters",
            "ViewOriginalText",
            "ViewExpandedText",
            "PartitionKeys",
        )
    }
    table_input["StorageDescriptor"] = {**(described.get("StorageDescriptor") or {}), "Columns": columns}
    glue.update_table(database, name, table_input)
