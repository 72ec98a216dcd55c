"""A parsed DQDL ruleset: rules, their parameters and conditions.

`str()` of a rule is the rule as Glue writes it back (a result's Description, the rule names in
row-level outcomes): AWS's DQDL library (awslabs/dqdl, `DQRule.toString`) normalises spacing, joins
list members with "," and writes composite operators as AND / OR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

# Condition operators, as written in DQDL and in the normalised rule text.
BETWEEN, NOT_BETWEEN = "between", "not between"
GREATER, GREATER_EQUAL, LESS, LESS_EQUAL = ">", ">=", "<", "<="
EQUALS, NOT_EQUALS = "=", "!="
IN, NOT_IN = "in", "not in"
MATCHES, NOT_MATCHES = "matches", "not matches"

KEYWORDS = ("NULL", "EMPTY", "WHITESPACES_ONLY")


class UnsupportedDqdl(ValueError):
    """DQDL that AWS accepts and localglue cannot evaluate (dynamic rules, analyzers, ...)."""


# --- operands -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    text: str  # as written: "0.90" stays "0.90"
    parenthesized: bool = False

    def value(self) -> float:
        return float(self.text)

    def __str__(self) -> str:
        return f"({self.text})" if self.parenthesized else self.text


@dataclass(frozen=True)
class NullNumber:
    def value(self) -> float:
        raise UnsupportedDqdl("NULL is not a number to compare a metric with")

    def __str__(self) -> str:
        return "NULL"


@dataclass(frozen=True)
class Arithmetic:
    left: NumberOperand
    operator: str  # + - * /
    right: NumberOperand
    parenthesized: bool = False

    def value(self) -> float:
        left, right = self.left.value(), self.right.value()
        if self.operator == "+":
            return left + right
        if self.operator == "-":
            return left - right
        if self.operator == "*":
            return left * right
        return left / right

    def __str__(self) -> str:
        text = f"{self.left} {self.operator} {self.right}"
        return f"({text})" if self.parenthesized else text


@dataclass(frozen=True)
class FunctionCall:
    """`avg(last(10))`: a dynamic rule's reference to earlier runs' metrics."""

    name: str
    arguments: tuple[NumberOperand, ...]
    parenthesized: bool = False

    def value(self) -> float:
        raise UnsupportedDqdl(
            f"dynamic rules ({self.name}(...) over earlier runs) are not evaluated by localglue"
        )

    def __str__(self) -> str:
        text = f"{self.name}({','.join(str(argument) for argument in self.arguments)})"
        return f"({text})" if self.parenthesized else text


NumberOperand = Number | NullNumber | Arithmetic | FunctionCall


@dataclass(frozen=True)
class Text:
    text: str  # raw, escapes as written

    def __str__(self) -> str:
        return f'"{self.text}"'


@dataclass(frozen=True)
class Keyword:
    name: str  # NULL, EMPTY or WHITESPACES_ONLY

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class VariableReference:
    name: str

    def __str__(self) -> str:
        return f"${self.name}"


StringOperand = Text | Keyword


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # days, hours or minutes

    def hours(self) -> float:
        return self.amount * {"days": 24.0, "hours": 1.0, "minutes": 1 / 60}[self.unit]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


@dataclass(frozen=True)
class Size:
    amount: int
    unit: str  # B, KB, MB, GB, TB

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


@dataclass(frozen=True)
class StaticDate:
    text: str  # yyyy-MM-dd

    def evaluate(self, now: datetime) -> datetime | None:
        return datetime.fromisoformat(self.text)

    def __str__(self) -> str:
        return f'"{self.text}"'


@dataclass(frozen=True)
class Now:
    def evaluate(self, now: datetime) -> datetime | None:
        return _to_the_minute(now)

    def __str__(self) -> str:
        return "now()"


@dataclass(frozen=True)
class NowOffset:
    sign: str  # + or -
    duration: Duration

    def evaluate(self, now: datetime) -> datetime | None:
        offset = timedelta(hours=self.duration.hours())
        return _to_the_minute(now) + (offset if self.sign == "+" else -offset)

    def __str__(self) -> str:
        return f"(now() {self.sign} {self.duration})"


@dataclass(frozen=True)
class TimeOfDay:
    """`"9:30 AM"` or `"21:45"`: that time today, in the rule's `timeZone` tag (UTC by default)."""

    text: str
    at: time
    zone: str = "UTC"

    def evaluate(self, now: datetime) -> datetime | None:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.zone)
        today = now.astimezone(zone).date()
        return datetime.combine(today, self.at, zone).astimezone(UTC).replace(tzinfo=None)

    def __str__(self) -> str:
        return f'"{self.text}"'


@dataclass(frozen=True)
class NullDate:
    def evaluate(self, now: datetime) -> datetime | None:
        return None

    def __str__(self) -> str:
        return "NULL"


DateOperand = StaticDate | Now | NowOffset | TimeOfDay | NullDate


def _to_the_minute(moment: datetime) -> datetime:
    """AWS's now(): UTC, seconds dropped, without a zone."""
    return moment.astimezone(UTC).replace(second=0, microsecond=0, tzinfo=None)


# --- conditions -----------------------------------------------------------------------------------


