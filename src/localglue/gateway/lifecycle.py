"""How an engine lives with its gateway (LocalStack's `ServiceLifecycleHook` is the model).

An engine is built by the gateway's runtime and does nothing on import: `start` is called when the gateway
starts (threads, servers), `stop` when it stops (every thread, process and server it started, ended);
`stores` names the state `--persist` keeps, and `restored` is called once that state is back, to end what
the previous gateway's stop cut short.

moto is one per process; a moto hook (a patch) that must reach an engine finds the gateway whose request
or engine thread it runs on through `current()`.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..runtime import Runtime
    from .stores import AccountRegionStore


class Engine:
    name = "engine"

    def start(self) -> None:
        """Start what the engine runs in the background."""

    def stop(self) -> None:
        """Stop everything `start` and the engine's work started."""

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        """The state `--persist` keeps, by a name unique in the gateway."""
        return {}

    def restored(self) -> None:
        """Called after `--persist` put the stores back."""

    def describe(self) -> dict[str, Any]:
        """The engine's state for the health check and `localglue status`."""
        return {"state": "running"}

    def running_work(self) -> list[str]:
        """What `stop` would end now (job runs, servers), as people name it."""
        return []


_current: contextvars.ContextVar[Runtime | None] = contextvars.ContextVar("localglue_runtime", default=None)
_running: list[Runtime] = []
_running_lock = threading.Lock()


def current() -> Runtime | None:
    """The gateway this request or engine thread belongs to; the only one running when unknown."""
    found = _current.get()
    if found is not None:
        return found
    with _running_lock:
        return _running[0] if len(_running) == 1 else None


@contextmanager
def serving(runtime: Runtime) -> Iterator[None]:
    token = _current.set(runtime)
    try:
        yield
    finally:
        _current.reset(token)


def register_running(runtime: Runtime) -> None:
    with _running_lock:
        _running.append(runtime)


def unregister_running(runtime: Runtime) -> None:
    with _running_lock:
        if runtime in _running:
            _running.remove(runtime)


def thread(runtime: Runtime, target: Callable[..., object], name: str, *args: object) -> threading.Thread:
    """A daemon thread of `runtime`'s engines: moto hooks it triggers find their gateway."""

    def run() -> None:
        with serving(runtime):
            target(*args)

    return threading.Thread(target=run, name=name, daemon=True)
