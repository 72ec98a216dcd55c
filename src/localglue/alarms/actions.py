"""What a CloudWatch alarm does when its state changes: each action of the new state runs, as CloudWatch
runs it (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).

The one patch of moto's `Alarm.update_state` covers both ways a state changes: localglue's evaluation and
SetAlarmState (whose change, AWS says, invokes "the action configured for the appropriate state"). With
ActionsEnabled, an SNS topic action gets CloudWatch's notification: the JSON message (AlarmName,
NewStateValue, NewStateReason, Trigger, ...) and the subject `ALARM: "name" in US East (N. Virginia)`.
Other kinds of action (Auto Scaling, EC2, Lambda, Systems Manager) are logged, not run.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import botocore.session
from moto.cloudwatch.models import Alarm

from ..gateway.moto_bridge import backends_of
from ..gateway.patches import patch
from .evaluation import ALARM, INSUFFICIENT_DATA, OK

log = logging.getLogger("localglue.alarms")

SUBJECT_LIMIT = 100  # SNS's, in characters


@functools.cache
def region_names() -> dict[str, str]:
    """Region code -> the name CloudWatch's messages give it ("US East (N. Virginia)")."""
    partitions = botocore.session.get_session().get_data("endpoints")["partitions"]
    return {
        code: region.get("description", code)
        for partition in partitions
        for code, region in partition["regions"].items()
    }


def _stamp(moment: datetime) -> str:
    """CloudWatch's time format in its messages: 2026-12-01T21:45:00.123+0000 (moto keeps naive UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def actions_of(alarm: Alarm, state: str) -> list[str]:
    return list(
        {
            ALARM: alarm.alarm_actions,
            OK: alarm.ok_actions,
            INSUFFICIENT_DATA: alarm.insufficient_data_actions,
        }.get(state)
        or []
    )


def notification(alarm: Alarm, old_state: str) -> dict[str, Any]:
    account_id = alarm.alarm_arn.split(":")[4]
    return {
        "AlarmName": alarm.name,
        "AlarmDescription": alarm.description,
        "AWSAccountId": account_id,
        "AlarmConfigurationUpdatedTimestamp": _stamp(alarm.configuration_updated_timestamp),
        "NewStateValue": alarm.state_value,
        "NewStateReason": alarm.state_reason,
        "StateChangeTime": _stamp(alarm.state_updated_timestamp),
        "Region": region_names().get(alarm.region_name, alarm.region_name),
        "AlarmArn": alarm.alarm_arn,
        "OldStateValue": old_state,
        "OKActions": list(alarm.ok_actions or []),
        "AlarmActions": list(alarm.alarm_actions or []),
        "InsufficientDataActions": list(alarm.insufficient_data_actions or []),
        "Trigger": {
            "MetricName": alarm.metric_name,
            "Namespace": alarm.namespace,
            "StatisticType": "Statistic",
            "Statistic": (alarm.statistic or "").upper(),
            "Unit": alarm.unit,
            "Dimensions": [{"value": d.value, "name": d.name} for d in alarm.dimensions or []],
            "Period": alarm.period,
            "EvaluationPeriods": alarm.evaluation_periods,
            "DatapointsToAlarm": alarm.datapoints_to_alarm or alarm.evaluation_periods,
            "ComparisonOperator": alarm.comparison_operator,
            "Threshold": alarm.threshold,
            "TreatMissingData": alarm.treat_missing_data or "missing",
            "EvaluateLowSampleCountPercentile": alarm.evaluate_low_sample_count_percentile or "",
        },
    }


def run_actions(alarm: Alarm, old_state: str) -> None:
    if alarm.actions_enabled not in (True, "true", "True"):
        return
    actions = actions_of(alarm, alarm.state_value)
    if not actions:
        return
    message = json.dumps(notification(alarm, old_state))
    region = region_names().get(alarm.region_name, alarm.region_name)
    subject = f'{alarm.state_value}: "{alarm.name}" in {region}'[:SUBJECT_LIMIT]
    for arn in actions:
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[2] != "sns":
            log.warning("alarm %s: action %s is not run locally (only SNS topics are)", alarm.name, arn)
            continue
        try:
            backends_of("sns")[parts[4]][parts[3]].publish(message, arn=arn, subject=subject)
        except Exception:  # CloudWatch's actions are asynchronous: whoever changed the state never sees this
            log.exception("alarm %s could not notify %s", alarm.name, arn)


@patch(Alarm, "update_state", reason="a CloudWatch alarm's state change runs the new state's actions")
def update_state(original: Callable, self: Alarm, reason: str, reason_data: str, state_value: str) -> None:
    old_state = self.state_value
    original(self, reason, reason_data, state_value)
    if state_value != old_state:
        run_actions(self, old_state)
