"""A workflow's graph as GetWorkflow / GetWorkflowRun return it with IncludeGraph=True.

AWS builds the graph from the workflow's triggers: every trigger is a node, every job or crawler a
trigger names (in its predicate or its actions) is a node, a condition draws an edge from the watched
job/crawler to the trigger, an action draws an edge from the trigger to the job/crawler it starts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from moto.glue.models import FakeTrigger, GlueBackend

Details = Callable[[str], dict[str, Any]]


def node_id(node_type: str, name: str, workflow_name: str) -> str:
    """A stable UniqueId (AWS uses opaque `wnode_...` ids that do not change between calls)."""
    digest = hashlib.sha256(f"{workflow_name}\0{node_type}\0{name}".encode()).hexdigest()
    return f"wnode_{digest}"


def workflow_triggers(glue_backend: GlueBackend, workflow_name: str) -> list[FakeTrigger]:
    return [trigger for trigger in glue_backend.triggers.values() if trigger.workflow_name == workflow_name]


def build_workflow_graph(
    glue_backend: GlueBackend,
    workflow_name: str,
    *,
    job_details: Details | None = None,
    crawler_details: Details | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """`{"Nodes": [...], "Edges": [...]}` for the workflow.

    `job_details(job_name)` / `crawler_details(crawler_name)` give the JobDetails / CrawlerDetails of a
    node (e.g. `{"JobRuns": [...]}` for GetWorkflowRun); without them those are empty, as in GetWorkflow.
    """
    details_for = {"JOB": job_details, "CRAWLER": crawler_details}
    details_key = {"JOB": "JobDetails", "CRAWLER": "CrawlerDetails"}
    nodes: dict[tuple[str, str], dict[str, Any]] = {}
    edges: list[dict[str, str]] = []

    def add_node(node_type: str, name: str) -> str:
        key = (node_type, name)
        if key not in nodes:
            node: dict[str, Any] = {
                "Type": node_type,
                "Name": name,
                "UniqueId": node_id(node_type, name, workflow_name),
            }
            if node_type != "TRIGGER":
                details = details_for[node_type]
                node[details_key[node_type]] = details(name) if details else {}
            nodes[key] = node
        return nodes[key]["UniqueId"]

    def add_edge(source_id: str, destination_id: str) -> None:
        edge = {"SourceId": source_id, "DestinationId": destination_id}
        if edge not in edges:
            edges.append(edge)

    for trigger in workflow_triggers(glue_backend, workflow_name):
        trigger_id = add_node("TRIGGER", trigger.name)
        nodes[("TRIGGER", trigger.name)]["TriggerDetails"] = {"Trigger": trigger.as_dict()}
        for condition in trigger.predicate.conditions if trigger.predicate else []:
            add_edge(add_node(*_target(condition)), trigger_id)
        for action in trigger.actions:
            if action.job_name or action.crawler_name:
                add_edge(trigger_id, add_node(*_target(action)))
    return {"Nodes": list(nodes.values()), "Edges": edges}


def _target(item: Any) -> tuple[str, str]:
    """The (node type, name) a predicate condition watches or an action starts."""
    return ("JOB", item.job_name) if item.job_name else ("CRAWLER", item.crawler_name)
