"""CONDITIONAL predicates: met, still open, or no longer possible, by hand-worked cases."""

import pytest

from localglue.workflows.predicates import evaluate


def job(name, state):
    return {"JobName": name, "State": state, "LogicalOperator": "EQUALS"}


def crawler(name, state):
    return {"CrawlerName": name, "CrawlState": state, "LogicalOperator": "EQUALS"}


BOTH = [job("a", "SUCCEEDED"), crawler("c", "SUCCEEDED")]


@pytest.mark.parametrize(
    ("logical", "attempts", "expected"),
    [
        ("AND", {}, None),  # nothing ran yet
        ("AND", {("job", "a"): ["SUCCEEDED"]}, None),  # c still to come
        ("AND", {("job", "a"): ["SUCCEEDED"], ("crawler", "c"): ["RUNNING"]}, None),
        ("AND", {("job", "a"): ["SUCCEEDED"], ("crawler", "c"): ["SUCCEEDED"]}, True),
        ("AND", {("job", "a"): ["FAILED"]}, False),  # a ended otherwise: AND can no longer be met
        ("AND", {("job", "a"): ["SUCCEEDED"], ("crawler", "c"): ["CANCELLED"]}, False),
        ("ANY", {("job", "a"): ["RUNNING"]}, None),
        ("ANY", {("crawler", "c"): ["SUCCEEDED"]}, True),
        ("ANY", {("job", "a"): ["FAILED"]}, None),  # c may still succeed
        ("ANY", {("job", "a"): ["FAILED"], ("crawler", "c"): ["FAILED"]}, False),
        # a resumed node: the failed first attempt and the successful retry both belong to the run
        ("AND", {("job", "a"): ["FAILED", "SUCCEEDED"], ("crawler", "c"): ["SUCCEEDED"]}, True),
    ],
)
def test_evaluate(logical, attempts, expected):
    assert evaluate({"Logical": logical, "Conditions": BOTH}, attempts) is expected


def test_a_condition_on_a_state_other_than_success():
    predicate = {"Logical": "AND", "Conditions": [job("a", "FAILED")]}
    assert evaluate(predicate, {("job", "a"): ["FAILED"]}) is True
    assert evaluate(predicate, {("job", "a"): ["SUCCEEDED"]}) is False
    assert evaluate(predicate, {("job", "a"): ["STOPPED"]}) is False


def test_logical_defaults_to_and_and_no_conditions_never_fire():
    assert (
        evaluate({"Conditions": BOTH}, {("job", "a"): ["SUCCEEDED"], ("crawler", "c"): ["FAILED"]}) is False
    )
    assert evaluate({"Logical": "AND", "Conditions": []}, {}) is None
