"""Where localglue keeps its working files: one ignored folder per project checkout."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def home() -> Path:
    """The working folder (state, caches, generated Terraform config); `LOCALGLUE_HOME` overrides it."""
    return Path(os.environ.get("LOCALGLUE_HOME", PROJECT_ROOT / ".localglue"))


def cache_dir(name: str) -> Path:
    """A cache that survives `make clean` of state, e.g. the Spark jars."""
    path = home() / "cache" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def state_dir(name: str) -> Path:
    path = home() / "state" / name
    path.mkdir(parents=True, exist_ok=True)
    return path
