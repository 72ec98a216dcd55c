"""The jars a job run's Spark needs beyond pyspark's own: S3A for `s3://` on the gateway, and Avro.

pyspark's wheel has no `hadoop-aws` and no `spark-avro`. The S3A connector matching pyspark 3.5's Hadoop
(3.3.4) with the AWS SDK bundle it was built against, and Spark's Avro data source of pyspark's version
(its Avro library ships with pyspark), are resolved from Maven Central once, with the Ivy that ships
inside pyspark (the resolver behind `spark.jars.packages`), or with Maven when Ivy cannot reach the
repository. Later runs use the cached jars, so no job run resolves anything and runs work offline.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pyspark

from .. import paths

HADOOP_AWS = ("org.apache.hadoop", "hadoop-aws", "3.3.4")
# The SDK version hadoop-aws 3.3.4 declares in its POM.
AWS_SDK_BUNDLE = ("com.amazonaws", "aws-java-sdk-bundle", "1.12.262")
SPARK_AVRO = ("org.apache.spark", "spark-avro_2.12", pyspark.__version__)
ARTIFACTS = (HADOOP_AWS, AWS_SDK_BUNDLE, SPARK_AVRO)
# What Ivy resolves, with the configuration: hadoop-aws with its dependencies (the SDK bundle), spark-avro
# alone (`master`: the artifact without dependencies; Spark and Avro are pyspark's own).
ROOTS = ((HADOOP_AWS, "default"), (SPARK_AVRO, "master"))
_lock = threading.Lock()


def jar_dir() -> Path:
    return paths.cache_dir("jars")


def _jar_name(artifact: tuple[str, str, str]) -> str:
    _, name, version = artifact
    return f"{name}-{version}.jar"


def cached_jars() -> list[Path] | None:
    jars = [jar_dir() / _jar_name(artifact) for artifact in ARTIFACTS]
    return jars if all(jar.is_file() and jar.stat().st_size > 0 for jar in jars) else None


def _ivy_jar() -> Path:
    found = sorted((Path(pyspark.__file__).parent / "jars").glob("ivy-*.jar"))
    if not found:
        raise FileNotFoundError("pyspark ships no ivy jar")
    return found[0]


def _resolve_with_ivy(target: Path) -> None:
    ivy_cache = target / ".ivy-cache"  # Ivy's own copy of the 280 MB bundle: dropped once retrieved
    try:
        for root, configuration in ROOTS:
            if (target / _jar_name(root)).is_file():  # a cache from before another jar was added
                continue
            group, name, version = root
            subprocess.run(
                [
                    "java",
                    "-jar",
                    str(_ivy_jar()),
                    "-dependency",
                    group,
                    name,
                    version,
                    "-confs",
                    configuration,
                    "-cache",
                    str(ivy_cache),
                    "-retrieve",
                    str(target / "[artifact]-[revision].[ext]"),
                ],
                check=True,
                capture_output=True,
                text=True,
                timeout=900,
            )
    finally:
        shutil.rmtree(ivy_cache, ignore_errors=True)


def _resolve_with_maven(target: Path) -> None:
    if shutil.which("mvn") is None:
        raise FileNotFoundError("mvn is not installed")
    for group, name, version in ARTIFACTS:
        if (target / _jar_name((group, name, version))).is_file():
            continue
        subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "dependency:copy",
                f"-Dartifact={group}:{name}:{version}:jar",
                f"-DoutputDirectory={target}",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )


def ensure_spark_jars() -> list[Path]:
    """The hadoop-aws, aws-java-sdk-bundle and spark-avro jars, downloaded into the cache on first use."""
    with _lock:
        jars = cached_jars()
        if jars:
            return jars
        failures = []
        for resolve in (_resolve_with_ivy, _resolve_with_maven):
            try:
                resolve(jar_dir())
            except (OSError, subprocess.SubprocessError) as err:
                detail = getattr(err, "stderr", "") or ""
                failures.append(f"{resolve.__name__}: {err} {detail.strip()[-300:]}")
                continue
            jars = cached_jars()
            if jars:
                return jars
            failures.append(f"{resolve.__name__}: finished but {jar_dir()} lacks the jars")
        coordinates = ", ".join(":".join(artifact) for artifact in ARTIFACTS)
        raise RuntimeError(
            f"cannot resolve the Spark jars ({coordinates}) from Maven Central into {jar_dir()}: "
            + "; ".join(failures)
            + ". Fix: allow access to https://repo1.maven.org (or configure a Maven mirror in ~/.m2/settings.xml),"
            " or copy the jars into that folder by hand."
        )
