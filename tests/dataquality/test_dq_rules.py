"""Each rule type over a small frame, against metrics and messages worked out by hand.

The frame (`orders`):

    id  status   amount  email     created
    1   open     10.0    a@x.com   2024-03-10 12:00:00
    2   open     20.0    NULL      2024-03-09 12:00:00
    3   closed   30.0    c@x.com   2024-03-01 00:00:00
    4   NULL     NULL    bad       NULL
    5   pending  40.0    e@x.com   2024-03-10 13:00:00

evaluated at 2024-03-10 14:25:00 UTC. Glue's wording: a metric that misses its condition says
`Value: <metric> does not meet the constraint requirement!`, counts written as integers.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from localglue.dataquality.dqdl import parse
from localglue.dataquality.evaluation import UnsupportedRule, evaluate, rule_results

NOW = datetime(2024, 3, 10, 14, 25, tzinfo=UTC)
NULL_NOT_MET = "Value: NULL does not meet the constraint requirement!"


def not_met(value: str) -> str:
    return f"Value: {value} does not meet the constraint requirement!"


@pytest.fixture(scope="module")
def orders(spark):
    return spark.createDataFrame(
        [
            (1, "open", 10.0, "a@x.com", "2024-03-10 12:00:00"),
            (2, "open", 20.0, None, "2024-03-09 12:00:00"),
            (3, "closed", 30.0, "c@x.com", "2024-03-01 00:00:00"),
            (4, None, None, "bad", None),
            (5, "pending", 40.0, "e@x.com", "2024-03-10 13:00:00"),
        ],
        "id int, status string, amount double, email string, created string",
    )


@pytest.fixture(scope="module")
def codes(spark):
    return spark.createDataFrame([("open",), ("closed",), ("open",)], "code string")


@pytest.fixture(scope="module")
def result(orders, codes):
    """`result(rule)`: the API's RuleResult of a one-rule ruleset on the orders."""

    def evaluate_one(rule: str) -> dict:
        evaluation = evaluate(parse(f"Rules = [ {rule} ]"), orders, {"ref": codes}, now=NOW)
        [only] = rule_results(evaluation)
        assert only["Name"] == "Rule_1" and only["Description"] == rule
        return only

    return evaluate_one


def expect(result, rule: str, outcome: str, metrics: dict[str, float], message: str | None = None):
    got = result(rule)
    assert got["Result"] == outcome, got
    assert got["EvaluatedMetrics"] == pytest.approx(metrics), got
    assert got.get("EvaluationMessage") == message, got


def test_row_count(result):
    expect(result, "RowCount = 5", "PASS", {"Dataset.*.RowCount": 5.0})
    expect(result, "RowCount between 1 and 5", "FAIL", {"Dataset.*.RowCount": 5.0}, not_met("5"))
    expect(result, 'RowCount = 3 where "amount > 15"', "PASS", {"Dataset.*.RowCount": 3.0})


def test_column_count_and_exists(result):
    expect(result, "ColumnCount = 5", "PASS", {"Dataset.*.ColumnCount": 5.0})
    expect(result, "ColumnCount > 5", "FAIL", {"Dataset.*.ColumnCount": 5.0}, not_met("5"))
    expect(result, 'ColumnExists "email"', "PASS", {})
    expect(result, 'ColumnExists "phone"', "FAIL", {}, not_met("0.0"))


def test_completeness(result):
    expect(result, 'IsComplete "id"', "PASS", {"Column.id.Completeness": 1.0})
    expect(result, 'IsComplete "status"', "FAIL", {"Column.status.Completeness": 0.8}, not_met("0.8"))
    expect(result, 'Completeness "status" > 0.9', "FAIL", {"Column.status.Completeness": 0.8}, not_met("0.8"))
    expect(result, 'Completeness "email" between 0.7 and 0.9', "PASS", {"Column.email.Completeness": 0.8})
    expect(result, 'IsComplete "status" where "amount > 15"', "PASS", {"Column.status.Completeness": 1.0})
    # no row selected: nothing to compute, and nothing failed
    expect(result, 'Completeness "status" > 0.5 where "id > 100"', "PASS", {})


