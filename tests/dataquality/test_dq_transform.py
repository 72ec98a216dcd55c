"""awsgluedq.transforms.EvaluateDataQuality as Glue jobs call it, over localglue's DynamicFrame."""

from __future__ import annotations

import pytest

from localglue.dataquality import publishing
from localglue.jobs.glue_runtime import OVERLAY_PATH

RULESET = 'Rules = [ RowCount = 3, IsComplete "name", ReferentialIntegrity "id" "ref.id" = 1.0 ]'


@pytest.fixture
def dq(monkeypatch):
    """The awsgluedq module of job runs (the overlay on a job run's path, as the launcher puts it)."""
    monkeypatch.syspath_prepend(str(OVERLAY_PATH))
    from awsgluedq import transforms

    return transforms


@pytest.fixture
def glue_context(spark, dq):
    from awsglue.context import GlueContext

    return GlueContext(spark.sparkContext)


@pytest.fixture
def frames(spark, glue_context):
    from awsglue.dynamicframe import DynamicFrame

    people = spark.createDataFrame([(1, "ann"), (2, None), (3, "cy")], "id int, name string")
    known = spark.createDataFrame([(1,), (2,), (3,)], "id int")
    return DynamicFrame.fromDF(people, glue_context, "people"), DynamicFrame.fromDF(
        known, glue_context, "known"
    )


def test_apply_returns_the_rule_outcomes(dq, frames, glue_context):
    people, known = frames
    outcomes = dq.EvaluateDataQuality.apply(
        frame=people,
        ruleset=RULESET,
        publishing_options={
            "dataQualityEvaluationContext": "people",
            "enableDataQualityResultsPublishing": False,
        },
        additional_data_sources={"ref": known},
    )
    assert outcomes.glue_ctx is glue_context
    frame = outcomes.toDF()
    assert [(f.name, f.dataType.simpleString()) for f in frame.schema.fields] == [
        ("Rule", "string"),
        ("Outcome", "string"),
        ("FailureReason", "string"),
        ("EvaluatedMetrics", "map<string,double>"),
    ]
    assert [tuple(row) for row in frame.collect()] == [
        ("RowCount = 3", "Passed", None, {"Dataset.*.RowCount": 3.0}),
        ('IsComplete "name"', "Failed", "Value: 0.6666666666666666 does not meet the constraint requirement!",
         {"Column.name.Completeness": 2 / 3}),
        ('ReferentialIntegrity "id" "ref.id" = 1.0', "Passed", None, {"Column.ref.ReferentialIntegrity": 1.0}),
    ]  # fmt: skip