def _format(operator: str, operands: tuple, variable: VariableReference | None = None) -> str:
    if operator in (BETWEEN, NOT_BETWEEN):
        return f"{operator} {operands[0]} and {operands[1]}"
    if operator in (IN, NOT_IN):
        listed = str(variable) if variable else "[" + ",".join(str(o) for o in operands) + "]"
        return f"{operator} {listed}"
    return f"{operator} {operands[0]}"


def compare(operator: str, metric: float, bounds: list[float]) -> bool:
    """AWS's number comparison: `between` excludes both ends, `not between` includes them."""
    if operator == BETWEEN:
        return bounds[0] < metric < bounds[1]
    if operator == NOT_BETWEEN:
        return metric <= bounds[0] or metric >= bounds[1]
    if operator == GREATER:
        return metric > bounds[0]
    if operator == GREATER_EQUAL:
        return metric >= bounds[0]
    if operator == LESS:
        return metric < bounds[0]
    if operator == LESS_EQUAL:
        return metric <= bounds[0]
    if operator == EQUALS:
        return metric == bounds[0]
    if operator == NOT_EQUALS:
        return metric != bounds[0]
    if operator == IN:
        return metric in bounds
    return metric not in bounds


@dataclass(frozen=True)
class NumberCondition:
    operator: str
    operands: tuple[NumberOperand, ...]

    def values(self) -> list[float]:
        return [operand.value() for operand in self.operands]

    def holds(self, metric: float) -> bool:
        return compare(self.operator, metric, self.values())

    def __str__(self) -> str:
        return _format(self.operator, self.operands)


@dataclass(frozen=True)
class StringCondition:
    operator: str  # = != in, not in, matches, not matches
    operands: tuple[StringOperand, ...]
    variable: VariableReference | None = None  # `in $name`: how the list was written

    def __str__(self) -> str:
        return _format(self.operator, self.operands, self.variable)


@dataclass(frozen=True)
class DateCondition:
    operator: str
    operands: tuple[DateOperand, ...]

    def __str__(self) -> str:
        return _format(self.operator, self.operands)


@dataclass(frozen=True)
class DurationCondition:
    operator: str
    operands: tuple[Duration, ...]

    def __str__(self) -> str:
        return _format(self.operator, self.operands)


@dataclass(frozen=True)
class SizeCondition:
    operator: str
    operands: tuple[Size, ...]

    def __str__(self) -> str:
        return _format(self.operator, self.operands)


Condition = NumberCondition | StringCondition | DateCondition | DurationCondition | SizeCondition


# --- rules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    value: str  # resolved: a variable's value when written as $name
    quoted: bool
    connector: str = ""  # "of" / "and" before it, as written
    variable: str | None = None

    def __str__(self) -> str:
        written = f"${self.variable}" if self.variable else f'"{self.value}"' if self.quoted else self.value
        return f"{self.connector} {written}" if self.connector else written


def _labels_text(labels: dict[str, str]) -> str:
    return " labels=[" + ", ".join(f'"{key}"="{value}"' for key, value in labels.items()) + "]"


@dataclass(frozen=True)
class Rule:
    rule_type: str
    parameters: tuple[Parameter, ...] = ()
    condition: Condition | None = None
    where: str | None = None
    threshold: NumberCondition | None = None
    tags: tuple[tuple[str, str], ...] = ()  # (name, value as written), other than threshold
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def columns(self) -> list[str]:
        return [parameter.value for parameter in self.parameters]

    def tag(self, name: str) -> str | None:
        return next((value.strip('"') for key, value in self.tags if key == name), None)

    def __str__(self) -> str:
        parts = [self.rule_type, *(str(parameter) for parameter in self.parameters)]
        if self.condition is not None:
            parts.append(str(self.condition))
        if self.where is not None:
            parts.append(f'where "{self.where}"')
        if self.threshold is not None:
            parts.append(f"with threshold {self.threshold}")
        text = " ".join(parts) + "".join(f" with {key} = {value}" for key, value in self.tags)
        return text + (_labels_text(self.labels) if self.labels else "")


@dataclass(frozen=True)
class CompositeRule:
    operator: str  # AND or OR
    rules: tuple[RuleNode, ...]
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def leaves(self) -> list[Rule]:
        return [
            leaf
            for rule in self.rules
            for leaf in (rule.leaves() if isinstance(rule, CompositeRule) else [rule])
        ]

    def _only(self, operator: str) -> bool:
        return self.operator == operator and all(
            not isinstance(rule, CompositeRule) or rule._only(operator) for rule in self.rules
        )

    def __str__(self) -> str:
        members: list[RuleNode] = list(self.leaves()) if self._only(self.operator) else list(self.rules)
        return f" {self.operator} ".join(f"({member})" for member in members)


RuleNode = Rule | CompositeRule


@dataclass(frozen=True)
class Ruleset:
    rules: tuple[RuleNode, ...]
    analyzers: tuple[Rule, ...] = ()
    metadata: dict[str, str | list[str]] = field(default_factory=dict, compare=False, hash=False)
    primary_source: str | None = None
    additional_sources: tuple[str, ...] = ()
    default_labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return "Rules = [\n" + ",\n".join(f"    {rule}" for rule in self.rules) + "\n]"
