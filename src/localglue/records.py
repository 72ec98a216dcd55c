"""The gateways `localglue start` runs in the background, recorded per user (pid, port, URL, log), so
that `stop`, `status` and every client command find them from any folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from . import paths


@dataclass
class Record:
    pid: int
    port: int
    url: str
    log: str
    persist_dir: str | None
    started: float

    @property
    def path(self) -> Path:
        return record_path(self.port)

    def save(self) -> None:
        self.path.write_text(json.dumps(asdict(self), indent=2) + "\n")


def record_path(port: int) -> Path:
    return paths.run_dir() / f"gateway-{port}.json"


def records() -> list[Record]:
    found = []
    for path in sorted(paths.run_dir().glob("gateway-*.json")):
        try:
            found.append(Record(**json.loads(path.read_text())))
        except (ValueError, TypeError):
            path.unlink(missing_ok=True)  # a record cut short: nothing to find through it
    return found


def alive(pid: int) -> bool:
    """The process exists and is a localglue gateway (a pid reused by another program is not ours)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"localglue" in command and b"up" in command


def record_for(url: str | None) -> Record | None:
    """The running background gateway at `url` (or the only one when `url` is not given)."""
    running = []
    for record in records():
        if alive(record.pid):
            running.append(record)
        else:
            record.path.unlink(missing_ok=True)
    if url is None:
        return running[0] if len(running) == 1 else None
    return next((record for record in running if record.url == url.rstrip("/")), None)


def started_url() -> str | None:
    """The URL of the one gateway `localglue start` runs, if exactly one runs."""
    record = record_for(None)
    return record.url if record else None
