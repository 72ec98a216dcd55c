"""Athena's catalog APIs answered from the Glue Data Catalog: ListDataCatalogs, GetDataCatalog, ListDatabases,
GetDatabase, ListTableMetadata and GetTableMetadata, in Athena's shapes
(https://docs.aws.amazon.com/athena/latest/APIReference/API_TableMetadata.html).

`AwsDataCatalog` is the account's Glue catalog, listed first by ListDataCatalogs (as `{"CatalogName":
"AwsDataCatalog", "Type": "GLUE"}`); GetDataCatalog refuses it as AWS does ("DataCatalog AwsDataCatalog was
not found."), and catalogs made with CreateDataCatalog stay moto's. A missing database or table, and a Glue
permission the caller lacks (--enforce-iam), is a MetadataException carrying Glue's error, as Athena wraps
it: "... (Service: AmazonDataCatalog; Status Code: 400; Error Code: EntityNotFoundException; ...)".
"""

from __future__ import annotations

from typing import Any

from moto.backends import get_backend

from ..gateway import action, iam
from ..gateway.context import RequestContext
from ..gateway.errors import AwsError, invalid_request
from ..gateway.paging import Paging, paginate
from ..wire import to_wire
from . import catalog

AWS_DATA_CATALOG = "AwsDataCatalog"
CATALOGS_PAGING = Paging(default_size=50, max_size=50, error=invalid_request)
DATABASES_PAGING = Paging(default_size=50, max_size=50, error=invalid_request)
TABLES_PAGING = Paging(default_size=50, max_size=50, error=invalid_request)


def metadata_error(message: str, glue_code: str) -> AwsError:
    """Athena's MetadataException around the Glue error it met."""
    return AwsError(
        "MetadataException",
        f"{message} (Service: AmazonDataCatalog; Status Code: 400; Error Code: {glue_code}; Proxy: null)",
    )


def _athena_backend(ctx: RequestContext) -> Any:
    return get_backend("athena")[ctx.account_id][ctx.region]


def _require_glue(
    ctx: RequestContext, glue_action: str, database: str | None, table: str | None = None
) -> None:
    """Athena reads the catalog as its caller: Glue's own permission check, under --enforce-iam."""
    caller = iam.caller(ctx)
    if caller is None:
        return
    denial = iam.glue_catalog_denial(caller, glue_action, ctx.account_id, ctx.region, database, table)
    if denial:
        raise AwsError("MetadataException", denial)


def _glue_catalog(ctx: RequestContext, params: dict[str, Any]) -> None:
    """Refuse a catalog other than the Glue catalog localglue serves."""
    name = params.get("CatalogName") or ""
    if name.lower() != AWS_DATA_CATALOG.lower():
        if name in _athena_backend(ctx).data_catalogs:
            raise invalid_request(f"localglue answers metadata of {AWS_DATA_CATALOG} only, not of {name}")
        raise invalid_request(f"DataCatalog {name} was not found.")


def _database(ctx: RequestContext, name: str) -> Any:
    found = catalog.find_database(ctx.account_id, ctx.region, name)
    if found is None:
        raise metadata_error(f"Database {name} not found.", "EntityNotFoundException")
    return found


def _database_dict(database: Any) -> dict[str, Any]:
    described = database.as_dict()
    answer: dict[str, Any] = {"Name": described["Name"]}
    if described.get("Description"):
        answer["Description"] = described["Description"]
    answer["Parameters"] = dict(described.get("Parameters") or {})
    return answer


def _columns(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "Name": c["Name"],
            "Type": c.get("Type", ""),
            **({"Comment": c["Comment"]} if c.get("Comment") else {}),
        }
        for c in columns
    ]


