"""An evaluation as Glue reports it: the `ruleOutcomes` frame of EvaluateDataQuality and the API's
DataQualityResult (RuleResults named Rule_1..., Score, AggregatedMetrics)."""

from __future__ import annotations

from typing import Any

from pyspark.sql import DataFrame
from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

from .engine import ROW_LEVEL_RESULT, Evaluation, rule_name
from .outcomes import FAILED

RULE_OUTCOMES_SCHEMA = StructType(
    [
        StructField("Rule", StringType()),
        StructField("Outcome", StringType()),
        StructField("FailureReason", StringType()),
        StructField("EvaluatedMetrics", MapType(StringType(), DoubleType())),
    ]
)


def rule_outcomes(evaluation: Evaluation) -> DataFrame:
    rows = [
        (str(outcome.rule), outcome.outcome, None if outcome.passed else outcome.message, outcome.metrics)
        for outcome in evaluation.outcomes
    ]
    return evaluation.dataset.frame.sparkSession.createDataFrame(rows, RULE_OUTCOMES_SCHEMA)


def rule_results(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The API's RuleResults: PASS, FAIL, or ERROR for a rule that could not be evaluated."""
    results = []
    for index, outcome in enumerate(evaluation.outcomes):
        result: dict[str, Any] = {
            "Name": rule_name(index),
            "Description": str(outcome.rule),
            "Result": "PASS" if outcome.passed else "ERROR" if outcome.error else "FAIL",
            "EvaluatedMetrics": dict(outcome.metrics),
        }
        if outcome.message and not outcome.passed:
            result["EvaluationMessage"] = outcome.message
        labels = {**evaluation.ruleset.default_labels, **outcome.rule.labels}
        if labels:
            result["Labels"] = labels
        results.append(result)
    return results


def score(evaluation: Evaluation) -> float:
    """The share of rules that passed."""
    outcomes = evaluation.outcomes
    return sum(outcome.passed for outcome in outcomes) / len(outcomes) if outcomes else 1.0


def aggregated_metrics(evaluation: Evaluation, row_level: DataFrame | None) -> dict[str, float]:
    """Rule counts, and row counts when the row-level outcomes were computed."""
    passed = sum(outcome.passed for outcome in evaluation.outcomes)
    metrics = {
        "TotalRulesProcessed": float(len(evaluation.outcomes)),
        "TotalRulesPassed": float(passed),
        "TotalRulesFailed": float(len(evaluation.outcomes) - passed),
    }
    if row_level is not None:
        counts = {row[0]: row[1] for row in row_level.groupBy(ROW_LEVEL_RESULT).count().collect()}
        failed = counts.get(FAILED, 0)
        total = sum(counts.values())
        metrics.update(
            {
                "TotalRowsProcessed": float(total),
                "TotalRowsPassed": float(total - failed),
                "TotalRowsFailed": float(failed),
            }
        )
    return metrics
