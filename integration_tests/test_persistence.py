"""`localglue up --persist DIR` keeps buckets, objects and catalog entries across a restart."""

from __future__ import annotations

import boto3

from gateway_process import start_gateway, stop_gateway

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def test_state_survives_a_restart(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        s3 = boto3.client("s3", endpoint_url=url, **CREDENTIALS)
        s3.create_bucket(Bucket="kept-bucket")
        s3.put_object(Bucket="kept-bucket", Key="incoming/a.csv", Body=b"user_id\nu1\n")
        boto3.client("glue", endpoint_url=url, **CREDENTIALS).create_database(
            DatabaseInput={"Name": "kept_db"}
        )
    finally:
        stop_gateway(process)
    assert (tmp_path / "moto-state.pickle").stat().st_size > 0

    process, url = start_gateway("--persist", str(tmp_path))
    try:
        s3 = boto3.client("s3", endpoint_url=url, **CREDENTIALS)
        body = s3.get_object(Bucket="kept-bucket", Key="incoming/a.csv")["Body"].read()
        assert body == b"user_id\nu1\n"
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        assert glue.get_database(Name="kept_db")["Database"]["Name"] == "kept_db"
    finally:
        stop_gateway(process)


def test_without_persist_a_restart_starts_empty(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        boto3.client("s3", endpoint_url=url, **CREDENTIALS).create_bucket(Bucket="fresh-bucket")
    finally:
        stop_gateway(process)
    process, url = start_gateway()
    try:
        names = [
            b["Name"] for b in boto3.client("s3", endpoint_url=url, **CREDENTIALS).list_buckets()["Buckets"]
        ]
        assert "fresh-bucket" not in names
    finally:
        stop_gateway(process)
