"""The state a CloudWatch metric alarm's recent data puts it in, as AWS's "Evaluating an alarm" describes
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html).

The alarm looks at its last EvaluationPeriods periods, the newest ending at the evaluation time. A period
breaches when its statistic compares with the threshold as ComparisonOperator says; DatapointsToAlarm of
them (default: all) breaching put the alarm in ALARM. A period without data counts as TreatMissingData
says: `breaching`, `notBreaching`, or, for `missing` (the default) and `ignore`, not at all: the alarm is
OK when even counting every missing period as breaching would not reach DatapointsToAlarm, keeps its state
when it could, and with no data at all goes to INSUFFICIENT_DATA (`missing`) or keeps its state (`ignore`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

OK = "OK"
ALARM = "ALARM"
INSUFFICIENT_DATA = "INSUFFICIENT_DATA"

OPERATORS = {
    "GreaterThanOrEqualToThreshold": ("greater than or equal to", lambda value, limit: value >= limit),
    "GreaterThanThreshold": ("greater than", lambda value, limit: value > limit),
    "LessThanThreshold": ("less than", lambda value, limit: value < limit),
    "LessThanOrEqualToThreshold": ("less than or equal to", lambda value, limit: value <= limit),
}


@dataclass(frozen=True)
class Period:
    start: datetime  # naive UTC, as moto stamps metric data
    value: float | None  # the statistic over the period; None without data


@dataclass(frozen=True)
class Rule:
    """What an alarm compares: its threshold, operator, periods and missing-data treatment."""

    comparison: str
    threshold: float
    evaluation_periods: int
    datapoints_to_alarm: int
    treat_missing_data: str

    def breaches(self, value: float) -> bool:
        return OPERATORS[self.comparison][1](value, self.threshold)


@dataclass(frozen=True)
class Outcome:
    state: str
    reason: str
    evaluated: list[Period]


def windows(now: datetime, period_seconds: int, count: int) -> list[tuple[datetime, datetime]]:
    """The alarm's periods, newest first: [now - period, now), then the one before, and so on."""
    step = timedelta(seconds=period_seconds)
    return [(now - (index + 1) * step, now - index * step) for index in range(count)]


def evaluate(rule: Rule, periods: list[Period], current: str) -> Outcome:
    """The state `periods` (newest first) put an alarm in, with CloudWatch's kind of reason."""
    present = [period for period in periods if period.value is not None]
    missing = len(periods) - len(present)
    breaching = sum(
        1 for value in (period.value for period in present) if value is not None and rule.breaches(value)
    )
    treat = rule.treat_missing_data
    if treat == "breaching":
        breaching += missing
    elif treat != "notBreaching" and not present:
        state = INSUFFICIENT_DATA if treat == "missing" else current
        return Outcome(state, _no_data(len(periods)), periods)
    undecided = missing if treat in ("missing", "ignore") else 0
    if breaching >= rule.datapoints_to_alarm:
        state = ALARM
    elif breaching + undecided < rule.datapoints_to_alarm:
        state = OK
    else:
        state = current
    return Outcome(state, _crossed(rule, present, breaching, state, current), periods)


def _no_data(periods: int) -> str:
    plural = "s" if periods > 1 else ""
    return f"Insufficient Data: {periods} datapoint{plural} were unknown."


def _crossed(rule: Rule, present: list[Period], breaching: int, state: str, current: str) -> str:
    shown = ", ".join(f"{period.value:g} ({period.start:%d/%m/%y %H:%M:%S})" for period in present)
    phrase = OPERATORS[rule.comparison][0]
    if state == ALARM:
        was = "was" if breaching == 1 else "were"
        return (
            f"Threshold Crossed: {breaching} out of the last {rule.evaluation_periods} datapoints [{shown}] "
            f"{was} {phrase} the threshold ({rule.threshold:g}) (minimum {rule.datapoints_to_alarm} datapoint"
            f"{'s' if rule.datapoints_to_alarm > 1 else ''} for {current} -> {ALARM} transition)."
        )
    if not present:
        missing = rule.evaluation_periods
        return (
            f"Threshold Crossed: no datapoints were received for {missing} period{'s' if missing > 1 else ''} "
            f"and {missing} missing datapoint{'s were' if missing > 1 else ' was'} treated as [NonBreaching]."
        )
    calm = len(present) - breaching
    return (
        f"Threshold Crossed: {calm} datapoint{'s' if calm != 1 else ''} [{shown}] "
        f"{'was' if calm == 1 else 'were'} not {phrase} the threshold ({rule.threshold:g})."
    )
