"""Where localglue keeps its files: state per project checkout, downloads in one cache per user.

State (Terraform working directories, job-run folders, snapshots) lives in the checkout's ignored
`.localglue/` (`LOCALGLUE_HOME` overrides it). Large downloads (Spark's S3A jars, the Trino server) live
in one user-level cache shared by every checkout, fetched once: `LOCALGLUE_CACHE`, else
`$XDG_CACHE_HOME/localglue`, else `~/.cache/localglue`.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def home() -> Path:
    """The working folder (state, generated Terraform config); `LOCALGLUE_HOME` overrides it."""
    return Path(os.environ.get("LOCALGLUE_HOME", PROJECT_ROOT / ".localglue"))


def cache_root() -> Path:
    """The user-level download cache shared by every checkout."""
    explicit = os.environ.get("LOCALGLUE_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "localglue"


def cache_dir(name: str) -> Path:
    """One download cache, e.g. the Spark jars; it survives `make clean` and new clones."""
    path = cache_root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def state_dir(name: str) -> Path:
    path = home() / "state" / name
    path.mkdir(parents=True, exist_ok=True)
    return path
