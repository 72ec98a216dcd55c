"""Values on the wire of AWS's JSON protocol: timestamps are epoch seconds.

moto keeps naive datetimes that mean UTC (its `utcnow()`); `datetime.timestamp()` would read those as the
machine's local time. Every timestamp localglue answers goes through `epoch`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def epoch(value: datetime) -> float:
    """Seconds since the epoch; a naive datetime is UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def to_wire(value: Any) -> Any:
    """`value` with every datetime inside it (dicts, lists) as epoch seconds."""
    if isinstance(value, datetime):
        return epoch(value)
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    return value
