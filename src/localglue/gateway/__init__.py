"""The localglue gateway: one HTTP endpoint, moto for API state, our handlers for what moto only records."""

from .errors import AwsError
from .registry import action
from .server import GatewayServer

__all__ = ["AwsError", "GatewayServer", "action"]
