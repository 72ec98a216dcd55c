"""The Glue runtime as a job run imports it: `awsglue` is localglue's overlay, first on the path.

Set at import, before the session's Spark starts, so that Spark's Python workers (which run map and
filter functions) import the same `awsglue` and this environment's Python.
"""

from __future__ import annotations

import os
import sys

import pytest

from localglue.jobs.glue_runtime import OVERLAY_PATH

for name in [n for n in sys.modules if n == "awsglue" or n.startswith("awsglue.")]:
    del sys.modules[name]  # AWS's package, imported by another test module before this one
sys.path.insert(0, str(OVERLAY_PATH))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(OVERLAY_PATH), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


@pytest.fixture(scope="session")
def glue_context(spark):
    from awsglue.context import GlueContext

    return GlueContext(spark.sparkContext)
