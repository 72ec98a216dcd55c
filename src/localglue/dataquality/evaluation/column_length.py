"""ColumnLength: the length of every value against a number condition; NULL counts as length 0 (AWS's docs).

As deequ does it: `>`/`>=` report the MinimumLength, `<`/`<=` the MaximumLength, `between`, `=` and `!=`
both, and `in`, `not in`, `not between` the share of compliant rows (Column.<c>.LengthCompliance).
"""

from __future__ import annotations

from pyspark.sql import functions as F

from ..dqdl import Rule, model
from .column_values import compare_values
from .dataset import Dataset, row_level, totals
from .outcomes import RuleError, RuleOutcome, checked, not_met, with_column
from .registry import evaluates

_MINIMUM_FOR = {model.GREATER, model.GREATER_EQUAL}
_MAXIMUM_FOR = {model.LESS, model.LESS_EQUAL}
_BOTH_FOR = {model.BETWEEN, model.EQUALS, model.NOT_EQUALS}


@evaluates("ColumnLength")
def evaluate(rule: Rule, dataset: Dataset) -> RuleOutcome:
    name = rule.columns[0]
    condition: model.NumberCondition = rule.condition  # type: ignore[assignment]
    if not all(isinstance(operand, model.Number) for operand in condition.operands):
        raise RuleError("ColumnLength rule only supports atomic operands in conditions.")
    length = F.coalesce(F.length(dataset.column(name).cast("string")), F.lit(0))
    bounds = condition.values()
    test = compare_values(length, condition.operator, [F.lit(bound) for bound in bounds])
    marks = with_column(lambda: row_level(rule, dataset, test))
    rows = dataset.rows(rule)
    if condition.operator not in _MINIMUM_FOR | _MAXIMUM_FOR | _BOTH_FOR:
        row = totals(rows, F.count(F.lit(1)), F.sum(test.cast("long")))
        if not row[0]:
            return RuleOutcome(rule, True, row_level=marks)
        ratio = (row[1] or 0) / row[0]
        metrics = {f"Column.{name}.LengthCompliance": ratio}
        return checked(rule, [(ratio == 1.0, not_met(ratio))], metrics, marks)
    shortest, longest = totals(rows, F.min(length).cast("double"), F.max(length).cast("double"))
    if shortest is None:
        return RuleOutcome(rule, True, row_level=marks)
    metrics, checks = {}, []
    if condition.operator in _MINIMUM_FOR | _BOTH_FOR:
        metrics[f"Column.{name}.MinimumLength"] = shortest
        checks.append((_bound_holds(condition, shortest, lower=True), not_met(shortest)))
    if condition.operator in _MAXIMUM_FOR | _BOTH_FOR:
        metrics[f"Column.{name}.MaximumLength"] = longest
        checks.append((_bound_holds(condition, longest, lower=False), not_met(longest)))
    return checked(rule, checks, metrics, marks)


def _bound_holds(condition: model.NumberCondition, value: float, lower: bool) -> bool:
    """For `between`, the shortest must exceed the lower bound and the longest stay under the upper."""
    bounds = condition.values()
    if condition.operator == model.BETWEEN:
        return value > bounds[0] if lower else value < bounds[1]
    return condition.holds(value)
