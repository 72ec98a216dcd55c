"""Glue's CreateTable and UpdateTable as Trino's Iceberg commits need them, answered as Glue does.

- UpdateTable with a `VersionId` updates the table only at that version: a commit that read an older one
  is refused with ConcurrentModificationException, so of two Iceberg commits racing from one metadata
  file the second fails and retries from the new one (moto updated at any version: the second commit's
  metadata replaced the first's, whose rows were lost).
- An Iceberg table's columns carry their Iceberg field as AWS's Iceberg catalog (Athena's) writes them:
  `iceberg.field.id`, `iceberg.field.optional`, `iceberg.field.current` (apache/iceberg,
  aws/.../glue/IcebergToGlueConverter.java). Trino's Glue catalog writes parameters of its own only, and
  clients read Athena's: awswrangler's `to_iceberg` compares a frame with the columns marked current.
  Each column's field comes from the current schema of the table's metadata file; the writer's own
  parameters stay.
"""

from __future__ import annotations

import copy
import gzip
import json
import threading
from typing import Any

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import AwsError, invalid_input
from .catalog import find_database
from .results import read_object

FIELD_ID, FIELD_OPTIONAL, FIELD_CURRENT = (
    "iceberg.field.id",
    "iceberg.field.optional",
    "iceberg.field.current",
)
_UPDATES = threading.Lock()  # a version check and the update it guards are one step


def current_fields(metadata: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields of the metadata's current schema, by name (format v2 `schemas`, or v1 `schema`)."""
    schemas = metadata.get("schemas") or [metadata.get("schema") or {}]
    current_id = metadata.get("current-schema-id", schemas[0].get("schema-id"))
    schema = next((s for s in schemas if s.get("schema-id") == current_id), schemas[0])
    return {field["name"]: field for field in schema.get("fields") or []}


def annotated(table_input: dict[str, Any], metadata: dict[str, Any]) -> dict[str, Any]:
    """`table_input` with each column that is a field of the current schema marked as AWS's catalog marks it."""
    fields = current_fields(metadata)
    result = copy.deepcopy(table_input)
    for column in (result.get("StorageDescriptor") or {}).get("Columns") or []:
        field = fields.get(column.get("Name", ""))
        if field is None:
            continue
        column["Parameters"] = {
            **(column.get("Parameters") or {}),
            FIELD_ID: str(field["id"]),
            FIELD_OPTIONAL: "false" if field.get("required") else "true",
            FIELD_CURRENT: "true",
        }
    return result


def _metadata(account_id: str, table_input: dict[str, Any]) -> dict[str, Any] | None:
    parameters = table_input.get("Parameters") or {}
    location = parameters.get("metadata_location")
    if str(parameters.get("table_type", "")).upper() != "ICEBERG" or not location:
        return None
    data = read_object(account_id, location)
    if data is None:
        return None  # a metadata file not (yet) in the local S3: the writer's columns stay as they are
    if data[:2] == b"\x1f\x8b":  # write.metadata.compression-codec=gzip
        data = gzip.decompress(data)
    return json.loads(data)


def _with_fields(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    table_input = params.get("TableInput")
    if not isinstance(table_input, dict):
        # botocore's model lets it out (OpenTableFormatInput alone); the tables localglue keeps need it
        raise invalid_input("TableInput should not be null or empty")
    metadata = _metadata(ctx.account_id, table_input)
    if metadata is None:
        return ctx.forward()
    return ctx.forward({**params, "TableInput": annotated(table_input, metadata)})


@action("glue", "CreateTable")
def create_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _with_fields(ctx, params)


def _current_version(ctx: RequestContext, params: dict[str, Any]) -> str | None:
    database = find_database(ctx.account_id, ctx.region, str(params.get("DatabaseName") or ""))
    name = str((params.get("TableInput") or {}).get("Name") or params.get("Name") or "")
    table = database.tables.get(name) if database is not None else None
    return None if table is None else str(table.as_dict()["VersionId"])


@action("glue", "UpdateTable")
def update_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    with _UPDATES:
        expected = params.get("VersionId")
        current = _current_version(ctx, params)
        if expected is not None and current is not None and str(expected) != current:
            raise AwsError(
                "ConcurrentModificationException",
                f"Update table failed due to concurrent modifications: version {expected} is not the "
                f"table's current version {current}",
            )
        return _with_fields(ctx, params)
