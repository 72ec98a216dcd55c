"""Completeness and IsComplete: the fraction of rows where the column is not null."""

from __future__ import annotations

from pyspark.sql import functions as F

from ..dqdl import Rule
from .dataset import Dataset, row_level, totals
from .outcomes import RuleOutcome, not_met, with_column
from .registry import empty_state, evaluates, holds


def completeness(rule: Rule, dataset: Dataset, column: str) -> float | None:
    """Non-null rows over the rows the rule looks at; None when it looks at none."""
    present = dataset.column(column).isNotNull()
    row = totals(dataset.rows(rule), F.count(F.lit(1)), F.sum(present.cast("long")))
    total, complete = row[0], row[1] or 0
    return complete / total if total else None


def not_null(rule: Rule, dataset: Dataset, column: str):
    return with_column(lambda: row_level(rule, dataset, dataset.column(column).isNotNull()))


@evaluates("Completeness", "IsComplete")
def evaluate(rule: Rule, dataset: Dataset) -> RuleOutcome:
    column = rule.columns[0]
    ratio = completeness(rule, dataset, column)
    if ratio is None:
        return empty_state(rule)
    passed = holds(rule, ratio) if rule.rule_type == "Completeness" else ratio == 1.0
    return RuleOutcome(
        rule,
        passed,
        None if passed else not_met(ratio),
        {f"Column.{column}.Completeness": ratio},
        row_level=not_null(rule, dataset, column),
    )
