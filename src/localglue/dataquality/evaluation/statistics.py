"""Statistics of a numeric column over its non-null values: Mean, Sum, StandardDeviation, Variance,
and ColumnCorrelation (Pearson's) of two columns. Deviation and variance are the population's, as deequ's."""

from __future__ import annotations

from pyspark.sql import functions as F
from pyspark.sql.types import NumericType

from ..dqdl import Rule
from .dataset import Dataset, totals
from .outcomes import RuleError, RuleOutcome
from .registry import empty_state, evaluates, metric_outcome

_NUMERIC_TYPES = "ByteType,ShortType,IntegerType,LongType,FloatType,DoubleType,DecimalType"
_AGGREGATES = {
    "Mean": F.avg,
    "Sum": F.sum,
    "StandardDeviation": F.stddev_pop,
    "Variance": F.var_pop,
}


def numeric(dataset: Dataset, name: str):
    column = dataset.column(name)
    data_type = dataset.frame.schema[name].dataType
    if not isinstance(data_type, NumericType):
        raise RuleError(
            f"Expected type of column {name} to be one of ({_NUMERIC_TYPES}), "
            f"but found {type(data_type).__name__} instead!"
        )
    return column


@evaluates(*_AGGREGATES)
def statistic(rule: Rule, dataset: Dataset) -> RuleOutcome:
    name = rule.columns[0]
    aggregate = _AGGREGATES[rule.rule_type](numeric(dataset, name).cast("double"))
    value = totals(dataset.rows(rule), aggregate)[0]
    if value is None:
        return empty_state(rule)
    return metric_outcome(rule, f"Column.{name}.{rule.rule_type}", float(value))


@evaluates("ColumnCorrelation")
def correlation(rule: Rule, dataset: Dataset) -> RuleOutcome:
    first, second = rule.columns
    a, b = numeric(dataset, first).cast("double"), numeric(dataset, second).cast("double")
    value = totals(dataset.rows(rule).where(a.isNotNull() & b.isNotNull()), F.corr(a, b))[0]
    if value is None:
        return empty_state(rule)
    return metric_outcome(rule, f"Multicolumn.{first},{second}.ColumnCorrelation", float(value))
