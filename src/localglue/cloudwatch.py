"""Writing log lines into the gateway's CloudWatch Logs, as Glue does for crawls and job runs."""

from __future__ import annotations

import threading
import time

from moto.backends import get_backend
from moto.logs.exceptions import ResourceAlreadyExistsException


class LogStreamWriter:
    """Appends lines to one log stream, creating its group and stream when missing."""

    def __init__(self, account_id: str, region: str, group: str, stream: str):
        self.group = group
        self.stream = stream
        self._backend = get_backend("logs")[account_id][region]
        self._lock = threading.Lock()
        try:
            self._backend.create_log_group(group, {})
        except ResourceAlreadyExistsException:
            pass
        self._backend.ensure_log_stream(group, stream)

    def write(self, *messages: str) -> None:
        now_ms = int(time.time() * 1000)
        events = [{"timestamp": now_ms, "message": message} for message in messages if message]
        if events:
            with self._lock:
                self._backend.put_log_events(self.group, self.stream, events)
