"""Reading the applied pipeline in its tests: its folders' keys, a workflow run to its end, the run's job run."""

from __future__ import annotations

from localglue.s3paths import split_s3_uri
from localglue.workflows.commands import follow_run


def keys(s3, uri: str) -> list[str]:
    """The keys under an s3:// folder, relative to it, sorted."""
    bucket, prefix = split_s3_uri(uri)
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"][len(prefix) :] for page in pages for item in page.get("Contents", []))


def run_workflow(glue, pipeline: dict) -> dict:
    """Start the pipeline's workflow and follow the run to its end (GetWorkflowRun with the graph)."""
    workflow = pipeline["workflow_name"]
    run_id = glue.start_workflow_run(Name=workflow)["RunId"]
    return follow_run(glue, workflow, run_id, timeout=900, poll=2)


def job_run_of(run: dict, pipeline: dict) -> dict:
    """The one job run of the pipeline's job in a workflow run's graph."""
    nodes = {node["Name"]: node for node in run["Graph"]["Nodes"]}
    (job_run,) = nodes[pipeline["job_name"]]["JobDetails"]["JobRuns"]
    return job_run
