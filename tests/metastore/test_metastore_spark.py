"""Spark 3.5 with Hive support against the metastore, over moto's in-process Glue catalog: what a job run
with `--enable-glue-datacatalog` does, with table locations on the local file system.

Each expected row is worked out by hand from the files written here; what Spark does to the catalog is
checked with boto3 (GetTable, GetPartitions) and the files Spark wrote are read back with pyarrow.
"""

from __future__ import annotations

import logging
from pathlib import Path

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from moto import mock_aws

from localglue.metastore import MetastoreServer, spark_properties_for

pytestmark = [pytest.mark.slow, pytest.mark.hive_spark]

ACCOUNT, REGION = "123456789012", "us-east-1"
PARQUET = {
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
}
# Without a header: Spark's Hive reader ignores `skip.header.line.count`, on Glue as here.
EVENTS_CSV = "u1,click,1.5\nu2,buy,10.0\nu1,buy,4.25\nu3,click,0.5\n"
# (region, day) -> rows (item, qty) of the sales table; us/3 holds a file that is not Parquet at all, so
# a query that reads it fails: a query that succeeds did not read it.
SALES = {("eu", 1): [("a", 1), ("b", 2)], ("eu", 2): [("c", 3)], ("us", 2): [("d", 4)], ("us", 3): None}


def write_parquet(folder: Path, columns: dict[str, list]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), folder / "part-00000.parquet")


def parquet_rows(location: str) -> list[tuple]:
    """The rows of every Parquet file under a `file:` location, as pyarrow reads them."""
    files = sorted(Path(location.removeprefix("file:")).rglob("*.parquet"))
    table = pa.concat_tables(
        [pq.ParquetFile(file).read() for file in files]
    )  # the files alone, no path columns
    return sorted(zip(*(column.to_pylist() for column in table.columns)))


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lake")


@pytest.fixture(scope="module")
def glue(lake):
    """moto's Glue in this process: the `shop` database with a crawled CSV table and a partitioned
    Parquet table, created through the Glue API."""
    with mock_aws():
        client = boto3.client("glue", region_name=REGION)
        client.create_database(DatabaseInput={"Name": "shop", "LocationUri": f"file:{lake}/shop"})
        (lake / "events").mkdir()
        (lake / "events" / "events.csv").write_text(EVENTS_CSV)
        client.create_table(
            DatabaseName="shop",
            TableInput={
                "Name": "events",
                "TableType": "EXTERNAL_TABLE",
                "StorageDescriptor": {
                    "Columns": [
                        {"Name": "user_id", "Type": "string"},
                        {"Name": "event_type", "Type": "string"},
                        {"Name": "amount", "Type": "double"},
                    ],
                    "Location": f"file:{lake}/events/",
                    "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                    "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    "SerdeInfo": {
                        "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                        "Parameters": {"field.delim": ","},
                    },
                },
                "Parameters": {"classification": "csv", "delimiter": ",", "EXTERNAL": "TRUE"},
            },
        )
        client.create_table(
            DatabaseName="shop",
            TableInput={
                "Name": "sales",
                "TableType": "EXTERNAL_TABLE",
                "PartitionKeys": [{"Name": "region", "Type": "string"}, {"Name": "day", "Type": "int"}],
                "StorageDescriptor": {
                    "Columns": [{"Name": "item", "Type": "string"}, {"Name": "qty", "Type": "bigint"}],
                    "Location": f"file:{lake}/sales",
                    **PARQUET,
                },
                "Parameters": {"classification": "parquet", "EXTERNAL": "TRUE"},
            },
        )
        partitions = []
        for (region, day), rows in SALES.items():
            folder = lake / "sales" / f"region={region}" / f"day={day}"
            if rows is None:
                folder.mkdir(parents=True)
                (folder / "part-00000.parquet").write_text("this is not a Parquet file")
            else:
                write_parquet(folder, {"item": [r[0] for r in rows], "qty": [r[1] for r in rows]})
            partitions.append(
                {"Values": [region, str(day)], "StorageDescriptor": {"Location": f"file:{folder}", **PARQUET}}
            )
        client.batch_create_partition(DatabaseName="shop", TableName="sales", PartitionInputList=partitions)
        yield client


@pytest.fixture(scope="module")
def spark(glue, lake, spark_builder):
    from pyspark import SparkContext

    if SparkContext._active_spark_context is not None:
        pytest.fail(
            "a SparkSession without Hive support already runs in this process (tests marked hive_spark run first)"
        )
    server = MetastoreServer(ACCOUNT, REGION)
    builder = spark_builder().appName("localglue-metastore-tests").enableHiveSupport()
    for key, value in {
        **spark_properties_for(server.start()),
        "spark.sql.warehouse.dir": f"{lake}/warehouse",
    }.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    server.stop()


