"""The objects a crawler's S3 target covers, read from the gateway's S3 in process.

The crawler reads moto's S3 backend directly (no HTTP): listing 1,000 keys and reading their first bytes
costs microseconds each this way. Only what Glue samples is ever read: the head of a text file, the
footer of a Parquet file, never a whole large object.
"""

from __future__ import annotations

import fnmatch
import functools
import io
import re
from dataclasses import dataclass
from datetime import datetime

from moto.backends import get_backend
from moto.s3.exceptions import MissingBucket
from moto.s3.models import FakeDeleteMarker, FakeKey

from ..s3paths import split_s3_uri


class CrawlTargetError(Exception):
    """A target the crawl cannot read; the message is the one the crawl reports."""


@dataclass(frozen=True)
class S3Path:
    bucket: str
    prefix: str  # "" for the whole bucket, else ends with "/" unless it names one object

    @classmethod
    def parse(cls, path: str) -> S3Path:
        if not path.startswith("s3://"):
            raise CrawlTargetError(f"Invalid S3 path {path!r}: an S3 target path starts with s3://")
        return cls(*split_s3_uri(path))

    def uri(self, key: str = "") -> str:
        return f"s3://{self.bucket}/{key}"


@dataclass(frozen=True)
class S3Object:
    bucket: str
    key: str
    size: int
    last_modified: datetime
    _fake_key: FakeKey

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    def read_range(self, start: int, length: int) -> bytes:
        with self._fake_key.lock:
            buffer = self._fake_key._value_buffer
            buffer.seek(start)
            return buffer.read(length)

    def head(self, length: int) -> bytes:
        return self.read_range(0, length)

    def open(self) -> io.RawIOBase:
        """A seekable read-only file over the object, reading only the ranges asked for (Parquet footers)."""
        return _RangeFile(self)


class _RangeFile(io.RawIOBase):
    def __init__(self, obj: S3Object):
        self._obj = obj
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._obj.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:
        data = self._obj.read_range(self._pos, len(buffer))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def list_objects(account_id: str, target: S3Path, exclusions: list[str] | None = None) -> list[S3Object]:
    """The latest version of every object under the target, minus exclusions, folder markers and empty files.

    Empty objects (`_SUCCESS` markers, folder placeholders) hold no data to classify; Glue skips them too.
    """
    s3 = get_backend("s3")[account_id]["global"]
    try:
        bucket = s3.get_bucket(target.bucket)
    except MissingBucket as err:
        raise CrawlTargetError(f"S3 bucket {target.bucket} does not exist.") from err
    excluded = [exclusion_pattern(glob) for glob in exclusions or []]
    objects = []
    for key_name, versions in list(bucket.keys.iterlists()):
        if not key_name.startswith(target.prefix) or not versions:
            continue
        latest = versions[-1]
        if isinstance(latest, FakeDeleteMarker) or key_name.endswith("/") or latest.size == 0:
            continue
        relative = key_name[len(target.prefix) :]
        if any(pattern.fullmatch(relative) for pattern in excluded):
            continue
        objects.append(S3Object(target.bucket, key_name, latest.size, latest.last_modified, latest))
    return sorted(objects, key=lambda obj: obj.key)


@functools.cache
def exclusion_pattern(glob: str) -> re.Pattern:
    """Glue's exclude patterns, relative to the include path.

    https://docs.aws.amazon.com/glue/latest/dg/define-crawler-choose-data-sources.html#crawler-data-stores-exclude
    `*` matches within one folder level, `**` across levels, `?` one character, `[...]` a class,
    `{a,b}` alternatives, `\\` escapes the next character.
    """
    out, i = [], 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and i + 1 < len(glob):
            i += 1
            out.append(re.escape(glob[i]))
        elif char == "[":
            end = glob.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = glob[i + 1 : end]
                out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                i = end
        elif char == "{":
            end = glob.find("}", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                alternatives = glob[i + 1 : end].split(",")
                out.append("(?:" + "|".join(fnmatch.translate(a)[4:-3] for a in alternatives) + ")")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))