def test_uniqueness_and_distinct_values(result):
    # non-null statuses: open, open, closed, pending -> closed and pending occur once: 2 of 4 rows
    expect(result, 'IsUnique "id"', "PASS", {"Column.id.Uniqueness": 1.0})
    expect(result, 'IsUnique "status"', "FAIL", {"Column.status.Uniqueness": 0.5}, not_met("0.5"))
    expect(result, 'Uniqueness "status" >= 0.5', "PASS", {"Column.status.Uniqueness": 0.5})
    expect(result, 'IsUnique "id" "status"', "PASS", {"Multicolumn.id,status.Uniqueness": 1.0})
    # distinct non-null statuses: 3, of which 2 occur once
    expect(result, 'UniqueValueRatio "status" > 0.7', "FAIL", {"Column.status.UniqueValueRatio": 2 / 3},
           not_met("0.6666666666666666"))  # fmt: skip
    # NULL counts as a value of its own
    expect(result, 'DistinctValuesCount "status" = 4', "PASS", {"Column.status.DistinctValuesCount": 4.0})
    # shares 2/4, 1/4, 1/4
    entropy = -(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25))
    expect(result, 'Entropy "status" > 1', "PASS", {"Column.status.Entropy": entropy})


def test_primary_key(result):
    expect(result, 'IsPrimaryKey "id"', "PASS", {"Column.id.Uniqueness": 1.0, "Column.id.Completeness": 1.0})
    expect(
        result,
        'IsPrimaryKey "status"',
        "FAIL",
        {"Column.status.Uniqueness": 0.5, "Column.status.Completeness": 0.8},
        not_met("0.5") + "\n" + not_met("0.8"),
    )


def test_statistics(result):
    # amounts 10, 20, 30, 40 (one null ignored): mean 25, sum 100, population variance 500 / 4
    expect(result, 'Mean "amount" between 20 and 30', "PASS", {"Column.amount.Mean": 25.0})
    expect(result, 'Mean "amount" > 25', "FAIL", {"Column.amount.Mean": 25.0}, not_met("25.0"))
    expect(result, 'Sum "amount" = 100', "PASS", {"Column.amount.Sum": 100.0})
    expect(result, 'StandardDeviation "amount" < 11', "FAIL", {"Column.amount.StandardDeviation": math.sqrt(125)},
           not_met("11.180339887498949"))  # fmt: skip
    expect(result, 'Variance "amount" = 125', "PASS", {"Column.amount.Variance": 125.0})
    expect(result, 'Sum "amount" > 0 where "id = 4"', "PASS", {})
    # pairs (1,10) (2,20) (3,30) (5,40): covariance sum 65, squared deviations 8.75 and 500
    correlation = 65 / math.sqrt(8.75 * 500)
    expect(result, 'ColumnCorrelation "id" "amount" > 0.95', "PASS",
           {"Multicolumn.id,amount.ColumnCorrelation": correlation})  # fmt: skip


def test_column_values_on_numbers(result):
    expect(result, 'ColumnValues "amount" > 5', "FAIL", {"Column.amount.Minimum": 10.0}, NULL_NOT_MET)
    expect(result, 'ColumnValues "amount" > 15 where "amount is not null"', "FAIL", {"Column.amount.Minimum": 10.0},
           not_met("10.0"))  # fmt: skip
    expect(result, 'ColumnValues "amount" <= 40 where "id != 4"', "PASS", {"Column.amount.Maximum": 40.0})
    expect(result, 'ColumnValues "id" = 3', "FAIL", {"Column.id.Minimum": 1.0, "Column.id.Maximum": 5.0},
           not_met("1.0") + "\n" + not_met("5.0"))  # fmt: skip
    # between excludes 10 and 40; the null counts as contained and fails completeness instead
    expect(result, 'ColumnValues "amount" between 10 and 40', "FAIL", {"Column.amount.ColumnValues.Compliance": 0.6},
           not_met("0.6") + "\n" + NULL_NOT_MET)  # fmt: skip
    expect(
        result,
        'ColumnValues "id" in [1,2,3]',
        "FAIL",
        {"Column.id.ColumnValues.Compliance": 0.6},
        not_met("0.6"),
    )
    expect(
        result,
        'ColumnValues "amount" in [10,20,30,40,NULL]',
        "PASS",
        {"Column.amount.ColumnValues.Compliance": 1.0},
    )
    expect(result, 'ColumnValues "amount" > 15 with threshold >= 0.6', "PASS",
           {"Column.amount.ColumnValues.Compliance": 0.6})  # fmt: skip