def rows(dataframe) -> list[tuple]:
    return [tuple(row) for row in dataframe.collect()]


def glue_partitions(glue, table: str) -> dict[tuple, str]:
    answer = glue.get_partitions(DatabaseName="shop", TableName=table)["Partitions"]
    return {tuple(p["Values"]): p["StorageDescriptor"]["Location"] for p in answer}


def test_a_crawled_csv_table_answers_spark_sql(spark):
    result = spark.sql(
        "SELECT user_id, count(*) AS events, sum(amount) AS total FROM shop.events GROUP BY user_id ORDER BY user_id"
    )

    assert rows(result) == [("u1", 2, 5.75), ("u2", 1, 10.0), ("u3", 1, 0.5)]
    assert rows(spark.table("shop.events").where("event_type = 'buy'").select("user_id")) == [
        ("u2",),
        ("u1",),
    ]


def test_a_partitioned_parquet_table_is_pruned_by_the_metastore(spark, caplog):
    caplog.set_level(logging.DEBUG, logger="localglue.metastore")

    eu_late = rows(spark.sql("SELECT item, qty, day FROM shop.sales WHERE region = 'eu' AND day >= 2"))
    us_day_2 = rows(spark.sql("SELECT item, qty FROM shop.sales WHERE region = 'us' AND day = 2"))

    assert eu_late == [("c", 3, 2)]
    assert us_day_2 == [("d", 4)]  # the unreadable us/3 partition was never opened
    filters = [
        r.getMessage() for r in caplog.records if "get_partitions_by_filter('shop', 'sales'" in r.getMessage()
    ]
    assert any('region = "eu"' in f and "day >= 2" in f for f in filters), filters
    assert any('region = "us"' in f and "day = 2" in f for f in filters), filters


def test_save_as_table_creates_a_glue_table(spark, glue, lake):
    totals = spark.sql(
        "SELECT user_id, count(*) AS events, sum(amount) AS total FROM shop.events GROUP BY user_id"
    )

    totals.write.saveAsTable("shop.user_totals")

    table = glue.get_table(DatabaseName="shop", Name="user_totals")["Table"]
    assert table["StorageDescriptor"]["Location"] == f"file:{lake}/shop/user_totals"
    assert table["StorageDescriptor"]["Columns"] == [
        {"Name": "user_id", "Type": "string"},
        {"Name": "events", "Type": "bigint"},
        {"Name": "total", "Type": "double"},
    ]
    assert table["Parameters"]["spark.sql.sources.provider"] == "parquet"
    assert table["TableType"] == "MANAGED_TABLE"
    assert parquet_rows(table["StorageDescriptor"]["Location"]) == [
        ("u1", 2, 5.75),
        ("u2", 1, 10.0),
        ("u3", 1, 0.5),
    ]
    assert rows(spark.table("shop.user_totals").orderBy("user_id").select("total")) == [
        (5.75,),
        (10.0,),
        (0.5,),
    ]


def test_insert_into_a_partitioned_table_adds_glue_partitions(spark, glue, lake):
    spark.sql(
        "CREATE TABLE shop.visits (user_id STRING, n INT, day STRING) USING parquet PARTITIONED BY (day)"
    )
    spark.sql("INSERT INTO shop.visits VALUES ('u1', 1, '2024-01-01'), ('u2', 2, '2024-01-02')")
    spark.sql("INSERT INTO shop.visits VALUES ('u3', 3, '2024-01-02'), ('u4', 4, '2024-01-03')")

    assert glue_partitions(glue, "visits") == {
        (day,): f"file:{lake}/shop/visits/day={day}" for day in ("2024-01-01", "2024-01-02", "2024-01-03")
    }
    assert parquet_rows(f"file:{lake}/shop/visits/day=2024-01-02") == [("u2", 2), ("u3", 3)]
    assert rows(spark.sql("SELECT sum(n) FROM shop.visits WHERE day > '2024-01-01'")) == [(9,)]


def test_insert_into_a_hive_format_partition_adds_it_to_glue(spark, glue, lake):
    spark.sql("CREATE TABLE shop.hive_visits (user_id STRING) PARTITIONED BY (day STRING) STORED AS PARQUET")
    spark.sql("INSERT INTO shop.hive_visits PARTITION (day = '2024-02-01') VALUES ('u9'), ('u8')")

    table = glue.get_table(DatabaseName="shop", Name="hive_visits")["Table"]
    assert table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"] == (
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    )
    assert table["PartitionKeys"] == [{"Name": "day", "Type": "string"}]
    assert glue_partitions(glue, "hive_visits") == {
        ("2024-02-01",): f"file:{lake}/shop/hive_visits/day=2024-02-01"
    }
    assert parquet_rows(f"file:{lake}/shop/hive_visits/day=2024-02-01") == [("u8",), ("u9",)]


