"""`known_differences.toml`: the agreement threshold and the statements known to disagree, each with why."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

KNOWN_FILE = Path(__file__).parent / "known_differences.toml"


@dataclass(frozen=True)
class KnownDifferences:
    min_agreement: float
    reasons: dict[str, str]  # statement key -> why it differs (with an AWS doc URL or the open bug)


def load_known(path: Path = KNOWN_FILE) -> KnownDifferences:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    reasons = {}
    for key, entry in document.get("differences", {}).items():
        if not entry.get("reason"):
            raise ValueError(f"{path}: known difference {key!r} gives no reason")
        reasons[key] = entry["reason"] + (f" ({entry['url']})" if entry.get("url") else "")
    return KnownDifferences(float(document["min_agreement"]), reasons)
