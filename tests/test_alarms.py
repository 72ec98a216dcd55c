"""CloudWatch metric alarms evaluate and notify: states worked out by hand from AWS's evaluation rules,
notifications in CloudWatch's documented shape, through moto's SNS to an SQS subscription."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from localglue.alarms import actions  # noqa: F401  (declares the patch)
from localglue.alarms.engine import AlarmEngine
from localglue.alarms.evaluation import ALARM, INSUFFICIENT_DATA, OK, Period, Rule, evaluate, windows
from localglue.gateway import patches
from localglue.schedule.ticker import Clock

REGION = "us-east-1"
START = datetime(2026, 12, 1, 12, 0, 0)


def periods(*values: float | None) -> list[Period]:
    """Newest first, 60 s apart."""
    return [Period(START - timedelta(minutes=index), value) for index, value in enumerate(values)]


def rule(treat: str, evaluation_periods: int = 3, datapoints: int = 2) -> Rule:
    return Rule("GreaterThanThreshold", 10.0, evaluation_periods, datapoints, treat)


@pytest.mark.parametrize(
    ("values", "treat", "current", "expected"),
    [
        ((11, 12, 1), "missing", OK, ALARM),  # 2 of 3 breach: M reached
        ((11, 1, 1), "missing", ALARM, OK),  # 1 of 3 breach
        ((10, 10, 10), "missing", ALARM, OK),  # equal is not greater
        ((None, None, None), "missing", OK, INSUFFICIENT_DATA),
        ((None, None, None), "ignore", ALARM, ALARM),  # no data: the state stays
        ((None, None, None), "notBreaching", ALARM, OK),
        ((None, None, None), "breaching", OK, ALARM),
        ((11, None, 1), "breaching", OK, ALARM),  # 1 breach + 1 missing counted as breaching
        ((11, None, 1), "notBreaching", ALARM, OK),
        ((11, None, 1), "missing", OK, OK),  # 1 breach and 1 unknown could reach 2: undecided, stays
        ((11, None, 1), "missing", ALARM, ALARM),
        ((1, None, 1), "missing", ALARM, OK),  # even the unknown one breaching makes only 1
    ],
)
def test_evaluation_follows_the_missing_data_rules(values, treat, current, expected):
    assert evaluate(rule(treat), periods(*values), current).state == expected


def test_reasons_read_as_cloudwatch_writes_them():
    crossed = evaluate(Rule("GreaterThanOrEqualToThreshold", 1.0, 1, 1, "notBreaching"), periods(2), OK)
    assert crossed.reason == (
        "Threshold Crossed: 1 out of the last 1 datapoints [2 (01/12/26 12:00:00)] was greater than or "
        "equal to the threshold (1) (minimum 1 datapoint for OK -> ALARM transition)."
    )
    calm = evaluate(Rule("GreaterThanOrEqualToThreshold", 1.0, 1, 1, "notBreaching"), periods(None), ALARM)
    assert calm.reason == (
        "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated "
        "as [NonBreaching]."
    )


def test_periods_end_at_the_evaluation_time_newest_first():
    assert windows(START, 300, 2) == [
        (START - timedelta(seconds=300), START),
        (START - timedelta(seconds=600), START - timedelta(seconds=300)),
    ]


@pytest.fixture()
def aws():
    patches.apply_all()
    try:
        with mock_aws():
            cloudwatch = boto3.client("cloudwatch", region_name=REGION)
            sns = boto3.client("sns", region_name=REGION)
            sqs = boto3.client("sqs", region_name=REGION)
            topic = sns.create_topic(Name="alerts")["TopicArn"]
            queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
            queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
            yield SimpleNamespace(cloudwatch=cloudwatch, sqs=sqs, topic=topic, queue=queue)
    finally:
        patches.undo_all()


def alarm_on_rule(aws, name: str = "job-failed", **extra) -> None:
    aws.cloudwatch.put_metric_alarm(
        AlarmName=name,
        AlarmDescription="a run failed",
        Namespace="AWS/Events",
        MetricName="TriggeredRules",
        Dimensions=[{"Name": "RuleName", "Value": "job-failed-rule"}],
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
        AlarmActions=[aws.topic],
        **extra,
    )


def matches(aws, rule_name: str = "job-failed-rule", **dimensions: str) -> None:
    named = [{"Name": "RuleName", "Value": rule_name}] + [
        {"Name": k, "Value": v} for k, v in dimensions.items()
    ]
    aws.cloudwatch.put_metric_data(
        Namespace="AWS/Events",
        MetricData=[{"MetricName": "TriggeredRules", "Value": 1.0, "Unit": "Count", "Dimensions": named}],
    )


def state(aws, name: str = "job-failed") -> dict:
    (alarm,) = aws.cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    return alarm


def notifications(aws) -> list[dict]:
    messages = aws.sqs.receive_message(QueueUrl=aws.queue, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(message["Body"]) for message in messages]


def engine() -> tuple[AlarmEngine, Clock]:
    return AlarmEngine(SimpleNamespace(ticker=None)), Clock()  # type: ignore[arg-type]


def test_a_matched_rule_puts_the_alarm_in_alarm_and_notifies_the_topic(aws):
    alarm_on_rule(aws)
    matches(aws)
    matches(aws, rule_name="another-rule")  # another metric: not the alarm's
    matches(aws, Extra="x")  # more dimensions: another metric too
    alarms, clock = engine()
    alarms.evaluate_due(clock)

    alarm = state(aws)
    assert alarm["StateValue"] == "ALARM"
    assert alarm["StateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints [1 (")
    assert json.loads(alarm["StateReasonData"])["recentDatapoints"] == [1.0]
    (envelope,) = notifications(aws)
    assert envelope["Subject"] == 'ALARM: "job-failed" in US East (N. Virginia)'
    message = json.loads(envelope["Message"])
    assert (message["AlarmName"], message["NewStateValue"], message["OldStateValue"]) == (
        "job-failed",
        "ALARM",
        "OK",
    )
    assert message["AWSAccountId"] == "123456789012"
    assert message["Region"] == "US East (N. Virginia)"
    assert message["AlarmActions"] == [aws.topic]
    assert message["Trigger"] == {
        "MetricName": "TriggeredRules",
        "Namespace": "AWS/Events",
        "StatisticType": "Statistic",
        "Statistic": "SUM",
        "Unit": None,
        "Dimensions": [{"value": "job-failed-rule", "name": "RuleName"}],
        "Period": 300,
        "EvaluationPeriods": 1,
        "DatapointsToAlarm": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "Threshold": 1.0,
        "TreatMissingData": "notBreaching",
        "EvaluateLowSampleCountPercentile": "",
    }


def test_evaluations_come_once_a_minute_and_the_alarm_clears_when_its_data_ages_out(aws):
    alarm_on_rule(aws)
    alarms, clock = engine()
    alarms.evaluate_due(clock)
    assert state(aws)["StateValue"] == "OK"
    matches(aws)
    alarms.evaluate_due(clock)  # the next evaluation is a minute away
    assert state(aws)["StateValue"] == "OK"
    clock.advance("123456789012", timedelta(minutes=1))
    alarms.evaluate_due(clock)
    assert state(aws)["StateValue"] == "ALARM"
    assert len(notifications(aws)) == 1
    clock.advance("123456789012", timedelta(minutes=5))  # the match leaves the 300 s period
    alarms.evaluate_due(clock)
    assert state(aws)["StateValue"] == "OK"
    assert notifications(aws) == []  # no OKActions


def test_set_alarm_state_runs_the_new_states_actions_unless_actions_are_disabled(aws):
    alarm_on_rule(aws)
    aws.cloudwatch.set_alarm_state(
        AlarmName="job-failed", StateValue="ALARM", StateReason="testing the wiring"
    )
    (envelope,) = notifications(aws)
    assert json.loads(envelope["Message"])["NewStateReason"] == "testing the wiring"

    alarm_on_rule(aws, name="quiet", ActionsEnabled=False)
    aws.cloudwatch.set_alarm_state(AlarmName="quiet", StateValue="ALARM", StateReason="testing")
    assert notifications(aws) == []


def test_alarm_timestamps_are_utc_in_cloudwatchs_format(aws):
    alarm_on_rule(aws)
    before = datetime.now(UTC)
    aws.cloudwatch.set_alarm_state(AlarmName="job-failed", StateValue="ALARM", StateReason="now")
    (envelope,) = notifications(aws)
    changed = json.loads(envelope["Message"])["StateChangeTime"]
    moment = datetime.strptime(changed, "%Y-%m-%dT%H:%M:%S.%f%z")
    assert (
        timedelta(0)
        <= moment - before.replace(microsecond=before.microsecond // 1000 * 1000)
        < timedelta(seconds=5)
    )
