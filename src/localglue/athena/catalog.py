"""The Glue Data Catalog as Athena sees it: tables, their storage, partitions and files, read from moto."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote

from moto.backends import get_backend
from moto.s3.models import FakeDeleteMarker

from ..s3paths import split_s3_uri

OPEN_CSV_SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
LAZY_SIMPLE_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
JSON_SERDES = ("org.openx.data.jsonserde.JsonSerDe", "org.apache.hive.hcatalog.data.JsonSerDe")
TEXT_INPUT_FORMAT = "org.apache.hadoop.mapred.TextInputFormat"
HIVE_TEXT_OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
PARQUET_INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
PARQUET_OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"


@dataclass(frozen=True)
class S3File:
    path: str  # s3://bucket/key, as Athena's "$path"
    size: int
    modified: datetime


@dataclass
class Partition:
    values: list[str]
    location: str


@dataclass
class CatalogTable:
    database: str
    name: str
    columns: list[tuple[str, str]]  # (name, Hive type) of the data columns, in file order
    partition_keys: list[tuple[str, str]]
    location: str
    serde: str
    serde_params: dict[str, str]
    table_params: dict[str, str]
    input_format: str = ""
    partitions: list[Partition] = field(default_factory=list)
    view_sql: str | None = None  # an Athena view's SQL (Glue keeps it in ViewOriginalText)

    @property
    def storage(self) -> str:
        """How the files are read: "opencsv", "lazysimple", "parquet" or "json"."""
        serde = self.serde
        if serde == OPEN_CSV_SERDE:
            return "opencsv"
        if serde == PARQUET_SERDE or "parquet" in self.input_format.lower():
            return "parquet"
        if serde in JSON_SERDES:
            return "json"
        return "lazysimple"

    def param(self, name: str, default: str | None = None) -> str | None:
        """A storage parameter; Glue crawlers put some in the table, some in the SerDe parameters."""
        return self.serde_params.get(name, self.table_params.get(name, default))

    @property
    def header_lines(self) -> int:
        return int(self.param("skip.header.line.count", "0") or 0)


def glue(account_id: str, region: str):
    return get_backend("glue")[account_id][region]


def find_database(account_id: str, region: str, name: str):
    databases = glue(account_id, region).databases
    return databases.get(name) or databases.get(name.lower())


def find_table(account_id: str, region: str, database: str, name: str) -> CatalogTable | None:
    db = find_database(account_id, region, database)
    if db is None:
        return None
    fake = db.tables.get(name) or db.tables.get(name.lower())
    if fake is None:
        return None
    table = fake.as_dict()
    storage = table.get("StorageDescriptor") or {}
    serde_info = storage.get("SerdeInfo") or {}
    return CatalogTable(
        database=db.name,
        name=fake.name,
        columns=[(c["Name"].lower(), c.get("Type", "string")) for c in storage.get("Columns") or []],
        partition_keys=[
            (c["Name"].lower(), c.get("Type", "string")) for c in table.get("PartitionKeys") or []
        ],
        location=storage.get("Location") or "",
        serde=serde_info.get("SerializationLibrary") or "",
        serde_params=dict(serde_info.get("Parameters") or {}),
        # Crawlers write storage parameters (skip.header.line.count...) to the descriptor as well.
        table_params={**(storage.get("Parameters") or {}), **(table.get("Parameters") or {})},
        input_format=storage.get("InputFormat") or "",
        view_sql=view_sql(table) if table.get("TableType") == "VIRTUAL_VIEW" else None,
        partitions=[
            Partition(
                list(p.values), ((p.partition_input.get("StorageDescriptor") or {}).get("Location") or "")
            )
            for p in fake.partitions.values()
        ],
    )


PRESTO_VIEW = "/* Presto View: {} */"


def view_definition(table: dict) -> dict | None:
    """An Athena view's definition: base64 JSON in `/* Presto View: ... */`, as Athena writes it to Glue."""
    text = (table.get("ViewOriginalText") or "").strip()
    prefix, suffix = PRESTO_VIEW.split("{}")
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return None
    return json.loads(base64.b64decode(text[len(prefix) : -len(suffix)]))


def view_sql(table: dict) -> str | None:
    definition = view_definition(table)
    return None if definition is None else definition["originalSql"]


def list_files(account_id: str, location: str) -> list[S3File]:
    """The data files under a table or partition location, as Athena reads them: recursively, skipping
    folder markers and names starting with `_` or `.` (Hive's hidden files)."""
    bucket_name, prefix = split_s3_uri(location)
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    bucket = get_backend("s3")[account_id]["global"].buckets.get(bucket_name)
    if bucket is None:
        return []
    files = []
    for name, key in list(bucket.keys.items()):
        if not name.startswith(prefix) or isinstance(key, FakeDeleteMarker) or name.endswith("/"):
            continue
        relative = name[len(prefix) :]
        if name.endswith("_$folder$") or any(part[:1] in ("_", ".") for part in relative.split("/")):
            continue
        files.append(S3File(f"s3://{bucket_name}/{name}", key.size, key.last_modified))
    return sorted(files, key=lambda f: f.path)


def list_partition_dirs(account_id: str, location: str, keys: list[str]) -> list[tuple[list[str], str]]:
    """Hive-style `k1=v1/k2=v2/` folders under a table location, for MSCK REPAIR TABLE."""
    found: dict[tuple[str, ...], str] = {}
    root = location if location.endswith("/") else location + "/"
    for file in list_files(account_id, root):
        relative = file.path[len(root) :].split("/")[:-1]
        if len(relative) < len(keys):
            continue
        pairs = [part.partition("=") for part in relative[: len(keys)]]
        if all(sep and name.lower() == key for (name, sep, _), key in zip(pairs, keys, strict=True)):
            values = tuple(unquote(value) for _, _, value in pairs)  # Hive %-escapes special characters
            found.setdefault(values, root + "/".join(relative[: len(keys)]) + "/")
    return [(list(values), loc) for values, loc in sorted(found.items())]
