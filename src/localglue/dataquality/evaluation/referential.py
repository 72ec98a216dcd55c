"""ReferentialIntegrity: the share of rows whose values are found in a reference dataset.

`ReferentialIntegrity "a,b" "ref.{x,y}" = 1.0` looks up each row's (a, b) among the reference frame `ref`'s
distinct (x, y); `"ref.x"` names one column. Nulls are never found. The metric is
`Column.<alias>.ReferentialIntegrity`, as AWS's port names it.
"""

from __future__ import annotations

import re
import uuid

from pyspark.sql import functions as F

from ..dqdl import Rule
from .dataset import Dataset, quoted, totals
from .outcomes import RuleError, RuleOutcome, ratio_not_met
from .registry import evaluates, holds

_BRACED = re.compile(r"(.+)\.\{(.+)\}")
_SINGLE = re.compile(r"(.+)\.([^.]+)$")


def reference_columns(parameter: str) -> tuple[str, list[str]]:
    match = _BRACED.fullmatch(parameter) or _SINGLE.fullmatch(parameter)
    if match is None:
        raise RuleError("Could not parse ReferenceDatasetColumns parameter")
    return match.group(1), [column.strip() for column in match.group(2).split(",")]


@evaluates("ReferentialIntegrity")
def evaluate(rule: Rule, dataset: Dataset) -> RuleOutcome:
    primary_columns = [column.strip() for column in rule.columns[0].split(",")]
    alias, columns = reference_columns(rule.columns[1])
    if len(columns) != len(primary_columns):
        raise RuleError("The number of primary and reference columns must match")
    reference = dataset.source(alias)
    for column in columns:
        if column not in reference.columns:
            raise RuleError(f"Input data does not include column {column}!")
    keys = [f"__dq_reference_{index}" for index in range(len(columns))]
    found = f"__dq_found_{uuid.uuid4().hex[:8]}"
    distinct_reference = (
        reference.select(*(F.col(quoted(c)).alias(k) for c, k in zip(columns, keys, strict=True)))
        .distinct()
        .withColumn(found, F.lit(True))
    )
    condition = F.lit(True)
    for primary, key in zip(primary_columns, keys, strict=True):
        condition = condition & (dataset.column(primary) == F.col(key))

    def looked_up(frame):
        return frame.join(distinct_reference, condition, "left").drop(*keys)

    row = totals(looked_up(dataset.frame), F.count(F.lit(1)), F.count(F.col(found)))
    if not row[0]:
        raise RuleError("Cannot evaluate: primary DataFrame is empty")
    ratio = row[1] / row[0]
    passed = holds(rule, ratio)

    def marks(frame, name):
        return looked_up(frame).withColumn(name, F.col(found).isNotNull()).drop(found)

    return RuleOutcome(
        rule,
        passed,
        None if passed else ratio_not_met(ratio),
        {f"Column.{alias}.ReferentialIntegrity": ratio},
        row_level=marks,
    )
