"""Unit-test fixtures: one local SparkSession per pytest run, and the Glue job modules importable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

GLUE_JOBS = Path(__file__).resolve().parents[1] / "glue_jobs"
# On Glue, event_lag.py arrives through --extra-py-files, which puts it on sys.path the same way.
sys.path.insert(0, str(GLUE_JOBS))


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("localglue-unit-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
