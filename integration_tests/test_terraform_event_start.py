"""terraform/ with start_on = "event": a file created under incoming/ starts the pipeline's workflow through
S3 -> EventBridge -> the EVENT trigger, batched as the module's variables say; then destroy."""

from __future__ import annotations

import functools
import json
import uuid

import pytest
from botocore.exceptions import ClientError

from localglue.demo import SAMPLE_VARIABLES
from localglue.terraform import Workspace
from localglue.workflows.client import admin, wait_for_run_end

pytestmark = pytest.mark.slow

EVENTS = (
    "user_id,event_type,event_time\n"
    "u1,login,2024-03-05 10:00:00\n"
    "u1,click,2024-03-05 10:07:00\n"
    "u2,login,2024-03-05 11:00:00\n"
)


wait_for_end = functools.partial(wait_for_run_end, timeout=600, poll=0.5)


def test_a_new_incoming_file_starts_the_workflow_through_eventbridge(aws_env, client, tmp_path):
    prefix = f"lgevent-{uuid.uuid4().hex[:6]}"
    variables = {
        "name_prefix": prefix,
        "database_name": prefix.replace("-", "_"),
        "start_on": "event",
        "event_batch_size": "2",
        "event_batch_window_seconds": "60",
        **SAMPLE_VARIABLES,  # the events below are from 2024: the input's freshness rule must allow them
    }
    glue, s3, events, iam = (client(name) for name in ("glue", "s3", "events", "iam"))
    workspace = Workspace(aws_env, root=tmp_path / "workspace")
    workspace.apply(variables, capture=True)
    out = workspace.outputs()
    workflow, names = out["workflow_name"], out["trigger_names"]

    # One start trigger, the EVENT one, starting the source crawler; the rule and its target
    assert set(names) == {"event", "source_crawled", "job_succeeded"}
    trigger = glue.get_trigger(Name=names["event"])["Trigger"]
    assert (trigger["Type"], trigger["WorkflowName"]) == ("EVENT", workflow)
    assert trigger["EventBatchingCondition"] == {"BatchSize": 2, "BatchWindow": 60}
    assert trigger["Actions"] == [{"CrawlerName": out["source_crawler_name"]}]
    pattern = json.loads(events.describe_rule(Name=out["event_rule_name"])["EventPattern"])
    assert pattern == {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": [out["source_bucket"]]}, "object": {"key": [{"prefix": "incoming/"}]}},
    }
    (target,) = events.list_targets_by_rule(Rule=out["event_rule_name"])["Targets"]
    assert target["Arn"] == f"arn:aws:glue:us-east-1:123456789012:workflow/{workflow}"
    role_name = target["RoleArn"].rsplit("/", 1)[1]
    trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust["Statement"][0]["Principal"] == {"Service": "events.amazonaws.com"}
    (policy_name,) = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    document = iam.get_role_policy(RoleName=role_name, PolicyName=policy_name)["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    assert [(s["Action"], s["Resource"]) for s in document["Statement"]] == [
        ("glue:notifyEvent", target["Arn"])
    ]

    # One file under incoming/ (and one elsewhere, which the rule ignores): below the batch size, no run yet
    s3.put_object(Bucket=out["source_bucket"], Key="incoming/day1.csv", Body=EVENTS.encode())
    s3.put_object(Bucket=out["source_bucket"], Key="archive/old.csv", Body=EVENTS.encode())
    assert glue.get_workflow_runs(Name=workflow)["Runs"] == []

    # The batch window closes: the run starts with the one event
    admin(aws_env, "AdvanceClock", {"Seconds": 61})
    (run,) = glue.get_workflow_runs(Name=workflow)["Runs"]
    assert run["StartingEventBatchCondition"] == {"BatchWindow": 60}
    assert len(run["WorkflowRunProperties"]["aws:eventIds"].strip("[]").split(",")) == 1

    run = wait_for_end(glue, workflow, run["WorkflowRunId"])
    nodes = {node["Name"]: node for node in run["Graph"]["Nodes"]}
    (job_run,) = nodes[out["job_name"]]["JobDetails"]["JobRuns"]
    assert job_run["JobRunState"] == "SUCCEEDED", job_run.get("ErrorMessage")
    assert run["Status"] == "COMPLETED"
    assert (run["Statistics"]["TotalActions"], run["Statistics"]["SucceededActions"]) == (3, 3)
    written = s3.list_objects_v2(Bucket=out["target_bucket"], Prefix=f"output/run_id={job_run['Id']}/")
    assert any(item["Key"].endswith(".csv") for item in written.get("Contents", []))

    workspace.destroy(variables, capture=True)
    with pytest.raises(ClientError) as excinfo:
        events.describe_rule(Name=out["event_rule_name"])
    assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        iam.get_role(RoleName=role_name)
    assert excinfo.value.response["Error"]["Code"] == "NoSuchEntity"
    assert json.loads(workspace.state_file.read_text())["resources"] == []