def table_metadata(table: dict[str, Any]) -> dict[str, Any]:
    """A Glue table as Athena's TableMetadata: the storage descriptor folded into Parameters (`location`,
    `inputformat`, `outputformat`, `serde.serialization.lib`, `serde.param.<name>`) beside the table's own."""
    storage = table.get("StorageDescriptor") or {}
    serde = storage.get("SerdeInfo") or {}
    parameters: dict[str, str] = dict(table.get("Parameters") or {})
    if table.get("Description"):
        parameters.setdefault("comment", table["Description"])
    folded = {
        "location": storage.get("Location"),
        "inputformat": storage.get("InputFormat"),
        "outputformat": storage.get("OutputFormat"),
        "serde.serialization.lib": serde.get("SerializationLibrary"),
    }
    parameters.update({key: value for key, value in folded.items() if value})
    parameters.update({f"serde.param.{k}": v for k, v in (serde.get("Parameters") or {}).items()})
    metadata: dict[str, Any] = {"Name": table["Name"]}
    for member in ("CreateTime", "LastAccessTime"):
        if table.get(member) is not None:
            metadata[member] = table[member]
    metadata.update(
        {
            "TableType": table.get("TableType", "EXTERNAL_TABLE"),
            "Columns": _columns(storage.get("Columns") or []),
            "PartitionKeys": _columns(table.get("PartitionKeys") or []),
            "Parameters": parameters,
        }
    )
    return to_wire(metadata)


@action("athena", "ListDataCatalogs")
def list_data_catalogs(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    summaries = [{"CatalogName": AWS_DATA_CATALOG, "Type": "GLUE"}] + [
        {"CatalogName": entry["CatalogName"], "Type": entry["Type"]}
        for entry in _athena_backend(ctx).list_data_catalogs()
        if entry["CatalogName"] != AWS_DATA_CATALOG
    ]
    page, more = paginate(summaries, params, CATALOGS_PAGING)
    return {"DataCatalogsSummary": page, **more}


@action("athena", "GetDataCatalog")
def get_data_catalog(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    name = params.get("Name") or ""
    if name not in _athena_backend(ctx).data_catalogs:
        raise invalid_request(f"DataCatalog {name} was not found.")
    return ctx.forward()


@action("athena", "ListDatabases")
def list_databases(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _glue_catalog(ctx, params)
    _require_glue(ctx, "glue:GetDatabases", None)
    databases = sorted(catalog.glue(ctx.account_id, ctx.region).databases.values(), key=lambda db: db.name)
    page, more = paginate(databases, params, DATABASES_PAGING)
    return {"DatabaseList": [_database_dict(db) for db in page], **more}


@action("athena", "GetDatabase")
def get_database(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _glue_catalog(ctx, params)
    name = params.get("DatabaseName") or ""
    _require_glue(ctx, "glue:GetDatabase", name)
    return {"Database": _database_dict(_database(ctx, name))}


@action("athena", "ListTableMetadata")
def list_table_metadata(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _glue_catalog(ctx, params)
    name = params.get("DatabaseName") or ""
    _require_glue(ctx, "glue:GetTables", name)
    database = _database(ctx, name)
    # Expression is Glue's GetTables filter (a regex, `*` a wildcard): moto's reading of it
    tables = catalog.glue(ctx.account_id, ctx.region).get_tables(database.name, params.get("Expression"))
    page, more = paginate(sorted(tables, key=lambda t: t.name), params, TABLES_PAGING)
    return {"TableMetadataList": [table_metadata(t.as_dict()) for t in page], **more}


@action("athena", "GetTableMetadata")
def get_table_metadata(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    _glue_catalog(ctx, params)
    database_name, table_name = params.get("DatabaseName") or "", params.get("TableName") or ""
    _require_glue(ctx, "glue:GetTable", database_name, table_name)
    database = _database(ctx, database_name)
    table = database.tables.get(table_name) or database.tables.get(table_name.lower())
    if table is None:
        raise metadata_error("Entity Not Found", "EntityNotFoundException")
    return {"TableMetadata": table_metadata(table.as_dict())}
