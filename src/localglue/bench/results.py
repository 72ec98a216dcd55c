"""What a `make bench` run measured, kept on disk: `bench/results/<date>-<commit>.json` and `.md`.

Each figure names what was measured, its value and unit, the target it is reported against (a goal, never
a test assertion) and, where one exists, the same figure for a reference engine measured in the same run.
The machine's cores, memory and load (at the start and at the end) come with every file.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..paths import PROJECT_ROOT

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"


@dataclass
class Figure:
    area: str
    name: str
    value: float
    unit: str
    target: str = ""  # e.g. "<= 50 ms"
    reference: str = ""  # what `reference_value` was measured on, e.g. "Trino direct"
    reference_value: float | None = None
    note: str = ""


def machine() -> dict[str, object]:
    memory_kib = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024**2, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def commit() -> str:
    answer = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    return answer.stdout.strip() or "unknown"


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    machine: dict[str, object] = field(default_factory=machine)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        shown = f"{figure.value:g} {figure.unit}"
        if figure.reference_value is not None:
            shown += f" ({figure.reference}: {figure.reference_value:g} {figure.unit})"
        print(
            f"  {figure.area}: {figure.name}: {shown}"
            + (f"  target {figure.target}" if figure.target else "")
        )
        return figure

    def write(self, folder: Path = RESULTS_DIR) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{self.started:%Y-%m-%d}-{commit()}"
        record = {
            "date": self.started.isoformat(timespec="seconds"),
            "commit": commit(),
            "machine": {**self.machine, "load_at_end": [round(x, 2) for x in os.getloadavg()]},
            "figures": [asdict(figure) for figure in self.figures],
        }
        data = folder / f"{stem}.json"
        data.write_text(json.dumps(record, indent=2) + "\n")
        table = folder / f"{stem}.md"
        table.write_text(markdown(record))
        return data, table


def markdown(record: dict) -> str:
    box = record["machine"]
    lines = [
        f"# make bench, {record['date']}, commit {record['commit']}",
        "",
        f"{box['cores']} cores, {box['memory_gib']} GiB, load {box['load_at_start']} at the start and "
        f"{box['load_at_end']} at the end; {box['platform']}, Python {box['python']}.",
        "",
        "| Area | Figure | Value | Reference (same run) | Target |",
        "|---|---|---|---|---|",
    ]
    for figure in record["figures"]:
        reference = (
            f"{figure['reference']}: {figure['reference_value']:g} {figure['unit']}"
            if figure["reference_value"] is not None
            else ""
        )
        note = f" ({figure['note']})" if figure["note"] else ""
        lines.append(
            f"| {figure['area']} | {figure['name']}{note} | {figure['value']:g} {figure['unit']} | {reference} "
            f"| {figure['target']} |"
        )
    return "\n".join(lines) + "\n"
