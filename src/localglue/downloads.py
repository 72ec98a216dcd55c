"""Artifacts from Maven Central into the user-level cache: fetched once, checked, shown while they come.

Each artifact is downloaded to a `.partial` file beside its target, checked against the SHA-1 Maven
Central publishes with it, then renamed into place, so an interrupted or corrupted download is never
taken for a good one. Progress (bytes done of total) goes to stderr: a rich bar with size and speed on a
terminal, a line every 10% otherwise (and before `rich` is installed). `LOCALGLUE_MAVEN_REPOSITORY` points at a mirror.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

DEFAULT_REPOSITORY = "https://repo1.maven.org/maven2"
CHUNK = 1024 * 1024


class DownloadError(RuntimeError):
    """An artifact that could not be fetched; the message names it, where from and how to fix it."""


@dataclass(frozen=True)
class Artifact:
    group: str
    name: str
    version: str
    extension: str = "jar"

    @property
    def coordinates(self) -> str:
        return f"{self.group}:{self.name}:{self.version}:{self.extension}"

    @property
    def file_name(self) -> str:
        return f"{self.name}-{self.version}.{self.extension}"

    def url(self, repository: str | None = None) -> str:
        base = (repository or os.environ.get("LOCALGLUE_MAVEN_REPOSITORY") or DEFAULT_REPOSITORY).rstrip("/")
        return f"{base}/{self.group.replace('.', '/')}/{self.name}/{self.version}/{self.file_name}"


class Progress:
    """`label: 120 / 821 MB (15%)` on stderr while bytes arrive."""

    def __init__(self, label: str, total: int, out: IO[str] | None = None):
        self.label, self.total, self.done = label, total, 0
        self.out = out or sys.stderr
        self.live = self.out.isatty()
        self._bar = _rich_bar(label, total) if self.live else None
        self._shown_tenths = -1
        self._started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        if self._bar is not None:
            self._bar[0].advance(self._bar[1], count)
            return
        tenths = self.done * 10 // self.total if self.total else 0
        if self.live:
            self.out.write(f"\r{self._line()}")
            self.out.flush()
        elif tenths != self._shown_tenths:
            self._shown_tenths = tenths
            self.out.write(self._line() + "\n")
            self.out.flush()

    def finish(self) -> None:
        seconds = time.monotonic() - self._started
        if self._bar is not None:
            self._bar[0].stop()
        self.out.write(("\r" if self.live else "") + f"{self._line()} in {seconds:.0f} s\n")
        self.out.flush()

    def _line(self) -> str:
        mb = 2**20
        if not self.total:
            return f"{self.label}: {self.done / mb:,.0f} MB"
        return f"{self.label}: {self.done / mb:,.0f} / {self.total / mb:,.0f} MB ({100 * self.done // self.total}%)"


def _rich_bar(label: str, total: int):
    """A rich progress bar (size, speed, time left) started on stderr, or None without rich."""
    try:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as RichProgress
    except ImportError:  # `make doctor` runs before the project's environment exists
        return None
    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task(label, total=total or None)
    bar.start()
    return bar, task


def _expected_sha1(url: str) -> str:
    with urllib.request.urlopen(url + ".sha1", timeout=60) as answer:
        return answer.read().decode().split()[0].strip().lower()


def fetch(artifact: Artifact, folder: Path, *, quiet: bool = False) -> Path:
    """The artifact's file in `folder`, downloaded and checked first if it is not there yet."""
    target = folder / artifact.file_name
    if target.is_file() and target.stat().st_size > 0:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    url = artifact.url()
    partial = target.with_name(target.name + ".partial")
    try:
        expected = _expected_sha1(url)
        digest = hashlib.sha1(usedforsecurity=False)
        with urllib.request.urlopen(url, timeout=60) as answer, partial.open("wb") as out:
            total = int(answer.headers.get("Content-Length") or 0)
            progress = None if quiet else Progress(f"downloading {artifact.file_name}", total)
            while chunk := answer.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                if progress:
                    progress.advance(len(chunk))
            if progress:
                progress.finish()
    except (OSError, urllib.error.URLError) as err:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"cannot download {artifact.coordinates} from {url} into {folder}: {err}. Fix: allow access to "
            f"{DEFAULT_REPOSITORY} (or set LOCALGLUE_MAVEN_REPOSITORY to a Maven mirror), or put {target.name} "
            f"into {folder} by hand."
        ) from err
    if digest.hexdigest() != expected:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"{artifact.coordinates} from {url} does not match its published SHA-1 ({expected}): "
            "the download was damaged or altered. Fix: run the command again."
        )
    os.replace(partial, target)
    return target
