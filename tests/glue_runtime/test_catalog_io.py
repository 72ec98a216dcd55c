"""Catalog sources and sinks through the Glue API (moto in process), over local files.

Tables point at local folders so that Spark reads them without S3; the Glue calls are the ones a job
run makes against the gateway.
"""

from __future__ import annotations

import os
import time

import boto3
import pytest
from awsglue import gluetypes as G
from awsglue.dynamicframe import DynamicFrame
from moto import mock_aws

from localglue.jobs.glue_runtime import bookmarks, catalog, sinks

OPEN_CSV = "org.apache.hadoop.hive.serde2.OpenCSVSerde"


@pytest.fixture
def glue(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        client = boto3.client("glue")
        client.create_database(DatabaseInput={"Name": "db"})
        yield client


def csv_table(glue, location, partitioned=True):
    glue.create_table(
        DatabaseName="db",
        TableInput={
            "Name": "events",
            "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "month", "Type": "string"}]
            if partitioned
            else [],
            "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {
                "Location": location,
                "Columns": [{"Name": "user", "Type": "string"}, {"Name": "clicks", "Type": "bigint"}],
                "SerdeInfo": {"SerializationLibrary": OPEN_CSV, "Parameters": {"separatorChar": ";"}},
            },
        },
    )


def add_partition(glue, root, year, month, rows):
    folder = root / f"year={year}" / f"month={month}"
    folder.mkdir(parents=True)
    (folder / "part.csv").write_text("u;c\n" + "".join(f"{u};{c}\n" for u, c in rows))
    glue.create_partition(
        DatabaseName="db",
        TableName="events",
        PartitionInput={"Values": [str(year), month], "StorageDescriptor": {"Location": folder.as_uri()}},
    )


@pytest.fixture
def events(glue, tmp_path):
    csv_table(glue, tmp_path.as_uri())
    add_partition(glue, tmp_path, 2023, "12", [("ann", 1)])
    add_partition(glue, tmp_path, 2024, "01", [("bob", 2), ("cy", 3)])
    add_partition(glue, tmp_path, 2024, "02", [("dee", 4)])
    return tmp_path


def rows(frame):
    return sorted(tuple(r) for r in frame.toDF().select("user", "clicks", "year", "month").collect())


def test_from_catalog_reads_partitions_by_serde_with_typed_partition_columns(glue_context, events):
    frame = glue_context.create_dynamic_frame.from_catalog(database="db", table_name="events")
    assert rows(frame) == [
        ("ann", 1, 2023, "12"),
        ("bob", 2, 2024, "01"),
        ("cy", 3, 2024, "01"),
        ("dee", 4, 2024, "02"),
    ]
    schema = frame.schema()
    assert (schema.getField("year").dataType, schema.getField("month").dataType) == (
        G.IntegerType(),
        G.StringType(),
    )


def test_push_down_and_catalog_partition_predicates_select_partitions(glue_context, events):
    pushed = glue_context.create_dynamic_frame.from_catalog(
        database="db", table_name="events", push_down_predicate="year = 2024 and month >= '02'"
    )
    assert rows(pushed) == [("dee", 4, 2024, "02")]
    by_catalog = glue_context.create_dynamic_frame.from_catalog(
        database="db", table_name="events", additional_options={"catalogPartitionPredicate": "month = '01'"}
    )
    assert rows(by_catalog) == [("bob", 2, 2024, "01"), ("cy", 3, 2024, "01")]
    data_frame = glue_context.create_data_frame.from_catalog(
        database="db", table_name="events", push_down_predicate="year < 2024"
    )
    assert [tuple(r) for r in data_frame.select("user", "year").collect()] == [("ann", 2023)]
    with pytest.raises(catalog.CatalogError, match="push_down_predicate 'year ===' on db.events"):
        glue_context.create_dynamic_frame.from_catalog(
            database="db", table_name="events", push_down_predicate="year ==="
        )


def test_a_bookmarked_catalog_source_reads_only_new_files(glue, glue_context, events, monkeypatch):
    from awsglue.job import Job

    committed = []
    monkeypatch.setattr(
        bookmarks, "_call_gateway", lambda action, body: committed.append(body["JobBookmark"]) or {}
    )
    monkeypatch.delenv(bookmarks.BOOKMARK_FILE_ENV, raising=False)
    job = Job(glue_context)
    job.init("job", {"job_bookmark_option": "job-bookmark-enable", "JOB_RUN_ID": "jr_1"})
    first = glue_context.create_dynamic_frame.from_catalog(
        database="db", table_name="events", transformation_ctx="src"
    )
    assert len(rows(first)) == 4
    job.commit()

    (events / "state.json").write_text('{"JobBookmark": %s}' % __import__("json").dumps(committed[-1]))
    monkeypatch.setenv(bookmarks.BOOKMARK_FILE_ENV, str(events / "state.json"))
    time.sleep(0.01)
    add_partition(glue, events, 2024, "03", [("eve", 5)])
    os.utime(events / "year=2024" / "month=03" / "part.csv", (time.time() + 1, time.time() + 1))
    job = Job(glue_context)
    job.init("job", {"job_bookmark_option": "job-bookmark-enable", "JOB_RUN_ID": "jr_2"})
    second = glue_context.create_dynamic_frame.from_catalog(
        database="db", table_name="events", transformation_ctx="src"
    )
    assert rows(second) == [("eve", 5, 2024, "03")]
    untracked = glue_context.create_dynamic_frame.from_catalog(database="db", table_name="events")
    assert len(rows(untracked)) == 5


