"""Serving the gateway on loopback, in a thread of the current process."""

from __future__ import annotations

import importlib
import logging
import os
import threading
from pathlib import Path

from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.serving import BaseWSGIServer, make_server

from .. import persistence
from . import iam
from .app import SERVICES, Gateway

log = logging.getLogger("localglue.gateway")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4566

# Each module registers its handlers with `registry.action` on import.
PROVIDERS = (
    "localglue.glue.provider",
    "localglue.athena.provider",
    "localglue.crawlers.provider",
    "localglue.jobs.provider",
    "localglue.jobs.bookmark_provider",
    "localglue.workflows.provider",
    "localglue.logs.provider",
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
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        persist_dir: Path | None = None,
        enforce_iam: bool = False,
    ):
        self.host = host
        self.port = port
        self.persist_dir = persist_dir
        self.enforce_iam = enforce_iam
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the gateway is not started")
        return f"http://{self.host}:{self._server.server_port}"

    def start(self) -> GatewayServer:
        _configure_moto()
        load_providers()
        if self.persist_dir is not None:
            persistence.load(self.persist_dir)
        if self.enforce_iam:
            iam.enable_enforcement()
        app = Gateway()
        self._server = make_server(
            self.host, self.port, app, threaded=True, request_handler=MotoRequestHandler
        )
        app.endpoint_url = self.url
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="localglue-gateway", daemon=True
        )
        self._thread.start()
        log.info("localglue listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None
        if self.persist_dir is not None:
            persistence.save(self.persist_dir, SERVICES)

    def __enter__(self) -> GatewayServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
