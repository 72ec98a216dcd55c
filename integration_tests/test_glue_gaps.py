"""The Glue actions moto lacks (UpdateCrawler, UpdateJob, UpdateTrigger, GetWorkflow's graph), through boto3."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from localglue.testing import error_code

from localglue.crawlers.models import Crawl

ROLE = "arn:aws:iam::123456789012:role/glue"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def make_crawler(localglue_create_crawler):
    """`make_crawler(name)`: a crawler of s3://bucket/incoming/ into `db`, deleted after the test."""

    def make(name: str, path: str = "s3://bucket/incoming/") -> str:
        return localglue_create_crawler(
            "db",
            [path],
            name=name,
            Role=ROLE,
            SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "LOG"},
        )

    return make


@pytest.fixture
def make_job(localglue_create_job):
    """`make_job(name, **CreateJob fields)`: a Glue 5.0 Spark job on 2 G.1X workers, deleted after the test."""

    def make(name: str, **extra) -> str:
        return localglue_create_job(
            name=name,
            Role=ROLE,
            Command={"Name": "glueetl", "ScriptLocation": "s3://scripts/job.py", "PythonVersion": "3"},
            WorkerType="G.1X",
            NumberOfWorkers=2,
            **extra,
        )

    return make


# UpdateCrawler


def test_update_crawler_changes_the_given_members_only(glue, make_crawler):
    name = unique("crawler")
    make_crawler(name)
    before = glue.get_crawler(Name=name)["Crawler"]

    assert glue.update_crawler(
        Name=name,
        Targets={"S3Targets": [{"Path": "s3://bucket/other/"}]},
        Schedule="cron(0 5 * * ? *)",
        Description="moved",
    )["ResponseMetadata"]
    after = glue.get_crawler(Name=name)["Crawler"]

    assert after["Targets"]["S3Targets"] == [{"Path": "s3://bucket/other/"}]
    assert after["Schedule"]["ScheduleExpression"] == "cron(0 5 * * ? *)"
    assert after["Description"] == "moved"
    assert after["Role"] == ROLE and after["DatabaseName"] == "db"
    assert after["SchemaChangePolicy"] == before["SchemaChangePolicy"]
    assert after["Version"] == before["Version"] + 1
    assert after["LastUpdated"] >= before["LastUpdated"]


def test_update_crawler_with_empty_schedule_removes_it(glue, make_crawler):
    name = unique("crawler")
    make_crawler(name)
    glue.update_crawler(Name=name, Schedule="cron(0 5 * * ? *)")
    glue.update_crawler(Name=name, Schedule="")
    assert "Schedule" not in glue.get_crawler(Name=name)["Crawler"]


def test_update_crawler_unknown_is_entity_not_found(glue):
    with pytest.raises(ClientError) as excinfo:
        glue.update_crawler(Name=unique("missing"), Description="x")
    assert error_code(excinfo) == "EntityNotFoundException"


def test_update_crawler_while_it_runs_is_refused(glue, runtime, make_crawler):
    name = unique("crawler")
    make_crawler(name)
    crawl = Crawl(name)  # a crawl in progress, as the crawler engine records it
    runtime.crawlers.of("123456789012", "us-east-1").record(name).crawls.append(crawl)
    with pytest.raises(ClientError) as excinfo:
        glue.update_crawler(Name=name, Description="x")
    assert error_code(excinfo) == "CrawlerRunningException"

    crawl.state = "COMPLETED"
    glue.update_crawler(Name=name, Description="after the crawl")
    assert glue.get_crawler(Name=name)["Crawler"]["Description"] == "after the crawl"


# UpdateJob


def test_update_job_overwrites_the_whole_definition(glue, make_job):
    name = unique("job")
    make_job(name, Description="first", DefaultArguments={"--a": "1", "--b": "2"}, Timeout=60)

    answer = glue.update_job(
        JobName=name,
        JobUpdate={
            "Role": ROLE,
            "Command": {"Name": "glueetl", "ScriptLocation": "s3://scripts/v2.py", "PythonVersion": "3"},
            "DefaultArguments": {"--a": "10"},
            "GlueVersion": "5.0",
            "WorkerType": "G.2X",
            "NumberOfWorkers": 3,
        },
    )
    job = glue.get_job(JobName=name)["Job"]

    assert answer["JobName"] == name
    assert job["Command"]["ScriptLocation"] == "s3://scripts/v2.py"
    assert job["DefaultArguments"] == {"--a": "10"}
    assert (job["WorkerType"], job["NumberOfWorkers"], job["GlueVersion"]) == ("G.2X", 3, "5.0")
    # members the update leaves out are reset, as AWS documents for JobUpdate
    assert "Description" not in job and "Timeout" not in job
    assert job["ExecutionClass"] == "STANDARD"


