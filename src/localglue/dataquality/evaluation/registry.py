"""Which function evaluates each rule type; a rule type with none is refused by name, never passed."""

from __future__ import annotations

from collections.abc import Callable

from ..dqdl import Rule
from .dataset import Dataset
from .outcomes import RuleError, RuleOutcome, not_met

Evaluator = Callable[[Rule, Dataset], RuleOutcome]
_evaluators: dict[str, Evaluator] = {}


def evaluates(*rule_types: str) -> Callable[[Evaluator], Evaluator]:
    def register(evaluator: Evaluator) -> Evaluator:
        for rule_type in rule_types:
            _evaluators[rule_type] = evaluator
        return evaluator

    return register


def evaluator_for(rule_type: str) -> Evaluator | None:
    return _evaluators.get(rule_type)


def supported_rule_types() -> list[str]:
    return sorted(_evaluators)


def holds(rule: Rule, metric: float) -> bool:
    """The rule's number condition applied to its metric."""
    try:
        return rule.condition.holds(metric)  # type: ignore[union-attr]
    except ValueError as err:  # NULL or a dynamic expression where a number was expected
        raise RuleError(str(err)) from err


def metric_outcome(rule: Rule, name: str, value: float | int) -> RuleOutcome:
    """A rule that is one metric compared with its condition."""
    passed = holds(rule, float(value))
    return RuleOutcome(rule, passed, None if passed else not_met(value), {name: float(value)})


def empty_state(rule: Rule) -> RuleOutcome:
    """No value to compute a ratio or statistic from. Rows all filtered out by `where` pass, as in deequ."""
    if rule.where is not None:
        return RuleOutcome(rule, True)
    target = ",".join(rule.columns)
    return RuleOutcome(
        rule, False, f"Empty state for analyzer {rule.rule_type}({target}), all input values were NULL."
    )
