"""Result files as Athena writes them at the output location, and read back from there.

DML: `<id>.csv` (a header row, every value double-quoted with `""` escaping, NULL as an empty unquoted
field) and `<id>.csv.metadata` (the column descriptions). DDL and utility statements: `<id>.txt`, one
line per row. CTAS, INSERT INTO and UNLOAD also get `<id>-manifest.csv`, the files they wrote, one S3 path
a line (GetQueryExecution's `Statistics.DataManifestLocation`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from moto.backends import get_backend
from moto.s3.exceptions import MissingBucket

from ..s3paths import split_s3_uri
from .errors import BUCKET_NOT_FOUND, QueryFailed

Row = list[str | None]


@dataclass
class QueryResult:
    columns: list[tuple[str, str, int, int]]  # (name, Athena type, precision, scale)
    rows: list[Row] | None  # values in Athena's text (None = NULL); None once only the file holds them
    tabular: bool = True  # DML results: CSV with a header row; DDL/utility results: plain text lines
    row_count: int = 0
    written_files: list[str] = field(default_factory=list)  # CTAS, INSERT, UNLOAD: the data files written
    update_count: int | None = None  # rows written by CTAS / INSERT / UNLOAD

    @property
    def header(self) -> list[Row]:
        """GetQueryResults puts a DML result's column names first, as a row."""
        return [[name for name, *_ in self.columns]] if self.tabular and self.columns else []

    def total_rows(self) -> int:
        return len(self.header) + self.row_count

    def size(self) -> int:
        """Roughly what the kept values weigh, for the in-memory budget."""
        return sum(len(value or "") + 8 for row in self.rows or [] for value in row)


def text_result(column: str, lines: list[str]) -> QueryResult:
    """A DDL or utility result: one text column, written as `<id>.txt`."""
    return QueryResult(
        [(column, "varchar", 0, 0)], [[line] for line in lines], tabular=False, row_count=len(lines)
    )


def no_result() -> QueryResult:
    """What a statement answers when it only changes the catalog."""
    return QueryResult([], [], tabular=False)


def result_file(output_location: str, query_id: str, tabular: bool) -> str:
    return f"{output_location.rstrip('/')}/{query_id}.{'csv' if tabular else 'txt'}"


def manifest_file(output_location: str, query_id: str) -> str:
    return f"{output_location.rstrip('/')}/{query_id}-manifest.csv"


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
            "CaseSensitive": athena_type in ("varchar", "char"),
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
        raise QueryFailed(
            None, f"Unable to verify/create output bucket {bucket}", error_type=BUCKET_NOT_FOUND
        ) from None


def read_object(account_id: str, path: str) -> bytes | None:
    bucket, key = split_s3_uri(path)
    try:
        found = get_backend("s3")[account_id]["global"].get_object(bucket, key)
    except MissingBucket:
        return None
    return None if found is None else bytes(found.value)


def _csv_field(value: str | None) -> str:
    return "" if value is None else '"' + value.replace('"', '""') + '"'


def csv_lines(header: Row, rows: Iterable[Row]) -> Iterator[str]:
    yield ",".join(_csv_field(name) for name in header) + "\n"
    for row in rows:
        yield ",".join(_csv_field(value) for value in row) + "\n"


def parse_csv(text: str) -> list[Row]:
    """Athena's result CSV back into values: a quoted field is text (`""` a quote), an unquoted empty
    field is NULL. Quoted fields may hold commas and newlines."""
    rows: list[Row] = []
    row: Row = []
    index, length = 0, len(text)
    while index < length:
        if text[index] == '"':
            end = index + 1
            chunks = []
            while True:
                close = text.index('"', end)
                chunks.append(text[end:close])
                if close + 1 < length and text[close + 1] == '"':
                    chunks.append('"')
                    end = close + 2
                    continue
                index = close + 1
                break
            row.append("".join(chunks))
        else:
            row.append(None)
        if index >= length or text[index] == "\n":
            rows.append(row)
            row = []
        index += 1  # the comma or the newline
    return rows


def write(account_id: str, path: str, result: QueryResult) -> None:
    rows = result.rows or []
    if not result.tabular:
        put_object(account_id, path, "".join(f"{row[0]}\n" for row in rows).encode())
        return
    header: list[str | None] = [name for name, *_ in result.columns]
    put_object(account_id, path, "".join(csv_lines(header, rows)).encode())
    # Real Athena encodes this file in a binary form of its own; ours holds the same column descriptions.
    put_object(account_id, path + ".metadata", json.dumps({"ColumnInfo": column_info(result)}).encode())


def read_back(account_id: str, path: str, result: QueryResult) -> list[Row]:
    """A finished result's values from its file (for results no longer kept in memory)."""
    data = read_object(account_id, path)
    if data is None:
        raise QueryFailed(None, f"The result file {path} is gone from S3")
    text = data.decode()
    if not result.tabular:
        return [[line] for line in text.splitlines()]
    return parse_csv(text)[1:]


def write_manifest(account_id: str, path: str, files: list[str]) -> None:
    put_object(account_id, path, "".join(f"{file}\n" for file in files).encode())
