"""The files a source reads and a purge deletes: S3 through the job's endpoint, or the local filesystem.

A path names a folder (every file directly in it; with `recurse` in its subfolders too) or one file.
As Hadoop's readers do, empty objects, folder markers and names starting with `_` or `.` (`_SUCCESS`,
`.crc`) are not data. `exclusions` are Glue's glob patterns (`**.pdf`, `s3://bucket/tmp/**`): a file
is left out when one matches its path relative to the path listed or its whole URI.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import boto3
from botocore.exceptions import ClientError

from localglue.crawlers.listing import exclusion_pattern
from localglue.s3paths import split_s3_uri

S3_SCHEMES = ("s3://", "s3a://", "s3n://")


@dataclass(frozen=True)
class DataFile:
    uri: str
    size: int
    modified_ms: int  # last modification, milliseconds since the epoch (what job bookmarks compare)
    storage_class: str = "STANDARD"


class StorageError(ValueError):
    """A path that cannot be listed or deleted; the message names it."""


def is_s3(path: str) -> bool:
    return path.startswith(S3_SCHEMES)


def s3_client() -> Any:
    """An S3 client on the job's endpoint (AWS_ENDPOINT_URL, the run's credentials and region)."""
    return boto3.client("s3")


def parse_exclusions(exclusions: str | list[str] | None) -> list[str]:
    """The `exclusions` connection option: a JSON list of globs (Glue's form), or a list."""
    if not exclusions:
        return []
    if isinstance(exclusions, str):
        try:
            parsed = json.loads(exclusions)
        except json.JSONDecodeError as err:
            raise StorageError(f"exclusions {exclusions!r} is not a JSON list of glob patterns") from err
        exclusions = parsed
    if not isinstance(exclusions, list) or not all(isinstance(p, str) for p in exclusions):
        raise StorageError(f"exclusions {exclusions!r} is not a list of glob patterns")
    return exclusions


def list_files(
    paths: list[str], recurse: bool = False, exclusions: list[str] | None = None
) -> list[DataFile]:
    """The data files under `paths`, in path order, each once."""
    patterns = [exclusion_pattern(glob) for glob in exclusions or []]
    found: dict[str, DataFile] = {}
    for path in paths:
        listed = _list_s3(path, recurse) if is_s3(path) else _list_local(path, recurse)
        for relative, data_file in listed:
            if any(p.fullmatch(relative) or p.fullmatch(data_file.uri) for p in patterns):
                continue
            found.setdefault(data_file.uri, data_file)
    return list(found.values())


def _is_data(name: str) -> bool:
    return bool(name) and not name.startswith(("_", "."))


def _list_s3(path: str, recurse: bool) -> list[tuple[str, DataFile]]:
    scheme = path.split("://", 1)[0]
    bucket, key = split_s3_uri(path)
    s3 = s3_client()
    pages = s3.get_paginator("list_objects_v2")
    try:
        if key and not key.endswith("/"):
            exact = [
                o
                for page in pages.paginate(Bucket=bucket, Prefix=key)
                for o in page.get("Contents", [])
                if o["Key"] == key
            ]
            if exact:
                return [(key.rsplit("/", 1)[-1], _s3_file(scheme, bucket, exact[0]))]
            key += "/"
        arguments = {"Bucket": bucket, "Prefix": key} | ({} if recurse else {"Delimiter": "/"})
        objects = [o for page in pages.paginate(**arguments) for o in page.get("Contents", [])]
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code", "")
        raise StorageError(
            f"cannot list {path}: {code} {err.response.get('Error', {}).get('Message', '')}".strip()
        ) from err
    listed = []
    for obj in sorted(objects, key=lambda o: o["Key"]):
        relative = obj["Key"][len(key) :]
        if (
            obj["Key"].endswith("/")
            or obj["Size"] == 0
            or not all(_is_data(part) for part in relative.split("/"))
        ):
            continue
        listed.append((relative, _s3_file(scheme, bucket, obj)))
    return listed


def _s3_file(scheme: str, bucket: str, obj: dict) -> DataFile:
    modified: datetime = obj["LastModified"]
    return DataFile(
        f"{scheme}://{bucket}/{obj['Key']}",
        obj["Size"],
        int(modified.timestamp() * 1000),
        obj.get("StorageClass", "STANDARD"),
    )


def local_path(uri: str) -> Path:
    """The file a `file:` URI (or a plain path) names."""
    return Path(unquote(urlparse(uri).path)) if uri.startswith("file:") else Path(uri)


def _list_local(path: str, recurse: bool) -> list[tuple[str, DataFile]]:
    root = local_path(path)
    if root.is_file():
        return [(root.name, _local_file(root))]
    if not root.is_dir():
        raise StorageError(f"cannot list {path}: no such file or folder")
    candidates = root.rglob("*") if recurse else root.iterdir()
    listed = []
    for file in sorted(candidates):
        relative = file.relative_to(root).as_posix()
        if file.is_file() and file.stat().st_size > 0 and all(_is_data(part) for part in relative.split("/")):
            listed.append((relative, _local_file(file)))
    return listed


def _local_file(file: Path) -> DataFile:
    stat = file.stat()
    # not percent-encoded: Hadoop reads the path as it is written (`year=2024`, not `year%3D2024`)
    return DataFile(f"file://{file.resolve().as_posix()}", stat.st_size, int(stat.st_mtime * 1000))


def delete(files: list[DataFile]) -> list[tuple[DataFile, str]]:
    """Delete the files; return those that could not be, with the reason."""
    failed: list[tuple[DataFile, str]] = []
    by_bucket: dict[str, list[DataFile]] = {}
    for data_file in files:
        if is_s3(data_file.uri):
            by_bucket.setdefault(split_s3_uri(data_file.uri)[0], []).append(data_file)
            continue
        try:
            os.remove(local_path(data_file.uri))
        except OSError as err:
            failed.append((data_file, str(err)))
    for bucket, group in by_bucket.items():
        s3 = s3_client()
        for start in range(0, len(group), 1000):  # DeleteObjects takes at most 1,000 keys
            batch = {split_s3_uri(f.uri)[1]: f for f in group[start : start + 1000]}
            answer = s3.delete_objects(
                Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
            )
            failed += [
                (batch[e["Key"]], e.get("Message", e.get("Code", ""))) for e in answer.get("Errors", [])
            ]
    return failed


def write_text(uri: str, text: str) -> None:
    """Write a small text file (a purge manifest) at `uri`."""
    if is_s3(uri):
        bucket, key = split_s3_uri(uri)
        s3_client().put_object(Bucket=bucket, Key=key, Body=text.encode())
        return
    target = local_path(uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
