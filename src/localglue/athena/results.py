"""Result files as Athena writes them at the output location.

DML: `<id>.csv` (header, every value double-quoted, NULL as an empty unquoted field) and
`<id>.csv.metadata` (the column descriptions). DDL and utility statements: `<id>.txt`, one line per row.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from urllib.parse import unquote
from dataclasses import dataclass

import duckdb
import pyarrow as pa
from moto.backends import get_backend
from moto.s3.exceptions import MissingBucket

from .. import paths
from ..s3paths import split_s3_uri
from .errors import BUCKET_NOT_FOUND, QueryFailed
from .storage import connect


@dataclass
class QueryResult:
    columns: list[tuple[str, str, int, int]]  # (name, Athena type, precision, scale)
    rows: pa.Table | None  # every value already in Athena's text form (None = NULL)
    scanned_bytes: int = 0
    tabular: bool = True  # DML results: CSV with a header row; DDL/utility results: plain text lines

    @property
    def header(self) -> list[list[str]]:
        """GetQueryResults puts a DML result's column names first, as a row."""
        return [[name for name, *_ in self.columns]] if self.tabular and self.columns else []

    def row_count(self, rows: pa.Table | None) -> int:
        return len(self.header) + (rows.num_rows if rows is not None else 0)

    def page(self, rows: pa.Table | None, start: int, end: int) -> list[list[str | None]]:
        """Rows `start` to `end` (the header counting as row 0) of `rows`, this result's values."""
        header = self.header
        page = header[start:end]
        first, last = max(start - len(header), 0), max(end - len(header), 0)
        if rows is not None and last > first:
            chunk = rows.slice(first, last - first)
            columns = [chunk.column(i).to_pylist() for i in range(chunk.num_columns)]
            page.extend(list(values) for values in zip(*columns, strict=True))
        return page


def read_back(account_id: str, path: str, result: QueryResult) -> pa.Table:
    """A result's values from its CSV file (for results no longer kept in memory): an unquoted empty
    field is NULL, a quoted one the empty string."""
    names = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(result.columns))) + "}"
    con = connect(account_id)
    try:
        return con.sql(
            f"SELECT * FROM read_csv('{path}', auto_detect=false, header=false, skip=1, delim=',', quote='\"', "
            f"escape='\"', allow_quoted_nulls=false, columns={names})"
        ).fetch_arrow_table()
    finally:
        con.close()


def result_file(output_location: str, query_id: str, tabular: bool) -> str:
    return f"{output_location.rstrip('/')}/{query_id}.{'csv' if tabular else 'txt'}"


def column_info(result: QueryResult) -> list[dict]:
    return [
        {
            "CatalogName": "hive",
            "SchemaName": "",
            "TableName": "",
            "Name": name,
            "Label": name,
            "Type": athena_type,
            "Precision": precision,
            "Scale": scale,
            "Nullable": "UNKNOWN",
            "CaseSensitive": athena_type in ("varchar", "string", "char"),
        }
        for name, athena_type, precision, scale in result.columns
    ]


def put_object(account_id: str, path: str, data: bytes) -> None:
    """Store an object as the Athena service does, with the service's own rights (not the caller's keys):
    in moto's S3 backend, which also sends the bucket's event notifications."""
    bucket, key = split_s3_uri(path)
    try:
        get_backend("s3")[account_id]["global"].put_object(bucket, key, data)
    except MissingBucket:
        message = f"Unable to verify/create output bucket {bucket}"
        raise QueryFailed(None, message, error_type=BUCKET_NOT_FOUND) from None


def copy_to_s3(
    account_id: str, con: duckdb.DuckDBPyConnection, source: str, path: str, options: str, head: bytes = b""
) -> None:
    """COPY `source` (a table name or a parenthesised query) into one S3 object at `path`, `head` first."""
    with tempfile.TemporaryDirectory(dir=paths.state_dir("athena")) as folder:
        body = f"{folder}/body"
        con.execute(f"COPY {source} TO '{body}' ({options})")
        with open(body, "rb") as rows:
            put_object(account_id, path, head + rows.read())


def copy_partitioned_to_s3(
    account_id: str,
    con: duckdb.DuckDBPyConnection,
    source: str,
    location: str,
    options: str,
    keys: list[str],
    stem: str,
    suffix: str = "",
) -> list[tuple[list[str], str]]:
    """COPY `source` into Hive-style `key=value/` folders under `location` (the keys' values stay out of
    the files, special characters %-escaped in folder names as Hive does); returns each partition's
    values and folder."""
    written: dict[tuple[str, ...], str] = {}
    with tempfile.TemporaryDirectory(dir=paths.state_dir("athena")) as folder:
        out = Path(folder) / "out"
        partition_by = ", ".join('"' + key.replace('"', '""') + '"' for key in keys)
        con.execute(f"COPY {source} TO '{out}' ({options}, PARTITION_BY ({partition_by}))")
        files = sorted(path for path in out.rglob("*") if path.is_file())
        for number, path in enumerate(files):
            folders = path.relative_to(out).parts[:-1]
            written[tuple(unquote(part.partition("=")[2]) for part in folders)] = (
                f"{location}{'/'.join(folders)}/"
            )
            put_object(
                account_id, f"{location}{'/'.join(folders)}/{stem}_{number:05d}{suffix}", path.read_bytes()
            )
    return [(list(values), folder) for values, folder in written.items()]


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def write(account_id: str, path: str, result: QueryResult) -> None:
    if not result.tabular:
        lines = result.rows.column(0).to_pylist() if result.rows is not None else []
        put_object(account_id, path, "".join(f"{line}\n" for line in lines).encode())
        return
    header = ",".join(_csv_field(name) for name, *_ in result.columns) + "\n"
    # Positional names: Athena allows duplicate output names, DuckDB's COPY does not.
    rows = result.rows.rename_columns([f"c{i}" for i in range(result.rows.num_columns)])
    con = connect(account_id)
    try:
        con.register("athena_result", rows)
        copy_to_s3(
            account_id,
            con,
            "athena_result",
            path,
            "FORMAT csv, HEADER false, FORCE_QUOTE *",
            header.encode(),
        )
    finally:
        con.close()
    # Real Athena encodes this file in a binary form of its own; ours holds the same column descriptions.
    put_object(account_id, path + ".metadata", json.dumps({"ColumnInfo": column_info(result)}).encode())
