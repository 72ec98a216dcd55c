"""Glue's events on EventBridge, as AWS Glue emits them, reaching a rule's SQS and SNS targets: a failing job
run and a crawl, through rules whose patterns are written as AWS's documentation writes them."""

from __future__ import annotations

import json
import textwrap
import time
import uuid

import pytest

ACCOUNT, REGION = "123456789012", "us-east-1"


@pytest.fixture
def queue(client):
    """An SQS queue of the test's own: (url, arn)."""
    sqs = client("sqs")
    url = sqs.create_queue(QueueName=f"glue-events-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def rule_to(client, pattern: dict, target_arn: str) -> str:
    events = client("events")
    name = f"glue-events-{uuid.uuid4().hex[:8]}"
    events.put_rule(Name=name, EventPattern=json.dumps(pattern))
    events.put_targets(Rule=name, Targets=[{"Id": "target", "Arn": target_arn}])
    return name


def messages(client, url: str, wanted: int, seconds: float = 60) -> list[dict]:
    found: list[dict] = []
    deadline = time.monotonic() + seconds
    while len(found) < wanted and time.monotonic() < deadline:
        for message in (
            client("sqs")
            .receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            .get("Messages", [])
        ):
            found.append(json.loads(message["Body"]))
    return found


def failing_job(client, bucket: str) -> str:
    name = f"failing-{uuid.uuid4().hex[:8]}"
    script = textwrap.dedent("raise RuntimeError('the events table moved')\n").encode()
    client("s3").put_object(Bucket=bucket, Key=f"{name}.py", Body=script)
    client("glue").create_job(
        Name=name,
        Role=f"arn:aws:iam::{ACCOUNT}:role/glue",
        Command={"Name": "pythonshell", "ScriptLocation": f"s3://{bucket}/{name}.py", "PythonVersion": "3"},
    )
    return name


def test_a_failed_job_run_reaches_an_sqs_target_as_glue_words_it(client, bucket, queue):
    url, arn = queue
    job = failing_job(client, bucket)
    pattern = {
        "source": ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        "detail": {"jobName": [job], "state": ["FAILED", "TIMEOUT"]},
    }
    rule_to(client, pattern, arn)

    run_id = client("glue").start_job_run(JobName=job)["JobRunId"]

    (event,) = messages(client, url, 1)
    run = client("glue").get_job_run(JobName=job, RunId=run_id)["JobRun"]
    assert run["JobRunState"] == "FAILED"
    assert (event["source"], event["detail-type"], event["account"], event["region"]) == (
        "aws.glue",
        "Glue Job State Change",
        ACCOUNT,
        REGION,
    )
    assert event["detail"] == {
        "jobName": job,
        "severity": "ERROR",
        "state": "FAILED",
        "jobRunId": run_id,
        "message": run["ErrorMessage"],
    }
    assert "the events table moved" in event["detail"]["message"]
    assert time.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ")


def test_a_rule_on_failures_notifies_an_sns_topic_and_counts_its_match(client, bucket, queue):
    url, queue_arn = queue
    sns = client("sns")
    topic = sns.create_topic(Name=f"pipeline-alerts-{uuid.uuid4().hex[:8]}")["TopicArn"]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    job = failing_job(client, bucket)
    rule = rule_to(
        client,
        {
            "source": ["aws.glue"],
            "detail-type": ["Glue Job State Change"],
            "detail": {"jobName": [job], "state": ["FAILED"]},
        },
        topic,
    )

    run_id = client("glue").start_job_run(JobName=job)["JobRunId"]

    (event,) = messages(client, url, 1)  # the topic delivered the event itself as its message
    assert (event["detail-type"], event["detail"]["jobRunId"], event["detail"]["state"]) == (
        "Glue Job State Change",
        run_id,
        "FAILED",
    )
    statistics = client("cloudwatch").get_metric_statistics(
        Namespace="AWS/Events",
        MetricName="TriggeredRules",
        Dimensions=[{"Name": "RuleName", "Value": rule}],
        StartTime=time.time() - 600,
        EndTime=time.time() + 60,
        Period=60,
        Statistics=["Sum"],
    )
    assert sum(point["Sum"] for point in statistics["Datapoints"]) == 1


def test_a_crawl_reaches_a_rule_with_started_and_succeeded(client, bucket, queue):
    url, arn = queue
    glue, s3 = client("glue"), client("s3")
    s3.put_object(Bucket=bucket, Key="events/a.csv", Body=b"user_id,event_type\nu1,login\n")
    database = f"events_{uuid.uuid4().hex[:8]}"
    glue.create_database(DatabaseInput={"Name": database})
    crawler = f"crawler-{uuid.uuid4().hex[:8]}"
    glue.create_crawler(
        Name=crawler,
        Role=f"arn:aws:iam::{ACCOUNT}:role/glue",
        DatabaseName=database,
        Targets={"S3Targets": [{"Path": f"s3://{bucket}/events/"}]},
    )
    rule_to(
        client,
        {
            "source": ["aws.glue"],
            "detail-type": ["Glue Crawler State Change"],
            "detail": {"crawlerName": [crawler]},
        },
        arn,
    )

    glue.start_crawler(Name=crawler)

    started, succeeded = sorted(
        messages(client, url, 2), key=lambda event: event["detail"]["state"] != "Started"
    )
    assert started["detail"]["state"] == "Started" and started["detail"]["message"] == "Crawler Started"
    assert (started["detail"]["crawlerName"], started["detail"]["accountId"]) == (crawler, ACCOUNT)
    assert (
        succeeded["detail"]["state"] == "Succeeded" and succeeded["detail"]["message"] == "Crawler Succeeded"
    )
    assert succeeded["detail"]["tablesCreated"] == "1"
    assert int(succeeded["detail"]["runningTime (sec)"]) >= 0
