"""The S3A jars: taken from the cache when there, a clear error with the fix when they cannot be fetched."""

from __future__ import annotations

import pytest

from localglue.jobs import spark_jars


def test_cached_jars_are_used_without_resolving(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALGLUE_CACHE", str(tmp_path))
    folder = tmp_path / "jars"
    folder.mkdir(parents=True)
    for name in ("hadoop-aws-3.3.4.jar", "aws-java-sdk-bundle-1.12.262.jar", "spark-avro_2.12-3.5.4.jar"):
        (folder / name).write_bytes(b"PK")
    monkeypatch.setenv("LOCALGLUE_MAVEN_REPOSITORY", "http://127.0.0.1:9/maven2")  # nothing to fetch from
    assert spark_jars.ensure_spark_jars() == [
        folder / "hadoop-aws-3.3.4.jar",
        folder / "aws-java-sdk-bundle-1.12.262.jar",
        folder / "spark-avro_2.12-3.5.4.jar",
    ]


def test_unreachable_repository_raises_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALGLUE_CACHE", str(tmp_path))
    monkeypatch.setenv("LOCALGLUE_MAVEN_REPOSITORY", "http://127.0.0.1:9/maven2")  # nothing listens there
    with pytest.raises(RuntimeError) as err:
        spark_jars.ensure_spark_jars()
    message = str(err.value)
    assert "org.apache.hadoop:hadoop-aws:3.3.4" in message
    assert str(tmp_path / "jars") in message
    assert "Fix:" in message and "LOCALGLUE_MAVEN_REPOSITORY" in message
    assert list((tmp_path / "jars").iterdir()) == []  # no partial file left to be taken for a jar
