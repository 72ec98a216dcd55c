"""A rule's outcome, with the metrics and messages Glue reports for it.

Glue's evaluator is deequ (AWS's port: awslabs/deequ `com.amazon.deequ.dqdl`): a rule whose metric
misses its condition says `Value: 0.5 does not meet the constraint requirement!`, the value written as
the JVM writes a Double (`4.0`, `0.3333333333333333`, `1.0E7`) or, for counts, a Long (`4`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

    from ..dqdl import RuleNode

PASSED, FAILED = "Passed", "Failed"
NULL_NOT_MET = "Value: NULL does not meet the constraint requirement!"

# Adds the named boolean column to the frame: True where the row passes, False where it fails,
# NULL where the rule says nothing about the row.
RowLevel = Callable[["DataFrame", str], "DataFrame"]


class RuleError(Exception):
    """The rule could not be evaluated (a missing column, SQL that does not run): Glue's ERROR."""


def jvm_double(value: float) -> str:
    """`value` as java.lang.Double.toString writes it."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    if 1e-3 <= abs(value) < 1e7:
        text = repr(value)
        return text if "e" not in text else format(Decimal(text), "f")
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    assert isinstance(exponent, int)  # NaN and the infinities returned above
    mantissa = "".join(map(str, digits)).rstrip("0") or "0"
    power = exponent + len(digits) - 1
    head, tail = mantissa[0], mantissa[1:] or "0"
    return f"{'-' if sign else ''}{head}.{tail}E{power}"


def not_met(value: float | int) -> str:
    shown = str(value) if isinstance(value, int) else jvm_double(value)
    return f"Value: {shown} does not meet the constraint requirement!"


def ratio_not_met(value: float) -> str:
    """The comparison rules' wording (ReferentialIntegrity, row-level CustomSql): a full stop, not `!`."""
    return f"Value: {jvm_double(value)} does not meet the constraint requirement."


@dataclass
class RuleOutcome:
    rule: RuleNode
    passed: bool
    message: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    error: bool = False  # not evaluated: Glue's ERROR rather than FAIL
    row_level: RowLevel | None = None

    @property
    def outcome(self) -> str:
        return PASSED if self.passed else FAILED


def checked(
    rule: RuleNode,
    checks: list[tuple[bool, str]],
    metrics: dict[str, float],
    row_level: RowLevel | None = None,
) -> RuleOutcome:
    """The outcome of a rule made of several constraints: each failed one adds its message, a line each."""
    failures = [message for passed, message in checks if not passed]
    return RuleOutcome(rule, not failures, "\n".join(failures) or None, metrics, row_level=row_level)


def with_column(expression: Callable[[], Column]) -> RowLevel:
    """A row-level marking given by a column expression over the frame itself."""
    return lambda frame, name: frame.withColumn(name, expression())
