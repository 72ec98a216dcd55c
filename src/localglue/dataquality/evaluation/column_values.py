"""ColumnValues: every value of a column against a condition on numbers, strings or dates.

As in deequ's DQDL port: `>`, `>=`, `<`, `<=` and `=` on numbers report the column's Minimum and/or
Maximum and fail on nulls (`Value: NULL does not meet the constraint requirement!`); `matches` reports
the PatternMatch share; the other conditions report a compliance share (Column.<c>.ColumnValues.Compliance).
`with threshold` compares the share of compliant rows with the threshold instead of requiring all of them.
Dates given as days compare with the column's date; `now()` and times of day with its timestamp.
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

from ..dqdl import Rule, model
from .dataset import Dataset, row_level, totals
from .outcomes import NULL_NOT_MET, RuleError, RuleOutcome, checked, not_met, with_column
from .registry import evaluates

_EXTREMES = {model.GREATER: "Minimum", model.GREATER_EQUAL: "Minimum", model.LESS: "Maximum",
             model.LESS_EQUAL: "Maximum"}  # fmt: skip


def compare_values(column: Column, operator: str, operands: list[Column]) -> Column:
    """`column <operator> operands` for the value itself (nulls are the caller's business)."""
    if operator == model.BETWEEN:
        return (column > operands[0]) & (column < operands[1])
    if operator == model.NOT_BETWEEN:
        return (column <= operands[0]) | (column >= operands[1])
    if operator in (model.IN, model.NOT_IN):
        found = column.isin(*operands) if operands else F.lit(False)
        return found if operator == model.IN else ~found
    comparisons = {
        model.GREATER: column.__gt__,
        model.GREATER_EQUAL: column.__ge__,
        model.LESS: column.__lt__,
        model.LESS_EQUAL: column.__le__,
        model.EQUALS: column.__eq__,
        model.NOT_EQUALS: column.__ne__,
    }
    return comparisons[operator](operands[0])


def _with_nulls(column: Column, operator: str, value_test: Column, null_listed: bool) -> Column:
    """deequ's treatment of nulls: negations let them pass unless NULL is listed, the rest fail them."""
    negated = operator in (model.NOT_EQUALS, model.NOT_IN, model.NOT_BETWEEN)
    if null_listed:
        return column.isNotNull() & value_test if negated else column.isNull() | value_test
    return column.isNull() | value_test if negated else column.isNotNull() & value_test


def number_predicate(column: Column, condition: model.NumberCondition) -> Column:
    null_listed = any(isinstance(o, model.NullNumber) for o in condition.operands)
    values = [F.lit(o.value()) for o in condition.operands if not isinstance(o, model.NullNumber)]
    if condition.operator in (model.EQUALS, model.NOT_EQUALS) and null_listed:
        return column.isNull() if condition.operator == model.EQUALS else column.isNotNull()
    return _with_nulls(
        column, condition.operator, compare_values(column, condition.operator, values), null_listed
    )


def _keyword_test(column: Column, keyword: str, negated: bool) -> Column:
    if keyword == "NULL":
        return column.isNotNull() if negated else column.isNull()
    if keyword == "EMPTY":
        return column != "" if negated else column == ""
    blank = (F.length(F.trim(column)) == 0) & (F.length(column) > 0)
    return ~blank | column.isNull() if negated else blank


def string_predicate(column: Column, condition: model.StringCondition) -> Column:
    operator = condition.operator
    if operator in (model.MATCHES, model.NOT_MATCHES):
        pattern = condition.operands[0]
        assert isinstance(pattern, model.Text)  # the parser takes a quoted pattern after `matches`
        full_match = column.rlike(f"^(?:{pattern.text})$")
        return column.isNotNull() & (full_match if operator == model.MATCHES else ~full_match)
    negated = operator in (model.NOT_EQUALS, model.NOT_IN)
    texts = [F.lit(o.text) for o in condition.operands if isinstance(o, model.Text)]
    tests = [
        _keyword_test(column, o.name, negated) for o in condition.operands if isinstance(o, model.Keyword)
    ]
    if texts:
        tests.append(
            column.isNull() | ~column.isin(*texts) if negated else column.isNotNull() & column.isin(*texts)
        )
    combined = tests[0]
    for test in tests[1:]:
        combined = combined & test if negated else combined | test
    return combined


def date_predicate(column: Column, condition: model.DateCondition, dataset: Dataset) -> Column:
    null_listed = any(isinstance(o, model.NullDate) for o in condition.operands)
    dates = [o for o in condition.operands if not isinstance(o, model.NullDate)]
    by_day = all(isinstance(o, model.StaticDate) for o in dates)
    value = F.to_date(column) if by_day else F.to_timestamp(column)
    moments = []
    for operand in dates:
        moment = operand.evaluate(dataset.now)
        assert moment is not None  # only NULL evaluates to None, and it is left out above
        text = moment.date().isoformat() if by_day else moment.isoformat(sep=" ")
        moments.append(F.to_date(F.lit(text)) if by_day else F.to_timestamp(F.lit(text)))
    if condition.operator in (model.EQUALS, model.NOT_EQUALS) and null_listed:
        return column.isNull() if condition.operator == model.EQUALS else column.isNotNull()
    return _with_nulls(
        column, condition.operator, compare_values(value, condition.operator, moments), null_listed
    )


def predicate(rule: Rule, dataset: Dataset) -> Column:
    """True where the row's value meets the rule's condition."""
    column = dataset.column(rule.columns[0])
    condition = rule.condition
    if isinstance(condition, model.NumberCondition):
        try:
            return number_predicate(column, condition)
        except ValueError as err:  # a dynamic expression among the operands
            raise RuleError(str(err)) from err
    if isinstance(condition, model.StringCondition):
        return string_predicate(column, condition)
    if isinstance(condition, model.DateCondition):
        return date_predicate(column, condition, dataset)
    raise RuleError(f"Unsupported condition type for ColumnValues rule: {type(condition).__name__}")


def share(rule: Rule, dataset: Dataset, test: Column) -> float | None:
    row = totals(dataset.rows(rule), F.count(F.lit(1)), F.sum(F.coalesce(test, F.lit(False)).cast("long")))
    return (row[1] or 0) / row[0] if row[0] else None


@evaluates("ColumnValues")
def evaluate(rule: Rule, dataset: Dataset) -> RuleOutcome:
    name = rule.columns[0]
    test = predicate(rule, dataset)
    marks = with_column(lambda: row_level(rule, dataset, test))
    condition = rule.condition
    plain_number = (
        isinstance(condition, model.NumberCondition)
        and rule.threshold is None
        and not any(isinstance(o, model.NullNumber) for o in condition.operands)
    )
    if plain_number and isinstance(condition, model.NumberCondition):
        if condition.operator in (*_EXTREMES, model.EQUALS):
            return _extremes(rule, dataset, name, marks)
        if condition.operator == model.BETWEEN:
            # deequ's containment counts nulls as contained and fails them through completeness instead
            column = dataset.column(name)
            bounds = [F.lit(v) for v in condition.values()]
            contained = share(rule, dataset, column.isNull() | compare_values(column, model.BETWEEN, bounds))
            complete = share(rule, dataset, column.isNotNull())
            if contained is None:
                return RuleOutcome(rule, True, row_level=marks)
            metrics = {f"Column.{name}.ColumnValues.Compliance": contained}
            checks = [(contained == 1.0, not_met(contained)), (complete == 1.0, NULL_NOT_MET)]
            return checked(rule, checks, metrics, marks)
    pattern = isinstance(condition, model.StringCondition) and condition.operator in (
        model.MATCHES,
        model.NOT_MATCHES,
    )
    metric = f"Column.{name}.PatternMatch" if pattern else f"Column.{name}.ColumnValues.Compliance"
    ratio = share(rule, dataset, test)
    if ratio is None:
        return RuleOutcome(rule, True, row_level=marks)
    passed = rule.threshold.holds(ratio) if rule.threshold is not None else ratio == 1.0
    return RuleOutcome(rule, passed, None if passed else not_met(ratio), {metric: ratio}, row_level=marks)


def _extremes(rule: Rule, dataset: Dataset, name: str, marks) -> RuleOutcome:
    """`> x`, `>= x`: the minimum; `< x`, `<= x`: the maximum; `= x`: both; and no nulls."""
    condition: model.NumberCondition = rule.condition  # type: ignore[assignment]
    column = dataset.column(name)
    row = totals(
        dataset.rows(rule),
        F.min(column.cast("double")),
        F.max(column.cast("double")),
        F.count(F.lit(1)),
        F.count(column),
    )
    lowest, highest, rows, present = row
    if not rows:
        return RuleOutcome(rule, True, row_level=marks)
    wanted = ["Minimum", "Maximum"] if condition.operator == model.EQUALS else [_EXTREMES[condition.operator]]
    metrics, checks = {}, []
    for statistic in wanted:
        value = lowest if statistic == "Minimum" else highest
        if value is None:
            checks.append(
                (False, f"Empty state for analyzer {statistic}({name}), all input values were NULL.")
            )
            continue
        metrics[f"Column.{name}.{statistic}"] = float(value)
        checks.append((condition.holds(float(value)), not_met(float(value))))
    checks.append((present == rows, NULL_NOT_MET))
    return checked(rule, checks, metrics, marks)
