"""The Hive metastore's Thrift calls answered from, and written to, the Glue Data Catalog that moto holds.

One `CatalogHandler` serves one account and region. Each call is the Hive 2.3 metastore call of the same
name (hive_metastore.thrift); what it reads or changes in Glue, and the Glue action checked under
`--enforce-iam`, follow AWS's Glue catalog client for Hive (GlueMetastoreClientDelegate), which is what a
Spark job on Glue with `--enable-glue-datacatalog` uses. `Dispatcher` puts a handler in front of the
Thrift processor: it logs each call, turns Glue's errors into Hive's exceptions, and answers a
MetaException naming any call the handler does not implement.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from moto.backends import get_backend
from moto.core.exceptions import JsonRESTError
from moto.glue.models import FakeDatabase, FakePartition, FakeTable, GlueBackend
from thrift.Thrift import TException

from hmsclient.genthrift.hive_metastore.ttypes import (
    AddPartitionsResult,
    AlreadyExistsException,
    CurrentNotificationEventId,
    Database,
    DropPartitionsResult,
    EnvironmentContext,
    FieldSchema,
    GetAllFunctionsResponse,
    GetTableRequest,
    GetTableResult,
    GetTablesRequest,
    GetTablesResult,
    InvalidObjectException,
    InvalidOperationException,
    MetaException,
    NoSuchObjectException,
    Partition,
    Table,
    TableMeta,
    UnknownDBException,
)

from ..gateway.iam import Caller, glue_catalog_denial
from . import convert, errors, storage
from .filters import FilterError, PartitionFilter

log = logging.getLogger("localglue.metastore")

DDL_TIME = "transient_lastDdlTime"
# Hive's defaults for the metastore settings a client may ask the server for (getMetaConf,
# get_config_value). Direct SQL "on": a filter this metastore cannot evaluate fails the query instead of
# Spark silently reading every partition.
META_CONF_DEFAULTS = {
    "hive.metastore.try.direct.sql": "true",
    "hive.metastore.try.direct.sql.ddl": "true",
    "hive.metastore.client.socket.timeout": "600s",
    "hive.metastore.partition.name.whitelist.pattern": "",
    "hive.metastore.capability.check": "true",
    "hive.metastore.disallow.incompatible.col.type.changes": "true",
    "hive.metastore.batch.retrieve.max": "300",
    "hive.metastore.batch.retrieve.table.partition.max": "1000",
    "hive.exec.default.partition.name": convert.DEFAULT_PARTITION_NAME,
}


def _now() -> int:
    return int(time.time())


def _name_pattern(pattern: str | None) -> Callable[[str], bool]:
    """Hive's metastore name patterns: `*` any characters, `|` alternatives, case-insensitive, whole name."""
    if pattern is None or pattern.strip() in ("", "*"):
        return lambda name: True
    alternatives = [
        re.compile(re.escape(part.strip()).replace(r"\*", ".*"), re.IGNORECASE)
        for part in pattern.split("|")
        if part.strip()
    ]
    return lambda name: any(alternative.fullmatch(name) for alternative in alternatives)


def _is_external(table: Table) -> bool:
    """Hive's (and AWS's client's) test: the EXTERNAL parameter if present, else the table type."""
    external = (table.parameters or {}).get("EXTERNAL")
    if external is not None:
        return external.upper() == "TRUE"
    return (table.tableType or "").upper() == convert.EXTERNAL_TABLE


def _is_cascade(context: EnvironmentContext | None) -> bool:
    return bool(context and (context.properties or {}).get("CASCADE", "").lower() == "true")