def test_column_values_on_strings(result):
    expect(result, 'ColumnValues "status" in ["open","closed"]', "FAIL",
           {"Column.status.ColumnValues.Compliance": 0.6}, not_met("0.6"))  # fmt: skip
    expect(result, 'ColumnValues "status" in ["open","closed"] with threshold >= 0.6', "PASS",
           {"Column.status.ColumnValues.Compliance": 0.6})  # fmt: skip
    expect(result, 'ColumnValues "status" in ["open","closed",NULL] with threshold > 0.7', "PASS",
           {"Column.status.ColumnValues.Compliance": 0.8})  # fmt: skip
    # a negation lets nulls pass unless NULL is listed
    expect(result, 'ColumnValues "status" != "open" with threshold > 0.5', "PASS",
           {"Column.status.ColumnValues.Compliance": 0.6})  # fmt: skip
    expect(result, 'ColumnValues "status" not in ["open",NULL] with threshold > 0.5', "FAIL",
           {"Column.status.ColumnValues.Compliance": 0.4}, not_met("0.4"))  # fmt: skip
    expect(result, 'ColumnValues "status" = EMPTY with threshold < 0.1', "PASS",
           {"Column.status.ColumnValues.Compliance": 0.0})  # fmt: skip
    expect(result, 'ColumnValues "email" matches "[a-z]@x\\.com"', "FAIL", {"Column.email.PatternMatch": 0.6},
           not_met("0.6"))  # fmt: skip
    expect(result, 'ColumnValues "email" not matches "[a-z]@x\\.com" with threshold = 0.2', "PASS",
           {"Column.email.PatternMatch": 0.2})  # fmt: skip


def test_column_values_on_dates(result):
    # by day: 03-10, 03-09, 03-01, NULL, 03-10 against 2024-03-05
    expect(result, 'ColumnValues "created" > "2024-03-05" with threshold = 0.6', "PASS",
           {"Column.created.ColumnValues.Compliance": 0.6})  # fmt: skip
    # at 14:25 on the 10th, a day ago is the 9th 14:25: 12:00 and 13:00 on the 10th are later
    expect(result, 'ColumnValues "created" >= (now() - 1 days)', "FAIL",
           {"Column.created.ColumnValues.Compliance": 0.4}, not_met("0.4"))  # fmt: skip


def test_column_length(result):
    # lengths open 4, open 4, closed 6, NULL 0, pending 7
    expect(result, 'ColumnLength "status" > 3', "FAIL", {"Column.status.MinimumLength": 0.0}, not_met("0.0"))
    expect(result, 'ColumnLength "status" <= 7', "PASS", {"Column.status.MaximumLength": 7.0})
    expect(result, 'ColumnLength "status" between 3 and 8', "FAIL",
           {"Column.status.MinimumLength": 0.0, "Column.status.MaximumLength": 7.0}, not_met("0.0"))  # fmt: skip
    expect(
        result,
        'ColumnLength "status" in [4,6,7]',
        "FAIL",
        {"Column.status.LengthCompliance": 0.8},
        not_met("0.8"),
    )


def test_data_freshness(result):
    # ages in hours at 14:25 on the 10th: 2.42, 26.42, 230.42, NULL, 1.42
    expect(result, 'DataFreshness "created" <= 24 hours', "FAIL",
           {"Column.created.DataFreshness.Compliance": 0.4}, "40.00% of rows passed")  # fmt: skip
    expect(result, 'DataFreshness "created" between 24 hours and 10 days', "FAIL",
           {"Column.created.DataFreshness.Compliance": 0.4}, "40.00% of rows passed")  # fmt: skip
    expect(result, 'DataFreshness "created" < 30 days where "created is not null"', "PASS",
           {"Column.created.DataFreshness.Compliance": 1.0})  # fmt: skip


