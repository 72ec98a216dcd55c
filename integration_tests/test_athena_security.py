"""Nothing outside the S3 store: Athena's queries on localglue read only the local S3 through the Glue
catalog. No table function runs (Athena has none), Trino's `system` catalog is closed, a location that is
not S3 reads nothing, and text in the catalog (column types, SerDe parameters, locations) is data to Trino,
never SQL that localglue runs."""

from __future__ import annotations

import uuid

import boto3
import pytest
from athena_queries import Queries

DATABASE = "security_it"
LAZY_SIMPLE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
PAYLOAD = "; DROP TABLE victim; --"


def text_table(name: str, location: str, columns: list[dict], serde: dict[str, str] | None = None) -> dict:
    return {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "StorageDescriptor": {
            "Columns": columns,
            "Location": location,
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {"SerializationLibrary": LAZY_SIMPLE, "Parameters": serde or {"field.delim": ","}},
        },
    }


@pytest.fixture(scope="module")
def place(aws_env, athena_engine, endpoint_url):
    """(sql runner, bucket): table `victim` holds one row; the other tables point elsewhere or carry payloads."""
    s3, glue = boto3.client("s3"), boto3.client("glue")
    bucket = f"security-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="victim/v.csv", Body=b"1,kept\n")
    s3.put_object(Bucket=bucket, Key="it's here/v.csv", Body=b"5\n")
    glue.create_database(DatabaseInput={"Name": DATABASE})
    two = [{"Name": "id", "Type": "int"}, {"Name": "v", "Type": "string"}]
    for table in (
        text_table("victim", f"s3://{bucket}/victim/", two),
        text_table("on_disk", "file:///etc/", [{"Name": "line", "Type": "string"}]),
        text_table("on_web", f"{endpoint_url}/{bucket}/victim/", two),
        text_table(
            "bad_type", f"s3://{bucket}/victim/", [{"Name": "id", "Type": f'struct<a" int)) {PAYLOAD}:int>'}]
        ),
        text_table(
            "bad_serde",
            f"s3://{bucket}/victim/",
            two,
            {"field.delim": ",", "serialization.null.format": f"'{PAYLOAD}"},
        ),
        text_table("quoted_location", f"s3://{bucket}/it's here/", [{"Name": "id", "Type": "int"}]),
    ):
        glue.create_table(DatabaseName=DATABASE, TableInput=table)
    return Queries(boto3.client("athena"), DATABASE, f"s3://{bucket}/results/"), bucket


@pytest.mark.parametrize(
    "sql, function",
    [
        ("SELECT * FROM TABLE(sequence(start => 1, stop => 3))", "sequence"),
        ("SELECT * FROM TABLE(system.query(query => 'SELECT 1'))", "system.query"),
        (
            "SELECT * FROM TABLE(exclude_columns(input => TABLE(victim), columns => DESCRIPTOR(v)))",
            "exclude_columns",
        ),
    ],
)
def test_table_functions_are_refused(place, sql, function):
    run, _ = place
    assert run.fails(sql) == f"FUNCTION_NOT_FOUND: line 1:21: Table function '{function}' not registered"


def test_a_prepared_statement_cannot_smuggle_a_table_function(place):
    run, _ = place
    run("PREPARE numbers FROM SELECT * FROM TABLE(sequence(start => 1, stop => 3))")
    assert "Table function 'sequence' not registered" in run.fails("EXECUTE numbers")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM system.runtime.queries",
        "SELECT * FROM system.runtime.nodes",
        "SELECT * FROM system.metadata.catalogs",
    ],
)
def test_trinos_system_catalog_is_closed(place, sql):
    run, _ = place
    assert run.fails(sql) == "PERMISSION_DENIED: Access Denied: Cannot access catalog system"


@pytest.mark.parametrize("table, location", [("on_disk", "file:///etc/"), ("on_web", "/victim/")])
def test_a_location_outside_s3_reads_nothing(place, table, location):
    run, _ = place
    reason = run.fails(f"SELECT * FROM {table}")
    assert reason.startswith("HIVE_UNKNOWN_ERROR: No factory for location: ") and location in reason


def test_a_partition_outside_s3_reads_nothing(place):
    run, bucket = place
    glue = boto3.client("glue")
    table = text_table("parted", f"s3://{bucket}/victim/", [{"Name": "id", "Type": "int"}])
    glue.create_table(
        DatabaseName=DATABASE, TableInput={**table, "PartitionKeys": [{"Name": "p", "Type": "string"}]}
    )
    descriptor = {**table["StorageDescriptor"], "Location": "file:///etc/"}
    glue.create_partition(
        DatabaseName=DATABASE,
        TableName="parted",
        PartitionInput={"Values": ["x"], "StorageDescriptor": descriptor},
    )
    assert "No factory for location: file:///etc" in run.fails("SELECT * FROM parted")


def test_catalog_text_is_never_sql(place):
    run, _ = place
    # a column type is Trino's to parse: it fails to, and nothing of it runs
    assert "expected at the position" in run.fails("SELECT * FROM bad_type")
    # SerDe parameters and a location with a quote are only data
    assert run("SELECT id, v FROM bad_serde") == [["1", "kept"]]
    assert run("SELECT id FROM quoted_location") == [["5"]]
    created = "\n".join(line for [line] in run("SHOW CREATE TABLE bad_serde"))
    assert f"'serialization.null.format'=''{PAYLOAD}'" in created  # printed as the catalog holds it
    described = run("DESCRIBE bad_type")
    assert described == [[f'id                  \tstruct<a" int)) {PAYLOAD}:int>\t                    ']]
    # the victim is still there, with its row
    assert run("SELECT id, v FROM victim") == [["1", "kept"]]
    assert boto3.client("glue").get_table(DatabaseName=DATABASE, Name="victim")["Table"]["Name"] == "victim"
