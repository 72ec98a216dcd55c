"""The recorded answers: `expected/<area>.json`, one file per statement file."""

from __future__ import annotations

import json
from pathlib import Path

EXPECTED_FOLDER = Path(__file__).parent / "expected"


def write_expected(answers: dict[str, dict[str, dict]], engine: str, folder: Path = EXPECTED_FOLDER) -> None:
    """`answers`: area -> statement name -> recorded answer; one file per area, rewritten whole."""
    folder.mkdir(parents=True, exist_ok=True)
    for area, by_name in answers.items():
        document = {"engine": engine, "statements": by_name}
        text = json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False)
        (folder / f"{area}.json").write_text(text + "\n", encoding="utf-8")


def load_expected(folder: Path = EXPECTED_FOLDER) -> dict[str, dict]:
    """Statement key (`area/name`) -> its recorded answer."""
    recorded: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        for name, answer in json.loads(path.read_text(encoding="utf-8"))["statements"].items():
            recorded[f"{path.stem}/{name}"] = answer
    return recorded
