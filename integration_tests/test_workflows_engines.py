"""Workflows over the real crawler and job engines: crawls that write the catalog, Python jobs that run.

The jobs are small pythonshell scripts (no Spark), so each run takes about a second.
"""

from __future__ import annotations

import functools
import json

import pytest

from localglue.workflows.builders import conditional, on_demand, unique
from localglue.workflows.client import wait_for_run_end
from localglue.testing import wait_for

ROLE = "arn:aws:iam::123456789012:role/glue"


@pytest.fixture
def make_job(localglue_create_job):
    """`make_job(script_text, **CreateJob fields)`: a Python shell job running the script, deleted after."""
    return localglue_create_job


@pytest.fixture
def make_crawler(glue, localglue_create_crawler):
    """`make_crawler(bucket, prefix)`: a crawler of s3://bucket/prefix into a new database of its own."""

    def make(bucket: str, prefix: str) -> tuple[str, str]:
        database = unique("db").replace("-", "_")
        glue.create_database(DatabaseInput={"Name": database})
        return localglue_create_crawler(database, [f"s3://{bucket}/{prefix}"], Role=ROLE), database

    return make


wait_for_end = functools.partial(wait_for_run_end, timeout=120, poll=0.2)


def chain(glue, workflow: str, first: dict, *steps: tuple[dict, dict]) -> None:
    """ON_DEMAND start with `first`, then one CONDITIONAL trigger per (condition, action)."""
    on_demand(glue, workflow, first)
    for condition, action in steps:
        conditional(glue, workflow, "AND", [condition], action, name=unique("then"))


# Reads the run's properties with the workflow arguments Glue passes, records them, adds one.
PROPERTIES_JOB = """
    import json, sys
    import boto3
    from awsglue.utils import getResolvedOptions

    args = getResolvedOptions(sys.argv, ["WORKFLOW_NAME", "WORKFLOW_RUN_ID", "out"])
    glue = boto3.client("glue")
    props = glue.get_workflow_run_properties(Name=args["WORKFLOW_NAME"], RunId=args["WORKFLOW_RUN_ID"])["RunProperties"]
    glue.put_workflow_run_properties(Name=args["WORKFLOW_NAME"], RunId=args["WORKFLOW_RUN_ID"],
                                     RunProperties={"seen_by_job": ",".join(sorted(props))})
    bucket, _, key = args["out"].removeprefix("s3://").partition("/")
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=json.dumps(props).encode())
"""


def test_crawler_then_job_then_crawler_completes_with_three_succeeded_actions(
    client, glue, bucket, make_job, make_crawler
):
    s3 = client("s3")
    s3.put_object(Bucket=bucket, Key="incoming/day1.csv", Body=b"user_id,n\nu1,1\nu2,2\n")
    s3.put_object(Bucket=bucket, Key="output/run_id=r1/part.csv", Body=b"user_id,n\nu1,1\n")
    source, source_db = make_crawler(bucket, "incoming/")
    target, target_db = make_crawler(bucket, "output/")
    job = make_job(PROPERTIES_JOB)
    workflow = unique("pipeline")
    glue.create_workflow(Name=workflow, DefaultRunProperties={"day": "2026-11-25"})
    chain(
        glue,
        workflow,
        {"CrawlerName": source},
        (
            {"CrawlerName": source, "CrawlState": "SUCCEEDED"},
            {"JobName": job, "Arguments": {"--out": f"s3://{bucket}/props.json"}},
        ),
        ({"JobName": job, "State": "SUCCEEDED"}, {"CrawlerName": target}),
    )

    run_id = glue.start_workflow_run(Name=workflow, RunProperties={"mode": "full"})["RunId"]
    run = wait_for_end(glue, workflow, run_id)

    assert run["Status"] == "COMPLETED", run
    assert {k: run["Statistics"][k] for k in ("TotalActions", "SucceededActions", "FailedActions")} == {
        "TotalActions": 3,
        "SucceededActions": 3,
        "FailedActions": 0,
    }
    assert [t["Name"] for t in glue.get_tables(DatabaseName=source_db)["TableList"]] == ["incoming"]
    assert [t["Name"] for t in glue.get_tables(DatabaseName=target_db)["TableList"]] == ["output"]
    seen = json.loads(s3.get_object(Bucket=bucket, Key="props.json")["Body"].read())
    assert seen == {"day": "2026-11-25", "mode": "full"}
    assert run["WorkflowRunProperties"]["seen_by_job"] == "day,mode"
    nodes = {node["Name"]: node for node in run["Graph"]["Nodes"]}
    job_run = nodes[job]["JobDetails"]["JobRuns"][0]
    assert job_run["JobRunState"] == "SUCCEEDED" and job_run["Id"].startswith("jr_")
    assert [c["State"] for c in nodes[target]["CrawlerDetails"]["Crawls"]] == ["SUCCEEDED"]