class CatalogHandler:
    """The implemented calls, each named and shaped as in Hive's ThriftHiveMetastore.Iface.

    moto's FakeTable partition methods take the values list (they key partitions by `str(values)`)
    although annotated `str`/`int`: hence the `type: ignore[arg-type]` on those calls.
    """

    def __init__(self, account_id: str, region: str, caller: Caller | None = None):
        self.account_id = account_id
        self.region = region
        self.caller = caller
        self._meta_conf = dict(META_CONF_DEFAULTS)

    # ---- plumbing ----

    @property
    def glue(self) -> GlueBackend:
        return get_backend("glue")[self.account_id][self.region]

    def _authorize(self, action: str, database: str | None = None, table: str | None = None) -> None:
        if self.caller is None:
            return
        denial = glue_catalog_denial(
            self.caller, f"glue:{action}", self.account_id, self.region, database, table
        )
        if denial:
            raise MetaException(message=denial)

    def _database(self, name: str) -> FakeDatabase:
        databases = self.glue.databases
        found = databases.get(name) or next(
            (db for key, db in list(databases.items()) if key.lower() == name.lower()), None
        )
        if found is None:
            raise NoSuchObjectException(message=f"Database {name} not found.")
        return found

    def _table(self, database: str, name: str) -> FakeTable:
        tables = self._database(database).tables
        found = tables.get(name) or next(
            (table for key, table in list(tables.items()) if key.lower() == name.lower()), None
        )
        if found is None:
            raise NoSuchObjectException(message=f"Table {name} not found.")
        return found

    def _hive_table(self, database: str, name: str) -> Table:
        table = self._table(database, name)
        return convert.hive_table(table.as_dict(), table.database_name)

    @staticmethod
    def _partition_keys(table: FakeTable) -> list[tuple[str, str]]:
        return [
            (key["Name"], key.get("Type", "string")) for key in table.as_dict().get("PartitionKeys") or []
        ]

    def _partitions(self, table: FakeTable, max_parts: int | None = -1) -> list[FakePartition]:
        partitions = list(table.partitions.values())
        return partitions if max_parts is None or max_parts < 0 else partitions[:max_parts]

    @staticmethod
    def _hive_partitions(partitions: list[FakePartition]) -> list[Partition]:
        return [convert.hive_partition(partition.as_dict()) for partition in partitions]

    def _partition(self, table: FakeTable, values: list[str]) -> FakePartition:
        found = table.partitions.get(str(list(values)))
        if found is None:
            raise NoSuchObjectException(
                message=f"Partition not found: {table.database_name}.{table.name} values {list(values)}"
            )
        return found

    def _values_of(self, table: FakeTable, name: str) -> list[str]:
        keys = [key for key, _ in self._partition_keys(table)]
        try:
            spec = convert.partition_spec(name)
        except ValueError as err:
            raise MetaException(message=str(err)) from err
        lowered = {key.lower(): value for key, value in spec.items()}
        if sorted(lowered) != sorted(key.lower() for key in keys):
            raise MetaException(
                message=f"Invalid partition name {name!r} for {table.database_name}.{table.name}, "
                f"whose partition keys are {', '.join(keys)}"
            )
        return [lowered[key.lower()] for key in keys]

    def _matching_spec(self, table: FakeTable, part_vals: list[str], max_parts: int) -> list[FakePartition]:
        """Hive's partial specification: the leading keys' values, "" for any value."""
        if len(part_vals) > len(self._partition_keys(table)):
            raise MetaException(message=f"Incorrect number of partition values: {list(part_vals)}")
        matches = [
            partition
            for partition in self._partitions(table)
            if all(wanted in ("", actual) for wanted, actual in zip(part_vals, partition.values))
        ]
        return matches if max_parts < 0 else matches[:max_parts]

    def _filtered(self, table: FakeTable, filter_text: str, max_parts: int) -> list[FakePartition]:
        try:
            partition_filter = PartitionFilter.parse(filter_text or "", self._partition_keys(table))
        except FilterError as err:
            raise MetaException(message=f"Error parsing partition filter {filter_text!r}: {err}") from err
        matches = [p for p in self._partitions(table) if partition_filter.matches(list(p.values))]
        return matches if max_parts < 0 else matches[:max_parts]

    # ---- session and configuration ----

    def getMetaConf(self, key: str) -> str:
        if key not in self._meta_conf:
            raise MetaException(message=f"Invalid configuration key {key}")
        return self._meta_conf[key]

    def setMetaConf(self, key: str, value: str) -> None:
        if key not in self._meta_conf:
            raise MetaException(message=f"Invalid configuration key {key}")
        self._meta_conf[key] = value

    def get_config_value(self, name: str, defaultValue: str) -> str:
        return self._meta_conf.get(name, defaultValue)

    def set_ugi(self, user_name: str, group_names: list[str]) -> list[str]:
        return [*(group_names or []), user_name]

    def shutdown(self) -> None:
        """fb303's one-way goodbye that Hive's client sends when it closes: the connection ends, not the server."""

    def get_all_functions(self) -> GetAllFunctionsResponse:
        # Glue's user-defined functions are not held by the catalog (moto has none): there are none to load.
        self._authorize("GetUserDefinedFunctions")
        return GetAllFunctionsResponse(functions=[])

    def get_functions(self, dbName: str, pattern: str) -> list[str]:
        self._authorize("GetUserDefinedFunctions", dbName)
        return []

    def get_function(self, dbName: str, funcName: str) -> None:
        self._authorize("GetUserDefinedFunction", dbName)
        raise NoSuchObjectException(message=f"Function {dbName}.{funcName} does not exist")

    def get_current_notificationEventId(self) -> CurrentNotificationEventId:
        return CurrentNotificationEventId(eventId=0)  # Glue keeps no Hive notification log

    # ---- databases ----

    def create_database(self, database: Database) -> None:
        self._authorize("CreateDatabase", database.name)
        if not database.name:
            raise InvalidObjectException(message="Database name cannot be empty")
        self.glue.create_database(database.name.lower(), convert.database_input(database))

    def get_database(self, name: str) -> Database:
        self._authorize("GetDatabase", name)
        return convert.hive_database(self._database(name).as_dict())

    def get_databases(self, pattern: str) -> list[str]:
        self._authorize("GetDatabases")
        matches = _name_pattern(pattern)
        return [name for name in list(self.glue.databases) if matches(name)]

    def get_all_databases(self) -> list[str]:
        return self.get_databases("*")

    def alter_database(self, dbname: str, db: Database) -> None:
        self._authorize("UpdateDatabase", dbname)
        self.glue.update_database(self._database(dbname).name, convert.database_input(db))

    def drop_database(self, name: str, deleteData: bool, cascade: bool) -> None:
        self._authorize("DeleteDatabase", name)
        database = self._database(name)
        if database.tables and not cascade:
            raise InvalidOperationException(
                message=f"Database {name} is not empty. One or more tables exist."
            )
        for table_name in list(database.tables):
            self.drop_table(database.name, table_name, deleteData)
        location = database.as_dict().get("LocationUri")
        self.glue.delete_database(database.name)
        if deleteData:
            storage.delete_location(self.account_id, location, self.caller)

    # ---- tables ----

    def get_table(self, dbname: str, tbl_name: str) -> Table:
        self._authorize("GetTable", dbname, tbl_name)
        return self._hive_table(dbname, tbl_name)

    def get_table_req(self, req: GetTableRequest) -> GetTableResult:
        return GetTableResult(table=self.get_table(req.dbName, req.tblName))

    def get_table_objects_by_name(self, dbname: str, tbl_names: list[str]) -> list[Table]:
        """The tables of those names that exist, as Hive answers."""
        database = self._database(dbname)
        found = []
        for name in tbl_names or []:
            self._authorize("GetTable", database.name, name)
            try:
                found.append(self._hive_table(database.name, name))
            except NoSuchObjectException:
                continue
        return found

    def get_table_objects_by_name_req(self, req: GetTablesRequest) -> GetTablesResult:
        try:
            self._database(req.dbName)
        except NoSuchObjectException as err:
            raise UnknownDBException(message=err.message) from err
        return GetTablesResult(tables=self.get_table_objects_by_name(req.dbName, req.tblNames))

    def get_tables(self, db_name: str, pattern: str) -> list[str]:
        return self.get_tables_by_type(db_name, pattern, None)

    def get_all_tables(self, db_name: str) -> list[str]:
        return self.get_tables_by_type(db_name, "*", None)

    def get_tables_by_type(self, db_name: str, pattern: str, tableType: str | None) -> list[str]:
        self._authorize("GetTables", db_name)
        matches = _name_pattern(pattern)
        return [
            name
            for name, table in list(self._database(db_name).tables.items())
            if matches(name) and (not tableType or table.as_dict().get("TableType") == tableType)
        ]

    def get_table_meta(self, db_patterns: str, tbl_patterns: str, tbl_types: list[str]) -> list[TableMeta]:
        answer = []
        for database in self.get_databases(db_patterns):
            self._authorize("GetTables", database)
            matches = _name_pattern(tbl_patterns)
            for name, table in list(self._database(database).tables.items()):
                glue_table = table.as_dict()
                if matches(name) and (not tbl_types or glue_table.get("TableType") in tbl_types):
                    answer.append(convert.hive_table_meta(glue_table, database))
        return answer

    def get_fields(self, db_name: str, table_name: str) -> list[FieldSchema]:
        return list(self.get_table(db_name, table_name).sd.cols)

    def get_fields_with_environment_context(
        self, db_name: str, table_name: str, environment_context: EnvironmentContext
    ) -> list[FieldSchema]:
        return self.get_fields(db_name, table_name)

    def get_schema(self, db_name: str, table_name: str) -> list[FieldSchema]:
        table = self.get_table(db_name, table_name)
        return [*table.sd.cols, *table.partitionKeys]

    def get_schema_with_environment_context(
        self, db_name: str, table_name: str, environment_context: EnvironmentContext
    ) -> list[FieldSchema]:
        return self.get_schema(db_name, table_name)

    def create_table(self, tbl: Table) -> None:
        self._authorize("CreateTable", tbl.dbName, tbl.tableName)
        if not tbl.tableName or not re.fullmatch(r"\w+", tbl.tableName):
            raise InvalidObjectException(message=f"{tbl.tableName} is not a valid object name")
        if tbl.sd is None:
            raise InvalidObjectException(message=f"Table {tbl.tableName}: StorageDescriptor cannot be null")
        database = self._database(tbl.dbName)
        if tbl.tableName.lower() in (name.lower() for name in database.tables):
            raise AlreadyExistsException(message=f"Table {tbl.tableName} already exists.")
        if tbl.tableType != convert.VIRTUAL_VIEW and not tbl.sd.location:
            db_location = database.as_dict().get("LocationUri") or ""
            if db_location:  # as Hive's metastore and AWS's client default it
                tbl.sd.location = f"{db_location.rstrip('/')}/{tbl.tableName.lower()}"
        tbl.parameters = {**(tbl.parameters or {}), DDL_TIME: str(_now())}
        self.glue.create_table(database.name, tbl.tableName.lower(), convert.table_input(tbl))

    def create_table_with_environment_context(
        self, tbl: Table, environment_context: EnvironmentContext
    ) -> None:
        self.create_table(tbl)

    def alter_table(self, dbname: str, tbl_name: str, new_tbl: Table) -> None:
        self.alter_table_with_environment_context(dbname, tbl_name, new_tbl, None)

    def alter_table_with_cascade(self, dbname: str, tbl_name: str, new_tbl: Table, cascade: bool) -> None:
        context = EnvironmentContext(properties={"CASCADE": "true"}) if cascade else None
        self.alter_table_with_environment_context(dbname, tbl_name, new_tbl, context)

    def alter_table_with_environment_context(
        self, dbname: str, tbl_name: str, new_tbl: Table, environment_context: EnvironmentContext | None
    ) -> None:
        self._authorize("UpdateTable", dbname, tbl_name)
        if new_tbl.tableName and new_tbl.tableName.lower() != tbl_name.lower():
            # Glue's UpdateTable cannot rename; AWS's client refuses the same way.
            raise InvalidOperationException(message="Table rename is not supported")
        table = self._table(dbname, tbl_name)
        new_tbl.tableName = table.name
        table_input = convert.table_input(new_tbl)
        self.glue.update_table(table.database_name, table.name, table_input)
        if new_tbl.partitionKeys and _is_cascade(environment_context):
            columns = table_input["StorageDescriptor"].get("Columns", [])
            for partition in self._partitions(table):
                changed = dict(partition.partition_input)
                changed["StorageDescriptor"] = {
                    **(changed.get("StorageDescriptor") or {}),
                    "Columns": columns,
                }
                table.update_partition(list(partition.values), changed)  # type: ignore[arg-type]

    def drop_table(self, dbname: str, name: str, deleteData: bool) -> None:
        self.drop_table_with_environment_context(dbname, name, deleteData, None)

    def drop_table_with_environment_context(
        self, dbname: str, name: str, deleteData: bool, environment_context: EnvironmentContext | None
    ) -> None:
        self._authorize("DeleteTable", dbname, name)
        table = self._table(dbname, name)
        hive_table = convert.hive_table(table.as_dict(), table.database_name)
        partition_locations = [
            p.as_dict().get("StorageDescriptor", {}).get("Location") for p in self._partitions(table)
        ]
        self.glue.delete_table(table.database_name, table.name)
        if deleteData and not _is_external(hive_table):
            for location in [hive_table.sd.location, *partition_locations]:
                storage.delete_location(self.account_id, location, self.caller)

    # ---- partitions: reads ----

    def get_partition(self, db_name: str, tbl_name: str, part_vals: list[str]) -> Partition:
        self._authorize("GetPartition", db_name, tbl_name)
        return convert.hive_partition(self._partition(self._table(db_name, tbl_name), part_vals).as_dict())

    def get_partition_with_auth(
        self, db_name: str, tbl_name: str, part_vals: list[str], user_name: str, group_names: list[str]
    ) -> Partition:
        return self.get_partition(db_name, tbl_name, part_vals)

    def get_partition_by_name(self, db_name: str, tbl_name: str, part_name: str) -> Partition:
        table = self._table(db_name, tbl_name)
        return self.get_partition(db_name, tbl_name, self._values_of(table, part_name))

    def get_partitions(self, db_name: str, tbl_name: str, max_parts: int) -> list[Partition]:
        self._authorize("GetPartitions", db_name, tbl_name)
        return self._hive_partitions(self._partitions(self._table(db_name, tbl_name), max_parts))

    def get_partitions_with_auth(
        self, db_name: str, tbl_name: str, max_parts: int, user_name: str, group_names: list[str]
    ) -> list[Partition]:
        return self.get_partitions(db_name, tbl_name, max_parts)

    def get_partition_names(self, db_name: str, tbl_name: str, max_parts: int) -> list[str]:
        return self.get_partition_names_ps(db_name, tbl_name, [], max_parts)

    def get_partitions_ps(
        self, db_name: str, tbl_name: str, part_vals: list[str], max_parts: int
    ) -> list[Partition]:
        self._authorize("GetPartitions", db_name, tbl_name)
        return self._hive_partitions(
            self._matching_spec(self._table(db_name, tbl_name), part_vals, max_parts)
        )

    def get_partitions_ps_with_auth(
        self,
        db_name: str,
        tbl_name: str,
        part_vals: list[str],
        max_parts: int,
        user_name: str,
        group_names: list[str],
    ) -> list[Partition]:
        return self.get_partitions_ps(db_name, tbl_name, part_vals, max_parts)

    def get_partition_names_ps(
        self, db_name: str, tbl_name: str, part_vals: list[str], max_parts: int
    ) -> list[str]:
        self._authorize("GetPartitions", db_name, tbl_name)
        table = self._table(db_name, tbl_name)
        keys = [key for key, _ in self._partition_keys(table)]
        return [
            convert.partition_name(keys, list(partition.values))
            for partition in self._matching_spec(table, part_vals or [], max_parts)
        ]

    def get_partitions_by_filter(
        self, db_name: str, tbl_name: str, filter: str, max_parts: int
    ) -> list[Partition]:
        self._authorize("GetPartitions", db_name, tbl_name)
        return self._hive_partitions(self._filtered(self._table(db_name, tbl_name), filter, max_parts))

    def get_num_partitions_by_filter(self, db_name: str, tbl_name: str, filter: str) -> int:
        self._authorize("GetPartitions", db_name, tbl_name)
        return len(self._filtered(self._table(db_name, tbl_name), filter, -1))

    def get_partitions_by_names(self, db_name: str, tbl_name: str, names: list[str]) -> list[Partition]:
        """The partitions of those names that exist, as Hive answers."""
        self._authorize("BatchGetPartition", db_name, tbl_name)
        table = self._table(db_name, tbl_name)
        found = []
        for name in names or []:
            partition = table.partitions.get(str(self._values_of(table, name)))
            if partition is not None:
                found.append(convert.hive_partition(partition.as_dict()))
        return found

    def partition_name_to_vals(self, part_name: str) -> list[str]:
        return list(self.partition_name_to_spec(part_name).values())

    def partition_name_to_spec(self, part_name: str) -> dict[str, str]:
        try:
            return convert.partition_spec(part_name)
        except ValueError as err:
            raise MetaException(message=str(err)) from err

    # ---- partitions: writes ----

    def _new_partition_input(self, table: FakeTable, partition: Partition) -> dict[str, Any]:
        """A partition as Hive's metastore stores it: at `<table location>/<k=v...>` unless it names a
        location, with its DDL time."""
        keys = [key for key, _ in self._partition_keys(table)]
        values = list(partition.values or [])
        if len(values) != len(keys):
            raise InvalidObjectException(
                message=f"{table.database_name}.{table.name} has {len(keys)} partition keys "
                f"({', '.join(keys)}); the partition has {len(values)} values {values}"
            )
        table_sd = convert.hive_table(table.as_dict(), table.database_name).sd
        table_location = table_sd.location
        if partition.sd is None:  # the table's storage, at the partition's own location
            partition.sd = table_sd
            partition.sd.location = None
        if not partition.sd.location and table_location:
            partition.sd.location = f"{table_location.rstrip('/')}/{convert.partition_name(keys, values)}"
        partition.parameters = {**(partition.parameters or {})}
        partition.parameters.setdefault(DDL_TIME, str(_now()))
        return convert.partition_input(partition)

    def _add(
        self, db_name: str, tbl_name: str, partitions: list[Partition], if_not_exists: bool
    ) -> list[Partition]:
        """Add all the partitions or none (Hive's add_partitions is atomic); returns those added."""
        self._authorize("BatchCreatePartition", db_name, tbl_name)
        table = self._table(db_name, tbl_name)
        inputs, seen = [], set()
        for partition in partitions:
            other_database = partition.dbName and partition.dbName.lower() != table.database_name.lower()
            other_table = partition.tableName and partition.tableName.lower() != table.name.lower()
            if other_database or other_table:
                raise MetaException(message="Partitions must be in the same table")
            partition_input = self._new_partition_input(table, partition)
            key = str(partition_input["Values"])
            if key in table.partitions or key in seen:
                if if_not_exists:
                    continue
                raise AlreadyExistsException(
                    message=f"Partition already exists: {table.database_name}.{table.name} {partition_input['Values']}"
                )
            seen.add(key)
            inputs.append(partition_input)
        for partition_input in inputs:
            table.create_partition(partition_input)
        return [convert.hive_partition(table.partitions[str(p["Values"])].as_dict()) for p in inputs]

    def add_partition(self, new_part: Partition) -> Partition:
        return self._add(new_part.dbName, new_part.tableName, [new_part], False)[0]

    def add_partition_with_environment_context(
        self, new_part: Partition, environment_context: EnvironmentContext
    ) -> Partition:
        return self.add_partition(new_part)

    def add_partitions(self, new_parts: list[Partition]) -> int:
        if not new_parts:
            return 0
        return len(self._add(new_parts[0].dbName, new_parts[0].tableName, new_parts, False))

    def add_partitions_req(self, request: Any) -> AddPartitionsResult:
        added = self._add(
            request.dbName, request.tblName, list(request.parts or []), bool(request.ifNotExists)
        )
        return AddPartitionsResult(partitions=added if request.needResult else None)

    def append_partition(self, db_name: str, tbl_name: str, part_vals: list[str]) -> Partition:
        return self._add(
            db_name, tbl_name, [Partition(values=list(part_vals), dbName=db_name, tableName=tbl_name)], False
        )[0]

    def append_partition_by_name(self, db_name: str, tbl_name: str, part_name: str) -> Partition:
        return self.append_partition(
            db_name, tbl_name, self._values_of(self._table(db_name, tbl_name), part_name)
        )

    def drop_partition(self, db_name: str, tbl_name: str, part_vals: list[str], deleteData: bool) -> bool:
        self._authorize("DeletePartition", db_name, tbl_name)
        table = self._table(db_name, tbl_name)
        partition = self._partition(table, part_vals)
        location = (partition.as_dict().get("StorageDescriptor") or {}).get("Location")
        table.delete_partition(list(partition.values))  # type: ignore[arg-type]
        if deleteData and not _is_external(convert.hive_table(table.as_dict(), table.database_name)):
            storage.delete_location(self.account_id, location, self.caller)
        return True

    def drop_partition_with_environment_context(
        self,
        db_name: str,
        tbl_name: str,
        part_vals: list[str],
        deleteData: bool,
        environment_context: EnvironmentContext,
    ) -> bool:
        return self.drop_partition(db_name, tbl_name, part_vals, deleteData)

    def drop_partition_by_name(self, db_name: str, tbl_name: str, part_name: str, deleteData: bool) -> bool:
        values = self._values_of(self._table(db_name, tbl_name), part_name)
        return self.drop_partition(db_name, tbl_name, values, deleteData)

    def drop_partitions_req(self, req: Any) -> DropPartitionsResult:
        if req.parts is None or req.parts.names is None:
            # Hive's serialized expression trees (Kryo) cannot be read outside Hive's JVM.
            raise errors.unsupported("drop_partitions_req with partition expressions")
        table = self._table(req.dbName, req.tblName)
        dropped = []
        for name in req.parts.names:
            values = self._values_of(table, name)
            try:
                partition = self.get_partition(req.dbName, req.tblName, values)
            except NoSuchObjectException:
                if req.ifExists:
                    continue
                raise
            self.drop_partition(req.dbName, req.tblName, values, bool(req.deleteData))
            dropped.append(partition)
        return DropPartitionsResult(partitions=dropped if req.needResult else None)

    def alter_partition(self, db_name: str, tbl_name: str, new_part: Partition) -> None:
        self.alter_partitions(db_name, tbl_name, [new_part])

    def alter_partition_with_environment_context(
        self, db_name: str, tbl_name: str, new_part: Partition, environment_context: EnvironmentContext
    ) -> None:
        self.alter_partitions(db_name, tbl_name, [new_part])

    def alter_partitions_with_environment_context(
        self, db_name: str, tbl_name: str, new_parts: list[Partition], environment_context: EnvironmentContext
    ) -> None:
        self.alter_partitions(db_name, tbl_name, new_parts)

    def alter_partitions(self, db_name: str, tbl_name: str, new_parts: list[Partition]) -> None:
        self._authorize("UpdatePartition", db_name, tbl_name)
        table = self._table(db_name, tbl_name)
        for partition in new_parts:
            self._partition(table, partition.values)
            parameters = dict(partition.parameters or {})
            if parameters.get(DDL_TIME, "0") in ("", "0"):
                parameters[DDL_TIME] = str(_now())
            partition.parameters = parameters
            table.update_partition(list(partition.values), convert.partition_input(partition))  # type: ignore[arg-type]

    def rename_partition(
        self, db_name: str, tbl_name: str, part_vals: list[str], new_part: Partition
    ) -> None:
        """Glue's UpdatePartition with new values: the catalog entry changes, the files stay in place."""
        self._authorize("UpdatePartition", db_name, tbl_name)
        table = self._table(db_name, tbl_name)
        self._partition(table, part_vals)
        if str(list(new_part.values)) in table.partitions:
            raise InvalidOperationException(message=f"Partition {list(new_part.values)} already exists")
        table.update_partition(list(part_vals), convert.partition_input(new_part))  # type: ignore[arg-type]


def _brief(value: Any) -> str:
    """An argument as the call log shows it: names and filters whole, structs cut short."""
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


class Dispatcher:
    """What the Thrift processor calls: the handler's method of that name, its errors made Hive's."""

    def __init__(self, handler: CatalogHandler):
        self._handler = handler

    def __getattr__(self, call: str) -> Callable[..., Any]:
        implementation = getattr(self._handler, call, None) if not call.startswith("_") else None

        def answer(*args: Any) -> Any:
            if log.isEnabledFor(logging.DEBUG):
                log.debug("metastore call %s(%s)", call, ", ".join(_brief(arg) for arg in args))
            try:
                if implementation is None:
                    log.warning("unsupported metastore call %s", call)
                    raise errors.unsupported(call)
                return implementation(*args)
            except JsonRESTError as err:  # moto's Glue refused: Glue's error, as Hive's
                raise errors.answerable(call, errors.from_glue(err.error_type, err.message)) from None
            except TException as err:
                raise errors.answerable(call, err) from None
            except Exception as err:  # a bug of ours still reaches the client with its reason, and is logged
                log.exception("metastore call %s failed", call)
                raise errors.answerable(
                    call, MetaException(message=f"{call}: {type(err).__name__}: {err}")
                ) from None

        return answer
