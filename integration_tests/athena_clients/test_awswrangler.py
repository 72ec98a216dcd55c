"""awswrangler (AWS SDK for pandas) against localglue: datasets written to S3 and the Glue catalog, read back
through Athena in each of its three ways, Iceberg tables written and merged, Athena's DDL answers parsed."""

from __future__ import annotations

import uuid
from decimal import Decimal

import awswrangler as wr
import boto3
import pandas as pd
import pytest

DATABASE = "wrangler_it"


@pytest.fixture(scope="module")
def place(aws_env, athena_engine):
    """(data bucket, result location) of this module, and its database."""
    s3 = boto3.client("s3")
    data, results = f"wr-data-{uuid.uuid4().hex[:8]}", f"wr-results-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=data)
    s3.create_bucket(Bucket=results)
    wr.catalog.create_database(DATABASE, exist_ok=True)
    return data, f"s3://{results}/queries/"


ITEMS = pd.DataFrame(
    {
        "id": pd.array([1, 2, 3], dtype="Int64"),
        "name": pd.array(["a", "b", None], dtype="string"),
        "amount": [1.5, 2.25, 3.0],
        "dt": pd.array(["2024-01-01", "2024-01-01", "2024-01-02"], dtype="string"),
    }
)


@pytest.fixture(scope="module")
def items(place):
    data, _ = place
    written = wr.s3.to_parquet(
        ITEMS,
        path=f"s3://{data}/items/",
        dataset=True,
        database=DATABASE,
        table="items",
        partition_cols=["dt"],
    )
    return written


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("id").reset_index(drop=True)