def test_resume_after_fixing_a_failing_job(client, glue, bucket, make_job):
    s3 = client("s3")
    fragile = make_job(
        f"""
        import boto3
        boto3.client("s3").head_object(Bucket="{bucket}", Key="config/fixed")  # fails until the fix is uploaded
        """,
    )
    after = make_job("print('after')\n")
    workflow = unique("repair")
    glue.create_workflow(Name=workflow)
    chain(
        glue, workflow, {"JobName": fragile}, ({"JobName": fragile, "State": "SUCCEEDED"}, {"JobName": after})
    )

    failed = wait_for_end(glue, workflow, glue.start_workflow_run(Name=workflow)["RunId"])
    assert failed["Status"] == "COMPLETED"
    assert failed["Statistics"]["FailedActions"] == 1 and failed["Statistics"]["TotalActions"] == 1
    node = next(n for n in failed["Graph"]["Nodes"] if n["Name"] == fragile)
    assert "404" in node["JobDetails"]["JobRuns"][0]["ErrorMessage"]

    s3.put_object(Bucket=bucket, Key="config/fixed", Body=b"")
    resumed = glue.resume_workflow_run(
        Name=workflow, RunId=failed["WorkflowRunId"], NodeIds=[node["UniqueId"]]
    )
    run = wait_for_end(glue, workflow, resumed["RunId"])

    assert run["Status"] == "COMPLETED" and run["PreviousRunId"] == failed["WorkflowRunId"]
    assert run["Statistics"]["SucceededActions"] == 2 and run["Statistics"]["FailedActions"] == 0
    assert [r["JobRunState"] for r in glue.get_job_runs(JobName=after)["JobRuns"]] == ["SUCCEEDED"]


def test_stop_workflow_run_stops_the_running_job(client, glue, bucket, make_job):
    sleeper = make_job("import time\ntime.sleep(120)\n")
    never = make_job("print('never')\n")
    workflow = unique("halt")
    glue.create_workflow(Name=workflow)
    chain(
        glue, workflow, {"JobName": sleeper}, ({"JobName": sleeper, "State": "STOPPED"}, {"JobName": never})
    )
    run_id = glue.start_workflow_run(Name=workflow)["RunId"]
    wait_for(
        lambda: glue.get_job_runs(JobName=sleeper)["JobRuns"][0]["JobRunState"],
        lambda state: state == "RUNNING",
        timeout=30,
        interval=0.1,
        what=f"a running run of {sleeper}",
    )

    glue.stop_workflow_run(Name=workflow, RunId=run_id)
    run = wait_for_end(glue, workflow, run_id, timeout=60)

    assert run["Status"] == "STOPPED"
    assert run["Statistics"]["StoppedActions"] == 1 and run["Statistics"]["TotalActions"] == 1
    assert glue.get_job_runs(JobName=never)["JobRuns"] == []


def test_a_retried_job_is_one_action_whose_last_attempt_decides(client, glue, bucket, make_job):
    # the first attempt leaves a marker and fails; the retry finds it and succeeds
    flaky = make_job(
        f"""
        import boto3
        s3 = boto3.client("s3")
        if not s3.list_objects_v2(Bucket="{bucket}", Prefix="attempts/").get("KeyCount"):
            s3.put_object(Bucket="{bucket}", Key="attempts/first", Body=b"")
            raise RuntimeError("first attempt fails")
        """,
        MaxRetries=1,
    )
    after = make_job("print('after')\n")
    workflow = unique("retry")
    glue.create_workflow(Name=workflow)
    chain(glue, workflow, {"JobName": flaky}, ({"JobName": flaky, "State": "SUCCEEDED"}, {"JobName": after}))

    run = wait_for_end(glue, workflow, glue.start_workflow_run(Name=workflow)["RunId"])

    assert run["Status"] == "COMPLETED"
    assert {k: run["Statistics"][k] for k in ("TotalActions", "SucceededActions", "FailedActions")} == {
        "TotalActions": 2,
        "SucceededActions": 2,
        "FailedActions": 0,
    }
    attempts = next(n for n in run["Graph"]["Nodes"] if n["Name"] == flaky)["JobDetails"]["JobRuns"]
    assert [(r["Attempt"], r["JobRunState"]) for r in attempts] == [(0, "FAILED"), (1, "SUCCEEDED")]


def test_and_any_and_a_failure_branch_over_real_job_outcomes(client, glue, bucket, make_job):
    ok = make_job("print('fine')\n")
    broken = make_job("raise ValueError('bad input row 3')\n")
    after_both, after_either, on_failure = (make_job("print('next')\n") for _ in range(3))
    workflow = unique("branches")
    glue.create_workflow(Name=workflow)
    glue.create_trigger(
        Name=unique("start"),
        WorkflowName=workflow,
        Type="ON_DEMAND",
        Actions=[{"JobName": ok}, {"JobName": broken}],
    )
    both = [{"JobName": ok, "State": "SUCCEEDED"}, {"JobName": broken, "State": "SUCCEEDED"}]
    for logical, conditions, job in (
        ("AND", both, after_both),
        ("ANY", both, after_either),
        ("AND", [{"JobName": broken, "State": "FAILED"}], on_failure),
    ):
        conditional(glue, workflow, logical, conditions, {"JobName": job})

    run = wait_for_end(glue, workflow, glue.start_workflow_run(Name=workflow)["RunId"])

    assert run["Status"] == "COMPLETED"
    ran = {
        name: [r["JobRunState"] for r in glue.get_job_runs(JobName=name)["JobRuns"]]
        for name in (ok, broken, after_both, after_either, on_failure)
    }
    assert ran == {
        ok: ["SUCCEEDED"],
        broken: ["FAILED"],
        after_both: [],
        after_either: ["SUCCEEDED"],
        on_failure: ["SUCCEEDED"],
    }
    assert {k: run["Statistics"][k] for k in ("TotalActions", "SucceededActions", "FailedActions")} == {
        "TotalActions": 4,
        "SucceededActions": 3,
        "FailedActions": 1,
    }
    failed = next(n for n in run["Graph"]["Nodes"] if n["Name"] == broken)["JobDetails"]["JobRuns"][0]
    assert failed["ErrorMessage"] == "ValueError: bad input row 3"
