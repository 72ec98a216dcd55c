"""Request bodies generated from botocore's models: well-typed ones, and the same broken on purpose."""

from __future__ import annotations

import base64
import json
import random
from typing import Any

from localglue.gateway.errors import AwsError
from localglue.gateway.protocols import service_model
from localglue.gateway.validation import check

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_"
# What a careless client or an attacker puts where a value goes
JUNK_VALUES: tuple[Any, ...] = (
    12345,
    -1,
    10**20,
    1.5,
    True,
    None,
    "",
    "abc",
    "-1",
    "½",
    "x" * 5000,
    "\u0000\n\t",
    [],
    [None, 1, "a"],
    {},
    {"a": {"b": [1, {"c": None}]}},
)
JUNK_TOKENS = ("abc", "-1", "1e3", "99999999999999999999999", "½", " 1", "0x10", "", "[]")
JUNK_BODIES = (
    b"{",
    b"[]",
    b'"text"',
    b"null",
    b"42",
    b"\xff\xfe\x00",
    b'{"a": NaN}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 200 + b"1" + b"}" * 200,
)


class RequestGenerator:
    """Bodies for one service's operations; `names` are values to prefer for members of those names (the
    names of resources that exist, so that requests reach past "not found")."""

    def __init__(self, rng: random.Random, service: str, names: dict[str, list[str]]):
        self.rng = rng
        self.service = service
        self.names = names

    def well_typed(self, action: str) -> dict[str, Any]:
        """A body of `action`'s input shape that passes its model's constraints, when five tries find one."""
        shape = service_model(self.service).operation_model(action).input_shape
        if shape is None:
            return {}
        params: dict[str, Any] = {}
        for _ in range(5):
            params = self._value(shape, "", 0)
            try:
                check(self.service, action, params)
                return params
            except AwsError:
                continue
        return params

    def ill_typed(self, action: str) -> bytes:
        """A well-typed body with one value replaced by junk, a junk pager token, or junk instead of JSON."""
        roll = self.rng.random()
        if roll < 0.15:
            return self.rng.choice(JUNK_BODIES)
        params = self.well_typed(action)
        if roll < 0.35:
            params["NextToken"] = self.rng.choice(JUNK_TOKENS)
            params["MaxResults"] = self.rng.choice((0, -5, 1, 10**9, "10"))
        else:
            self._spoil(params)
        return json.dumps(params).encode()

    def _spoil(self, params: dict[str, Any]) -> None:
        target: Any = params
        while isinstance(target, dict) and target and self.rng.random() < 0.6:
            key = self.rng.choice(list(target))
            if not isinstance(target[key], dict):
                target[key] = self.rng.choice(JUNK_VALUES)
                return
            target = target[key]
        if isinstance(target, dict):
            target[self.rng.choice(list(target) or ["Extra"])] = self.rng.choice(JUNK_VALUES)

    def _value(self, shape: Any, member: str, depth: int) -> Any:
        kind, rng = shape.type_name, self.rng
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if kind == "structure":
            return {
                name: self._value(child, name, depth + 1)
                for name, child in shape.members.items()
                if name in shape.required_members or (depth < 3 and rng.random() < 0.3)
            }
        if kind == "list":
            count = max(int(low or 0), rng.randint(0, 2))
            return [
                self._value(shape.member, member, depth + 1) for _ in range(min(count, int(high or count)))
            ]
        if kind == "map":
            return {
                self._text(shape.key): self._value(shape.value, member, depth + 1)
                for _ in range(rng.randint(0, 2))
            }
        if kind == "string":
            if shape.enum:
                return rng.choice(shape.enum)
            if self.names.get(member) and rng.random() < 0.7:
                return rng.choice(self.names[member])
            return self._text(shape)
        if kind in ("integer", "long"):
            start = int(low) if low is not None else 0
            return rng.randint(start, int(high) if high is not None and high < start + 100 else start + 100)
        if kind in ("float", "double"):
            return round(rng.uniform(float(low or 0), float(high if high is not None else 100)), 3)
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "timestamp":
            return 1_700_000_000 + rng.randint(0, 10**8)
        if kind == "blob":
            return base64.b64encode(rng.randbytes(rng.randint(1, 16))).decode()
        return None

    def _text(self, shape: Any) -> str:
        low, high = int(shape.metadata.get("min") or 1), shape.metadata.get("max")
        length = self.rng.randint(low, max(low, min(int(high or 24), 24)))
        return "".join(self.rng.choice(_ALPHABET) for _ in range(length))
