"""What a rule is evaluated on: the primary DataFrame, the named reference frames, the evaluation's now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from pyspark.sql import Column, DataFrame, Row
from pyspark.sql import functions as F

from ..dqdl import Rule
from .outcomes import RuleError

PRIMARY_ALIAS = "primary"  # how CustomSql names the frame under evaluation


@dataclass
class Dataset:
    frame: DataFrame
    sources: dict[str, DataFrame] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def column(self, name: str) -> Column:
        """The column, or the error deequ gives when the data has no such column."""
        if name not in self.frame.columns:
            raise RuleError(f"Input data does not include column {name}!")
        return F.col(quoted(name))

    def rows(self, rule: Rule) -> DataFrame:
        """The rows the rule looks at: all of them, or those its `where` clause selects."""
        if rule.where is None:
            return self.frame
        try:
            return self.frame.where(F.expr(rule.where))
        except Exception as err:  # Spark's ParseException / AnalysisException: the clause does not apply
            raise RuleError(f"The provided where clause is invalid: {first_line(err)}") from err

    def in_scope(self, rule: Rule) -> Column:
        """True for the rows the rule looks at (for row-level outcomes)."""
        return F.lit(True) if rule.where is None else F.coalesce(F.expr(rule.where), F.lit(False))

    def source(self, alias: str) -> DataFrame:
        if alias not in self.sources:
            raise RuleError(f"{alias} not found in additional sources")
        return self.sources[alias]


def totals(frame: DataFrame, *aggregates: Column) -> Row:
    """The one row an ungrouped aggregation gives."""
    row = frame.agg(*aggregates).first()
    assert row is not None  # an aggregation without grouping always has one row
    return row


def quoted(name: str) -> str:
    """A column name as Spark SQL text."""
    return "`" + name.replace("`", "``") + "`"


def first_line(err: Exception) -> str:
    return next((line.strip() for line in str(err).splitlines() if line.strip()), type(err).__name__)


def row_level(rule: Rule, dataset: Dataset, passes: Column) -> Column:
    """A rule's per-row verdict: rows outside its `where` clause pass, as deequ's filtered rows do."""
    return F.when(~dataset.in_scope(rule), F.lit(True)).otherwise(F.coalesce(passes, F.lit(False)))
