"""Athena's TableMetadata from a Glue table: the storage descriptor folded into Parameters."""

from __future__ import annotations

from datetime import datetime

from localglue.athena.catalog_api import table_metadata

PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"


def test_a_glue_table_as_athena_table_metadata():
    glue_table = {
        "Name": "items",
        "Description": "the items",
        "CreateTime": datetime(2024, 3, 1, 12, 0, 0),  # moto's naive UTC
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "parquet"},
        "PartitionKeys": [{"Name": "dt", "Type": "string", "Comment": "day"}],
        "StorageDescriptor": {
            "Columns": [{"Name": "id", "Type": "bigint"}, {"Name": "name", "Type": "string"}],
            "Location": "s3://bucket/items/",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {"SerializationLibrary": PARQUET_SERDE, "Parameters": {"serialization.format": "1"}},
        },
    }
    assert table_metadata(glue_table) == {
        "Name": "items",
        "CreateTime": 1709294400.0,
        "TableType": "EXTERNAL_TABLE",
        "Columns": [{"Name": "id", "Type": "bigint"}, {"Name": "name", "Type": "string"}],
        "PartitionKeys": [{"Name": "dt", "Type": "string", "Comment": "day"}],
        "Parameters": {
            "classification": "parquet",
            "comment": "the items",
            "location": "s3://bucket/items/",
            "inputformat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "outputformat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "serde.serialization.lib": PARQUET_SERDE,
            "serde.param.serialization.format": "1",
        },
    }


def test_a_view_keeps_its_type_and_has_no_storage_parameters():
    view = {
        "Name": "v",
        "TableType": "VIRTUAL_VIEW",
        "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"}]},
    }
    assert table_metadata(view) == {
        "Name": "v",
        "TableType": "VIRTUAL_VIEW",
        "Columns": [{"Name": "a", "Type": "int"}],
        "PartitionKeys": [],
        "Parameters": {},
    }
