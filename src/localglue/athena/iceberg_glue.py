"""An Iceberg table's columns in Glue as AWS's Iceberg catalog (Athena's) writes them: each column's
parameters name its Iceberg field, `iceberg.field.id`, `iceberg.field.optional` and `iceberg.field.current`
(apache/iceberg, aws/.../glue/IcebergToGlueConverter.java). Trino's Glue catalog writes parameters of its
own only, and clients read Athena's: awswrangler's `to_iceberg` compares a frame with the columns marked
current. CreateTable and UpdateTable of an Iceberg table take the field of each column from the current
schema of the table's metadata file; the writer's own parameters stay.
"""

from __future__ import annotations

import copy
import gzip
import json
from typing import Any

from ..gateway import action
from ..gateway.context import RequestContext
from .results import read_object

FIELD_ID, FIELD_OPTIONAL, FIELD_CURRENT = (
    "iceberg.field.id",
    "iceberg.field.optional",
    "iceberg.field.current",
)


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
    metadata = _metadata(ctx.account_id, table_input) if isinstance(table_input, dict) else None
    if metadata is None:
        return ctx.forward()
    return ctx.forward({**params, "TableInput": annotated(table_input, metadata)})


@action("glue", "CreateTable")
def create_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _with_fields(ctx, params)


@action("glue", "UpdateTable")
def update_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return _with_fields(ctx, params)
