"""`localglue up --persist DIR`: the API state of every service, kept across restarts.

moto's backends are plain Python objects; the whole graph of the services localglue serves is pickled
in one piece (so objects shared between services stay shared) on shutdown, and put back before the
gateway answers its first request. Run history the engines keep outside moto joins the snapshot when
the engine registers it (`register`): job runs and crawls do; Athena's query executions do not.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from moto.backends import get_backend

log = logging.getLogger("localglue.persistence")

SNAPSHOT = "moto-state.pickle"
PRIVATE_KEY_TYPES = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)
# name -> (snapshot, restore) of the state an engine keeps outside moto
_engines: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}


def register(name: str, snapshot: Callable[[], Any], restore: Callable[[Any], None]) -> None:
    """Keep an engine's own state in the snapshot: `snapshot()` on save, `restore(it)` on load (after
    moto's backends are back). Whatever was running when the gateway stopped is the engine's to end."""
    _engines[name] = (snapshot, restore)


def _load_private_key(der: bytes) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    return serialization.load_der_private_key(der, password=None)


class _StatePickler(pickle.Pickler):
    """moto holds each KMS key's asymmetric half as a `cryptography` object, which cannot be pickled:
    it goes into the snapshot as DER bytes and comes back as the same key. A run's stop request (an
    Event) does not outlive the gateway: it comes back unset."""

    def reducer_override(self, obj):
        if isinstance(obj, threading.Event):
            return threading.Event, ()
        if isinstance(obj, PRIVATE_KEY_TYPES):
            der = obj.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            return _load_private_key, (der,)
        return NotImplemented


def save(directory: Path, services: Iterable[str]) -> Path:
    """Write the snapshot of `services` atomically: a crash mid-write leaves the previous one intact."""
    directory.mkdir(parents=True, exist_ok=True)
    state = {
        "moto": {
            service: {account: dict(regions) for account, regions in get_backend(service).items()}
            for service in services
        },
        "engines": {name: snapshot() for name, (snapshot, _) in _engines.items()},
    }
    target = directory / SNAPSHOT
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        _StatePickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    os.replace(partial, target)
    log.info("state saved to %s (%d bytes)", target, target.stat().st_size)
    return target


def load(directory: Path) -> bool:
    """Restore a snapshot written by `save`; False when there is none yet."""
    source = directory / SNAPSHOT
    if not source.exists():
        return False
    with source.open("rb") as snapshot:
        state = pickle.load(snapshot)
    # a snapshot of an earlier version holds moto's services alone
    moto_state, engines = (state["moto"], state["engines"]) if "moto" in state else (state, {})
    for service, accounts in moto_state.items():
        backends = get_backend(service)
        for account, regions in accounts.items():
            account_backends = backends[account]
            for region, backend in regions.items():
                # dict's own setter: AccountSpecificBackend.__getitem__ would build a fresh backend
                dict.__setitem__(account_backends, region, backend)
    for name, engine_state in engines.items():
        if name in _engines:
            _engines[name][1](engine_state)
    log.info("state restored from %s", source)
    return True
