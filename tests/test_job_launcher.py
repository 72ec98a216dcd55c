"""The job launcher outlives no gateway: once its parent is gone, its whole process group ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

# Stands in for the gateway: starts the launcher as the jobs engine does (a process group of its own),
# prints its pid, then waits to be killed.
PARENT = """
import subprocess, sys, time
launcher = subprocess.Popen([sys.executable, "-m", "localglue.jobs.launcher", sys.argv[1]], start_new_session=True)
print(launcher.pid, flush=True)
time.sleep(600)
"""

# The job: a child process of its own (as Spark's JVM is), both pids written for the test.
SCRIPT = """
import json, os, subprocess, sys, time
child = subprocess.Popen(["sleep", "600"])
open(sys.argv[1] + ".part", "w").write(json.dumps([os.getpid(), child.pid]))
os.replace(sys.argv[1] + ".part", sys.argv[1])
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    raise AssertionError(f"not so after {seconds} s")


def test_a_launcher_whose_parent_dies_ends_its_process_group(tmp_path: Path):
    script, pids = tmp_path / "job.py", tmp_path / "pids.json"
    script.write_text(textwrap.dedent(SCRIPT))
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "python_path": [],
                "py_files": [],
                "spark_properties": {},
                "script": str(script),
                "argv": [str(pids)],
                "result": str(tmp_path / "result.json"),
            }
        )
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PARENT), str(spec)], stdout=subprocess.PIPE, text=True
    )
    launcher = 0
    try:
        launcher = int(parent.stdout.readline())
        driver, child = wait_until(lambda: pids.is_file() and json.loads(pids.read_text()), 30)
        assert driver == launcher and alive(driver) and alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        # the launcher checks its parent every PARENT_CHECK_SECONDS
        wait_until(lambda: not alive(driver) and not alive(child), 15)
    finally:
        parent.kill()
        parent.wait()
        if launcher and alive(launcher):  # the test failed: end what it started
            os.killpg(launcher, signal.SIGKILL)
