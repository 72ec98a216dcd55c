"""The pipeline's own workflow, applied by Terraform: source crawler -> Spark job -> target crawler.

`localglue run --wait` starts it as `make run` does (StartWorkflowRun on a workflow whose start trigger is
SCHEDULED) and follows it; the run must end COMPLETED with its three actions SUCCEEDED, in order.
"""

from __future__ import annotations

import pytest

from localglue.cli import main
from localglue.terraform import Workspace

# Names of their own, so another deployment of the module into the same gateway does not collide.
VARIABLES = {"name_prefix": "wf-pipeline", "database_name": "wf_pipeline_events", "schedule_enabled": "false"}
EVENTS = (
    "user_id,event_type,event_time\n"
    "u1,login,2024-03-05 10:00:00\n"
    "u1,click,2024-03-05 10:07:00\n"
    "u2,login,2024-03-05 11:00:00\n"
    "u1,logout,2024-03-05 10:30:00\n"
    "u2,click,2024-03-05 12:30:00\n"
)


@pytest.fixture(scope="module")
def pipeline(aws_env, tmp_path_factory):
    workspace = Workspace(aws_env, name="wf-pipeline", root=tmp_path_factory.mktemp("terraform"))
    workspace.apply(VARIABLES, capture=True)
    return workspace.outputs()


@pytest.mark.slow
def test_the_pipeline_workflow_runs_crawler_job_crawler_to_completed(pipeline, client, aws_env, capsys):
    glue, s3 = client("glue"), client("s3")
    s3.put_object(Bucket=pipeline["source_bucket"], Key="incoming/day1.csv", Body=EVENTS.encode())
    workflow = pipeline["workflow_name"]

    assert main(["run", workflow, "--wait", "--endpoint-url", aws_env, "--timeout", "600"]) == 0
    printed = capsys.readouterr().out

    run = glue.get_workflow(Name=workflow)["Workflow"]["LastRun"]
    run = glue.get_workflow_run(Name=workflow, RunId=run["WorkflowRunId"], IncludeGraph=True)["Run"]
    assert run["Status"] == "COMPLETED"
    assert {key: run["Statistics"][key] for key in ("TotalActions", "SucceededActions")} == {
        "TotalActions": 3,
        "SucceededActions": 3,
    }
    nodes = {node["Name"]: node for node in run["Graph"]["Nodes"]}
    (source_crawl,) = nodes[pipeline["source_crawler_name"]]["CrawlerDetails"]["Crawls"]
    (job_run,) = nodes[pipeline["job_name"]]["JobDetails"]["JobRuns"]
    (target_crawl,) = nodes[pipeline["target_crawler_name"]]["CrawlerDetails"]["Crawls"]
    assert [source_crawl["State"], job_run["JobRunState"], target_crawl["State"]] == ["SUCCEEDED"] * 3
    assert source_crawl["CompletedOn"] <= job_run["StartedOn"]
    assert job_run["CompletedOn"] <= target_crawl["StartedOn"]
    assert job_run["TriggerName"] == pipeline["trigger_names"]["source_crawled"]
    # the target crawler catalogued the job's output, partitioned by the job run's id
    partitions = glue.get_partitions(
        DatabaseName=pipeline["database_name"], TableName=pipeline["target_table"]
    )
    assert [p["Values"] for p in partitions["Partitions"]] == [[job_run["Id"]]]
    assert f"job {pipeline['job_name']}: SUCCEEDED" in printed
