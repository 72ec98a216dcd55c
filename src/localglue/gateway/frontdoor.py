"""What every request meets before a handler or moto answers it.

The Host (hosts.py) and the browser origin (origins.py): a refusal is AWS's error in the request's
protocol (protocols.py); an allowed origin's answers carry CORS headers, and no other answer does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .hosts import HostPolicy
from .origins import OriginPolicy
from .protocols import Operation, StartResponse, error_response, protocol_of

WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class FrontDoor:
    """WSGI middleware in front of the gateway's application (`app`), with its host and origin policies."""

    def __init__(self, app: WsgiApp, hosts: HostPolicy, origins: OriginPolicy):
        self.app = app
        self.hosts = hosts
        self.origins = origins

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        operation = Operation("", protocol_of(environ))
        refusal = self.hosts.refusal(environ) or self.origins.refusal(environ)
        if refusal is not None:
            return error_response(environ, operation, refusal, start_response)
        if self.origins.is_preflight(environ):
            return self.origins.preflight(environ, start_response)
        return self.app(environ, self.origins.wrap(environ, start_response))
