"""`localglue up --persist DIR`: the API state of every service and every engine, kept across restarts.

moto's backends are plain Python objects; the whole graph of the services localglue serves is pickled
in one piece (so objects shared between services stay shared) together with every engine's store (job
runs, crawls and classifiers, workflow runs, Athena's query executions: `Engine.stores`), on shutdown,
and put back before the gateway answers its first request. Whatever was running when the gateway
stopped is ended by its engine (`Engine.restored`).
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from .gateway.moto_bridge import backends_of
from .gateway.stores import AccountRegionStore

log = logging.getLogger("localglue.persistence")

SNAPSHOT = "moto-state.pickle"
PRIVATE_KEY_TYPES = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


def _load_private_key(der: bytes) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    key = serialization.load_der_private_key(der, password=None)
    assert isinstance(key, PRIVATE_KEY_TYPES)
    return key


class _StatePickler(pickle.Pickler):
    """moto holds each KMS key's asymmetric half as a `cryptography` object, which cannot be pickled:
    it goes into the snapshot as DER bytes and comes back as the same key. Locks and a run's stop request
    (an Event) do not outlive the gateway: they come back fresh."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, threading.Event):
            return threading.Event, ()
        if isinstance(obj, _LOCK_TYPES):
            return (threading.RLock if "RLock" in type(obj).__name__ else threading.Lock), ()
        if isinstance(obj, PRIVATE_KEY_TYPES):
            der = obj.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            return _load_private_key, (der,)
        return NotImplemented


# moto's object graphs nest deeper than Python's default 1,000 frames once SNS, SQS, CloudWatch and the
# pipeline's resources are in them: the snapshot is pickled on a thread with room for that depth
PICKLE_RECURSION_LIMIT = 100_000
PICKLE_STACK_BYTES = 512 * 1024 * 1024


def dump(state: Any, out: BinaryIO) -> None:
    """Pickle `state` as snapshots are written (locks and events come back fresh, keys as DER)."""
    failure: list[BaseException] = []

    def pickle_state() -> None:
        try:
            _StatePickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
        except BaseException as error:  # raised again on the caller's thread
            failure.append(error)

    limit = sys.getrecursionlimit()
    previous_stack = threading.stack_size(PICKLE_STACK_BYTES)
    sys.setrecursionlimit(max(limit, PICKLE_RECURSION_LIMIT))
    try:
        worker = threading.Thread(target=pickle_state, name="localglue-persist")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(limit)
    if failure:
        raise failure[0]


def save(directory: Path, services: Iterable[str], stores: Mapping[str, AccountRegionStore[Any]]) -> Path:
    """Write the snapshot atomically: a crash mid-write leaves the previous one intact."""
    directory.mkdir(parents=True, exist_ok=True)
    state = {
        "moto": {
            service: {account: dict(regions) for account, regions in backends_of(service).items()}
            for service in services
        },
        "engines": {name: store.snapshot() for name, store in stores.items()},
    }
    target = directory / SNAPSHOT
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        dump(state, out)
    os.replace(partial, target)
    log.info("state saved to %s (%d bytes)", target, target.stat().st_size)
    return target


def load(directory: Path, stores: Mapping[str, AccountRegionStore[Any]]) -> bool:
    """Restore a snapshot written by `save` into moto and `stores`; False when there is none yet."""
    source = directory / SNAPSHOT
    if not source.exists():
        return False
    with source.open("rb") as snapshot:
        state = pickle.load(snapshot)
    # a snapshot of an earlier version holds moto's services alone
    moto_state, engines = (state["moto"], state["engines"]) if "moto" in state else (state, {})
    for service, accounts in moto_state.items():
        backends = backends_of(service)
        for account, regions in accounts.items():
            account_backends = backends[account]
            for region, backend in regions.items():
                # dict's own setter: AccountSpecificBackend.__getitem__ would build a fresh backend
                dict.__setitem__(account_backends, region, backend)
    for name, kept in engines.items():
        if name in stores and isinstance(kept, dict):
            stores[name].restore(kept)
        else:
            log.warning("the snapshot's %r state is not one this gateway keeps: left out", name)
    log.info("state restored from %s", source)
    return True
