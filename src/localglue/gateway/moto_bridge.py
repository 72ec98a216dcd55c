"""The one way localglue asks moto: its WSGI app for requests localglue passes on, `forward` for a handler
that wants moto's answer to the request it is answering (possibly with other parameters)."""

from __future__ import annotations

import functools
import io
import json
from typing import TYPE_CHECKING, Any

from moto.backends import get_backend
from moto.core.base_backend import BackendDict
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import iam
from .errors import AwsError

if TYPE_CHECKING:
    from .context import RequestContext


def backends_of(service: str) -> BackendDict[Any]:
    """moto's backends of a service named at run time (moto's own typing takes only literal names)."""
    return get_backend(service)  # type: ignore[call-overload]


@functools.cache
def moto_app() -> DomainDispatcherApplication:
    return DomainDispatcherApplication(create_backend_app)


def forward(ctx: RequestContext, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ask moto the request's action (with `params` instead of the request's own, if given) and return its
    parsed answer; moto's refusals come back as AwsError, so a handler can let them propagate unchanged."""
    body = ctx.body if params is None else json.dumps(params).encode()
    environ = dict(ctx.environ)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    if params is not None and ctx.runtime.enforce_iam:
        environ["HTTP_AUTHORIZATION"] = iam.signed_for_body(ctx, environ, body)
    captured: dict[str, int] = {}

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        captured["status"] = int(status.split()[0])

    chunks = moto_app()(environ, start_response)
    payload = b"".join(chunks)
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
    try:
        data = json.loads(payload) if payload.strip() else {}
    except json.JSONDecodeError:  # an XML or plain-text refusal: keep its words
        data = {"message": payload.decode(errors="replace").strip()[:1000]}
    if captured["status"] >= 300:
        code = str(data.get("__type", "InternalFailure")).split("#")[-1]
        raise AwsError(code, data.get("message") or data.get("Message") or "", captured["status"])
    return data
