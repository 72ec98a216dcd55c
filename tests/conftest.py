"""Unit-test fixtures: one local SparkSession per pytest run (and one with Hive support per module that
needs it, before it).

The Glue job modules are importable through pytest's `pythonpath` (pyproject.toml), as --extra-py-files
puts event_lag.py on Glue's path."""

from __future__ import annotations

import pytest

from spark_session import local_spark_builder


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


SPARK_FIXTURES = {"spark", "spark_builder"}


def pytest_collection_modifyitems(items):
    """Tests that start Spark (through the session fixtures, or marked `hive_spark`) are marked `spark`:
    `make test-unit` leaves them out. Tests marked `hive_spark` start a session with Hive support, which a
    running session cannot switch on: they run first, and stop their session before the shared one starts."""
    for item in items:
        if SPARK_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("hive_spark"):
            item.add_marker(pytest.mark.spark)
    items.sort(key=lambda item: item.get_closest_marker("hive_spark") is None)