def test_msck_repair_adds_the_partitions_found_in_storage(spark, glue, lake):
    glue.create_table(
        DatabaseName="shop",
        TableInput={
            "Name": "clicks",
            "TableType": "EXTERNAL_TABLE",
            "PartitionKeys": [{"Name": "ds", "Type": "string"}],
            "StorageDescriptor": {
                "Columns": [{"Name": "page", "Type": "string"}],
                "Location": f"file:{lake}/clicks",
                **PARQUET,
            },
            "Parameters": {"EXTERNAL": "TRUE"},
        },
    )
    write_parquet(lake / "clicks" / "ds=2024-01-01", {"page": ["/", "/a"]})
    write_parquet(lake / "clicks" / "ds=2024-01-02", {"page": ["/b"]})

    spark.sql("MSCK REPAIR TABLE shop.clicks")

    assert glue_partitions(glue, "clicks") == {
        ("2024-01-01",): f"file:{lake}/clicks/ds=2024-01-01",
        ("2024-01-02",): f"file:{lake}/clicks/ds=2024-01-02",
    }
    assert rows(spark.sql("SELECT ds, count(*) FROM shop.clicks GROUP BY ds ORDER BY ds")) == [
        ("2024-01-01", 2),
        ("2024-01-02", 1),
    ]


def test_alter_table_add_and_drop_partition(spark, glue, lake):
    spark.sql("CREATE TABLE shop.daily (page STRING, ds STRING) USING parquet PARTITIONED BY (ds)")
    write_parquet(lake / "elsewhere" / "d9", {"page": ["/z"]})

    spark.sql(f"ALTER TABLE shop.daily ADD PARTITION (ds = '2024-01-09') LOCATION 'file:{lake}/elsewhere/d9'")
    spark.sql("ALTER TABLE shop.daily ADD PARTITION (ds = '2024-01-10')")

    assert glue_partitions(glue, "daily") == {
        ("2024-01-09",): f"file:{lake}/elsewhere/d9",
        ("2024-01-10",): f"file:{lake}/shop/daily/ds=2024-01-10",
    }
    assert rows(spark.sql("SELECT page FROM shop.daily WHERE ds = '2024-01-09'")) == [("/z",)]
    spark.sql("ALTER TABLE shop.daily DROP PARTITION (ds = '2024-01-10')")
    assert list(glue_partitions(glue, "daily")) == [("2024-01-09",)]


def test_create_show_and_drop_a_database(spark, glue, lake):
    spark.sql(f"CREATE DATABASE analytics COMMENT 'team reports' LOCATION 'file:{lake}/analytics'")

    database = glue.get_database(Name="analytics")["Database"]
    assert (database["LocationUri"], database["Description"]) == (f"file:{lake}/analytics", "team reports")
    assert {"analytics", "shop"} <= {row[0] for row in spark.sql("SHOW DATABASES").collect()}

    spark.sql("DROP DATABASE analytics")

    with pytest.raises(glue.exceptions.EntityNotFoundException):
        glue.get_database(Name="analytics")


def test_show_tables_lists_what_the_glue_catalog_holds(spark, glue):
    glue.create_table(
        DatabaseName="shop",
        TableInput={"Name": "from_the_api", "StorageDescriptor": {"Columns": [], **PARQUET}},
    )

    names = {row.tableName for row in spark.sql("SHOW TABLES IN shop").collect()}

    assert names == {table["Name"] for table in glue.get_tables(DatabaseName="shop")["TableList"]}
    assert {"events", "sales", "from_the_api"} <= names


def test_drop_table_removes_a_managed_tables_files_and_its_glue_table(spark, glue, lake):
    spark.sql("CREATE TABLE shop.scratch USING parquet AS SELECT 1 AS one")
    assert parquet_rows(f"file:{lake}/shop/scratch") == [(1,)]

    spark.sql("DROP TABLE shop.scratch")

    assert not (lake / "shop" / "scratch").exists()
    with pytest.raises(glue.exceptions.EntityNotFoundException):
        glue.get_table(DatabaseName="shop", Name="scratch")


def test_a_table_the_catalog_lacks_is_not_found(spark):
    from pyspark.errors import AnalysisException

    with pytest.raises(AnalysisException, match="TABLE_OR_VIEW_NOT_FOUND"):
        spark.sql("SELECT * FROM shop.nowhere")
