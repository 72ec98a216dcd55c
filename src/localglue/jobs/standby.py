"""Warm drivers: a Spark JVM started ahead of the next run that uses the same Spark properties.

Spark's cold start (JVM, SparkContext, JIT of the first job) costs ~10-20 s on two cores. After a Spark
run ends, one `launcher --standby` process is started for the same properties (same gateway, region,
local cores, memory, jars): it warms up and waits. The next run with those properties takes it instead of
starting a process, and another is started after that run ends. A standby serves exactly one run, so runs
stay isolated (own process, own SparkContext, killed as a group on stop or timeout).

`LOCALGLUE_JOB_WARM_DRIVER=0` turns this off (every run cold). The jobs engine kills its standbys when
the gateway stops; a standby whose gateway process died exits on its own (see launcher).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from .. import paths

log = logging.getLogger("localglue.jobs")

WARM_DRIVER_ENV = "LOCALGLUE_JOB_WARM_DRIVER"


def enabled() -> bool:
    return os.environ.get(WARM_DRIVER_ENV, "1") != "0"


def key_for(properties_text: str, env: dict[str, str]) -> str:
    identity = properties_text + "".join(
        f"{k}={env.get(k)}\n" for k in ("AWS_REGION", "AWS_ENDPOINT_URL", "PYTHONPATH")
    )
    return hashlib.sha256(identity.encode()).hexdigest()


class WarmDrivers:
    """The warm drivers of one jobs engine, at most one per set of Spark properties; `shutdown` kills them."""

    def __init__(self) -> None:
        self._pool: dict[str, tuple[subprocess.Popen, Path]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def take(self, key: str) -> subprocess.Popen | None:
        """A live standby for these properties (possibly still warming up), removed from the pool."""
        if not enabled():
            return None
        with self._lock:
            process, _ = self._pool.pop(key, (None, None))
        if process is not None and process.poll() is None:
            return process
        return None

    def wait_ready(self, seconds: float) -> bool:
        """Wait until every standby has warmed up (benchmarks measure warm runs from a ready standby)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                waiting = [
                    (p, f) for p, f in self._pool.values() if p.poll() is None and not (f / "ready").exists()
                ]
            if not waiting:
                return True
            time.sleep(0.2)
        return False

    def replenish(self, key: str, properties_text: str, env: dict[str, str]) -> None:
        """Start a standby for these properties unless one is waiting already."""
        with self._lock:
            if self._closed or not enabled() or (key in self._pool and self._pool[key][0].poll() is None):
                return
            folder = paths.state_dir("job-standby") / uuid.uuid4().hex[:12]
            folder.mkdir(parents=True)
            properties = folder / "spark.conf"
            properties.write_text(properties_text)
            env = dict(
                env, PYSPARK_SUBMIT_ARGS=f"--properties-file {shlex.quote(str(properties))} pyspark-shell"
            )
            process = subprocess.Popen(
                [sys.executable, "-m", "localglue.jobs.launcher", "--standby"],
                cwd=folder,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            self._pool[key] = (process, folder)
            log.debug("warm driver %s started for properties %s", process.pid, key[:12])

    def count(self) -> int:
        """Standbys alive now."""
        with self._lock:
            return sum(1 for process, _ in self._pool.values() if process.poll() is None)

    def shutdown(self) -> list[int]:
        """Kill every standby with its process group; returns their pids. No standby starts after."""
        with self._lock:
            self._closed = True
            processes = [process for process, _ in self._pool.values()]
            self._pool.clear()
        for process in processes:
            kill_group(process.pid)
            process.wait()
        return [process.pid for process in processes]


def kill_group(pgid: int, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass
