"""Every `sh` block of README.md, typed as written, in order, in a fresh clone of this repository: the
commands a newcomer runs first. The one exception is `make test`, the command that runs this test (the
README shows it in a `text` block)."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
MARK = "::localglue-readme::"


def readme_commands(text: str) -> list[str]:
    return [line for block in SH_BLOCK.findall(text) for line in block.splitlines() if line.strip()]


def test_the_readme_lists_the_commands_in_sh_blocks():
    commands = readme_commands((REPOSITORY / "README.md").read_text())
    assert commands[:2] == ["make doctor", "python3.11 -m venv .venv"]
    assert "make run" in commands and "localglue stop" == commands[-1]
    assert "make test" not in commands


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_every_readme_command_works_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "localglue"
    subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(clone)], check=True)
    commands = readme_commands((clone / "README.md").read_text())
    script = ["set -euo pipefail"]
    for command in commands:
        script += [f'echo {shlex.quote(MARK + command)} "$(date +%s.%N)"', command]
    script.append(f'echo {shlex.quote(MARK + "end")} "$(date +%s.%N)"')

    venv = os.environ.get("VIRTUAL_ENV")
    path = ":".join(
        p for p in os.environ["PATH"].split(":") if not (venv and p.startswith(venv)) and ".venv" not in p
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "LOCALGLUE_", "VIRTUAL_ENV"))
    }
    # a port of its own (the machine's 4566 may be taken) and a record folder of its own, nothing else
    env.update(PATH=path, LOCALGLUE_PORT=str(free_port()), LOCALGLUE_RUN_DIR=str(tmp_path / "run"))
    started = time.monotonic()
    # a session of its own: whatever the commands leave running can be stopped, and only that
    process = subprocess.Popen(
        ["bash", "-c", "\n".join(script)],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, as a terminal shows it
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=3300)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # as Ctrl-C: each command stops what it started
            process.wait(timeout=120)
        stopped = subprocess.run(
            [str(clone / ".venv" / "bin" / "localglue"), "stop"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
        )
    (tmp_path / "output.txt").write_text(output)

    marks = [
        (line.split(" ")[0].removeprefix(MARK), line) for line in output.splitlines() if line.startswith(MARK)
    ]
    times = [float(line.rsplit(" ", 1)[1]) for _, line in marks]
    timings = {
        marks[i][1].removeprefix(MARK).rsplit(" ", 1)[0]: round(times[i + 1] - times[i], 1)
        for i in range(len(marks) - 1)
    }
    (tmp_path / "timings.json").write_text(json.dumps(timings, indent=2))
    print(json.dumps({"total_seconds": round(time.monotonic() - started), "per_command": timings}, indent=2))

    assert process.returncode == 0, output[-6000:]
    assert stopped.returncode == 2, stopped.stderr  # the README's own `localglue stop` had ended it
    assert "localglue 0.1.0" in output
    assert (
        "OK: the workflow completed, the output holds every row written, every input is archived." in output
    )
    for day in (
        "2026-11-28 orders=2 revenue=19.75",
        "2026-11-29 orders=3 revenue=49.85",
        "2026-11-30 orders=1 revenue=9.99",
    ):
        assert day in output
    assert re.search(r"^1 passed", output, re.MULTILINE)
    assert re.search(r"^5816\s+\| 129\.94$", output, re.MULTILINE)  # the pipeline's rows, and their mean lag
    reports = re.findall(r"^(/\S+\.html)$", output, re.MULTILINE)
    assert reports and all(Path(page).is_file() for page in reports)
    assert "stopped the gateway at http://127.0.0.1:" in output
    assert not list((tmp_path / "run").glob("gateway-*.json"))  # `localglue stop` ended it
