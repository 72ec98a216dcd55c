"""Connections to the local S3: DuckDB reading moto's objects in place, s3fs writing through the gateway."""

from __future__ import annotations

import functools

import duckdb
import s3fs

from .s3files import MotoS3FileSystem


@functools.cache
def s3_filesystem(endpoint_url: str) -> s3fs.S3FileSystem:
    # Listings change between queries, so no listing cache.
    return s3fs.S3FileSystem(
        key="testing",
        secret="testing",
        endpoint_url=endpoint_url,
        client_kwargs={"region_name": "us-east-1"},
        use_listings_cache=False,
        skip_instance_cache=True,
    )


@functools.cache
def _database(account_id: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.register_filesystem(MotoS3FileSystem(account_id))
    con.execute("SET TimeZone = 'UTC'")
    return con


def connect(account_id: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection of its own (temp views stay per query) reading the account's S3 objects."""
    return _database(account_id).cursor()
