"""Unit-test fixtures: one local SparkSession per pytest run (and one with Hive support per module that
needs it, before it).

The Glue job modules are importable through pytest's `pythonpath` (pyproject.toml), as --extra-py-files
puts event_lag.py on Glue's path."""

from __future__ import annotations

import os
import sys

import pytest

from localglue.jobs.glue_runtime import OVERLAY_PATH

# As in a job run: `awsglue` is localglue's overlay first on the path, for this process and for Spark's
# Python workers (which run map and filter functions), on this environment's Python. Set at import,
# before any session's Spark starts.
for name in [n for n in sys.modules if n == "awsglue" or n.startswith("awsglue.")]:
    del sys.modules[name]
sys.path.insert(0, str(OVERLAY_PATH))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(OVERLAY_PATH), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def local_spark_builder():
    """What every test SparkSession shares: local[2], small shuffles, loopback only, UTC, no UI."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.adaptive.enabled", "false")
    )


@pytest.fixture(scope="session")
def spark():
    session = local_spark_builder().appName("localglue-unit-tests").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def spark_builder():
    """`spark_builder()`: a builder with the shared settings, for a module that needs a session of its own."""
    return local_spark_builder


def pytest_collection_modifyitems(items):
    """Tests marked `hive_spark` start a session with Hive support, which a running session cannot switch
    on: they run first, and stop their session before the shared one starts."""
    items.sort(key=lambda item: item.get_closest_marker("hive_spark") is None)
