"""A ruleset evaluated over a DataFrame: one outcome per rule, and the row-level outcomes on demand.

Composite rules combine their members' outcomes over the whole dataset (Glue's default, COLUMN
evaluation): `and` passes when all do, `or` when one does; messages and metrics are the members'.
A rule type localglue has no evaluator for, a dynamic rule or an Analyzers section stops the
evaluation with an error naming it: it is never reported as passed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from ..dqdl import CompositeRule, Rule, RuleNode, Ruleset, model
from . import column_length, column_values, completeness, counts, custom_sql, distinctness, freshness  # noqa: F401
from . import referential, statistics  # noqa: F401  (each registers its rule types)
from .dataset import Dataset
from .outcomes import FAILED, PASSED, RowLevel, RuleError, RuleOutcome
from .registry import evaluator_for

ROW_LEVEL_PASS = "DataQualityRulesPass"
ROW_LEVEL_FAIL = "DataQualityRulesFail"
ROW_LEVEL_SKIP = "DataQualityRulesSkip"
ROW_LEVEL_RESULT = "DataQualityEvaluationResult"


class UnsupportedRule(ValueError):
    """A ruleset localglue cannot evaluate; the message names the rule."""


def rule_name(index: int) -> str:
    """Glue's name for the ruleset's `index`-th (0-based) rule."""
    return f"Rule_{index + 1}"


def _walk(operand: model.NumberOperand) -> Iterator[model.NumberOperand]:
    yield operand
    if isinstance(operand, model.Arithmetic):
        yield from _walk(operand.left)
        yield from _walk(operand.right)


def _dynamic(rule: Rule) -> bool:
    """Whether the rule compares with earlier runs' metrics (`avg(last(10))`)."""
    conditions = [c for c in (rule.condition, rule.threshold) if isinstance(c, model.NumberCondition)]
    return any(
        isinstance(o, model.FunctionCall) for c in conditions for top in c.operands for o in _walk(top)
    )


def check_supported(ruleset: Ruleset) -> None:
    if ruleset.analyzers:
        raise UnsupportedRule("Analyzers are not evaluated by localglue (rules only)")
    for index, top in enumerate(ruleset.rules):
        for rule in top.leaves() if isinstance(top, CompositeRule) else [top]:
            if evaluator_for(rule.rule_type) is None:
                raise UnsupportedRule(
                    f"{rule_name(index)}: localglue does not evaluate {rule.rule_type} rules ({rule})"
                )
            if _dynamic(rule):
                raise UnsupportedRule(
                    f"{rule_name(index)}: localglue does not evaluate dynamic rules, which compare with "
                    f"earlier runs' metrics ({rule})"
                )


@dataclass
class Evaluation:
    ruleset: Ruleset
    dataset: Dataset
    outcomes: list[RuleOutcome]

    @property
    def passed(self) -> bool:
        return all(outcome.passed for outcome in self.outcomes)

    def row_level_outcomes(self) -> DataFrame:
        """The frame's rows with the rules each passed, failed or says nothing about, and a verdict."""
        frame = self.dataset.frame
        original = frame.columns
        marked: list[tuple[str, str]] = []
        for index, outcome in enumerate(self.outcomes):
            if outcome.row_level is not None:
                column = f"__dq_rule_{index}_{uuid.uuid4().hex[:8]}"
                frame = outcome.row_level(frame, column)
                marked.append((column, str(outcome.rule)))
        unmarked = [str(o.rule) for o in self.outcomes if o.row_level is None]

        def listed(test) -> Column:
            candidates = [F.when(test(F.col(column)), F.lit(text)) for column, text in marked]
            if not candidates:
                return F.array().cast("array<string>")
            return F.filter(F.array(*candidates), lambda item: item.isNotNull())

        skipped = F.concat(
            F.array(*(F.lit(text) for text in unmarked)).cast("array<string>"), listed(lambda c: c.isNull())
        )
        failed = listed(lambda c: c == F.lit(False))
        return frame.select(
            *(F.col(f"`{name}`") for name in original),
            listed(lambda c: c == F.lit(True)).alias(ROW_LEVEL_PASS),
            failed.alias(ROW_LEVEL_FAIL),
            skipped.alias(ROW_LEVEL_SKIP),
            F.when(F.size(failed) == 0, F.lit(PASSED)).otherwise(F.lit(FAILED)).alias(ROW_LEVEL_RESULT),
        )


def evaluate(
    ruleset: Ruleset,
    frame: DataFrame,
    sources: dict[str, DataFrame] | None = None,
    now: datetime | None = None,
) -> Evaluation:
    check_supported(ruleset)
    dataset = Dataset(frame, dict(sources or {}), now or datetime.now(UTC))
    return Evaluation(ruleset, dataset, [_outcome(rule, dataset) for rule in ruleset.rules])


def _outcome(node: RuleNode, dataset: Dataset) -> RuleOutcome:
    if isinstance(node, CompositeRule):
        return _composite(node, [_outcome(member, dataset) for member in node.rules])
    evaluator = evaluator_for(node.rule_type)
    try:
        return evaluator(node, dataset)  # type: ignore[misc]
    except RuleError as err:
        return RuleOutcome(node, False, str(err), error=True)


def _composite(rule: CompositeRule, members: list[RuleOutcome]) -> RuleOutcome:
    passed = all(m.passed for m in members) if rule.operator == "AND" else any(m.passed for m in members)
    messages = [m.message for m in members if m.message]
    metrics = {name: value for m in members for name, value in m.metrics.items()}
    row_level = _combined(rule.operator, [m.row_level for m in members])
    error = not passed and any(m.error for m in members)
    return RuleOutcome(rule, passed, "\n".join(messages) or None, metrics, error=error, row_level=row_level)


def _combined(operator: str, parts: list[RowLevel | None]) -> RowLevel | None:
    """Row-level outcome of a composite: its members' combined, when each member has one."""
    if any(part is None for part in parts):
        return None

    def mark(frame: DataFrame, name: str) -> DataFrame:
        columns = []
        for index, part in enumerate(parts):
            part_name = f"{name}_{index}"
            frame = part(frame, part_name)  # type: ignore[misc]
            columns.append(F.col(part_name))
        combined = columns[0]
        for column in columns[1:]:
            combined = combined & column if operator == "AND" else combined | column
        return frame.withColumn(name, combined).drop(*(f"{name}_{i}" for i in range(len(parts))))

    return mark
