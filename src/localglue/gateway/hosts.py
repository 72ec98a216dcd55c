"""Which `Host` headers the gateway serves: its own address, loopback names, and what `--allow-host` adds.

A web page in the user's browser can reach a gateway on 127.0.0.1 through a name of its own that its DNS
points there (DNS rebinding); the browser then sends that name as `Host`. Serving only the names a local
client uses refuses such requests before anything runs: the address the gateway bound, `localhost` and
`*.localhost` (RFC 6761 keeps them for loopback; S3's virtual-hosted style sends `bucket.localhost`) and
loopback addresses, each with the gateway's port.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import AwsError

ALLOW_HOST_OPTION = "--allow-host"
_NAME = re.compile(r"[a-z0-9_.\-:]+")
_WILDCARD_BINDS = ("", "0.0.0.0", "::")


def split_host(value: str) -> tuple[str, int | None] | None:
    """(name, port) of a Host header (`name`, `name:port`, `[v6]:port`), lower case; None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
    else:
        name, colon, port = value.partition(":")
        rest = colon + port
    if rest and not (rest.startswith(":") and rest[1:].isdigit() and len(rest) <= 6):
        return None
    name = name.rstrip(".")
    if not name or not _NAME.fullmatch(name):
        return None
    return name, int(rest[1:]) if rest else None


def _same_address(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a == b


def is_loopback_name(name: str) -> bool:
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class HostPattern:
    """One `--allow-host` value: `name`, `name:port`, `.name` (the name and its subdomains) or `*`."""

    name: str  # "*" for every name
    port: int | None  # None: the gateway's own port
    subdomains: bool = False

    @classmethod
    def parse(cls, text: str) -> HostPattern:
        if text.strip() == "*":
            return cls("*", None)
        subdomains = text.startswith(".")
        parsed = split_host(text[1:] if subdomains else text)
        if parsed is None:
            raise ValueError(f"{ALLOW_HOST_OPTION} {text!r}: expected a host name, name:port, .name or *")
        return cls(parsed[0], parsed[1], subdomains)

    def matches(self, name: str, port: int, own_port: int) -> bool:
        if self.name == "*":
            return True
        if port != (own_port if self.port is None else self.port):
            return False
        return _same_address(name, self.name) or (self.subdomains and name.endswith("." + self.name))


class HostPolicy:
    """Refuses requests whose Host the gateway does not serve (a 403 naming `--allow-host`)."""

    def __init__(self, allowed: Sequence[str] = ()):
        self.patterns = tuple(HostPattern.parse(text) for text in allowed)

    def refusal(self, environ: dict[str, Any]) -> AwsError | None:
        header = environ.get("HTTP_HOST", "")
        own_port = int(environ.get("SERVER_PORT") or 80)
        bound = environ.get("SERVER_NAME", "")
        parsed = split_host(header)
        if parsed is not None:
            name, port = parsed[0], 80 if parsed[1] is None else parsed[1]
            if port == own_port and (
                is_loopback_name(name) or (bound not in _WILDCARD_BINDS and _same_address(name, bound))
            ):
                return None
            if any(pattern.matches(name, port, own_port) for pattern in self.patterns):
                return None
        names = ([] if bound in _WILDCARD_BINDS else [bound]) + ["127.0.0.1", "localhost", "*.localhost"]
        served = ", ".join(f"{name}:{own_port}" for name in dict.fromkeys(names))
        asked = f"Host {header!r}" if header else "a request without a Host header"
        suggestion = parsed[0] if parsed is not None else "NAME"
        return AwsError(
            "AccessDenied",
            f"localglue does not serve {asked}: it answers {served}. To serve another name, start it with "
            f"`localglue up {ALLOW_HOST_OPTION} {suggestion}`",
            403,
        )
