"""dbt-athena against localglue, as a user runs it (a `dbt` process with a profiles.yml): the project in
integration_tests/dbt_project builds a seed, a table, a view and three incremental models (insert_overwrite
of a partitioned table, append, and an Iceberg merge), then loads one more day incrementally."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from athena_queries import rows

PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"
SCHEMA = "dbt_it"
# the second load: order 3 corrected, order 7 new, both on 2024-03-02
pytestmark = pytest.mark.slow  # two dbt runs of the whole project: about four minutes here
SECOND_LOAD = {"3,alice,7.00,2024-03-02": "3,alice,8.00,2024-03-02\n7,dave,2.00,2024-03-02"}


@pytest.fixture(scope="module")
def dbt(aws_env, athena_engine, tmp_path_factory):
    """`dbt(*args)` in a copy of the project, against the gateway; returns dbt's output, failing on error."""
    project = tmp_path_factory.mktemp("dbt") / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    suffix = uuid.uuid4().hex[:8]
    s3 = boto3.client("s3")
    for bucket in (f"dbt-results-{suffix}", f"dbt-data-{suffix}"):
        s3.create_bucket(Bucket=bucket)
    (project / "profiles.yml").write_text(
        f"""localglue:
  target: dev
  outputs:
    dev:
      type: athena
      s3_staging_dir: s3://dbt-results-{suffix}/staging/
      s3_data_dir: s3://dbt-data-{suffix}/tables/
      region_name: us-east-1
      database: awsdatacatalog
      schema: {SCHEMA}
      aws_access_key_id: testing
      aws_secret_access_key: testing
      endpoint_url: {aws_env}
      threads: 1
      num_retries: 0
      poll_interval: 0.2
"""
    )
    # dbt-athena gives endpoint_url to its Athena client only; its Glue and S3 clients read AWS_ENDPOINT_URL
    env = {**os.environ, "AWS_ENDPOINT_URL": aws_env, "DBT_VERSION_CHECK": "false", "DO_NOT_TRACK": "1"}
    executable = Path(sys.executable).parent / "dbt"

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(executable), *args, "--profiles-dir", str(project), "--project-dir", str(project)],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, (
            f"dbt {' '.join(args)} failed:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}"
        )
        return done.stdout

    run.project = project  # type: ignore[attr-defined]
    run.output = f"s3://dbt-results-{suffix}/checks/"  # type: ignore[attr-defined]
    return run


def query(dbt, sql: str) -> list[list[str | None]]:
    return rows(boto3.client("athena"), sql, SCHEMA, dbt.output)


@pytest.fixture(scope="module")
def built(dbt):
    """The first `dbt build`: every model from the whole seed, and the models' tests."""
    return dbt("build")


def test_build_creates_every_model_and_passes_its_tests(dbt, built):
    assert "Completed successfully" in built
    assert "PASS=9" in built, built[-2000:]
    assert query(dbt, "SELECT customer, orders, CAST(total AS varchar) FROM customer_totals ORDER BY 1") == [
        ["alice", "3", "22.00"],
        ["bob", "2", "5.00"],
        ["carol", "1", "12.00"],
    ]
    assert query(dbt, "SELECT customer FROM big_customers ORDER BY 1") == [["alice"], ["carol"]]
    tables = {t["Name"]: t for t in boto3.client("glue").get_tables(DatabaseName=SCHEMA)["TableList"]}
    assert tables["big_customers"]["TableType"] == "VIRTUAL_VIEW"
    assert tables["customer_latest"]["Parameters"]["table_type"] == "ICEBERG"
    assert [k["Name"] for k in tables["daily_revenue"]["PartitionKeys"]] == ["order_day"]


@pytest.fixture(scope="module")
def second_day(dbt, built):
    """A corrected and a new order for 2024-03-02, seeded again, and the incremental models run for it."""
    seed = dbt.project / "seeds" / "orders.csv"
    text = seed.read_text()
    for old, new in SECOND_LOAD.items():
        text = text.replace(old, new)
    seed.write_text(text)
    dbt("seed")
    return dbt("run", "--vars", '{"load_day": "2024-03-02"}')


def test_insert_overwrite_replaces_the_loaded_partition_and_keeps_the_others(dbt, second_day):
    assert query(
        dbt,
        "SELECT CAST(order_day AS varchar), orders, CAST(revenue AS varchar) FROM daily_revenue ORDER BY 1",
    ) == [
        ["2024-03-01", "2", "13.75"],
        ["2024-03-02", "3", "22.00"],
        ["2024-03-03", "2", "6.25"],
    ]
    partitions = boto3.client("glue").get_partitions(DatabaseName=SCHEMA, TableName="daily_revenue")[
        "Partitions"
    ]
    assert sorted(p["Values"][0] for p in partitions) == ["2024-03-01", "2024-03-02", "2024-03-03"]


def test_append_adds_the_loaded_day_again(dbt, second_day):
    assert query(
        dbt, "SELECT order_id, CAST(amount AS varchar) FROM order_log ORDER BY order_id, amount"
    ) == [
        ["1", "10.50"],
        ["2", "3.25"],
        ["3", "7.00"],
        ["3", "8.00"],
        ["4", "12.00"],
        ["4", "12.00"],
        ["5", "1.75"],
        ["6", "4.50"],
        ["7", "2.00"],
    ]


def test_iceberg_merge_updates_matched_customers_and_inserts_new_ones(dbt, second_day):
    assert query(
        dbt,
        "SELECT customer, CAST(last_day AS varchar), CAST(spent AS varchar) FROM customer_latest ORDER BY 1",
    ) == [
        ["alice", "2024-03-02", "8.00"],
        ["bob", "2024-03-03", "5.00"],
        ["carol", "2024-03-02", "12.00"],
        ["dave", "2024-03-02", "2.00"],
    ]
