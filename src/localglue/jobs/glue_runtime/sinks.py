"""Where and how a DataSink writes, and what it tells the Data Catalog afterwards.

An `s3` (or `file`) sink writes under its `path`; a catalog sink (write_dynamic_frame.from_catalog)
under its table's location, in the table's format (parquet tables with `useGlueParquetWriter` with
glueparquet, CSV with the table's delimiter). With `enableUpdateCatalog` and a table (the catalog
sink's, or `setCatalogInfo`'s), the catalog is updated after the write (`catalog.apply_update`). As
Glue documents, only json, csv, avro and the Glue Parquet writer (glueparquet, or parquet with
`useGlueParquetWriter`) can create or update tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyspark.sql import DataFrame

from . import catalog, readers, sources, writers

CATALOG_FORMATS = ("json", "csv", "avro", "glueparquet")


class SinkError(ValueError):
    """A sink that cannot write as asked; the message says why."""


@dataclass
class SinkPlan:
    connection_type: str
    options: dict
    format: str | None = None
    format_options: dict = field(default_factory=dict)
    catalog_database: str | None = None
    catalog_table: str | None = None
    catalog_id: str | None = None
    table: catalog.Table | None = None  # a catalog sink's table


def for_table(table: catalog.Table, additional_options: dict) -> SinkPlan:
    """The sink of write_dynamic_frame.from_catalog: the table's location and format."""
    name = table.classification
    format_options: dict = {}
    if name == "parquet" and readers.truthy(table.parameter("useGlueParquetWriter") or False):
        name = "glueparquet"
    if name == "csv":
        read = table.read_format({})
        format_options = {"separator": read.options["separator"], "writeHeader": read.options["withHeader"]}
    return SinkPlan(
        "s3",
        {"path": table.location, **additional_options},
        name,
        format_options,
        table.database,
        table.name,
        table=table,
    )


def write(df: DataFrame, plan: SinkPlan, path_suffix: str = "") -> None:
    sources.check_connection_type(plan.connection_type, what="write to")
    path = plan.options.get("path")
    if not path:
        raise SinkError(f"a {plan.connection_type} sink needs a path in its connection options")
    path = path.rstrip("/") + (f"/{path_suffix}" if path_suffix else "")
    fmt = writers.format_name(plan.format)
    update = readers.flag(plan.options, "enableUpdateCatalog")
    if fmt == "parquet" and readers.flag(plan.format_options, "useGlueParquetWriter"):
        fmt = "glueparquet"
    if update and plan.catalog_table and fmt not in CATALOG_FORMATS:
        raise SinkError(
            f"enableUpdateCatalog: format {fmt} cannot create or update "
            f"{plan.catalog_database}.{plan.catalog_table}; "
            "Glue supports json, csv, avro and glueparquet (or parquet with useGlueParquetWriter) for it"
        )
    written = writers.write(df, path, fmt, plan.format_options, plan.options)
    if not (update and plan.catalog_database and plan.catalog_table):
        return
    catalog.apply_update(
        catalog.CatalogUpdate(
            database=plan.catalog_database,
            table_name=plan.catalog_table,
            location=path,
            classification=writers.classification(fmt),
            schema=writers.writable(df, fmt).schema,
            partition_keys=list(plan.options.get("partitionKeys") or []),
            update_behavior=plan.options.get("updateBehavior", "UPDATE_IN_DATABASE"),
            csv_separator=plan.format_options.get("separator", ","),
            csv_header=readers.flag(plan.format_options, "writeHeader", True),
            glue_parquet=fmt == "glueparquet",
            catalog_id=plan.catalog_id,
        ),
        written,
    )
