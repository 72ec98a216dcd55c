"""DQDL parsing: what a ruleset means, how Glue writes its rules back, and Glue's refusals.

The written-back forms are AWS's own expectations (awslabs/dqdl, DQRuleTest: each rule's toString is
the text it was parsed from), so each case below must come back unchanged.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from localglue.dataquality.dqdl import CompositeRule, InvalidRuleset, Rule, model, parse

AWS_CANONICAL_RULES = [
    'IsPrimaryKey "colA" "colB"',
    'IsPrimaryKey colA "col B"',
    'IsPrimaryKey "colA" where "colA > 100"',
    "RowCount = -100",
    "RowCount != 100",
    "RowCount between (0.9 * average(last(10))) and 1.1 * average(last(10))",
    "Completeness of col_1 not between 0.5 and 0.8",
    'Completeness "col_1" between -0.5 and -0.4',
    'ColumnDataType "col_1" in ["Date","String"] with threshold > 0.9',
    "ColumnCount = avg(std(last(percentile(1,2,3))))",
    "ColumnCount > -100.123456",
    'ColumnCorrelation of col_1 and "col abc" between 0.4 and 0.8',
    'Uniqueness "col_1" "col_2" "col_3" > 0.5',
    'ColumnValues "col_1" between "2022-06-01" and "2022-06-30" where "col-A > 100"',
    'ColumnValues "load_dt" > (now() - 1 days)',
    'ColumnValues "order-id" in [1,2,3,4,NULL]',
    'ColumnValues "order-id" not in ["1","2","3","4"]',
    'ColumnValues "col-A" < (now() + 4 minutes)',
    'ColumnValues "col-A" > "9:30 PM"',
    'ColumnValues "col-A" between "9:00 AM" and "21:50"',
    'ColumnValues "col-A" not matches "[a-zA-Z0-9]*"',
    'ColumnValues "col-A" in [now(),(now() - 3 hours),now(),(now() + 4 days)]',
    'ColumnValues "col-A" matches "[a-z]*" with threshold <= 0.4',
    'ColumnValues "col-A" = NULL',
    'ColumnValues "col-A" != WHITESPACES_ONLY',
    'ColumnValues "col-A" in ["a",NULL,EMPTY,WHITESPACES_ONLY]',
    'ColumnValues "col-A" <= 0.4 with threshold not between 0.4 and 0.8',
    'ColumnValues "col-A" in ["2022-01-01",NULL] with threshold > 0.98',
    'DataFreshness "col-A" between 2 days and 4 days',
    'DataFreshness "col-A" <= 3 days where "col-A > 100"',
    'ReferentialIntegrity "col-A,col-B" "reference.{col-A1,col-A2}" = 0.99',
    'DatasetMatch "reference" "ID1->ID11,ID2->ID22" "colA->colAA" between 0.4 and 0.8',
    'SchemaMatch "ref-1" >= 0.6',
    'AggregateMatch "sum(col-A)" "sum(reference.colA)" > 0.1',
    'CustomSql "select col-A from primary" with threshold > 0.5',
    'DetectAnomalies of ColumnCorrelation of "colA" and "colB"',
    'FileMatch "S3://PATH1" in ["a"] with tag1 = "sampom" with tag2 = "pomsam"',
    "FileSize not in [500 KB,150 GB]",
    'FileFreshness "S3://PATH" > "21:45" with timeZone = "America/New_York"',
    'FileSize < 5 B labels=["key1"="value1", "key2"="value2"]',
    '(RowCount > 0) OR (IsComplete "colA") OR (IsUnique "colA")',
    '(RowCount > 0) OR ((IsComplete "colA") AND (IsUnique "colA"))',
    '((RowCount > 0) AND (IsComplete "colB")) OR ((IsComplete "colA") AND (IsUnique "colA"))',
]


def only_rule(text: str):
    ruleset = parse(f"Rules = [ {text} ]")
    assert len(ruleset.rules) == 1
    return ruleset.rules[0]


@pytest.mark.parametrize("text", AWS_CANONICAL_RULES)
def test_rules_are_written_back_as_glue_writes_them(text):
    assert str(only_rule(text)) == text


def test_spacing_and_composite_operators_are_normalised():
    rule = only_rule('(IsComplete   "id")and(IsUnique "id")   and (Completeness "x"  > 0.9)')
    assert str(rule) == '(IsComplete "id") AND (IsUnique "id") AND (Completeness "x" > 0.9)'
    assert str(only_rule('ColumnValues "c" in [ "a" , "b" ]')) == 'ColumnValues "c" in ["a","b"]'


def test_and_binds_tighter_than_or():
    rule = only_rule('(RowCount > 0) and (IsComplete "a") or (IsUnique "b")')
    assert isinstance(rule, CompositeRule) and rule.operator == "OR"
    first, second = rule.rules
    assert isinstance(first, CompositeRule) and first.operator == "AND"
    assert [str(r) for r in first.rules] == ["RowCount > 0", 'IsComplete "a"']
    assert str(second) == 'IsUnique "b"'
    assert str(rule) == '((RowCount > 0) AND (IsComplete "a")) OR (IsUnique "b")'


def test_a_parenthesised_single_rule_is_that_rule():
    rule = only_rule('(Completeness "col_1" between 0.5 and 0.8)')
    assert isinstance(rule, Rule) and str(rule) == 'Completeness "col_1" between 0.5 and 0.8'


def test_a_rule_knows_its_columns_condition_where_and_threshold():
    rule = only_rule('ColumnValues "status" in ["A","B"] where "amount > 10" with threshold >= 0.9')
    assert rule.rule_type == "ColumnValues" and rule.columns == ["status"]
    assert isinstance(rule.condition, model.StringCondition)
    assert rule.condition.operator == model.IN
    assert [str(o) for o in rule.condition.operands] == ['"A"', '"B"']
    assert rule.where == "amount > 10"
    assert rule.threshold.operator == model.GREATER_EQUAL and rule.threshold.values() == [0.9]
    assert only_rule('IsUnique "a" "b"').columns == ["a", "b"]


def test_conditions_are_read_as_aws_grammar_reads_them():
    # the grammar tries number, string, date conditions in that order
    assert isinstance(only_rule('ColumnValues "c" = NULL').condition, model.NumberCondition)
    assert isinstance(only_rule('ColumnValues "c" = EMPTY').condition, model.StringCondition)
    assert isinstance(only_rule('ColumnValues "c" in ["a", NULL]').condition.operands[1], model.Keyword)
    assert isinstance(only_rule('ColumnValues "c" in ["2022-01-01"]').condition, model.DateCondition)
    assert isinstance(only_rule('DataFreshness "c" <= 24 hours').condition, model.DurationCondition)
    between = only_rule('Mean "x" between 1 and 10').condition
    assert between.operator == model.BETWEEN and between.values() == [1.0, 10.0]


def test_between_excludes_its_bounds_and_not_between_includes_them():
    between = only_rule("RowCount between 1 and 3").condition
    assert [between.holds(v) for v in (1, 2, 3)] == [False, True, False]
    outside = only_rule("RowCount not between 1 and 3").condition
    assert [outside.holds(v) for v in (1, 2, 3)] == [True, False, True]
    assert only_rule("RowCount in [1,3]").condition.holds(3.0)
    assert not only_rule("RowCount != 3").condition.holds(3.0)


def test_arithmetic_in_thresholds_is_left_to_right():
    condition = only_rule("RowCount > 1 + 2 * 3").condition
    assert condition.values() == [9.0]
    assert only_rule("RowCount > (1 + 2) / 2").condition.values() == [1.5]


def test_dates_and_times_evaluate_against_now():
    now = datetime(2024, 3, 10, 14, 25, 37)
    operands = only_rule('ColumnValues "t" in [now(),(now() - 3 days),(now() + 90 minutes),"2024-01-02"]')
    moments = [o.evaluate(now) for o in operands.condition.operands]
    assert moments == [
        datetime(2024, 3, 10, 14, 25),
        datetime(2024, 3, 7, 14, 25),
        datetime(2024, 3, 10, 15, 55),
        datetime(2024, 1, 2),
    ]
    # 9:30 AM in New York on 10 March 2024 (daylight saving starts that day) is 13:30 UTC
    new_york = only_rule(
        'ColumnValues "t" > "9:30 AM" with timeZone = "America/New_York"'
    ).condition.operands[0]
    assert new_york.evaluate(now) == datetime(2024, 3, 10, 13, 30)


def test_labels_tags_metadata_sources_and_comments():
    ruleset = parse(
        """
        Metadata = { "Version": "1.0" }
        DataSources = { "Primary": "orders", "AdditionalDataSources": [ "customers" ] }
        DefaultLabels = ["team"="data"]
        # the ruleset itself
        Rules = [
            IsComplete "id" labels=["severity"="high"],   # a comment at the end of a line
            (RowCount > 0) labels=["kind"="volume"]
        ]
        """
    )
    assert ruleset.metadata == {"Version": "1.0"}
    assert ruleset.primary_source == "orders" and ruleset.additional_sources == ("customers",)
    assert ruleset.default_labels == {"team": "data"}
    assert ruleset.rules[0].labels == {"severity": "high"}
    assert ruleset.rules[1].labels == {"kind": "volume"}
    assert str(ruleset.rules[0]) == 'IsComplete "id" labels=["severity"="high"]'


def test_variables_are_resolved_and_written_as_referenced():
    ruleset = parse(
        """
        statuses = ["open", "closed"]
        column = "status"
        Rules = [ ColumnValues $column in $statuses ]
        """
    )
    rule = ruleset.rules[0]
    assert rule.columns == ["status"]
    assert [o.text for o in rule.condition.operands] == ["open", "closed"]
    assert str(rule) == "ColumnValues $column in $statuses"


def test_analyzers_are_parsed_beside_rules():
    ruleset = parse('Rules = [ RowCount > 0 ] Analyzers = [ RowCount, Completeness "id" ]')
    assert [str(a) for a in ruleset.analyzers] == ["RowCount", 'Completeness "id"']


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('Rules = [ IsCompleted "id" ]', "Parsing Error: Rule Type: IsCompleted is not valid"),
        ('Rules = [ IsComplete "a" "b" ]', "Parsing Error: Rule Type: IsComplete is not valid"),
        ('Rules = [ IsComplete "id" > 0.5 ]',
         "Parsing Error: Unexpected condition for rule of type IsComplete with boolean return type"),
        ("Rules = [ RowCount ]", "Parsing Error: Unexpected condition for rule of type RowCount with number return type"),
        ('Rules = [ Completeness "a" = "x" ]',
         "Parsing Error: Unexpected condition for rule of type Completeness with number return type"),
        ('Rules = [ ColumnExists "a" where "a > 1" ]', "Parsing Error: Where clause is not supported for rule type: ColumnExists"),
        ('Rules = [ RowCount > 1 where "" ]', "Parsing Error: Empty where condition provided for rule type: RowCount"),
        ("Rules = [ RowCount > 1 with threshold > 0.5 ]",
         "Parsing Error: Threshold condition not supported for rule type: RowCount"),
        ("Rules = [ ]", "Parsing Error: No rules or analyzers provided."),
        ('Rules = [ AllStatistics "a" ]', "Parsing Error: Analyzer Type: AllStatistics is not supported in rules section"),
        ('Rules = [ ColumnValues $nope in ["a"] ]', "Parsing Error: Variable not found: nope"),
    ],
)  # fmt: skip
def test_invalid_rulesets_get_glues_parsing_errors(text, message):
    with pytest.raises(InvalidRuleset) as refused:
        parse(text)
    assert str(refused.value) == message


def test_syntax_errors_say_where():
    with pytest.raises(InvalidRuleset, match=r"^Parsing Error: line 1:21 mismatched input '\]' expecting"):
        parse("Rules = [ RowCount > ]")
    with pytest.raises(InvalidRuleset, match=r"^Parsing Error: line 2:6 mismatched input '\[' expecting '='"):
        parse("# no equals sign\nRules [ RowCount > 0 ]")
    with pytest.raises(
        InvalidRuleset, match=r"^Parsing Error: line 1:25 mismatched input 'IsComplete' expecting <EOF>"
    ):
        parse('Rules = [ RowCount > 0 ] IsComplete "a"')
    with pytest.raises(InvalidRuleset, match="unterminated quoted string"):
        parse('Rules = [ IsComplete "id ]')
