"""Row-level outcomes: for each row, the rules it passed, failed, or that say nothing about rows."""

from __future__ import annotations

import pytest

from localglue.dataquality.dqdl import parse
from localglue.dataquality.evaluation import evaluate

RULES = [
    'IsComplete "status"',
    'ColumnValues "amount" > 15',
    "RowCount > 0",
    'IsUnique "status"',
    '(IsComplete "status") AND (ColumnValues "amount" > 15)',
    'ColumnValues "amount" < 25 where "status = \'open\'"',
]


@pytest.fixture(scope="module")
def outcomes(spark):
    frame = spark.createDataFrame(
        [(1, "open", 10.0), (2, "open", 20.0), (3, "closed", 30.0), (4, None, None)],
        "id int, status string, amount double",
    )
    ruleset = parse("Rules = [ " + ", ".join(RULES) + " ]")
    rows = evaluate(ruleset, frame).row_level_outcomes().collect()
    return {row["id"]: row for row in rows}


def test_the_frame_keeps_its_columns_and_gains_four(outcomes):
    assert list(outcomes[1].asDict()) == [
        "id",
        "status",
        "amount",
        "DataQualityRulesPass",
        "DataQualityRulesFail",
        "DataQualityRulesSkip",
        "DataQualityEvaluationResult",
    ]


def test_each_row_lists_the_rules_it_passed_and_failed(outcomes):
    is_complete, above_15, row_count, unique, both, open_below_25 = RULES
    # open twice: not unique; 10 is not above 15
    assert set(outcomes[1]["DataQualityRulesPass"]) == {is_complete, open_below_25}
    assert set(outcomes[1]["DataQualityRulesFail"]) == {above_15, unique, both}
    # closed once, 30: passes everything; outside the where clause of the last rule, which counts as passed
    assert set(outcomes[3]["DataQualityRulesPass"]) == {is_complete, above_15, unique, both, open_below_25}
    assert outcomes[3]["DataQualityRulesFail"] == []
    assert outcomes[3]["DataQualityEvaluationResult"] == "Passed"
    assert outcomes[1]["DataQualityEvaluationResult"] == "Failed"
    # no status, no amount
    assert {is_complete, above_15, both} <= set(outcomes[4]["DataQualityRulesFail"])


def test_dataset_level_rules_are_skipped_on_every_row(outcomes):
    for row in outcomes.values():
        assert row["DataQualityRulesSkip"] == ["RowCount > 0"]
