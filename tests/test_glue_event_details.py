"""The detail of Glue's EventBridge events for each state a job run or crawl reaches (AWS Glue's words)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from localglue.bus import StateChange
from localglue.crawlers.models import Crawl
from localglue.eventbridge.glue_events import crawler_event, job_event


def change(kind: str, state: str, error: str | None = None) -> StateChange:
    return StateChange(kind, "events-job", "jr_1", state, "123456789012", "us-east-1", error_message=error)


@pytest.mark.parametrize(
    ("state", "error", "severity", "message"),
    [
        ("SUCCEEDED", None, "INFO", "Job run succeeded"),
        ("FAILED", "RuntimeError: boom", "ERROR", "RuntimeError: boom"),
        ("TIMEOUT", None, "WARN", "Job run timed out"),
        ("STOPPED", None, "INFO", "Job run stopped"),
    ],
)
def test_job_state_changes(state, error, severity, message):
    assert job_event(change("job", state, error)) == {
        "jobName": "events-job",
        "severity": severity,
        "state": state,
        "jobRunId": "jr_1",
        "message": message,
    }


@pytest.mark.parametrize("state", ["STARTING", "RUNNING", "STOPPING"])
def test_no_event_while_a_run_goes(state):
    assert job_event(change("job", state)) is None


def test_crawler_started_succeeded_failed_and_no_event_when_cancelled():
    crawl = Crawl(
        "events-job",
        start_time=datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC),
        end_time=datetime(2024, 3, 5, 10, 1, 2, tzinfo=UTC),
        tables_created=1,
        tables_updated=2,
    )
    assert crawler_event(change("crawler", "RUNNING"), crawl) == {
        "crawlerName": "events-job",
        "accountId": "123456789012",
        "state": "Started",
        "message": "Crawler Started",
        "errorMessage": "N/A",
        "startTime": "2024-03-05T10:00:00Z",
    }
    succeeded = crawler_event(change("crawler", "SUCCEEDED"), crawl)
    assert {key: succeeded[key] for key in ("state", "message", "warningMessage", "completionDate")} == {
        "state": "Succeeded",
        "message": "Crawler Succeeded",
        "warningMessage": "N/A",
        "completionDate": "2024-03-05T10:01:02Z",
    }
    assert (succeeded["runningTime (sec)"], succeeded["tablesCreated"], succeeded["tablesUpdated"]) == (
        "62",
        "1",
        "2",
    )
    failed = crawler_event(change("crawler", "FAILED", "Access Denied"), crawl)
    assert (failed["state"], failed["message"], failed["errorMessage"]) == (
        "Failed",
        "Crawler Failed",
        "Access Denied",
    )
    assert crawler_event(change("crawler", "CANCELLED"), crawl) is None
