"""The client side of a running gateway: is it there, and what does it say about itself."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from .console import GatewayUnreachable
from .gateway.app import HEALTH_PATH


def reason(err: Exception) -> str:
    """Why a connection failed, in a few words."""
    cause = getattr(err, "reason", err)
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    return str(cause)


def health(endpoint_url: str, timeout: float = 5) -> dict[str, Any]:
    """The gateway's health document; GatewayUnreachable when nothing (or something else) answers."""
    try:
        with urllib.request.urlopen(f"{endpoint_url}{HEALTH_PATH}", timeout=timeout) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as err:
        raise GatewayUnreachable(
            endpoint_url, f"HTTP {err.code} from {HEALTH_PATH}: not a localglue"
        ) from err
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise GatewayUnreachable(endpoint_url, reason(err)) from err
    if not isinstance(answer, dict) or answer.get("status") != "running":
        raise GatewayUnreachable(endpoint_url, f"{HEALTH_PATH} answered {answer!r}: not a localglue")
    return answer
