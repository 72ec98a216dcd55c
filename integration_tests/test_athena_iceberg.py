"""Athena's Iceberg tables on localglue: created by DDL and by CTAS in the Glue catalog, changed by INSERT,
UPDATE, DELETE and MERGE, read as of a snapshot or a time, compacted by OPTIMIZE and cleaned by VACUUM."""

from __future__ import annotations

import time
import uuid

import boto3
import pytest
from athena_queries import Queries

DATABASE = "iceberg_it"


@pytest.fixture(scope="module")
def place(aws_env, athena_engine):
    """(sql runner, data bucket)."""
    s3, glue = boto3.client("s3"), boto3.client("glue")
    bucket = f"iceberg-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    glue.create_database(DatabaseInput={"Name": DATABASE})
    return Queries(boto3.client("athena"), DATABASE, f"s3://{bucket}/results/"), bucket


@pytest.fixture(scope="module")
def events(place):
    """Table `events`, partitioned by category and day(ts), with three rows in one INSERT."""
    sql, bucket = place
    sql(
        "CREATE TABLE events (id int, name string, ts timestamp, category string) "
        f"PARTITIONED BY (category, day(ts)) LOCATION 's3://{bucket}/events/' "
        "TBLPROPERTIES ('table_type'='ICEBERG')"
    )
    sql(
        "INSERT INTO events VALUES (1, 'a', TIMESTAMP '2024-01-01 10:00:00', 'x'), "
        "(2, 'b', TIMESTAMP '2024-01-02 10:00:00', 'y'), (3, 'c', TIMESTAMP '2024-01-02 11:00:00', 'x')"
    )
    return sql


def test_create_table_puts_an_iceberg_table_in_glue(events):
    table = boto3.client("glue").get_table(DatabaseName=DATABASE, Name="events")["Table"]
    assert table["Parameters"]["table_type"] == "ICEBERG"
    assert table["Parameters"]["metadata_location"].endswith(".metadata.json")
    assert [
        (c["Name"], c["Parameters"]["iceberg.field.id"]) for c in table["StorageDescriptor"]["Columns"]
    ] == [
        ("id", "1"),
        ("name", "2"),
        ("ts", "3"),
        ("category", "4"),
    ]
    # partition transforms as Athena declares them: category, day(ts)
    assert events('SELECT count(*) FROM "events$partitions"') == [["3"]]


def test_update_delete_and_merge_change_rows_in_place(events):
    events("UPDATE events SET name = 'B' WHERE id = 2")
    events("DELETE FROM events WHERE id = 3")
    events(
        "MERGE INTO events t USING (SELECT 1 AS id, 'A' AS name UNION ALL SELECT 4, 'd') s ON t.id = s.id "
        "WHEN MATCHED THEN UPDATE SET name = s.name "
        "WHEN NOT MATCHED THEN INSERT (id, name, ts, category) VALUES (s.id, s.name, TIMESTAMP '2024-01-03 00:00:00', 'z')"
    )
    assert events("SELECT id, name, category FROM events ORDER BY id") == [
        ["1", "A", "x"],
        ["2", "B", "y"],
        ["4", "d", "z"],
    ]
    operations = events('SELECT operation FROM "events$snapshots" ORDER BY committed_at')
    assert [op for [op] in operations] == ["append", "append", "overwrite", "delete", "overwrite"]


def test_time_travel_by_version_and_by_timestamp(place):
    sql, bucket = place
    sql(
        f"CREATE TABLE travel (id int) LOCATION 's3://{bucket}/travel/' TBLPROPERTIES ('table_type'='ICEBERG')"
    )
    sql("INSERT INTO travel VALUES (1)")
    [[first_snapshot, first_time]] = sql(
        'SELECT snapshot_id, CAST(committed_at AS varchar) FROM "travel$snapshots" ORDER BY committed_at DESC LIMIT 1'
    )
    time.sleep(1.1)  # the next commit is at a later millisecond than the first's
    sql("INSERT INTO travel VALUES (2)")
    assert sql("SELECT id FROM travel ORDER BY id") == [["1"], ["2"]]
    assert sql(f"SELECT id FROM travel FOR VERSION AS OF {first_snapshot}") == [["1"]]
    assert sql(f"SELECT id FROM travel FOR TIMESTAMP AS OF TIMESTAMP '{first_time}'") == [["1"]]
    reason = sql.fails("SELECT id FROM travel FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'")
    assert "No version history table" in reason