def test_get_sink_creates_the_table_and_its_partitions_then_adds_new_ones(
    spark, glue, glue_context, tmp_path
):
    frame = DynamicFrame.fromDF(
        spark.createDataFrame([(1, "a", "2024"), (2, "b", "2025")], "id int, v string, year string"),
        glue_context,
    )
    sink = glue_context.getSink(
        connection_type="file", path=str(tmp_path / "out"), enableUpdateCatalog=True, partitionKeys=["year"]
    )
    sink.setFormat("glueparquet")
    sink.setCatalogInfo(catalogDatabase="db", catalogTableName="out")
    sink.writeFrame(frame)
    table = glue.get_table(DatabaseName="db", Name="out")["Table"]
    assert [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]] == [
        ("id", "int"),
        ("v", "string"),
    ]
    assert table["PartitionKeys"] == [{"Name": "year", "Type": "string"}]
    assert table["Parameters"]["classification"] == "parquet"
    assert table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"].endswith("ParquetHiveSerDe")
    partitions = {
        tuple(p["Values"]): p["StorageDescriptor"]["Location"]
        for p in glue.get_partitions(DatabaseName="db", TableName="out")["Partitions"]
    }
    assert partitions == {
        ("2024",): str(tmp_path / "out") + "/year=2024/",
        ("2025",): str(tmp_path / "out") + "/year=2025/",
    }

    wider = DynamicFrame.fromDF(
        spark.createDataFrame([(3, "c", 1.5, "2026")], "id int, v string, w double, year string"),
        glue_context,
    )
    glue_context.write_dynamic_frame.from_catalog(
        frame=wider,
        database="db",
        table_name="out",
        additional_options={"enableUpdateCatalog": True, "partitionKeys": ["year"]},
    )
    table = glue.get_table(DatabaseName="db", Name="out")["Table"]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["id", "v", "w"]
    assert len(glue.get_partitions(DatabaseName="db", TableName="out")["Partitions"]) == 3
    back = glue_context.create_dynamic_frame.from_catalog(database="db", table_name="out")
    assert sorted((r.id, r.year) for r in back.toDF().collect()) == [(1, "2024"), (2, "2025"), (3, "2026")]


def test_log_keeps_the_schema_and_formats_that_cannot_update_the_catalog_are_refused(
    spark, glue, glue_context, tmp_path
):
    frame = DynamicFrame.fromDF(spark.createDataFrame([(1, "2024")], "id int, year string"), glue_context)
    sink = glue_context.getSink(
        "file", path=str(tmp_path / "t"), enableUpdateCatalog=True, partitionKeys=["year"]
    )
    sink.setFormat("json")
    sink.setCatalogInfo("db", "t")
    sink.writeFrame(frame)
    extra = DynamicFrame.fromDF(
        spark.createDataFrame([(2, "x", "2025")], "id int, e string, year string"), glue_context
    )
    logged = glue_context.getSink(
        "file",
        path=str(tmp_path / "t"),
        enableUpdateCatalog=True,
        updateBehavior="LOG",
        partitionKeys=["year"],
    )
    logged.setFormat("json")
    logged.setCatalogInfo("db", "t")
    logged.writeFrame(extra)
    table = glue.get_table(DatabaseName="db", Name="t")["Table"]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["id"]
    assert [p["Values"] for p in glue.get_partitions(DatabaseName="db", TableName="t")["Partitions"]] == [
        ["2024"]
    ]
    plain = glue_context.getSink("file", path=str(tmp_path / "p"), enableUpdateCatalog=True)
    plain.setFormat("parquet")
    plain.setCatalogInfo("db", "p")
    with pytest.raises(sinks.SinkError, match="glueparquet"):
        plain.writeFrame(frame)


def test_purge_table_deletes_old_files_and_emptied_partitions(glue, glue_context, events):
    glue_context.purge_table(
        "db",
        "events",
        {
            "partitionPredicate": "year = 2024",
            "retentionPeriod": 0,
            "manifestFilePath": str(events / "manifest"),
        },
        transformation_ctx="purge",
    )
    assert sorted(
        p["Values"] for p in glue.get_partitions(DatabaseName="db", TableName="events")["Partitions"]
    ) == [["2023", "12"]]
    deleted = (events / "manifest" / "purge" / "Success.csv").read_text().splitlines()
    assert len(deleted) == 2 and all(line.endswith("part.csv") for line in deleted)
    glue_context.purge_s3_path(str(events), {})  # default retention: files of the last 7 days stay
    assert (events / "year=2023" / "month=12" / "part.csv").exists()
