"""DuckDB connections that read the local S3 objects in place."""

from __future__ import annotations

import functools

import duckdb

from .s3files import MotoS3FileSystem


@functools.cache
def _database(account_id: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.register_filesystem(MotoS3FileSystem(account_id))
    con.execute("SET TimeZone = 'UTC'")
    return con


def connect(account_id: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection of its own (temp views stay per query) reading the account's S3 objects."""
    return _database(account_id).cursor()
