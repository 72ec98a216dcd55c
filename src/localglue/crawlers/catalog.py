"""Writing a crawl's tables and partitions into moto's Glue Data Catalog, under the crawler's policies.

SchemaChangePolicy (https://docs.aws.amazon.com/glue/latest/webapi/API_SchemaChangePolicy.html):
new tables and partitions are always added; a changed table is updated (a new table version) only
under UPDATE_IN_DATABASE, else the change is logged; a table whose data is gone is deleted
(DELETE_FROM_DATABASE), marked deprecated (DEPRECATE_IN_DATABASE) or only logged (LOG).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
import time

from moto.glue.exceptions import DatabaseNotFoundException

from .tables import TablePlan

DEFAULT_POLICY = {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "DEPRECATE_IN_DATABASE"}
CRAWLER_PARAMETER = "UPDATED_BY_CRAWLER"
DEPRECATED_PARAMETER = "DEPRECATED_BY_CRAWLER"


@dataclass
class CatalogChanges:
    created: int = 0
    updated: int = 0
    deleted: int = 0


def _data_parameters(plan: TablePlan, values: tuple[str, ...] | None = None) -> dict[str, str]:
    """What Glue writes about the data itself, on tables and on each partition."""
    return {
        "classification": plan.classification.classification,
        "typeOfData": "file",
        **plan.classification.format_parameters,
        **plan.statistics(values),
    }


def table_input(plan: TablePlan, crawler_name: str, crawl_id: str) -> dict:
    parameters = {
        "CrawlerSchemaDeserializerVersion": "1.0",
        "CrawlerSchemaSerializerVersion": "1.0",
        CRAWLER_PARAMETER: crawler_name,
        "CRAWL_RUN_ID": crawl_id,
        **_data_parameters(plan),
    }
    return {
        "Name": plan.name,
        "Owner": "owner",
        "Retention": 0,
        "TableType": "EXTERNAL_TABLE",
        "PartitionKeys": [{"Name": key, "Type": "string"} for key in plan.partition_keys],
        "StorageDescriptor": _storage_descriptor(plan, plan.location, parameters),
        "Parameters": parameters,
    }


def partition_input(plan: TablePlan, values: tuple[str, ...], location: str) -> dict:
    parameters = _data_parameters(plan, values)
    return {
        "Values": list(values),
        "StorageDescriptor": _storage_descriptor(plan, location, parameters),
        "Parameters": parameters,
    }


def _storage_descriptor(plan: TablePlan, location: str, parameters: dict) -> dict:
    found = plan.classification
    return {
        "Columns": [{"Name": name, "Type": type_} for name, type_ in found.columns],
        "Location": location,
        "InputFormat": found.input_format,
        "OutputFormat": found.output_format,
        "Compressed": found.format_parameters.get("compressionType", "none") != "none",
        "NumberOfBuckets": -1,
        "SerdeInfo": {
            "SerializationLibrary": found.serde_library,
            "Parameters": dict(found.serde_parameters),
        },
        "BucketColumns": [],
        "SortColumns": [],
        "Parameters": dict(parameters),
        "StoredAsSubDirectories": False,
    }


def current_input(table) -> dict:
    """The TableInput of a moto table's current version."""
    return table.get_version(str(table._current_version))


def table_location(table) -> str:
    return (current_input(table).get("StorageDescriptor") or {}).get("Location", "")


def _shape(table_input_: dict) -> tuple:
    """What makes a change worth a new version: columns, partition keys, location, how the data is read,
    and the parameters the crawler writes (its figures too, which grow as files arrive), but not which
    crawl wrote them."""
    sd = table_input_.get("StorageDescriptor", {})
    parameters = {k: v for k, v in (table_input_.get("Parameters") or {}).items() if k != "CRAWL_RUN_ID"}
    return (
        json.dumps(sd.get("Columns"), sort_keys=True),
        json.dumps(table_input_.get("PartitionKeys"), sort_keys=True),
        sd.get("Location"),
        json.dumps(sd.get("SerdeInfo"), sort_keys=True),
        sd.get("InputFormat"),
        json.dumps(parameters, sort_keys=True),
    )


