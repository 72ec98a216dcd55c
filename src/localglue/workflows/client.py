"""Client side of workflows, for the CLI and tests: the localglue admin actions and a run as people read it."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..console import CommandError, GatewayUnreachable
from ..gateway_client import reason

# A SigV4-looking header only so the gateway reads the region; localglue's admin actions are not signed.
_AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=testing/20260101/{region}/glue/aws4_request"


def admin(
    endpoint_url: str,
    action: str,
    params: dict[str, Any] | None = None,
    region: str = "us-east-1",
    account_id: str | None = None,
) -> dict:
    """Call a `LocalGlue.<action>` (FireTrigger, AdvanceClock) on a running gateway, for the default
    account unless `account_id` is given."""
    request = urllib.request.Request(
        endpoint_url.rstrip("/") + "/",
        data=json.dumps(params or {}).encode(),
        headers={
            "X-Amz-Target": f"LocalGlue.{action}",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": _AUTHORIZATION.format(region=region),
            **({"X-Moto-Account-Id": account_id} if account_id else {}),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as err:
        body = json.loads(err.read() or b"{}")
        raise CommandError(f"{body.get('__type', err.code)}: {body.get('message', '')}") from err
    except (urllib.error.URLError, OSError) as err:
        raise GatewayUnreachable(endpoint_url.rstrip("/"), reason(err)) from err


class WorkflowTimeout(RuntimeError):
    pass


def wait_for_run_end(
    glue,
    workflow: str,
    run_id: str,
    *,
    timeout: float,
    poll: float = 0.5,
    on_poll: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The run, with its graph, once it is no longer RUNNING or STOPPING; `on_poll` sees every reading."""
    deadline = time.monotonic() + timeout
    while True:
        run = glue.get_workflow_run(Name=workflow, RunId=run_id, IncludeGraph=True)["Run"]
        if on_poll is not None:
            on_poll(run)
        if run["Status"] not in ("RUNNING", "STOPPING"):
            return run
        if time.monotonic() > deadline:
            raise WorkflowTimeout(f"gave up waiting after {timeout:.0f} s; the run is still {run['Status']}")
        time.sleep(poll)


def run_succeeded(run: dict[str, Any]) -> bool:
    """COMPLETED with every action SUCCEEDED (AWS also calls a run with failed actions COMPLETED)."""
    stats = run.get("Statistics", {})
    failures = sum(
        stats.get(key, 0) for key in ("FailedActions", "StoppedActions", "TimeoutActions", "ErroredActions")
    )
    return run.get("Status") == "COMPLETED" and failures == 0


def _duration(start: Any, end: Any) -> str:
    if not isinstance(start, datetime):
        return ""
    end = end if isinstance(end, datetime) else datetime.now(start.tzinfo)
    seconds = int((end - start).total_seconds())
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _node_state(node: dict[str, Any]) -> tuple[str, str, str]:
    """(state, duration, error) of a graph node's latest job run / crawl, or the trigger's type."""
    if node["Type"] == "TRIGGER":
        return node.get("TriggerDetails", {}).get("Trigger", {}).get("Type", ""), "", ""
    runs = node.get("JobDetails", {}).get("JobRuns") or node.get("CrawlerDetails", {}).get("Crawls") or []
    if not runs:
        return "NOT RUN", "", ""
    last = runs[-1]
    state = last.get("JobRunState") or last.get("State", "?")
    return state, _duration(last.get("StartedOn"), last.get("CompletedOn")), last.get("ErrorMessage", "")


def render_run(run: dict[str, Any]) -> str:
    """The run's graph, one line per node in the order the edges lead, with state and duration."""
    graph = run.get("Graph", {"Nodes": [], "Edges": []})
    nodes = {node["UniqueId"]: node for node in graph["Nodes"]}
    children: dict[str, list[str]] = {}
    for edge in graph["Edges"]:
        children.setdefault(edge["SourceId"], []).append(edge["DestinationId"])
    roots = [uid for uid in nodes if not any(uid in targets for targets in children.values())]
    stats = run.get("Statistics", {})
    lines = [
        f"workflow {run['Name']}  run {run['WorkflowRunId']}  {run['Status']}  "
        f"{_duration(run.get('StartedOn'), run.get('CompletedOn'))}",
        "  actions: "
        + ", ".join(f"{key.removesuffix('Actions').lower()} {value}" for key, value in stats.items()),
    ]
    if run.get("ErrorMessage"):
        lines.append(f"  error: {run['ErrorMessage']}")
    seen: set[str] = set()

    def walk(uid: str, depth: int) -> None:
        node = nodes[uid]
        state, duration, error = _node_state(node)
        kind = node["Type"].lower()
        again = " (see above)" if uid in seen else ""
        lines.append(
            f"  {'  ' * depth}{'-> ' if depth else ''}{kind} {node['Name']}: {state} {duration}".rstrip()
            + again
        )
        if error and not again:
            lines.append(f"  {'  ' * depth}   error: {error}")
        if uid in seen:
            return
        seen.add(uid)
        for child in children.get(uid, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return "\n".join(lines)