def test_custom_sql(result):
    expect(result, "CustomSql \"select count(*) from primary where status = 'open'\" = 2", "PASS",
           {"Dataset.*.CustomSQL": 2.0})  # fmt: skip
    # row-level form: the rows it returns pass (ids 2, 3, 5 of 5)
    expect(result, 'CustomSql "select id from primary where amount > 15"', "FAIL",
           {"Dataset.*.CustomSQL.Compliance": 0.6}, "Value: 0.6 does not meet the constraint requirement.")  # fmt: skip
    expect(result, 'CustomSql "select id from primary where amount > 15" with threshold >= 0.6', "PASS",
           {"Dataset.*.CustomSQL.Compliance": 0.6})  # fmt: skip
    broken = result('CustomSql "select count(*) from primary where nope > 1" > 0')
    assert broken["Result"] == "ERROR"
    assert broken["EvaluationMessage"].startswith("Error executing SQL statement: ")


def test_referential_integrity(result):
    # statuses open, open, closed are among the codes; NULL and pending are not
    expect(result, 'ReferentialIntegrity "status" "ref.code" = 1.0', "FAIL", {"Column.ref.ReferentialIntegrity": 0.6},
           "Value: 0.6 does not meet the constraint requirement.")  # fmt: skip
    expect(
        result,
        'ReferentialIntegrity "status" "ref.{code}" >= 0.6',
        "PASS",
        {"Column.ref.ReferentialIntegrity": 0.6},
    )
    missing = result('ReferentialIntegrity "status" "other.code" = 1.0')
    assert (missing["Result"], missing["EvaluationMessage"]) == (
        "ERROR",
        "other not found in additional sources",
    )


def test_composite_rules(result):
    expect(result, '(IsComplete "id") AND (Completeness "status" > 0.9)', "FAIL",
           {"Column.id.Completeness": 1.0, "Column.status.Completeness": 0.8}, not_met("0.8"))  # fmt: skip
    expect(result, "(RowCount > 10) OR (ColumnCount = 5)", "PASS",
           {"Dataset.*.RowCount": 5.0, "Dataset.*.ColumnCount": 5.0})  # fmt: skip


def test_a_rule_on_a_missing_column_is_an_error(result):
    broken = result('ColumnValues "phone" > 1')
    assert broken == {
        "Name": "Rule_1",
        "Description": 'ColumnValues "phone" > 1',
        "Result": "ERROR",
        "EvaluatedMetrics": {},
        "EvaluationMessage": "Input data does not include column phone!",
    }


def test_rules_are_named_in_order_and_labelled(orders):
    ruleset = parse(
        'DefaultLabels = ["team"="data"] Rules = [ RowCount > 0, IsComplete "id" labels=["tier"="1"] ]'
    )
    results = rule_results(evaluate(ruleset, orders, now=NOW))
    assert [(r["Name"], r["Labels"]) for r in results] == [
        ("Rule_1", {"team": "data"}),
        ("Rule_2", {"team": "data", "tier": "1"}),
    ]


@pytest.mark.parametrize(
    ("ruleset", "named"),
    [
        ('Rules = [ RowCount > 0, DatasetMatch "ref" "id" = 1.0 ]', "Rule_2: localglue does not evaluate DatasetMatch"),
        ('Rules = [ (RowCount > 0) AND (DetectAnomalies "RowCount") ]', "Rule_1: localglue does not evaluate DetectAnomalies"),
        ("Rules = [ RowCount > avg(last(3)) ]", "Rule_1: localglue does not evaluate dynamic rules"),
        ("Rules = [ RowCount > 0 ] Analyzers = [ RowCount ]", "Analyzers are not evaluated by localglue"),
    ],
)  # fmt: skip
def test_rules_localglue_cannot_evaluate_stop_the_evaluation(orders, ruleset, named):
    with pytest.raises(UnsupportedRule, match=f"^{named}"):
        evaluate(parse(ruleset), orders)


def test_statistics_need_a_numeric_column(result):
    broken = result('Mean "status" > 1')
    assert (broken["Result"], broken["EvaluationMessage"]) == (
        "ERROR",
        "Expected type of column status to be one of "
        "(ByteType,ShortType,IntegerType,LongType,FloatType,DoubleType,DecimalType), but found StringType instead!",
    )
