"""Read-only fsspec filesystem over moto's in-process S3 objects, for DuckDB's scans.

The gateway holds the objects in this very process, so reading them in place avoids an HTTP round
trip (and s3fs's several HEAD requests) per file. Writes go through the S3 API (see results.py).
"""

from __future__ import annotations

from fsspec.spec import AbstractBufferedFile, AbstractFileSystem
from moto.backends import get_backend
from moto.s3.models import FakeDeleteMarker

from ..s3paths import split_s3_uri

BLOCK_SIZE = 8 * 1024 * 1024


class MotoS3FileSystem(AbstractFileSystem):
    protocol = ("s3", "s3a")
    cachable = False

    def __init__(self, account_id: str, **kwargs):
        super().__init__(**kwargs)
        self.account_id = account_id

    def _buckets(self) -> dict:
        return get_backend("s3")[self.account_id]["global"].buckets

    def _key(self, path: str):
        bucket_name, key_name = split_s3_uri(path if "://" in path else "s3://" + path)
        bucket = self._buckets().get(bucket_name)
        key = bucket.keys.get(key_name) if bucket is not None and key_name else None
        return None if isinstance(key, FakeDeleteMarker) else key

    @classmethod
    def _strip_protocol(cls, path):
        path = path[0] if isinstance(path, list) else path
        for proto in ("s3://", "s3a://"):
            if path.startswith(proto):
                path = path[len(proto) :]
        return path.rstrip("/")

    def info(self, path, **kwargs):
        key = self._key(path)
        if key is not None:
            return {
                "name": self._strip_protocol(path),
                "size": key.size,
                "type": "file",
                "LastModified": key.last_modified,
            }
        listing = self.ls(path, detail=True)
        if listing:
            return {"name": self._strip_protocol(path), "size": 0, "type": "directory"}
        raise FileNotFoundError(path)

    def modified(self, path):
        key = self._key(path)
        if key is None:
            raise FileNotFoundError(path)
        return key.last_modified

    def ls(self, path, detail=True, **kwargs):
        bucket_name, prefix = split_s3_uri("s3://" + self._strip_protocol(path))
        bucket = self._buckets().get(bucket_name)
        if bucket is None:
            raise FileNotFoundError(path)
        prefix = prefix + "/" if prefix else ""
        entries: dict[str, dict] = {}
        for name, key in list(bucket.keys.items()):
            if not name.startswith(prefix) or isinstance(key, FakeDeleteMarker):
                continue
            child, sep, _ = name[len(prefix) :].partition("/")
            full = f"{bucket_name}/{prefix}{child}"
            if sep:
                entries.setdefault(full, {"name": full, "size": 0, "type": "directory"})
            elif child:
                entries[full] = {
                    "name": full,
                    "size": key.size,
                    "type": "file",
                    "LastModified": key.last_modified,
                }
        listing = sorted(entries.values(), key=lambda e: e["name"])
        return listing if detail else [e["name"] for e in listing]

    def _open(self, path, mode="rb", block_size=None, autocommit=True, cache_options=None, **kwargs):
        if mode != "rb":
            raise PermissionError("the in-process S3 reader is read-only; write through the S3 API")
        key = self._key(path)
        if key is None:
            raise FileNotFoundError(path)
        return MotoObjectFile(
            self, path, key, block_size=block_size or BLOCK_SIZE, cache_options=cache_options
        )


class MotoObjectFile(AbstractBufferedFile):
    def __init__(self, fs, path, key, **kwargs):
        self.key = key
        super().__init__(fs, path, mode="rb", size=key.size, **kwargs)

    def _fetch_range(self, start: int, end: int) -> bytes:
        with self.key.lock:
            self.key._value_buffer.seek(start)
            return self.key._value_buffer.read(end - start)
