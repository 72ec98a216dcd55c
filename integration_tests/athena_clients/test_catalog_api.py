"""Athena's catalog APIs answered from the Glue catalog, through boto3 and the AWS CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

DATABASE = "catalog_api_it"
PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"


def parquet_table(name: str, location: str) -> dict:
    return {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "parquet"},
        "PartitionKeys": [{"Name": "dt", "Type": "string"}],
        "StorageDescriptor": {
            "Columns": [
                {"Name": "id", "Type": "bigint", "Comment": "the key"},
                {"Name": "v", "Type": "string"},
            ],
            "Location": location,
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {"SerializationLibrary": PARQUET_SERDE, "Parameters": {"serialization.format": "1"}},
        },
    }


@pytest.fixture(scope="module")
def athena(aws_env):
    glue = boto3.client("glue")
    glue.create_database(DatabaseInput={"Name": DATABASE, "Description": "for the catalog APIs"})
    bucket = f"catalog-api-{uuid.uuid4().hex[:8]}"
    for name in ("orders", "order_lines", "users"):
        glue.create_table(DatabaseName=DATABASE, TableInput=parquet_table(name, f"s3://{bucket}/{name}/"))
    return boto3.client("athena")


def error(call) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_the_glue_catalog_is_athenas_awsdatacatalog(athena):
    listed = athena.list_data_catalogs()["DataCatalogsSummary"]
    assert listed[0] == {"CatalogName": "AwsDataCatalog", "Type": "GLUE"}
    # as on AWS, the built-in catalog is listed but not described
    assert error(lambda: athena.get_data_catalog(Name="AwsDataCatalog")) == (
        "InvalidRequestException",
        "DataCatalog AwsDataCatalog was not found.",
    )


def test_databases_are_glues(athena):
    names = [db["Name"] for db in athena.list_databases(CatalogName="AwsDataCatalog")["DatabaseList"]]
    assert DATABASE in names and names == sorted(names)
    database = athena.get_database(CatalogName="AwsDataCatalog", DatabaseName=DATABASE)["Database"]
    assert database == {"Name": DATABASE, "Description": "for the catalog APIs", "Parameters": {}}
    code, message = error(lambda: athena.get_database(CatalogName="AwsDataCatalog", DatabaseName="nowhere"))
    assert code == "MetadataException" and "EntityNotFoundException" in message
    code, message = error(lambda: athena.list_databases(CatalogName="NoSuchCatalog"))
    assert (code, message) == ("InvalidRequestException", "DataCatalog NoSuchCatalog was not found.")


def test_table_metadata_lists_with_expression_and_pages(athena):
    everything = athena.list_table_metadata(CatalogName="AwsDataCatalog", DatabaseName=DATABASE)
    assert [t["Name"] for t in everything["TableMetadataList"]] == ["order_lines", "orders", "users"]
    matching = athena.list_table_metadata(
        CatalogName="AwsDataCatalog", DatabaseName=DATABASE, Expression="order*"
    )
    assert [t["Name"] for t in matching["TableMetadataList"]] == ["order_lines", "orders"]
    first = athena.list_table_metadata(CatalogName="AwsDataCatalog", DatabaseName=DATABASE, MaxResults=2)
    second = athena.list_table_metadata(
        CatalogName="AwsDataCatalog", DatabaseName=DATABASE, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [t["Name"] for t in first["TableMetadataList"] + second["TableMetadataList"]] == [
        "order_lines",
        "orders",
        "users",
    ]
    assert "NextToken" not in second


def test_get_table_metadata_in_athenas_shape(athena):
    table = athena.get_table_metadata(
        CatalogName="AwsDataCatalog", DatabaseName=DATABASE, TableName="orders"
    )["TableMetadata"]
    assert table["Name"] == "orders" and table["TableType"] == "EXTERNAL_TABLE"
    assert table["Columns"] == [
        {"Name": "id", "Type": "bigint", "Comment": "the key"},
        {"Name": "v", "Type": "string"},
    ]
    assert table["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]
    assert table["Parameters"]["location"].endswith("/orders/")
    assert table["Parameters"]["serde.serialization.lib"] == PARQUET_SERDE
    assert table["Parameters"]["serde.param.serialization.format"] == "1"
    assert table["Parameters"]["classification"] == "parquet"
    assert "CreateTime" in table
    code, message = error(
        lambda: athena.get_table_metadata(
            CatalogName="AwsDataCatalog", DatabaseName=DATABASE, TableName="nope"
        )
    )
    assert code == "MetadataException" and "Error Code: EntityNotFoundException" in message


def test_the_aws_cli_reads_the_same_metadata(athena, aws_env):
    def cli(*args: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "awscli", "athena", *args, "--output", "json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert cli("list-data-catalogs")["DataCatalogsSummary"][0]["CatalogName"] == "AwsDataCatalog"
    listed = cli("list-table-metadata", "--catalog-name", "AwsDataCatalog", "--database-name", DATABASE)
    assert [t["Name"] for t in listed["TableMetadataList"]] == ["order_lines", "orders", "users"]
    got = cli(
        "get-table-metadata",
        "--catalog-name",
        "AwsDataCatalog",
        "--database-name",
        DATABASE,
        "--table-name",
        "users",
    )
    assert got["TableMetadata"]["Columns"][0] == {"Name": "id", "Type": "bigint", "Comment": "the key"}
