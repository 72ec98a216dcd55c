"""The job's Data Quality step (its own code, in this process, on the shared gateway): the ruleset read by
name and evaluated on the rows read before any transformation; a failing ruleset fails the run naming its
rules and archives nothing, a passing one lets the run commit."""

from __future__ import annotations

import uuid

import pytest
from pipeline_harness import Pipeline, check_exactly_once, events

pytestmark = pytest.mark.slow

# 4 rows: one without user_id, one with an event type outside the list
ROWS = events(
    "u1,login,2024-03-05 10:00:00",
    "u1,click,2024-03-05 10:01:30",
    ",click,2024-03-05 10:02:00",
    "u1,teleport,2024-03-05 10:04:00",
)


@pytest.fixture()
def pipeline(client, spark, endpoint_url):
    pipeline = Pipeline.create(client, spark, endpoint_url)
    pipeline.upload("day1.csv", ROWS)
    return pipeline


def ruleset(glue, rules: str) -> str:
    name = f"events-input-{uuid.uuid4().hex[:8]}"
    glue.create_data_quality_ruleset(Name=name, Ruleset=f"Rules = [ {rules} ]")
    return name


def test_a_failing_ruleset_fails_the_run_naming_its_rules_and_archives_nothing(pipeline):
    # 3 of 4 user_ids (0.75) and 3 of 4 known event types: both under their thresholds
    name = ruleset(
        pipeline.glue,
        'Completeness "user_id" >= 0.9, ColumnValues "event_type" in ["login", "logout", "click"] '
        "with threshold >= 0.9, RowCount >= 1",
    )

    with pytest.raises(Exception, match=f"Data Quality ruleset {name} failed: ") as failure:
        pipeline.run("jr_strict", dq_ruleset_name=name)

    message = str(failure.value)
    assert 'Completeness "user_id" >= 0.9' in message
    assert 'ColumnValues "event_type" in ["login","logout","click"] with threshold >= 0.9' in message
    assert "RowCount" not in message
    assert pipeline.keys(pipeline.source, "incoming/") == ["day1.csv"]
    assert pipeline.keys(pipeline.source, "archive/") == []
    assert pipeline.manifests()["jr_strict"].state == "abandoned"
    check_exactly_once(pipeline, waiting={"day1.csv": ROWS})


def test_a_passing_ruleset_lets_the_run_commit(pipeline):
    name = ruleset(
        pipeline.glue,
        'Completeness "user_id" >= 0.75, ColumnValues "event_type" in ["login", "logout", "click"] '
        'with threshold >= 0.75, RowCount >= 4, ColumnValues "event_time" > (now() - 1000000 hours)',
    )

    summary = pipeline.run("jr_lenient", dq_ruleset_name=name)

    assert summary["files_archived"] == 1
    check_exactly_once(pipeline)


def test_a_missing_ruleset_fails_the_run_by_name(pipeline):
    with pytest.raises(
        Exception, match="cannot read Data Quality ruleset no-such-ruleset: EntityNotFoundException"
    ):
        pipeline.run("jr_missing", dq_ruleset_name="no-such-ruleset")
    check_exactly_once(pipeline, waiting={"day1.csv": ROWS})
