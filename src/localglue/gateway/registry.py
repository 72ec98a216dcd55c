"""The actions localglue answers itself, in front of moto.

A provider module registers a handler per (service, action); everything not registered goes to moto.
JSON-protocol services name the action in the `X-Amz-Target` header, e.g. `AWSGlue.StartJobRun`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import RequestContext

Handler = Callable[["RequestContext", dict[str, Any]], dict[str, Any]]

# X-Amz-Target prefix -> moto's service name
TARGET_PREFIXES = {
    "AWSGlue": "glue",
    "AmazonAthena": "athena",
    "Logs_20140328": "logs",
    "AWSEvents": "events",
    "LocalGlue": "localglue",  # localglue's own actions (FireTrigger; CommitJobBookmark, from job runs)
}

_handlers: dict[tuple[str, str], Handler] = {}


def action(service: str, name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the answer to `service`'s `name` action."""

    def register(handler: Handler) -> Handler:
        key = (service, name)
        if key in _handlers and _handlers[key] is not handler:
            raise ValueError(f"{service}.{name} is already handled by {_handlers[key].__module__}")
        _handlers[key] = handler
        return handler

    return register


def handler_for(service: str, name: str) -> Handler | None:
    return _handlers.get((service, name))


def handled_actions() -> dict[str, list[str]]:
    by_service: dict[str, list[str]] = {}
    for service, name in sorted(_handlers):
        by_service.setdefault(service, []).append(name)
    return by_service