class CatalogWriter:
    def __init__(
        self,
        glue_backend,
        database: str,
        crawler_name: str,
        crawl_id: str,
        policy: dict | None,
        log: Callable,
    ):
        self.glue = glue_backend
        self.database = database
        self.crawler_name = crawler_name
        self.crawl_id = crawl_id
        self.policy = {**DEFAULT_POLICY, **(policy or {})}
        self.log = log
        self.changes = CatalogChanges()

    def ensure_database(self) -> None:
        try:
            self.glue.get_database(self.database)
        except DatabaseNotFoundException:
            self.glue.create_database(self.database, {"Name": self.database})
            self.log(f"INFO : Created database {self.database}")

    def owned_tables(self) -> dict[str, object]:
        """Tables this crawler wrote before, by name."""
        database = self.glue.get_database(self.database)
        return {
            name: table
            for name, table in list(database.tables.items())
            if (current_input(table).get("Parameters") or {}).get(CRAWLER_PARAMETER) == self.crawler_name
        }

    def write(self, plan: TablePlan, *, prune_partitions: bool) -> None:
        wanted = table_input(plan, self.crawler_name, self.crawl_id)
        database = self.glue.get_database(self.database)
        existing = database.tables.get(plan.name)
        if existing is None:
            self.glue.create_table(self.database, plan.name, wanted)
            self.changes.created += 1
            self.log(f"INFO : Created table {plan.name} in database {self.database}")
        else:
            # A deprecated table whose data is back differs by its DEPRECATED_BY_CRAWLER mark.
            if _shape(current_input(existing)) != _shape(wanted):
                if self.policy["UpdateBehavior"] == "UPDATE_IN_DATABASE":
                    self.glue.update_table(self.database, plan.name, wanted)
                    self.changes.updated += 1
                    self.log(f"INFO : Updated table {plan.name} in database {self.database}")
                else:
                    self.log(
                        f"INFO : Change detected for table {plan.name} in database {self.database}; "
                        "not updated because the SchemaChangePolicy's UpdateBehavior is LOG"
                    )
        self._write_partitions(plan, prune_partitions)

    def _write_partitions(self, plan: TablePlan, prune: bool) -> None:
        if not plan.partition_keys:
            return
        table = self.glue.get_table(self.database, plan.name)
        created = []
        for values, location in sorted(plan.partitions.items()):
            wanted = partition_input(plan, values, location)
            existing = table.partitions.get(str(list(values)))
            if existing is None:
                table.create_partition(wanted)
                created.append(list(values))
            elif self.policy["UpdateBehavior"] == "UPDATE_IN_DATABASE" and _shape(
                existing.partition_input
            ) != _shape(wanted):
                table.update_partition(list(values), wanted)
        if created:
            self.log(
                f"INFO : Created partitions with values {json.dumps(created)} for table {plan.name} "
                f"in database {self.database}"
            )
        gone = [
            p.values for key, p in list(table.partitions.items()) if tuple(p.values) not in plan.partitions
        ]
        if gone and prune:
            if self.policy["DeleteBehavior"] == "DELETE_FROM_DATABASE":
                for values in gone:
                    table.delete_partition(values)
                self.log(
                    f"INFO : Deleted partitions {json.dumps(gone)} of table {plan.name}: their data is gone"
                )
            else:
                self.log(f"INFO : Partitions {json.dumps(gone)} of table {plan.name} have no data any more")

    def retire(self, name: str) -> None:
        """A table this crawler wrote whose data the crawl no longer finds."""
        behavior = self.policy["DeleteBehavior"]
        if behavior == "DELETE_FROM_DATABASE":
            self.glue.delete_table(self.database, name)
            self.changes.deleted += 1
            self.log(f"INFO : Deleted table {name} in database {self.database}: its data is gone")
        elif behavior == "DEPRECATE_IN_DATABASE":
            table = self.glue.get_table(self.database, name)
            current = current_input(table)
            if DEPRECATED_PARAMETER in (current.get("Parameters") or {}):
                return
            deprecated = json.loads(json.dumps(current, default=str))
            for output_only in ("DatabaseName", "CreateTime", "UpdateTime", "VersionId", "CatalogId"):
                deprecated.pop(output_only, None)
            stamp = str(int(time.time() * 1000))  # Glue writes the epoch milliseconds of the deprecation
            deprecated["Parameters"] = {**(deprecated.get("Parameters") or {}), DEPRECATED_PARAMETER: stamp}
            self.glue.update_table(self.database, name, deprecated)
            self.changes.deleted += 1  # a deprecation is the crawl's way of deleting: it counts as one
            self.log(f"INFO : Deprecated table {name} in database {self.database}: its data is gone")
        else:
            self.log(
                f"INFO : Table {name} in database {self.database} has no data any more; kept because the "
                "SchemaChangePolicy's DeleteBehavior is LOG"
            )
