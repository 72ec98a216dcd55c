"""The local SparkSession every test shares, and S3A on a gateway for the tests that read `s3://`.

Importing it puts localglue's `awsglue` overlay first on the path, as a job run has it. One SparkContext
per process: the unit tests (tests/conftest.py) and the integration tests that run a
job's Python steps in process (integration_tests/conftest.py) share it, so it is built with the S3A jars
on its classpath from the start (they are on the JVM's classpath or not at all). A test points S3A at
its gateway bucket by bucket (`use_gateway`), so tests on other gateways are not disturbed.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from localglue.endpoint import LOCAL_CREDENTIALS
from localglue.jobs import spark_jars
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


def local_spark_builder() -> Any:
    """What every test SparkSession shares: local[2], small shuffles, loopback only, UTC, no UI, S3A."""
    from pyspark.sql import SparkSession

    jars = ":".join(str(jar) for jar in spark_jars.ensure_spark_jars())
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
        .config("spark.driver.extraClassPath", jars)
        .config("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
        .config("spark.hadoop.fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
    )


def use_gateway(spark: Any, endpoint_url: str, *buckets: str) -> None:
    """`s3://<bucket>/...` of each of `buckets` goes to the gateway at `endpoint_url` (S3A's per-bucket
    settings, read when the bucket's filesystem is first made)."""
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    for bucket in buckets:
        for name, value in {
            "endpoint": endpoint_url,
            "endpoint.region": "us-east-1",
            "path.style.access": "true",
            "connection.ssl.enabled": "false",
            "access.key": LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "secret.key": LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            "aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
            "attempts.maximum": "3",
            "retry.limit": "3",
        }.items():
            conf.set(f"fs.s3a.bucket.{bucket}.{name}", value)
