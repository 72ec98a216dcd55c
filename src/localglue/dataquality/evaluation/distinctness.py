"""Rules on how often values repeat, computed from value frequencies as deequ computes them.

Frequencies count the rows where at least one of the columns is not null. Uniqueness is the share of
those rows whose value occurs once; UniqueValueRatio the share of distinct values that occur once;
Entropy is -sum(p ln p) over the values' shares. DistinctValuesCount counts NULL as a value.
"""

from __future__ import annotations

from pyspark.sql import Window
from pyspark.sql import functions as F

from ..dqdl import Rule
from .completeness import completeness
from .dataset import Dataset, row_level, totals
from .outcomes import RuleOutcome, checked, not_met
from .registry import empty_state, evaluates, holds, metric_outcome


def _frequencies(rule: Rule, dataset: Dataset, columns: list[str]):
    selected = [dataset.column(name) for name in columns]
    any_present = F.lit(False)
    for column in selected:
        any_present = any_present | column.isNotNull()
    return dataset.rows(rule).where(any_present).groupBy(*selected).count()


def _uniqueness_metric(columns: list[str]) -> str:
    return (
        f"Column.{columns[0]}.Uniqueness"
        if len(columns) == 1
        else f"Multicolumn.{','.join(columns)}.Uniqueness"
    )


def uniqueness(rule: Rule, dataset: Dataset, columns: list[str]) -> float | None:
    row = totals(
        _frequencies(rule, dataset, columns),
        F.sum("count"),
        F.sum(F.when(F.col("count") == 1, 1).otherwise(0)),
    )
    rows, unique = row[0] or 0, row[1] or 0
    return unique / rows if rows else None


def occurs_once(rule: Rule, dataset: Dataset, columns: list[str]):
    """Row-level: the row's combination of values occurs once among the rows the rule looks at."""

    def mark(frame, name):
        key = [dataset.column(column) for column in columns]
        in_scope = dataset.in_scope(rule)
        occurrences = F.sum(F.when(in_scope, 1).otherwise(0)).over(Window.partitionBy(*key))
        return frame.withColumn(name, row_level(rule, dataset, occurrences == 1))

    return mark


@evaluates("Uniqueness", "IsUnique")
def evaluate_uniqueness(rule: Rule, dataset: Dataset) -> RuleOutcome:
    columns = rule.columns
    ratio = uniqueness(rule, dataset, columns)
    if ratio is None:
        return empty_state(rule)
    passed = holds(rule, ratio) if rule.rule_type == "Uniqueness" else ratio == 1.0
    return RuleOutcome(
        rule,
        passed,
        None if passed else not_met(ratio),
        {_uniqueness_metric(columns): ratio},
        row_level=occurs_once(rule, dataset, columns),
    )


@evaluates("IsPrimaryKey")
def primary_key(rule: Rule, dataset: Dataset) -> RuleOutcome:
    """Unique over all its columns together, and every column complete."""
    columns = rule.columns
    ratio = uniqueness(rule, dataset, columns)
    if ratio is None:
        return empty_state(rule)
    metrics = {_uniqueness_metric(columns): ratio}
    checks = [(ratio == 1.0, not_met(ratio))]
    for column in columns:
        complete = completeness(rule, dataset, column) or 0.0
        metrics[f"Column.{column}.Completeness"] = complete
        checks.append((complete == 1.0, not_met(complete)))

    def mark(frame, name):
        frame = occurs_once(rule, dataset, columns)(frame, name)
        all_present = F.lit(True)
        for column in columns:
            all_present = all_present & dataset.column(column).isNotNull()
        return frame.withColumn(name, F.col(name) & row_level(rule, dataset, all_present))

    return checked(rule, checks, metrics, row_level=mark)


@evaluates("UniqueValueRatio")
def unique_value_ratio(rule: Rule, dataset: Dataset) -> RuleOutcome:
    column = rule.columns[0]
    row = totals(
        _frequencies(rule, dataset, [column]),
        F.count(F.lit(1)),
        F.sum(F.when(F.col("count") == 1, 1).otherwise(0)),
    )
    distinct, unique = row[0], row[1] or 0
    if not distinct:
        return empty_state(rule)
    outcome = metric_outcome(rule, f"Column.{column}.UniqueValueRatio", unique / distinct)
    outcome.row_level = occurs_once(rule, dataset, [column])
    return outcome


@evaluates("DistinctValuesCount")
def distinct_values_count(rule: Rule, dataset: Dataset) -> RuleOutcome:
    column = rule.columns[0]
    count = dataset.rows(rule).select(dataset.column(column)).distinct().count()
    return metric_outcome(rule, f"Column.{column}.DistinctValuesCount", count)


@evaluates("Entropy")
def entropy(rule: Rule, dataset: Dataset) -> RuleOutcome:
    column = rule.columns[0]
    frequencies = _frequencies(rule, dataset, [column])
    rows = totals(frequencies, F.sum("count"))[0]
    if not rows:
        return empty_state(rule)
    share = F.col("count") / F.lit(float(rows))
    value = totals(frequencies, F.sum(-share * F.log(share)))[0]
    return metric_outcome(rule, f"Column.{column}.Entropy", float(value))