def test_ctas_with_table_type_iceberg_writes_an_iceberg_table(place, events):
    sql, bucket = place
    sql(
        f"CREATE TABLE copied WITH (table_type = 'ICEBERG', location = 's3://{bucket}/copied/', is_external = false, "
        "partitioning = ARRAY['category'], vacuum_max_snapshot_age_seconds = 60) AS SELECT id, category FROM events"
    )
    table = boto3.client("glue").get_table(DatabaseName=DATABASE, Name="copied")["Table"]
    assert table["Parameters"]["table_type"] == "ICEBERG"
    assert sql("SELECT id FROM copied ORDER BY id") == [["1"], ["2"], ["4"]]
    assert sql("SELECT value FROM \"copied$properties\" WHERE key = 'vacuum_max_snapshot_age_seconds'") == [
        ["60"]
    ]


def test_optimize_rewrites_small_files_into_one(place):
    sql, bucket = place
    sql(f"CREATE TABLE small (id int) LOCATION 's3://{bucket}/small/' TBLPROPERTIES ('table_type'='ICEBERG')")
    for value in range(3):
        sql(f"INSERT INTO small VALUES ({value})")
    assert sql('SELECT count(*) FROM "small$files"') == [["3"]]
    sql("OPTIMIZE small REWRITE DATA USING BIN_PACK")
    assert sql('SELECT count(*) FROM "small$files"') == [["1"]]
    assert sql("SELECT id FROM small ORDER BY id") == [["0"], ["1"], ["2"]]


def test_vacuum_expires_snapshots_older_than_the_tables_max_age(place):
    sql, bucket = place
    sql(
        f"CREATE TABLE kept (id int) LOCATION 's3://{bucket}/kept/' "
        "TBLPROPERTIES ('table_type'='ICEBERG', 'vacuum_max_snapshot_age_seconds'='1')"
    )
    for value in range(3):
        sql(f"INSERT INTO kept VALUES ({value})")
    stray = f"kept/data/stray-{uuid.uuid4().hex}.parquet"  # a file no snapshot references
    boto3.client("s3").put_object(Bucket=bucket, Key=stray, Body=b"not a table's file")
    assert sql('SELECT count(*) FROM "kept$snapshots"') == [["4"]]  # the creation and three inserts
    time.sleep(2)
    sql("VACUUM kept")
    assert sql('SELECT count(*) FROM "kept$snapshots"') == [["1"]]
    assert sql("SELECT id FROM kept ORDER BY id") == [["0"], ["1"], ["2"]]
    listed = boto3.client("s3").list_objects_v2(Bucket=bucket, Prefix="kept/data/")["Contents"]
    assert stray not in [item["Key"] for item in listed]


def test_vacuum_by_default_keeps_five_days_of_snapshots(place):
    sql, bucket = place
    sql(
        f"CREATE TABLE recent (id int) LOCATION 's3://{bucket}/recent/' TBLPROPERTIES ('table_type'='ICEBERG')"
    )
    sql("INSERT INTO recent VALUES (1)")
    sql("VACUUM recent")  # Athena's default age, below Trino's own 7-day floor, is accepted
    assert sql('SELECT count(*) FROM "recent$snapshots"') == [["2"]]


def test_alter_table_set_tblproperties_takes_athenas_iceberg_properties_only(place, events):
    sql, _ = place
    sql("ALTER TABLE events SET TBLPROPERTIES ('vacuum_min_snapshots_to_keep'='2')")
    sql("INSERT INTO events VALUES (5, 'e', TIMESTAMP '2024-01-05 00:00:00', 'x')")  # a commit keeps them
    assert sql("SELECT key, value FROM \"events$properties\" WHERE key LIKE 'vacuum%'") == [
        ["vacuum_min_snapshots_to_keep", "2"]
    ]
    reason = sql.fails("ALTER TABLE events SET TBLPROPERTIES ('made_up'='1')")
    assert reason.startswith("INVALID_TABLE_PROPERTY: Unsupported table property key: made_up")
