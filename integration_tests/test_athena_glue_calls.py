"""The Glue calls Trino makes for Athena's statements, answered as Glue answers them: found by running
Trino's own operations (CTAS, INSERT, partition pruning, column changes) against localglue."""

from __future__ import annotations

import uuid

import boto3
import pytest
from athena_queries import ended, rows, start

DATABASE = "glue_calls_it"


@pytest.fixture(scope="module")
def sql(aws_env, athena_engine):
    bucket = f"glue-calls-{uuid.uuid4().hex[:8]}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    boto3.client("glue").create_database(DatabaseInput={"Name": DATABASE})
    athena = boto3.client("athena")

    def run(statement: str) -> list[list[str | None]]:
        return rows(athena, statement.format(bucket=bucket), DATABASE, run.output)

    run.output = f"s3://{bucket}/results/"  # type: ignore[attr-defined]
    return run


def test_partitions_filtered_on_a_key_trino_typed_varchar_n(sql):
    """Trino's CTAS types a key from string literals `varchar(10)`; its partition filters reach Glue as
    GetPartitions Expressions on that key."""
    sql(
        "CREATE TABLE by_day WITH (format = 'PARQUET', external_location = 's3://{bucket}/by_day/', "
        "partitioned_by = ARRAY['day']) AS SELECT * FROM (VALUES (1, '2024-01-01'), (2, '2024-01-02'), "
        "(3, '2024-01-03')) t(id, day)"
    )
    [key] = boto3.client("glue").get_table(DatabaseName=DATABASE, Name="by_day")["Table"]["PartitionKeys"]
    assert (key["Name"], key["Type"]) == ("day", "varchar(10)")
    assert sql("SELECT id FROM by_day WHERE day = '2024-01-02'") == [["2"]]
    assert sql("SELECT id FROM by_day WHERE day > '2024-01-01' ORDER BY id") == [["2"], ["3"]]
    assert sql("SELECT count(*) FROM by_day WHERE day IN ('2024-01-01', '2024-01-03')") == [["2"]]


def test_glue_filters_partitions_on_parameterized_key_types(sql):
    glue = boto3.client("glue")
    glue.create_table(
        DatabaseName=DATABASE,
        TableInput={
            "Name": "typed_keys",
            "PartitionKeys": [
                {"Name": "code", "Type": "char(2)"},
                {"Name": "amount", "Type": "decimal(10,2)"},
            ],
            "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "int"}], "Location": "s3://nowhere/t/"},
        },
    )
    for values in (["fr", "1.50"], ["de", "20.00"]):
        glue.create_partition(
            DatabaseName=DATABASE, TableName="typed_keys", PartitionInput={"Values": values}
        )
    found = glue.get_partitions(DatabaseName=DATABASE, TableName="typed_keys", Expression="amount > 2")[
        "Partitions"
    ]
    assert [p["Values"] for p in found] == [["de", "20.00"]]
    found = glue.get_partitions(DatabaseName=DATABASE, TableName="typed_keys", Expression="code = 'fr'")[
        "Partitions"
    ]
    assert [p["Values"] for p in found] == [["fr", "1.50"]]


def test_update_table_at_a_version_the_table_has_left_is_refused(sql):
    glue = boto3.client("glue")
    table_input = {"Name": "versioned", "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"}]}}
    glue.create_table(DatabaseName=DATABASE, TableInput=table_input)
    version = glue.get_table(DatabaseName=DATABASE, Name="versioned")["Table"]["VersionId"]
    glue.update_table(
        DatabaseName=DATABASE, TableInput={**table_input, "Description": "first"}, VersionId=version
    )
    with pytest.raises(glue.exceptions.ConcurrentModificationException):
        glue.update_table(
            DatabaseName=DATABASE, TableInput={**table_input, "Description": "lost"}, VersionId=version
        )
    assert glue.get_table(DatabaseName=DATABASE, Name="versioned")["Table"]["Description"] == "first"
    glue.update_table(DatabaseName=DATABASE, TableInput={**table_input, "Description": "unversioned"})
    assert glue.get_table(DatabaseName=DATABASE, Name="versioned")["Table"]["Description"] == "unversioned"


def test_iceberg_commits_racing_on_one_table_all_land(sql):
    """Trino commits an Iceberg table by UpdateTable at the version it read; the loser of a race retries."""
    sql("CREATE TABLE raced (id int) LOCATION 's3://{bucket}/raced/' TBLPROPERTIES ('table_type'='ICEBERG')")
    athena = boto3.client("athena")
    started = [start(athena, f"INSERT INTO raced VALUES ({n})", DATABASE, sql.output) for n in range(4)]
    states = [ended(athena, query_id)["Status"] for query_id in started]
    assert [state["State"] for state in states] == ["SUCCEEDED"] * 4, states
    assert sql("SELECT id FROM raced ORDER BY id") == [["0"], ["1"], ["2"], ["3"]]
