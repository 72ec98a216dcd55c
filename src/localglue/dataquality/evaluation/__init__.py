"""DQDL rulesets evaluated over Spark DataFrames, reported with Glue's metrics and messages."""

from .engine import Evaluation, UnsupportedRule, evaluate
from .results import aggregated_metrics, rule_outcomes, rule_results, score

__all__ = [
    "Evaluation",
    "UnsupportedRule",
    "aggregated_metrics",
    "evaluate",
    "rule_outcomes",
    "rule_results",
    "score",
]
