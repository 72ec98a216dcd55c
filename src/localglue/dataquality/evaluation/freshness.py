"""DataFreshness: how old each row's timestamp is, against a duration condition.

Ages are `now - value` in hours rounded to two places, as AWS's port computes them; the rule passes when
every row it looks at is fresh enough, and otherwise says what share of rows was
(`Column.<c>.DataFreshness.Compliance`, `66.67% of rows passed`).
"""

from __future__ import annotations

from pyspark.sql import functions as F

from ..dqdl import Rule, model
from .column_values import compare_values
from .dataset import Dataset, row_level, totals
from .outcomes import RuleOutcome, with_column
from .registry import evaluates


@evaluates("DataFreshness")
def evaluate(rule: Rule, dataset: Dataset) -> RuleOutcome:
    name = rule.columns[0]
    condition: model.DurationCondition = rule.condition  # type: ignore[assignment]
    now = F.to_timestamp(F.lit(dataset.now.strftime("%Y-%m-%d %H:%M:%S")))
    seconds = now.cast("long") - F.to_timestamp(dataset.column(name)).cast("long")
    age_hours = F.round(seconds / 3600, 2)
    bounds = [F.lit(duration.hours()) for duration in condition.operands]
    fresh = compare_values(age_hours, condition.operator, bounds)
    marks = with_column(lambda: row_level(rule, dataset, fresh))
    row = totals(dataset.rows(rule), F.count(F.lit(1)), F.sum(F.coalesce(fresh, F.lit(False)).cast("long")))
    if not row[0]:
        return RuleOutcome(rule, True, "No rows matched the filter", row_level=marks)
    ratio = (row[1] or 0) / row[0]
    metrics = {f"Column.{name}.DataFreshness.Compliance": ratio}
    message = None if ratio == 1.0 else f"{ratio * 100:.2f}% of rows passed"
    return RuleOutcome(rule, ratio == 1.0, message, metrics, row_level=marks)
