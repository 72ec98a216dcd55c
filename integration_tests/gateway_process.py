"""A localglue gateway in a process of its own, for tests that need process-wide settings or a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest


def start_gateway(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `localglue up --port 0 ARGS...` (in `env`, default this process's); return it and its URL.

    Its Athena engine starts Trino on the first query rather than with the gateway: most of these
    gateways never run one, and a Trino start costs both cores for half a minute."""
    env = {**(env or os.environ), "LOCALGLUE_ATHENA_PRESTART": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "localglue", "up", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    line = process.stdout.readline()
    if "ready at" not in line:
        process.kill()
        pytest.fail(f"localglue did not start: {line!r}")
    return process, line.rsplit(" ", 1)[-1].strip()


def stop_gateway(process: subprocess.Popen) -> None:
    """SIGTERM, as a user's Ctrl-C or a service manager would; a clean stop exits 0."""
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
