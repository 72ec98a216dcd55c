"""Where localglue keeps its files: state per project checkout, downloads in one cache per user.

State (Terraform working directories, job-run folders, snapshots) lives in the checkout's ignored
`.localglue/`, or, for an installed localglue, in `.localglue/` of the current folder (`LOCALGLUE_HOME`
overrides both). What `localglue start` runs in the background is recorded per user
(`$XDG_STATE_HOME/localglue`, else `~/.local/state/localglue`), so `stop` and `status` find it from anywhere. Large downloads (Spark's S3A jars, the Trino server) live
in one user-level cache shared by every checkout, fetched once: `LOCALGLUE_CACHE`, else
`$XDG_CACHE_HOME/localglue`, else `~/.cache/localglue`.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def in_source_checkout() -> bool:
    """Run from this repository (an editable install), not from an installed wheel."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "src" / "localglue").is_dir()


def home() -> Path:
    """The working folder (state, generated Terraform config); `LOCALGLUE_HOME` overrides it."""
    explicit = os.environ.get("LOCALGLUE_HOME")
    if explicit:
        return Path(explicit)
    return (PROJECT_ROOT if in_source_checkout() else Path.cwd()) / ".localglue"


def run_dir() -> Path:
    """Where background gateways are recorded (pid, port, log), one folder per user."""
    explicit = os.environ.get("LOCALGLUE_RUN_DIR")
    if explicit:
        path = Path(explicit)
    else:
        xdg = os.environ.get("XDG_STATE_HOME")
        path = (Path(xdg) if xdg else Path.home() / ".local" / "state") / "localglue"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
