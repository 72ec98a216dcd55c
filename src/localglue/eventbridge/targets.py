"""What a matched EventBridge rule does beyond moto: deliver to Glue workflows, SNS and SQS, and count.

moto's rules deliver to log groups, archives, other buses and HTTP destinations, and to SQS queues without
the event's `account` (its default input template leaves it out). The one patch of `Rule.send_to_targets`
here delivers what a Glue pipeline's rules use:

- a Glue workflow target (an EVENT trigger's input) goes to the workflow engine of the gateway whose
  request or engine produced the event (`workflows.events.deliver`);
- an SNS topic or an SQS queue target gets what EventBridge sends: the event's JSON (`time` in ISO 8601),
  or the target's `Input` / `InputTransformer` result; SNS then delivers it to the topic's subscriptions
  (moto delivers to SQS queues). A FIFO queue gets the target's MessageGroupId and needs content-based
  deduplication, as on AWS;
- every rule that matches counts one `TriggeredRules` and one `Invocations` per target in CloudWatch's
  `AWS/Events` namespace (dimension `RuleName`), the metrics EventBridge publishes for alarms to watch,
  stamped with the gateway's clock, on which alarms evaluate (`localglue.alarms`).
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from moto.events.models import Rule
from moto.events.utils import EventMessageType, EventTemplateParser

from ..gateway import lifecycle
from ..gateway.moto_bridge import backends_of
from ..gateway.patches import patch
from ..workflows import events as workflow_events

if TYPE_CHECKING:
    from ..runtime import Runtime

log = logging.getLogger("localglue.eventbridge")


def is_topic_or_queue(arn: str) -> bool:
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[2] in ("sns", "sqs")


def message_for(target: dict, event: EventMessageType) -> str:
    """What EventBridge sends the target: its constant Input, its InputTransformer's output, or the event."""
    if "Input" in target:
        return target["Input"]
    transformer = target.get("InputTransformer")
    if transformer:
        transformed = EventTemplateParser.parse(
            input_template=transformer.get("InputTemplate"),
            input_paths_map=transformer.get("InputPathsMap", {}),
            event=event,
        )
        return json.dumps(transformed)
    return json.dumps(as_delivered(event))


def as_delivered(event: EventMessageType) -> dict:
    """The event as targets receive it: moto's own `ingestion-time` left out, `time` in ISO 8601."""
    delivered: dict[str, Any] = {key: value for key, value in event.items() if key != "ingestion-time"}
    moment = delivered.get("time")
    if isinstance(moment, int | float):
        delivered["time"] = datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return delivered


def resource_of(arn: str) -> tuple[str, str, str, str]:
    """(service, region, account, resource) of an ARN."""
    _, _, service, region, account_id, resource = arn.split(":", 5)
    return service, region, account_id, resource


def deliver_to_topic_or_queue(rule: Rule, target: dict, event: EventMessageType) -> None:
    service, region, account_id, resource = resource_of(target["Arn"])
    message = message_for(target, event)
    try:
        if service == "sns":
            backends_of("sns")[account_id][region].publish(message, arn=target["Arn"])
            return
        queues = backends_of("sqs")[account_id][region]
        group_id = target.get("SqsParameters", {}).get("MessageGroupId")
        if resource.endswith(".fifo"):
            attributes = queues.get_queue_attributes(resource, ["ContentBasedDeduplication"])
            if attributes.get("ContentBasedDeduplication") != "true":
                log.warning("rule %s: FIFO queue %s needs content-based deduplication", rule.name, resource)
                return
        queues.send_message(queue_name=resource, message_body=message, group_id=group_id)
    except Exception:  # EventBridge's delivery is asynchronous: the event's sender never sees a failure
        log.exception("rule %s could not deliver to %s", rule.name, target["Arn"])


def count_match(rule: Rule, targets: int, runtime: Runtime | None) -> None:
    """The rule's metrics, stamped with its gateway's clock (alarms evaluate on it), else moto's now."""
    metrics = backends_of("cloudwatch")[rule.account_id][rule.region_name]
    dimensions = [{"Name": "RuleName", "Value": rule.name}]
    stamp: dict[str, Any] = {}
    if runtime is not None:
        stamp["Timestamp"] = runtime.ticker.clock.now(rule.account_id).astimezone(UTC).replace(tzinfo=None)
    data = [
        {"MetricName": "TriggeredRules", "Value": 1.0, "Unit": "Count", "Dimensions": dimensions, **stamp}
    ]
    if targets:
        data.append(
            {
                "MetricName": "Invocations",
                "Value": float(targets),
                "Unit": "Count",
                "Dimensions": dimensions,
                **stamp,
            }
        )
    metrics.put_metric_data("AWS/Events", data)


@patch(
    Rule,
    "send_to_targets",
    reason="EventBridge rules deliver to Glue workflows, SNS topics and SQS queues, and count",
)
def send_to_targets(
    original: Callable, self: Rule, original_event: EventMessageType, transform_input: bool = True
) -> None:
    if not self.event_pattern.matches_event(original_event):
        return
    runtime = lifecycle.current()
    count_match(self, len(self.targets), runtime)
    workflows = [target for target in self.targets if workflow_events.workflow_target(target["Arn"])]
    direct = [target for target in self.targets if is_topic_or_queue(target["Arn"])]
    if workflows and runtime is None:
        log.warning("an event for a Glue workflow came from no known gateway: not delivered")
    if runtime is not None:
        for target in workflows:
            workflow_events.deliver(runtime, original_event, target)
    for target in direct:
        deliver_to_topic_or_queue(self, target, original_event)
    others = [target for target in self.targets if target not in workflows and target not in direct]
    if len(others) == len(self.targets):
        original(self, original_event, transform_input)
    elif others:
        rest = copy.copy(self)
        rest.targets = others
        original(rest, original_event, transform_input)
