"""The S3A connector jars Spark needs to read and write `s3://` on the gateway.

pyspark's wheel has no `hadoop-aws`. The connector matching pyspark 3.5's Hadoop (3.3.4) and the AWS SDK
bundle it was built against are fetched from Maven Central once into the user-level cache
(`localglue.downloads`); every later run uses the cached jars, offline.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .. import paths
from ..downloads import Artifact, DownloadError, fetch

HADOOP_AWS = Artifact("org.apache.hadoop", "hadoop-aws", "3.3.4")
# The SDK version hadoop-aws 3.3.4 declares in its POM.
AWS_SDK_BUNDLE = Artifact("com.amazonaws", "aws-java-sdk-bundle", "1.12.262")
ARTIFACTS = (HADOOP_AWS, AWS_SDK_BUNDLE)
_lock = threading.Lock()


def jar_dir() -> Path:
    return paths.cache_dir("jars")


def cached_jars() -> list[Path] | None:
    jars = [jar_dir() / artifact.file_name for artifact in ARTIFACTS]
    return jars if all(jar.is_file() and jar.stat().st_size > 0 for jar in jars) else None


def ensure_s3_jars() -> list[Path]:
    """The hadoop-aws and aws-java-sdk-bundle jars, downloaded into the cache on first use."""
    with _lock:
        try:
            return [fetch(artifact, jar_dir()) for artifact in ARTIFACTS]
        except DownloadError as err:
            raise RuntimeError(str(err)) from err
