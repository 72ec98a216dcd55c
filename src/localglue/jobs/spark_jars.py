"""The jars a job run's Spark needs beyond pyspark's own: S3A for `s3://` on the gateway, and Avro.

pyspark's wheel has no `hadoop-aws` and no `spark-avro`. The S3A connector matching pyspark 3.5's Hadoop
(3.3.4) with the AWS SDK bundle it was built against, and Spark's Avro data source of pyspark's version
(its Avro library ships with pyspark), are fetched from Maven Central once into the user-level cache
(`localglue.downloads`); every later run uses the cached jars, offline.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyspark

from .. import paths
from ..downloads import Artifact, DownloadError, fetch

HADOOP_AWS = Artifact("org.apache.hadoop", "hadoop-aws", "3.3.4")
# The SDK version hadoop-aws 3.3.4 declares in its POM.
AWS_SDK_BUNDLE = Artifact("com.amazonaws", "aws-java-sdk-bundle", "1.12.262")
SPARK_AVRO = Artifact("org.apache.spark", "spark-avro_2.12", pyspark.__version__)
ARTIFACTS = (HADOOP_AWS, AWS_SDK_BUNDLE, SPARK_AVRO)
_lock = threading.Lock()


def jar_dir() -> Path:
    return paths.cache_dir("jars")


def cached_jars() -> list[Path] | None:
    jars = [jar_dir() / artifact.file_name for artifact in ARTIFACTS]
    return jars if all(jar.is_file() and jar.stat().st_size > 0 for jar in jars) else None


def ensure_spark_jars() -> list[Path]:
    """The hadoop-aws, aws-java-sdk-bundle and spark-avro jars, downloaded into the cache on first use."""
    with _lock:
        try:
            return [fetch(artifact, jar_dir()) for artifact in ARTIFACTS]
        except DownloadError as err:
            raise RuntimeError(str(err)) from err
