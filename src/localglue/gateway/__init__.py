"""The localglue gateway: one HTTP endpoint, moto for API state, our handlers for what moto only records.

The server that hosts it with its engines is `localglue.server.GatewayServer`.
"""

from .errors import AwsError
from .registry import action

__all__ = ["AwsError", "action"]
