"""GlueContext's other entry points: getSource, samples, ingestion columns, catalog schema, JDBC
configuration, and what needs services localglue does not run."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws
from pyspark.sql import types as T

from localglue.jobs import spark_conf


def test_get_source_reads_as_scripts_use_it(glue_context, tmp_path):
    (tmp_path / "a.json").write_text('{"id": 1}\n{"id": 2}\n{"id": 3}\n')
    source = glue_context.getSource("file", paths=[str(tmp_path)])
    source.setFormat("json")
    assert sorted(r.id for r in source.getFrame().toDF().collect()) == [1, 2, 3]
    assert source.getDataFrame().count() == 3
    assert source.getSampleFrame(2).count() == 2
    sample = glue_context.create_sample_dynamic_frame_from_options(
        "file", {"paths": [str(tmp_path)]}, num=1, format="json"
    )
    assert sample.count() == 1


def test_ingestion_time_columns_down_to_the_granularity(spark, glue_context):
    df = glue_context.add_ingestion_time_columns(spark.createDataFrame([(1,)], "id int"), "hour")
    assert df.columns == ["id", "ingest_year", "ingest_month", "ingest_day", "ingest_hour"]
    row = df.first()
    assert len(row.ingest_year) == 4 and len(row.ingest_month) == 2 and len(row.ingest_hour) == 2
    with pytest.raises(ValueError, match="'week' is not one of"):
        glue_context.add_ingestion_time_columns(spark.createDataFrame([(1,)], "id int"), "week")


def test_catalog_schema_and_jdbc_configuration_come_from_the_glue_api(glue_context, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "k",
        "AWS_SECRET_ACCESS_KEY": "s",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        glue = boto3.client("glue")
        glue.create_database(DatabaseInput={"Name": "db"})
        glue.create_table(
            DatabaseName="db",
            TableInput={
                "Name": "t",
                "StorageDescriptor": {
                    "Columns": [
                        {"Name": "a", "Type": "bigint"},
                        {"Name": "b", "Type": "array<struct<x:varchar(3)>>"},
                    ]
                },
                "PartitionKeys": [{"Name": "dt", "Type": "date"}],
            },
        )
        schema = glue_context.get_catalog_schema_as_spark_schema("db", "t")
        assert schema == T.StructType(
            [
                T.StructField("a", T.LongType()),
                T.StructField("b", T.ArrayType(T.StructType([T.StructField("x", T.StringType())]))),
                T.StructField("dt", T.DateType()),
            ]
        )
        glue.create_connection(
            ConnectionInput={
                "Name": "pg",
                "ConnectionType": "JDBC",
                "ConnectionProperties": {
                    "JDBC_CONNECTION_URL": "jdbc:postgresql://db:5432/x",
                    "USERNAME": "u",
                    "PASSWORD": "p",
                },
            }
        )
        assert glue_context.extract_jdbc_conf("pg") == {
            "user": "u",
            "password": "p",
            "vendor": "postgresql",
            "url": "jdbc:postgresql://db:5432/x",
        }
        with pytest.raises(Exception, match="table db.missing: EntityNotFoundException"):
            glue_context.create_dynamic_frame.from_catalog(database="db", table_name="missing")


def test_what_needs_other_services_is_named(glue_context):
    from awsglue.context import NotEmulatedError

    with pytest.raises(NotEmulatedError, match="JDBC connections \\(redshift\\) are not emulated"):
        glue_context.write_dynamic_frame.from_jdbc_conf(None, "redshift", {"dbtable": "t"})
    with pytest.raises(NotEmulatedError, match="storage-class transitions"):
        glue_context.transition_s3_path("s3://b/p/", "GLACIER")
    with pytest.raises(AttributeError, match="GlueContext.forEachBatch is not emulated by localglue"):
        glue_context.forEachBatch(None, None)


def test_spark_ui_arguments_become_spark_properties():
    assert spark_conf.monitoring_properties({}) == {}
    assert spark_conf.monitoring_properties({"--spark-event-logs-path": "s3://b/logs/"}) == {}
    assert spark_conf.monitoring_properties(
        {"--enable-spark-ui": "true", "--spark-event-logs-path": "s3://b/logs/"}
    ) == {
        "spark.ui.enabled": "true",
        "spark.ui.port": "0",
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": "s3://b/logs/",
    }
