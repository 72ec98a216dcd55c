"""Hive Thrift structs <-> Glue shapes, against the mapping of AWS's Glue catalog client for Hive."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from hmsclient.genthrift.hive_metastore.ttypes import (
    Database,
    FieldSchema,
    Order,
    Partition,
    SerDeInfo,
    SkewedInfo,
    StorageDescriptor,
    Table,
)

from localglue.metastore import convert

CREATED = datetime(2024, 3, 5, 10, 0, 0, tzinfo=timezone.utc)
CREATED_EPOCH = 1709632800  # 2024-03-05T10:00:00Z, by hand: 19787 days * 86400 + 10 * 3600

# A table as a Glue crawler writes it (TableInput), with a complex column type.
CRAWLED_INPUT = {
    "Name": "events",
    "Owner": "owner",
    "Retention": 0,
    "TableType": "EXTERNAL_TABLE",
    "PartitionKeys": [{"Name": "ds", "Type": "string"}, {"Name": "hour", "Type": "int"}],
    "StorageDescriptor": {
        "Columns": [
            {"Name": "user_id", "Type": "string", "Comment": "who"},
            {"Name": "attrs", "Type": "struct<a:int,b:array<string>>"},
            {"Name": "amount", "Type": "decimal(10,2)"},
        ],
        "Location": "s3://bucket/events/",
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "Compressed": False,
        "NumberOfBuckets": -1,
        "SerdeInfo": {
            "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            "Parameters": {"field.delim": ","},
        },
        "BucketColumns": [],
        "SortColumns": [],
        "Parameters": {"classification": "csv"},
        "StoredAsSubDirectories": False,
    },
    "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
}


def test_a_crawled_glue_table_becomes_the_hive_table_hive_reads():
    table = convert.hive_table({**CRAWLED_INPUT, "DatabaseName": "shop", "CreateTime": CREATED}, "shop")

    assert (table.dbName, table.tableName, table.tableType, table.owner) == (
        "shop",
        "events",
        "EXTERNAL_TABLE",
        "owner",
    )
    assert table.createTime == CREATED_EPOCH
    assert table.lastAccessTime == 0
    assert table.sd.cols == [
        FieldSchema("user_id", "string", "who"),
        FieldSchema("attrs", "struct<a:int,b:array<string>>", None),
        FieldSchema("amount", "decimal(10,2)", None),
    ]
    assert table.partitionKeys == [FieldSchema("ds", "string", None), FieldSchema("hour", "int", None)]
    assert table.sd.location == "s3://bucket/events/"
    assert table.sd.serdeInfo == SerDeInfo(
        None, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", {"field.delim": ","}
    )
    assert table.sd.numBuckets == -1
    assert table.parameters == {"classification": "csv", "skip.header.line.count": "1"}


def test_a_glue_table_input_survives_the_round_trip_through_hive():
    table = convert.hive_table({**CRAWLED_INPUT, "DatabaseName": "shop"}, "shop")

    assert convert.table_input(table) == CRAWLED_INPUT


def test_spark_s3a_locations_are_stored_as_glue_keeps_them():
    table = Table(
        tableName="out",
        dbName="shop",
        tableType="MANAGED_TABLE",
        sd=StorageDescriptor(
            cols=[], location="s3a://bucket/warehouse/out", serdeInfo=SerDeInfo(parameters={})
        ),
        partitionKeys=[],
        parameters={},
    )

    assert convert.table_input(table)["StorageDescriptor"]["Location"] == "s3://bucket/warehouse/out"
    assert convert.glue_location("s3n://b/k") == "s3://b/k"
    assert convert.glue_location("file:/tmp/x") == "file:/tmp/x"


@pytest.mark.parametrize(
    ("table_type", "external", "stored"),
    [
        ("MANAGED_TABLE", "TRUE", "EXTERNAL_TABLE"),  # Hive's ObjectStore: EXTERNAL=TRUE wins
        ("MANAGED_TABLE", None, "MANAGED_TABLE"),
        ("EXTERNAL_TABLE", "TRUE", "EXTERNAL_TABLE"),
        ("VIRTUAL_VIEW", None, "VIRTUAL_VIEW"),
    ],
)
def test_table_types_are_stored_as_hives_metastore_stores_them(table_type, external, stored):
    parameters = {"EXTERNAL": external} if external else {}
    table = Table(tableName="t", tableType=table_type, sd=StorageDescriptor(cols=[]), parameters=parameters)

    assert convert.table_input(table)["TableType"] == stored


def test_a_view_keeps_its_texts():
    view = Table(
        tableName="v",
        tableType="VIRTUAL_VIEW",
        sd=StorageDescriptor(cols=[FieldSchema("user_id", "string", None)]),
        parameters={},
        viewOriginalText="SELECT user_id FROM shop.events",
        viewExpandedText="SELECT `events`.`user_id` FROM `shop`.`events`",
    )

    table_input = convert.table_input(view)

    assert table_input["ViewOriginalText"] == "SELECT user_id FROM shop.events"
    assert table_input["ViewExpandedText"] == "SELECT `events`.`user_id` FROM `shop`.`events`"
    assert "Location" not in table_input["StorageDescriptor"]


def test_sort_columns_and_skewed_values_use_glues_encodings():
    sd = StorageDescriptor(
        cols=[],
        sortCols=[Order("ds", 1), Order("hour", 0)],
        skewedInfo=SkewedInfo(
            skewedColNames=["country"],
            skewedColValues=[["fr"], ["usa"]],
            skewedColValueLocationMaps={("fr",): "s3://b/t/country=fr"},
        ),
        serdeInfo=SerDeInfo(parameters={}),
    )

    glue_sd = convert.storage_input(sd)

    assert glue_sd["SortColumns"] == [{"Column": "ds", "SortOrder": 1}, {"Column": "hour", "SortOrder": 0}]
    # Glue writes each value as <length>$<value>
    assert glue_sd["SkewedInfo"] == {
        "SkewedColumnNames": ["country"],
        "SkewedColumnValues": ["2$fr", "3$usa"],
        "SkewedColumnValueLocationMaps": {"2$fr": "s3://b/t/country=fr"},
    }
    back = convert.hive_storage(glue_sd)
    assert back.skewedInfo == sd.skewedInfo
    assert back.sortCols == sd.sortCols


def test_a_partition_goes_to_glue_and_back():
    partition = Partition(
        values=["2024-03-05", "7"],
        dbName="shop",
        tableName="events",
        createTime=0,
        lastAccessTime=0,
        sd=StorageDescriptor(
            cols=[FieldSchema("user_id", "string", None)],
            location="s3a://bucket/events/ds=2024-03-05/hour=7",
            serdeInfo=SerDeInfo(None, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", {}),
        ),
        parameters={"numFiles": "2"},
    )

    glue_partition = convert.partition_input(partition)

    assert glue_partition["Values"] == ["2024-03-05", "7"]
    assert glue_partition["StorageDescriptor"]["Location"] == "s3://bucket/events/ds=2024-03-05/hour=7"
    assert glue_partition["Parameters"] == {"numFiles": "2"}
    back = convert.hive_partition(
        {**glue_partition, "DatabaseName": "shop", "TableName": "events", "CreationTime": CREATED}
    )
    assert (back.values, back.dbName, back.tableName, back.createTime) == (
        ["2024-03-05", "7"],
        "shop",
        "events",
        CREATED_EPOCH,
    )
    assert back.sd.location == "s3://bucket/events/ds=2024-03-05/hour=7"


def test_a_database_goes_to_glue_and_back():
    database = Database(
        name="shop", description="orders", locationUri="s3a://bucket/shop/", parameters={"owner": "data"}
    )

    glue_database = convert.database_input(database)

    assert glue_database == {
        "Name": "shop",
        "Description": "orders",
        "LocationUri": "s3://bucket/shop/",
        "Parameters": {"owner": "data"},
    }
    assert convert.hive_database(glue_database) == Database(
        name="shop", description="orders", locationUri="s3://bucket/shop/", parameters={"owner": "data"}
    )
    # Hive needs a location string; Glue may have none (AWS's client answers "")
    assert convert.hive_database({"Name": "bare"}).locationUri == ""


def test_glue_timestamps_in_any_of_their_forms_are_hive_seconds():
    for value in (CREATED, CREATED_EPOCH, float(CREATED_EPOCH), "2024-03-05T10:00:00Z"):
        partition = convert.hive_partition({"Values": ["x"], "CreationTime": value, "LastAccessTime": value})
        assert (partition.createTime, partition.lastAccessTime) == (CREATED_EPOCH, CREATED_EPOCH)


def test_moto_naive_datetimes_are_utc_whatever_the_machines_zone(monkeypatch):
    """moto keeps naive datetimes meaning UTC: on a machine in Tokyo they are not 9 hours off."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        naive = CREATED.replace(tzinfo=None)
        partition = convert.hive_partition({"Values": ["x"], "CreationTime": naive, "LastAccessTime": naive})
        assert partition.createTime == CREATED_EPOCH
        assert convert.hive_partition(
            {"Values": ["x"], "CreationTime": "2024-03-05T10:00:00"}
        ).createTime == (CREATED_EPOCH)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_partition_names_are_escaped_as_hive_paths():
    assert convert.partition_name(["ds", "City"], ["2024-03-05", "São Paulo/Centro"]) == (
        "ds=2024-03-05/city=São Paulo%2FCentro"
    )
    assert convert.partition_name(["k"], ["a=b:c%"]) == "k=a%3Db%3Ac%25"
    assert convert.partition_name(["k"], [""]) == "k=__HIVE_DEFAULT_PARTITION__"


def test_partition_names_read_back_into_their_values():
    assert convert.partition_spec("ds=2024-03-05/city=S%C3o Paulo%2FCentro") == {
        "ds": "2024-03-05",
        "city": "S\xc3o Paulo/Centro",
    }
    assert convert.partition_spec("k=a%3Db%3Ac%25") == {"k": "a=b:c%"}
    with pytest.raises(ValueError, match="'nonsense' is not key=value"):
        convert.partition_spec("ds=1/nonsense")
    with pytest.raises(ValueError, match="1 partition values for 2 partition keys"):
        convert.partition_name(["a", "b"], ["1"])
