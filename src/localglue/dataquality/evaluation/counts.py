"""Rules on the dataset's shape: RowCount, ColumnCount, ColumnExists, RowCountMatch."""

from __future__ import annotations

from ..dqdl import Rule
from .dataset import Dataset
from .outcomes import RuleOutcome, not_met, ratio_not_met
from .registry import evaluates, holds, metric_outcome


@evaluates("RowCount")
def row_count(rule: Rule, dataset: Dataset) -> RuleOutcome:
    return metric_outcome(rule, "Dataset.*.RowCount", dataset.rows(rule).count())


@evaluates("ColumnCount")
def column_count(rule: Rule, dataset: Dataset) -> RuleOutcome:
    return metric_outcome(rule, "Dataset.*.ColumnCount", len(dataset.frame.columns))


@evaluates("ColumnExists")
def column_exists(rule: Rule, dataset: Dataset) -> RuleOutcome:
    # Glue reports no metric for ColumnExists.
    exists = rule.columns[0] in dataset.frame.columns
    return RuleOutcome(rule, exists, None if exists else not_met(0.0))


@evaluates("RowCountMatch")
def row_count_match(rule: Rule, dataset: Dataset) -> RuleOutcome:
    """The primary's row count as a fraction of the reference's."""
    alias = rule.columns[0]
    primary, reference = dataset.frame.count(), dataset.source(alias).count()
    ratio = 1.0 if primary == reference == 0 else (primary / reference if reference else 0.0)
    passed = holds(rule, ratio)
    return RuleOutcome(
        rule, passed, None if passed else ratio_not_met(ratio), {f"Dataset.{alias}.RowCountMatch": ratio}
    )
