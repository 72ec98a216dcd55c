"""The Spark jars (S3A, Avro): taken from the cache when there, a clear error with the fix when they
cannot be fetched."""

from __future__ import annotations

import pytest

from localglue.jobs import spark_jars


def test_cached_jars_are_used_without_resolving(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALGLUE_CACHE", str(tmp_path))
    folder = tmp_path / "jars"
    folder.mkdir(parents=True)
    names = ("hadoop-aws-3.3.4.jar", "aws-java-sdk-bundle-1.12.262.jar", "spark-avro_2.12-3.5.4.jar")
    for name in names:
        (folder / name).write_bytes(b"PK")
    monkeypatch.setenv("PATH", "")  # neither java nor mvn: nothing may be resolved
    assert spark_jars.ensure_spark_jars() == [folder / name for name in names]


def test_a_cache_without_the_avro_jar_is_incomplete(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALGLUE_CACHE", str(tmp_path))
    folder = tmp_path / "jars"
    folder.mkdir(parents=True)
    for name in ("hadoop-aws-3.3.4.jar", "aws-java-sdk-bundle-1.12.262.jar"):  # a cache from before Avro
        (folder / name).write_bytes(b"PK")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RuntimeError) as err:
        spark_jars.ensure_spark_jars()
    assert "org.apache.spark:spark-avro_2.12:3.5.4" in str(err.value)


def test_unresolvable_jars_raise_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALGLUE_CACHE", str(tmp_path))
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RuntimeError) as err:
        spark_jars.ensure_spark_jars()
    message = str(err.value)
    assert (
        "org.apache.hadoop:hadoop-aws:3.3.4" in message
        and "com.amazonaws:aws-java-sdk-bundle:1.12.262" in message
        and "org.apache.spark:spark-avro_2.12:3.5.4" in message
    )
    assert str(tmp_path / "jars") in message
    assert "Fix:" in message