def test_update_job_unknown_is_entity_not_found(glue):
    with pytest.raises(ClientError) as excinfo:
        glue.update_job(JobName=unique("missing"), JobUpdate={"Role": ROLE, "Command": {"Name": "glueetl"}})
    assert error_code(excinfo) == "EntityNotFoundException"


@pytest.mark.parametrize(
    "job_update, message",
    [
        ({"Role": ROLE}, "Command name should not be null or empty."),
        ({"Command": {"Name": "glueetl"}}, "Role should not be null or empty."),
        (
            {"Role": ROLE, "Command": {"Name": "glueetl"}, "MaxCapacity": 2.0, "WorkerType": "G.1X"},
            "Please do not set Max Capacity if using Worker Type and Number of Workers.",
        ),
    ],
)
def test_update_job_invalid_input(glue, job_update, message, make_job):
    name = unique("job")
    make_job(name)
    with pytest.raises(ClientError) as excinfo:
        glue.update_job(JobName=name, JobUpdate=job_update)
    assert error_code(excinfo) == "InvalidInputException"
    assert excinfo.value.response["Error"]["Message"] == message
    assert glue.get_job(JobName=name)["Job"]["Command"]["ScriptLocation"] == "s3://scripts/job.py"


# UpdateTrigger


def test_update_trigger_replaces_predicate_and_actions(glue):
    name, workflow = unique("trigger"), unique("wf")
    glue.create_workflow(Name=workflow)
    glue.create_trigger(
        Name=name,
        WorkflowName=workflow,
        Type="CONDITIONAL",
        StartOnCreation=True,
        Description="old",
        Predicate={
            "Logical": "AND",
            "Conditions": [{"LogicalOperator": "EQUALS", "CrawlerName": "c1", "CrawlState": "SUCCEEDED"}],
        },
        Actions=[{"JobName": "j1"}],
    )
    new_predicate = {
        "Logical": "ANY",
        "Conditions": [
            {"LogicalOperator": "EQUALS", "CrawlerName": "c1", "CrawlState": "FAILED"},
            {"LogicalOperator": "EQUALS", "JobName": "j0", "State": "SUCCEEDED"},
        ],
    }

    answer = glue.update_trigger(
        Name=name, TriggerUpdate={"Predicate": new_predicate, "Actions": [{"JobName": "j2", "Timeout": 30}]}
    )["Trigger"]
    stored = glue.get_trigger(Name=name)["Trigger"]

    assert answer == stored
    assert stored["Predicate"] == new_predicate
    assert stored["Actions"] == [{"JobName": "j2", "Timeout": 30}]
    assert "Description" not in stored  # TriggerUpdate overwrites the whole definition
    assert (stored["Type"], stored["State"], stored["WorkflowName"]) == ("CONDITIONAL", "ACTIVATED", workflow)


def test_update_trigger_schedule(glue):
    name = unique("trigger")
    glue.create_trigger(
        Name=name, Type="SCHEDULED", Schedule="cron(0 2 * * ? *)", Actions=[{"CrawlerName": "c"}]
    )
    glue.update_trigger(
        Name=name, TriggerUpdate={"Schedule": "cron(30 3 * * ? *)", "Actions": [{"CrawlerName": "c"}]}
    )
    assert glue.get_trigger(Name=name)["Trigger"]["Schedule"] == "cron(30 3 * * ? *)"


