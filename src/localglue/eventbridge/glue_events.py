"""Glue's events on EventBridge: each job run's and crawl's state change, put on the default event bus of
its account and region as AWS Glue emits it
(https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html), so rules
and their targets see them:

- "Glue Job State Change" for SUCCEEDED, FAILED, TIMEOUT and STOPPED: detail `jobName`, `severity`,
  `state`, `jobRunId`, `message` (a failure's message is the run's ErrorMessage);
- "Glue Crawler State Change" for Started, Succeeded and Failed: detail `crawlerName`, `state`,
  `message`, `accountId`, and the start time, or the completion date, running time, table counts, log link
  and error message of the crawl. Partition counts, which localglue's crawls do not keep, are left out.

The engine subscribes to the gateway's bus when the gateway starts and leaves it when it stops.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from ..bus import StateChange
from ..gateway import lifecycle
from ..gateway.moto_bridge import backends_of
from ..gateway.lifecycle import Engine

if TYPE_CHECKING:
    from ..crawlers.models import Crawl
    from ..runtime import Runtime

log = logging.getLogger("localglue.eventbridge")

SOURCE = "aws.glue"
JOB_STATE_CHANGE = "Glue Job State Change"
CRAWLER_STATE_CHANGE = "Glue Crawler State Change"
# Job run state -> (severity, message); a failure's message is the run's own error
JOB_EVENTS = {
    "SUCCEEDED": ("INFO", "Job run succeeded"),
    "FAILED": ("ERROR", "Job run failed"),
    "TIMEOUT": ("WARN", "Job run timed out"),
    "STOPPED": ("INFO", "Job run stopped"),
}
# The bus's crawl states -> Glue's words in its crawler events (a cancelled crawl sends none)
CRAWLER_STATES = {"RUNNING": "Started", "SUCCEEDED": "Succeeded", "FAILED": "Failed"}
ISO = "%Y-%m-%dT%H:%M:%SZ"


def job_event(change: StateChange) -> dict | None:
    if change.state not in JOB_EVENTS:
        return None
    severity, message = JOB_EVENTS[change.state]
    if change.state == "FAILED" and change.error_message:
        message = change.error_message
    return {
        "jobName": change.name,
        "severity": severity,
        "state": change.state,
        "jobRunId": change.run_id,
        "message": message,
    }


def crawler_event(change: StateChange, crawl: Crawl | None) -> dict | None:
    state = CRAWLER_STATES.get(change.state)
    if state is None:
        return None
    detail: dict[str, Any] = {
        "crawlerName": change.name,
        "accountId": change.account_id,
        "state": state,
        "message": f"Crawler {state}",
    }
    if state == "Started":
        detail["errorMessage"] = "N/A"
        if crawl is not None:
            detail["startTime"] = crawl.start_time.strftime(ISO)
        return detail
    detail["cloudWatchLogLink"] = (
        f"https://console.aws.amazon.com/cloudwatch/home?region={change.region}"
        f"#logEventViewer:group=/aws-glue/crawlers;stream={change.name}"
    )
    if state == "Failed":
        detail["errorMessage"] = change.error_message or "N/A"
    else:
        detail["warningMessage"] = "N/A"
    if crawl is not None:
        detail.update(
            {
                "runningTime (sec)": str(int(crawl.runtime_seconds())),
                "tablesCreated": str(crawl.tables_created),
                "tablesUpdated": str(crawl.tables_updated),
                "tablesDeleted": str(crawl.tables_deleted),
            }
        )
        if crawl.end_time is not None:
            detail["completionDate"] = crawl.end_time.strftime(ISO)
    return detail


class GlueEventsEngine(Engine):
    name = "glue-events"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def start(self) -> None:
        self.runtime.bus.subscribe(self.on_change)

    def stop(self) -> None:
        self.runtime.bus.unsubscribe(self.on_change)

    def on_change(self, change: StateChange) -> None:
        if change.kind == "job":
            detail_type, detail = JOB_STATE_CHANGE, job_event(change)
        else:
            crawl = self.runtime.crawlers.crawl(change.account_id, change.region, change.name, change.run_id)
            detail_type, detail = CRAWLER_STATE_CHANGE, crawler_event(change, crawl)
        if detail is None:
            return
        entry = {"Source": SOURCE, "DetailType": detail_type, "Detail": json.dumps(detail), "Resources": []}
        # the publisher's thread may be a run's: rules must reach this gateway's engines
        with lifecycle.serving(self.runtime):
            results = backends_of("events")[change.account_id][change.region].put_events([entry])
        failed = [result for result in results if "ErrorCode" in result]
        if failed:
            log.warning(
                "%s of %s %s not put on EventBridge: %s", detail_type, change.kind, change.name, failed
            )
