"""The engine that evaluates every CloudWatch metric alarm once a minute of its account's clock.

An alarm on one metric and a statistic (Sum, Average, Minimum, Maximum, SampleCount) is evaluated over the
metric's data points with exactly its dimensions (and its unit, when it names one); an alarm on metric math,
a percentile or other alarms (composite) keeps the state it is given (SetAlarmState), logged once. The
clock is the gateway's, so `localglue clock advance` makes an evaluation due at once and ages data: the
data points localglue publishes (EventBridge's `TriggeredRules`) carry that clock's time, a client's
without a Timestamp the wall clock's.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from moto.cloudwatch.models import Alarm, CloudWatchBackend, MetricDatumBase, Statistics

from ..gateway.lifecycle import Engine
from ..gateway.moto_bridge import backends_of
from ..schedule.ticker import Clock
from .evaluation import Outcome, Period, Rule, evaluate, windows

if TYPE_CHECKING:
    from ..runtime import Runtime

log = logging.getLogger("localglue.alarms")

EVALUATION_INTERVAL = timedelta(minutes=1)
STATISTICS = ("Sum", "Average", "Minimum", "Maximum", "SampleCount")


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def rule_of(alarm: Alarm) -> Rule:
    return Rule(
        comparison=alarm.comparison_operator,
        threshold=float(alarm.threshold),
        evaluation_periods=int(alarm.evaluation_periods),
        datapoints_to_alarm=int(alarm.datapoints_to_alarm or alarm.evaluation_periods),
        treat_missing_data=alarm.treat_missing_data or "missing",
    )


def evaluable(alarm: Alarm) -> bool:
    return (
        bool(alarm.metric_name)
        and not alarm.metric_data_queries
        and not alarm.rule
        and alarm.statistic in STATISTICS
    )


def _of_alarm(datum: MetricDatumBase, alarm: Alarm) -> bool:
    dimensions = {(d.name, d.value) for d in datum.dimensions}
    return (
        datum.namespace == alarm.namespace
        and datum.name == alarm.metric_name
        and dimensions == {(d.name, d.value) for d in alarm.dimensions or []}
        and (not alarm.unit or datum.unit == alarm.unit)
    )


def statistic(data: list[MetricDatumBase], alarm: Alarm, start: datetime, end: datetime) -> float | None:
    """The alarm's statistic over its metric's data in [start, end), moto's arithmetic; None without data."""
    inside = [datum for datum in data if start <= _naive_utc(datum.timestamp) < end]
    if not inside:
        return None
    summary = Statistics([alarm.statistic], start)
    summary.metric_data = inside
    value = summary.get_statistics_for_type(alarm.statistic)
    return None if value is None else float(value)


def reason_data(alarm: Alarm, outcome: Outcome, now: datetime) -> str:
    present = [period for period in outcome.evaluated if period.value is not None]
    return json.dumps(
        {
            "version": "1.0",
            "queryDate": now.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "startDate": outcome.evaluated[-1].start.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "statistic": alarm.statistic,
            "period": alarm.period,
            "recentDatapoints": [period.value for period in present],
            "threshold": float(alarm.threshold),
            "evaluatedDatapoints": [
                {"timestamp": period.start.strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "value": period.value}
                for period in present
            ],
        }
    )


def evaluate_alarm(backend: CloudWatchBackend, alarm: Alarm, now: datetime) -> None:
    """Evaluate one alarm at `now` (naive UTC) and move it to the state its data says."""
    data = [datum for datum in backend.get_all_metrics() if _of_alarm(datum, alarm)]
    periods = [
        Period(start, statistic(data, alarm, start, end))
        for start, end in windows(now, int(alarm.period), int(alarm.evaluation_periods))
    ]
    outcome = evaluate(rule_of(alarm), periods, alarm.state_value)
    if outcome.state != alarm.state_value:
        alarm.update_state(outcome.reason, reason_data(alarm, outcome, now), outcome.state)


class AlarmEngine(Engine):
    name = "alarms"

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self._next: dict[str, datetime] = {}  # account -> when its alarms are next evaluated
        self._skipped: set[str] = set()  # alarm ARNs whose kind is not evaluated, logged once
        self._lock = threading.Lock()

    def start(self) -> None:
        self.runtime.ticker.on_tick(self.evaluate_due)

    def evaluate_due(self, clock: Clock) -> None:
        with self._lock:
            for account_id, regions in list(backends_of("cloudwatch").items()):
                now = clock.now(account_id)
                if now < self._next.get(account_id, now):
                    continue
                self._next[account_id] = now + EVALUATION_INTERVAL
                for backend in list(regions.values()):
                    for alarm in list(backend.alarms.values()):
                        self._evaluate(backend, alarm, _naive_utc(now))

    def _evaluate(self, backend: CloudWatchBackend, alarm: Alarm, now: datetime) -> None:
        if not evaluable(alarm):
            if alarm.alarm_arn not in self._skipped:
                self._skipped.add(alarm.alarm_arn)
                log.info("alarm %s (metric math, percentile or composite) is not evaluated", alarm.name)
            return
        try:
            evaluate_alarm(backend, alarm, now)
        except Exception:  # one alarm's bad data must not stop the others
            log.exception("alarm %s could not be evaluated", alarm.name)