@pytest.mark.parametrize("schedule", ["", "cron(0 2 * * *)", "cron(0 25 * * ? *)"])
def test_update_trigger_refuses_a_bad_schedule(glue, schedule):
    name = unique("trigger")
    glue.create_trigger(
        Name=name, Type="SCHEDULED", Schedule="cron(0 2 * * ? *)", Actions=[{"CrawlerName": "c"}]
    )
    with pytest.raises(ClientError) as excinfo:
        glue.update_trigger(
            Name=name, TriggerUpdate={"Schedule": schedule, "Actions": [{"CrawlerName": "c"}]}
        )
    assert error_code(excinfo) == "InvalidInputException"
    assert glue.get_trigger(Name=name)["Trigger"]["Schedule"] == "cron(0 2 * * ? *)"


def test_update_trigger_unknown_is_entity_not_found(glue):
    with pytest.raises(ClientError) as excinfo:
        glue.update_trigger(Name=unique("missing"), TriggerUpdate={"Actions": [{"JobName": "j"}]})
    assert error_code(excinfo) == "EntityNotFoundException"


@pytest.mark.parametrize(
    "trigger_update",
    [
        {
            "Predicate": {"Conditions": [{"LogicalOperator": "EQUALS", "JobName": "j0"}]},
            "Actions": [{"JobName": "j"}],
        },
        {"Actions": [{"JobName": "j"}]},  # a CONDITIONAL trigger needs a predicate
        {"Predicate": {"Conditions": [{"LogicalOperator": "EQUALS", "JobName": "j0", "State": "SUCCEEDED"}]}},
    ],
)
def test_update_trigger_invalid_input(glue, trigger_update):
    name = unique("trigger")
    predicate = {
        "Logical": "AND",
        "Conditions": [{"LogicalOperator": "EQUALS", "JobName": "j0", "State": "SUCCEEDED"}],
    }
    glue.create_trigger(Name=name, Type="CONDITIONAL", Predicate=predicate, Actions=[{"JobName": "j1"}])
    with pytest.raises(ClientError) as excinfo:
        glue.update_trigger(Name=name, TriggerUpdate=trigger_update)
    assert error_code(excinfo) == "InvalidInputException"
    assert glue.get_trigger(Name=name)["Trigger"]["Actions"] == [{"JobName": "j1"}]


# GetWorkflow with IncludeGraph


def test_get_workflow_graph_follows_triggers(glue):
    workflow, other = unique("wf"), unique("wf")
    glue.create_workflow(Name=workflow)
    glue.create_workflow(Name=other)
    start, after_crawl, after_job = unique("start"), unique("after-crawl"), unique("after-job")
    glue.create_trigger(
        Name=start,
        WorkflowName=workflow,
        Type="SCHEDULED",
        Schedule="cron(0 2 * * ? *)",
        Actions=[{"CrawlerName": "source"}],
    )
    glue.create_trigger(
        Name=after_crawl,
        WorkflowName=workflow,
        Type="CONDITIONAL",
        Predicate={
            "Logical": "AND",
            "Conditions": [{"LogicalOperator": "EQUALS", "CrawlerName": "source", "CrawlState": "SUCCEEDED"}],
        },
        Actions=[{"JobName": "lag"}],
    )
    glue.create_trigger(
        Name=after_job,
        WorkflowName=workflow,
        Type="CONDITIONAL",
        Predicate={
            "Logical": "AND",
            "Conditions": [{"LogicalOperator": "EQUALS", "JobName": "lag", "State": "SUCCEEDED"}],
        },
        Actions=[{"CrawlerName": "target"}],
    )
    glue.create_trigger(
        Name=unique("elsewhere"), WorkflowName=other, Type="ON_DEMAND", Actions=[{"JobName": "x"}]
    )

    graph = glue.get_workflow(Name=workflow, IncludeGraph=True)["Workflow"]["Graph"]

    by_id = {node["UniqueId"]: node for node in graph["Nodes"]}
    assert len(by_id) == len(graph["Nodes"])
    assert {(node["Type"], node["Name"]) for node in graph["Nodes"]} == {
        ("TRIGGER", start),
        ("TRIGGER", after_crawl),
        ("TRIGGER", after_job),
        ("CRAWLER", "source"),
        ("JOB", "lag"),
        ("CRAWLER", "target"),
    }
    named_edges = {(by_id[e["SourceId"]]["Name"], by_id[e["DestinationId"]]["Name"]) for e in graph["Edges"]}
    assert named_edges == {
        (start, "source"),
        ("source", after_crawl),
        (after_crawl, "lag"),
        ("lag", after_job),
        (after_job, "target"),
    }
    assert len(graph["Edges"]) == 5
    triggers = {
        node["Name"]: node["TriggerDetails"]["Trigger"]
        for node in graph["Nodes"]
        if node["Type"] == "TRIGGER"
    }
    assert triggers[start] == glue.get_trigger(Name=start)["Trigger"]
    assert triggers[after_job]["Predicate"]["Conditions"][0]["JobName"] == "lag"
    assert all("JobDetails" in n for n in graph["Nodes"] if n["Type"] == "JOB")
    assert all("CrawlerDetails" in n for n in graph["Nodes"] if n["Type"] == "CRAWLER")
    # ids are stable between calls
    again = glue.get_workflow(Name=workflow, IncludeGraph=True)["Workflow"]["Graph"]
    assert sorted(n["UniqueId"] for n in again["Nodes"]) == sorted(by_id)


