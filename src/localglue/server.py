"""Serving one localglue gateway on loopback, in a thread of the current process.

`start` applies the declared moto patches, builds the gateway's engines (a `Runtime`), restores
`--persist` state, starts the engines and then serves; `stop` stops serving, then every engine (their
threads, job processes, servers), saves the state and gives moto back its own behaviour.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.serving import BaseWSGIServer, make_server

from . import persistence
from .gateway import iam, patches
from .gateway.app import HEALTH_PATH, SERVICES, Gateway
from .gateway.frontdoor import FrontDoor
from .gateway.hosts import HostPolicy
from .gateway.origins import OriginPolicy
from .runtime import Runtime

log = logging.getLogger("localglue.gateway")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566

# Each module registers its handlers with `registry.action` and declares its moto patches on import.
PROVIDERS = (
    "localglue.gateway.s3_gaps",
    "localglue.glue.provider",
    "localglue.glue.partitions",
    "localglue.glue.column_statistics",
    "localglue.athena.provider",
    "localglue.athena.catalog_api",
    "localglue.athena.iceberg_glue",
    "localglue.crawlers.provider",
    "localglue.jobs.provider",
    "localglue.jobs.bookmark_provider",
    "localglue.workflows.provider",
    "localglue.workflows.events",
    "localglue.eventbridge.targets",
    "localglue.alarms.actions",
    "localglue.logs.provider",
    "localglue.dataquality.provider",
)


def load_providers() -> None:
    for module in PROVIDERS:
        importlib.import_module(module)


def _configure_moto() -> None:
    # AWS managed policies (AWSGlueServiceRole) must exist for Terraform's policy attachments.
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")


class GatewayServer:
    """The localglue endpoint. `port=0` takes a free port; `url` tells which.

    With `persist_dir`, the API state is restored from it on start and saved to it on stop. With
    `enforce_iam`, every request must be signed by a known principal allowed to do what it asks.
    `allowed_hosts` are Host names served beside the bound address and loopback names (hosts.HostPattern);
    `cors_origins` the web page origins whose requests are served (none by default).
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        persist_dir: Path | None = None,
        enforce_iam: bool = False,
        allowed_hosts: Sequence[str] = (),
        cors_origins: Sequence[str] = (),
    ):
        self.host = host
        self.port = port
        self.persist_dir = persist_dir
        self.enforce_iam = enforce_iam
        # ValueError here, before anything starts, for a malformed --allow-host or --cors-origin
        self.host_policy = HostPolicy(allowed_hosts)
        self.origin_policy = OriginPolicy(cors_origins)
        self.runtime = Runtime()
        self.runtime.persist_dir = persist_dir
        self.runtime.enforce_iam = enforce_iam
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Where clients on this machine reach it (loopback when it binds every interface)."""
        if self._server is None:
            raise RuntimeError("the gateway is not started")
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        return f"http://{f'[{host}]' if ':' in host else host}:{self._server.server_port}"

    def start(self) -> GatewayServer:
        _configure_moto()
        load_providers()
        patches.apply_all()
        try:
            front_door = FrontDoor(Gateway(self.runtime), self.host_policy, self.origin_policy, HEALTH_PATH)
            self._server = make_server(
                self.host, self.port, front_door, threaded=True, request_handler=MotoRequestHandler
            )
            self.runtime.endpoint_url = self.url
            if self.persist_dir is not None and persistence.load(self.persist_dir, self.runtime.stores()):
                self.runtime.restored()
            if self.enforce_iam:
                iam.create_administrator()
            self.runtime.start()
        except BaseException:
            if self._server is not None:
                self._server.server_close()
                self._server = None
            patches.undo_all()
            raise
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="localglue-gateway", daemon=True
        )
        self._thread.start()
        log.info("localglue listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None
        try:
            self.runtime.stop()
            if self.persist_dir is not None:
                persistence.save(self.persist_dir, SERVICES, self.runtime.stores())
        finally:
            patches.undo_all()

    def __enter__(self) -> GatewayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
