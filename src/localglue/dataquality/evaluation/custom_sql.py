"""CustomSql: a SQL statement over the dataset, registered as the view `primary` (and each reference
frame under its alias).

With a condition, the statement returns one number, checked against it (`Dataset.*.CustomSQL`). Without
one, it selects rows of `primary`: those it returns pass, the others fail, and the rule passes when the
share that passed (`Dataset.*.CustomSQL.Compliance`) meets the threshold, or is 1 when there is none.
"""

from __future__ import annotations

import uuid

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import NumericType

from ..dqdl import Rule
from .dataset import PRIMARY_ALIAS, Dataset, first_line, quoted
from .outcomes import RuleError, RuleOutcome, ratio_not_met
from .registry import evaluates, metric_outcome


def _run(rule: Rule, dataset: Dataset) -> DataFrame:
    dataset.frame.createOrReplaceTempView(PRIMARY_ALIAS)
    for alias, frame in dataset.sources.items():
        frame.createOrReplaceTempView(alias)
    try:
        return dataset.frame.sparkSession.sql(rule.columns[0])
    except Exception as err:  # Spark's own refusal of the statement
        raise RuleError(f"Error executing SQL statement: {first_line(err)}") from err


@evaluates("CustomSql")
def evaluate(rule: Rule, dataset: Dataset) -> RuleOutcome:
    result = _run(rule, dataset)
    return _row_level(rule, dataset, result) if rule.condition is None else _single_value(rule, result)


def _single_value(rule: Rule, result: DataFrame) -> RuleOutcome:
    fields = result.schema.fields
    if len(fields) != 1 or not isinstance(fields[0].dataType, NumericType):
        raise RuleError("Custom SQL statement must return a single numeric value")
    rows = result.take(2)
    if len(rows) != 1 or rows[0][0] is None:
        raise RuleError("Custom SQL statement must return a single numeric value")
    return metric_outcome(rule, "Dataset.*.CustomSQL", float(rows[0][0]))


def _row_level(rule: Rule, dataset: Dataset, result: DataFrame) -> RuleOutcome:
    columns = result.columns
    unknown = [column for column in columns if column not in dataset.frame.columns]
    if len(unknown) == len(columns):
        raise RuleError(
            "The output from CustomSQL must contain at least one column that matches the input dataset. "
            "Ensure that matching columns are returned from the SQL."
        )
    if unknown:
        raise RuleError(
            "The columns returned from the SQL statement should only belong to the primary table. "
            f"Columns not found: {', '.join(unknown)}"
        )
    total = dataset.frame.count()
    if not total:
        raise RuleError("Custom SQL rule could not be evaluated due to data frame being empty")
    found = f"__dq_returned_{uuid.uuid4().hex[:8]}"
    keys = {column: f"{found}_{index}" for index, column in enumerate(columns)}
    returned = (
        result.select(*(F.col(quoted(c)).alias(k) for c, k in keys.items()))
        .distinct()
        .withColumn(found, F.lit(True))
    )
    condition = F.lit(True)
    for column, key in keys.items():
        condition = condition & dataset.column(column).eqNullSafe(F.col(key))

    def marks(frame, name):
        joined = frame.join(returned, condition, "left").drop(*keys.values())
        return joined.withColumn(name, F.col(found).isNotNull()).drop(found)

    passed_rows = marks(dataset.frame, found + "_passed").where(F.col(found + "_passed")).count()
    ratio = passed_rows / total
    passed = rule.threshold.holds(ratio) if rule.threshold is not None else ratio == 1.0
    return RuleOutcome(
        rule,
        passed,
        None if passed else ratio_not_met(ratio),
        {"Dataset.*.CustomSQL.Compliance": ratio},
        row_level=marks,
    )