def test_get_workflow_without_graph_and_unknown(glue):
    workflow = unique("wf")
    glue.create_workflow(Name=workflow, Description="plain")
    plain = glue.get_workflow(Name=workflow)["Workflow"]
    assert plain["Name"] == workflow and plain["Description"] == "plain" and "Graph" not in plain
    empty = glue.get_workflow(Name=workflow, IncludeGraph=True)["Workflow"]["Graph"]
    assert empty == {"Nodes": [], "Edges": []}
    with pytest.raises(ClientError) as excinfo:
        glue.get_workflow(Name=unique("missing"), IncludeGraph=True)
    assert error_code(excinfo) == "EntityNotFoundException"


def test_batch_get_workflows_includes_each_graph(glue):
    workflow, missing = unique("wf"), unique("missing")
    glue.create_workflow(Name=workflow)
    trigger = unique("start")
    glue.create_trigger(Name=trigger, WorkflowName=workflow, Type="ON_DEMAND", Actions=[{"JobName": "only"}])

    answer = glue.batch_get_workflows(Names=[workflow, missing], IncludeGraph=True)

    assert answer["MissingWorkflows"] == [missing]
    (found,) = answer["Workflows"]
    assert found["Graph"] == glue.get_workflow(Name=workflow, IncludeGraph=True)["Workflow"]["Graph"]
    assert {(node["Type"], node["Name"]) for node in found["Graph"]["Nodes"]} == {
        ("TRIGGER", trigger),
        ("JOB", "only"),
    }
    assert "Graph" not in glue.batch_get_workflows(Names=[workflow])["Workflows"][0]


def test_get_partitions_segments_split_the_partitions_between_them(glue):
    database, table = unique("segments_db").replace("-", "_"), "days"
    glue.create_database(DatabaseInput={"Name": database})
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": table,
            "PartitionKeys": [{"Name": "day", "Type": "int"}],
            "StorageDescriptor": {"Columns": [{"Name": "v", "Type": "string"}], "Location": "s3://b/days/"},
        },
    )
    days = [str(day) for day in range(40)]
    for start in (0, 20):
        glue.batch_create_partition(
            DatabaseName=database,
            TableName=table,
            PartitionInputList=[
                {"Values": [day], "StorageDescriptor": {"Location": f"s3://b/days/day={day}/"}}
                for day in days[start : start + 20]
            ],
        )

    def segment(number: int, total: int, **extra) -> list[str]:
        paginator = glue.get_paginator("get_partitions")
        pages = paginator.paginate(
            DatabaseName=database,
            TableName=table,
            Segment={"SegmentNumber": number, "TotalSegments": total},
            PaginationConfig={"PageSize": 3},
            **extra,
        )
        return [partition["Values"][0] for page in pages for partition in page["Partitions"]]

    segments = [segment(number, 4) for number in range(4)]
    assert sorted(day for part in segments for day in part) == sorted(days)  # each partition in one segment
    assert sum(len(part) for part in segments) == 40 and all(segments)
    filtered = [segment(number, 4, Expression="day < 10") for number in range(4)]
    assert sorted((day for part in filtered for day in part), key=int) == days[:10]
    for bad in ({"SegmentNumber": 4, "TotalSegments": 4}, {"SegmentNumber": 0, "TotalSegments": 11}):
        assert (
            error_code(glue.get_partitions, DatabaseName=database, TableName=table, Segment=bad)
            == "InvalidInputException"
        )
