"""The Glue runtime's tests: a GlueContext over the shared SparkSession (tests/conftest.py puts the
job runs' `awsglue` overlay first on the path)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def glue_context(spark):
    from awsglue.context import GlueContext

    return GlueContext(spark.sparkContext)