def test_to_parquet_dataset_registers_the_table_and_its_partitions(items):
    assert sorted(items["partitions_values"].values()) == [["2024-01-01"], ["2024-01-02"]]
    glue = boto3.client("glue")
    table = glue.get_table(DatabaseName=DATABASE, Name="items")["Table"]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["id", "name", "amount"]
    assert table["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]
    partitions = glue.get_partitions(DatabaseName=DATABASE, TableName="items")["Partitions"]
    assert sorted(p["Values"] for p in partitions) == [["2024-01-01"], ["2024-01-02"]]


@pytest.mark.parametrize("approach", ["ctas", "plain", "unload"])
def test_read_sql_query_returns_the_rows_in_each_approach(place, items, approach):
    """The old engine gave ctas_approach=True and unload_approach=True an empty frame, without error: no
    Statistics.DataManifestLocation. Each way returns the written frame, with its types."""
    data, output = place
    options = {
        "ctas": {"ctas_approach": True, "s3_output": output},
        "plain": {"ctas_approach": False, "s3_output": output},
        # UNLOAD writes into its own, empty location (Athena refuses one that holds data)
        "unload": {
            "ctas_approach": False,
            "unload_approach": True,
            "s3_output": f"s3://{data}/unload-{uuid.uuid4().hex}/",
        },
    }[approach]
    frame = wr.athena.read_sql_query("SELECT id, name, amount, dt FROM items", database=DATABASE, **options)
    pd.testing.assert_frame_equal(_sorted(frame), ITEMS, check_dtype=False)
    assert str(frame["id"].dtype) == "Int64" and frame["amount"].dtype == "float64"


def test_ctas_approach_drops_its_temporary_table(place, items):
    _, output = place
    wr.athena.read_sql_query(
        "SELECT count(*) AS n FROM items", database=DATABASE, ctas_approach=True, s3_output=output
    )
    names = [t["Name"] for t in boto3.client("glue").get_tables(DatabaseName=DATABASE)["TableList"]]
    assert not [name for name in names if name.startswith("temp_table_")], names


def test_values_keep_athenas_types(place):
    _, output = place
    frame = wr.athena.read_sql_query(
        "SELECT DECIMAL '12.34' AS d, DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:05.123' AS ts, "
        "CAST(7 AS tinyint) AS t, true AS b",
        database=DATABASE,
        ctas_approach=False,
        s3_output=output,
    )
    row = frame.iloc[0]
    # DECIMAL '12.34' is decimal(4,2), not the old engine's decimal(18,3): 12.340
    assert row["d"] == Decimal("12.34") and str(row["d"]) == "12.34"
    assert str(row["day"]) == "2024-01-02"
    assert row["ts"] == pd.Timestamp("2024-01-02 03:04:05.123")
    assert row["t"] == 7 and bool(row["b"]) is True


def test_parameters_in_both_styles(place, items):
    _, output = place
    qmark = wr.athena.read_sql_query(
        "SELECT name FROM items WHERE id = ?", database=DATABASE, ctas_approach=False, s3_output=output,
        params=["2"], paramstyle="qmark",
    )  # fmt: skip
    named = wr.athena.read_sql_query(
        "SELECT id FROM items WHERE name = :n", database=DATABASE, ctas_approach=False, s3_output=output,
        params={"n": "a"},
    )  # fmt: skip
    assert qmark["name"].tolist() == ["b"]
    assert named["id"].tolist() == [1]


def test_describe_and_show_create_table_parse_athenas_answers(place, items):
    _, output = place
    described = wr.athena.describe_table("items", database=DATABASE, s3_output=output)
    assert described.to_dict("list") == {
        "Column Name": ["id", "name", "amount", "dt"],
        "Type": ["bigint", "string", "double", "string"],
        "Partition": [False, False, False, True],
        "Comment": ["", "", "", ""],
    }
    created = wr.athena.show_create_table("items", database=DATABASE, s3_output=output)
    assert created.startswith(f"CREATE EXTERNAL TABLE `{DATABASE}`.`items`(")
    assert "PARTITIONED BY" in created


def test_overwrite_partitions_replaces_only_the_partitions_written(place, items):
    data, output = place
    replacement = pd.DataFrame({"id": [9], "name": ["z"], "amount": [9.0], "dt": ["2024-01-02"]})
    wr.s3.to_parquet(
        replacement, path=f"s3://{data}/items/", dataset=True, database=DATABASE, table="items",
        partition_cols=["dt"], mode="overwrite_partitions",
    )  # fmt: skip
    frame = wr.athena.read_sql_query(
        "SELECT id, dt FROM items ORDER BY id", database=DATABASE, ctas_approach=False, s3_output=output
    )
    assert frame.to_dict("list") == {"id": [1, 2, 9], "dt": ["2024-01-01", "2024-01-01", "2024-01-02"]}
    wr.s3.to_parquet(
        ITEMS, path=f"s3://{data}/items/", dataset=True, database=DATABASE, table="items",
        partition_cols=["dt"], mode="overwrite",
    )  # fmt: skip


def test_to_iceberg_creates_merges_and_deletes(place):
    data, output = place

    def temp() -> str:  # awswrangler keeps each call's staged files: a new folder for every call
        return f"s3://{data}/iceberg-temp-{uuid.uuid4().hex}/"

    first = pd.DataFrame({"id": [1, 2, 3], "name": ["a", "b", "c"], "amount": [1.5, 2.25, 3.0]})
    wr.athena.to_iceberg(
        first,
        database=DATABASE,
        table="ice",
        table_location=f"s3://{data}/ice/",
        temp_path=temp(),
        s3_output=output,
    )
    table = boto3.client("glue").get_table(DatabaseName=DATABASE, Name="ice")["Table"]
    assert table["Parameters"]["table_type"] == "ICEBERG"
    # the columns as Athena's catalog marks them: to_iceberg's merge compares the frame with the current ones
    assert [c["Parameters"]["iceberg.field.current"] for c in table["StorageDescriptor"]["Columns"]] == [
        "true"
    ] * 3
    update = pd.DataFrame({"id": [3, 4], "name": ["C", "d"], "amount": [30.0, 4.0]})
    wr.athena.to_iceberg(
        update, database=DATABASE, table="ice", table_location=f"s3://{data}/ice/", temp_path=temp(),
        s3_output=output, merge_cols=["id"],
    )  # fmt: skip
    wr.athena.delete_from_iceberg_table(
        pd.DataFrame({"id": [1]}),
        database=DATABASE,
        table="ice",
        merge_cols=["id"],
        temp_path=temp(),
        s3_output=output,
    )
    frame = wr.athena.read_sql_query(
        "SELECT id, name, amount FROM ice ORDER BY id",
        database=DATABASE,
        ctas_approach=False,
        s3_output=output,
    )
    assert frame.to_dict("list") == {"id": [2, 3, 4], "name": ["b", "C", "d"], "amount": [2.25, 30.0, 4.0]}
