"""Reading a job run's logs, for the tests that start runs (their waits are localglue.testing's)."""

from __future__ import annotations


def log_lines(client, group: str, run_id: str) -> list[str]:
    events = client("logs").get_log_events(logGroupName=group, logStreamName=run_id, startFromHead=True)[
        "events"
    ]
    return [event["message"] for event in events]