def test_process_rows_returns_the_data_the_outcomes_and_the_rows(dq, frames):
    people, known = frames
    collection = dq.EvaluateDataQuality().process_rows(
        frame=people,
        ruleset=RULESET,
        publishing_options={"enableDataQualityResultsPublishing": False},
        additional_options={"performanceTuning.caching": "CACHE_INPUT", "observations.scope": "ALL"},
        additional_data_sources={"ref": known},
    )
    assert sorted(collection.keys()) == ["originalData", "rowLevelOutcomes", "ruleOutcomes"]
    assert collection["originalData"] is people
    # Glue Studio's generated check: fail the job when a rule failed
    failed = collection[dq.EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(
        lambda x: x["Outcome"] == "Failed"
    )
    assert failed.count() == 1
    rows = {row["id"]: row for row in collection["rowLevelOutcomes"].toDF().collect()}
    assert rows[2]["DataQualityEvaluationResult"] == "Failed"
    assert rows[2]["DataQualityRulesFail"] == ['IsComplete "name"']
    assert rows[1]["DataQualityEvaluationResult"] == "Passed"
    assert rows[1]["DataQualityRulesSkip"] == ["RowCount = 3"]


def test_outside_a_job_run_results_are_not_published_and_the_log_says_so(dq, frames, capsys):
    dq.EvaluateDataQuality.apply(frame=frames[0], ruleset="Rules = [ RowCount > 0 ]")
    assert (
        "results of default_context not published: this is not a localglue job run" in capsys.readouterr().err
    )


@pytest.fixture
def in_a_job_run(monkeypatch):
    monkeypatch.setattr("sys.argv", ["script.py", "--JOB_NAME", "people-job", "--JOB_RUN_ID", "jr_123"])
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    sent = []

    def publish(result):
        sent.append(result)
        return "dqresult-1"

    monkeypatch.setattr(publishing, "publish", publish)
    return sent


def test_in_a_job_run_the_result_is_published(dq, frames, in_a_job_run, capsys):
    dq.EvaluateDataQuality().process_rows(
        frame=frames[0],
        ruleset='Rules = [ RowCount = 3, IsComplete "name" ]',
        publishing_options={
            "dataQualityEvaluationContext": "people_check",
            "enableDataQualityCloudWatchMetrics": True,
        },
    )
    [result] = in_a_job_run
    assert result["EvaluationContext"] == "people_check"
    assert result["Score"] == 0.5
    assert [(r["Name"], r["Result"]) for r in result["RuleResults"]] == [
        ("Rule_1", "PASS"),
        ("Rule_2", "FAIL"),
    ]
    assert result["AggregatedMetrics"] == {
        "TotalRulesProcessed": 2.0,
        "TotalRulesPassed": 1.0,
        "TotalRulesFailed": 1.0,
        "TotalRowsProcessed": 3.0,
        "TotalRowsPassed": 2.0,
        "TotalRowsFailed": 1.0,
    }
    assert result["StartedOn"] <= result["CompletedOn"]
    log = capsys.readouterr().err
    assert "CloudWatch metrics are not emulated by localglue" in log
    assert "results of people_check published as dqresult-1" in log


def test_a_publishing_failure_fails_the_evaluation_unless_best_effort(dq, frames, monkeypatch, in_a_job_run):
    def refuse(result):
        raise publishing.PublishingError("AccessDeniedException: no glue:PublishDataQuality")

    monkeypatch.setattr(publishing, "publish", refuse)
    with pytest.raises(publishing.PublishingError, match="glue:PublishDataQuality"):
        dq.EvaluateDataQuality.apply(frame=frames[0], ruleset="Rules = [ RowCount > 0 ]")
    outcomes = dq.EvaluateDataQuality().process_rows(
        frame=frames[0],
        ruleset="Rules = [ RowCount > 0 ]",
        additional_options={"dataQualityResultsPublishing.strategy": "BEST_EFFORT"},
    )
    assert outcomes["ruleOutcomes"].toDF().count() == 1


@pytest.mark.parametrize(
    ("publishing_options", "additional_options", "message"),
    [
        ({"enableDataQualityResultPublishing": True}, {}, "Unknown publishing_options: enableDataQualityResultPublishing"),
        ({}, {"performanceTuning.caching": "CACHE_ALL"}, "performanceTuning.caching must be one of CACHE_NOTHING, CACHE_INPUT"),
        ({}, {"compositeRuleEvaluation.method": "ROW"}, "compositeRuleEvaluation.method ROW is not supported"),
        ({"enableDataQualityResultsPublishing": "yes"}, {}, "enableDataQualityResultsPublishing must be true or false"),
    ],
)  # fmt: skip
def test_bad_options_are_refused_by_name(dq, frames, publishing_options, additional_options, message):
    with pytest.raises(ValueError, match=message):
        dq.EvaluateDataQuality().process_rows(
            frame=frames[0],
            ruleset="Rules = [ RowCount > 0 ]",
            publishing_options=publishing_options,
            additional_options=additional_options,
        )


def test_an_invalid_ruleset_fails_with_glues_parsing_error(dq, frames):
    with pytest.raises(ValueError, match="^Parsing Error: Rule Type: RowCounts is not valid$"):
        dq.EvaluateDataQuality.apply(frame=frames[0], ruleset="Rules = [ RowCounts > 0 ]")
