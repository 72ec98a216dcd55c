"""The Glue Data Quality API on the gateway: rulesets, results published by a job, runs, Glue's errors."""

from __future__ import annotations

import time
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from gateway_process import start_gateway, stop_gateway
from localglue.dataquality import publishing

RULESET = 'Rules = [ RowCount > 0, IsComplete "id" ]'
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def error_of(call, **params) -> tuple[str, str]:
    with pytest.raises(ClientError) as refused:
        call(**params)
    error = refused.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.fixture
def name() -> str:
    return f"rules-{uuid.uuid4().hex[:8]}"


def test_ruleset_round_trip(glue, name):
    arn = f"arn:aws:glue:us-east-1:123456789012:dataQualityRuleset/{name}"
    before = time.time() - 1
    glue.create_data_quality_ruleset(
        Name=name,
        Description="orders must be complete",
        Ruleset=RULESET,
        TargetTable={"DatabaseName": "sales", "TableName": "orders"},
        Tags={"team": "data"},
    )
    got = glue.get_data_quality_ruleset(Name=name)
    assert (got["Name"], got["Description"], got["Ruleset"]) == (name, "orders must be complete", RULESET)
    assert got["TargetTable"] == {"DatabaseName": "sales", "TableName": "orders"}
    assert got["CreatedOn"].timestamp() >= before
    assert glue.get_tags(ResourceArn=arn)["Tags"] == {"team": "data"}

    listed = glue.list_data_quality_rulesets(Filter={"Name": name})["Rulesets"]
    assert [(r["Name"], r["RuleCount"], r["TargetTable"]["TableName"]) for r in listed] == [
        (name, 2, "orders")
    ]
    by_table = glue.list_data_quality_rulesets(
        Filter={"TargetTable": {"DatabaseName": "sales", "TableName": "orders"}}
    )
    assert name in [r["Name"] for r in by_table["Rulesets"]]
    assert name in [r["Name"] for r in glue.list_data_quality_rulesets(Tags={"team": "data"})["Rulesets"]]
    assert name not in [r["Name"] for r in glue.list_data_quality_rulesets(Tags={"team": "ops"})["Rulesets"]]
    assert (
        glue.list_data_quality_rulesets(Filter={"Name": name, "CreatedAfter": time.time() + 60})["Rulesets"]
        == []
    )

    updated = glue.update_data_quality_ruleset(Name=name, Ruleset="Rules = [ RowCount > 10 ]")
    assert (updated["Ruleset"], updated["Description"]) == (
        "Rules = [ RowCount > 10 ]",
        "orders must be complete",
    )
    got = glue.get_data_quality_ruleset(Name=name)
    assert got["Ruleset"] == "Rules = [ RowCount > 10 ]" and got["LastModifiedOn"] >= got["CreatedOn"]

    glue.delete_data_quality_ruleset(Name=name)
    assert error_of(glue.get_data_quality_ruleset, Name=name) == (
        "EntityNotFoundException",
        f"Data Quality Ruleset {name} not found.",
    )
    assert glue.get_tags(ResourceArn=arn)["Tags"] == {}


def test_rulesets_are_refused_as_glue_refuses_them(glue, name):
    code, message = error_of(glue.create_data_quality_ruleset, Name=name, Ruleset="Rules = [ RowCountt > 0 ]")
    assert (code, message) == ("InvalidInputException", "Parsing Error: Rule Type: RowCountt is not valid")
    glue.create_data_quality_ruleset(Name=name, Ruleset=RULESET)
    assert error_of(glue.create_data_quality_ruleset, Name=name, Ruleset=RULESET) == (
        "AlreadyExistsException",
        f"Data Quality Ruleset {name} already exists.",
    )
    code, message = error_of(
        glue.update_data_quality_ruleset, Name=name, Ruleset='Rules = [ IsComplete "a" > 1 ]'
    )
    assert code == "InvalidInputException" and "with boolean return type" in message
    assert glue.get_data_quality_ruleset(Name=name)["Ruleset"] == RULESET  # a refused update changes nothing
    for call in (glue.update_data_quality_ruleset, glue.delete_data_quality_ruleset):
        assert error_of(call, Name=f"{name}-missing")[0] == "EntityNotFoundException"
    glue.delete_data_quality_ruleset(Name=name)


def test_rulesets_are_listed_page_by_page(glue, name):
    names = [f"{name}-{index}" for index in range(3)]
    for ruleset in names:
        glue.create_data_quality_ruleset(Name=ruleset, Ruleset=RULESET, Tags={"batch": name})
    first = glue.list_data_quality_rulesets(Tags={"batch": name}, MaxResults=2)
    second = glue.list_data_quality_rulesets(Tags={"batch": name}, MaxResults=2, NextToken=first["NextToken"])
    assert [r["Name"] for r in first["Rulesets"] + second["Rulesets"]] == names
    assert "NextToken" not in second
    assert error_of(glue.list_data_quality_rulesets, NextToken="not-a-token") == (
        "InvalidInputException",
        "Invalid NextToken: the token is not one this service issued",
    )
    for ruleset in names:
        glue.delete_data_quality_ruleset(Name=ruleset)


@pytest.fixture
def as_a_job_run(aws_env, monkeypatch):
    """The environment and arguments of a job run's process, for the job side of publishing."""
    job_run_id = f"jr_{uuid.uuid4().hex}"
    monkeypatch.setattr("sys.argv", ["script.py", "--JOB_NAME", "orders-job", "--JOB_RUN_ID", job_run_id])
    return job_run_id


def a_result(context: str) -> dict:
    return {
        "EvaluationContext": context,
        "StartedOn": time.time() - 5,
        "CompletedOn": time.time(),
        "Score": 0.5,
        "RuleResults": [
            {"Name": "Rule_1", "Description": "RowCount > 0", "Result": "PASS",
             "EvaluatedMetrics": {"Dataset.*.RowCount": 3.0}},
            {"Name": "Rule_2", "Description": 'IsComplete "id"', "Result": "FAIL",
             "EvaluationMessage": "Value: 0.5 does not meet the constraint requirement!",
             "EvaluatedMetrics": {"Column.id.Completeness": 0.5}},
        ],
        "AggregatedMetrics": {"TotalRulesProcessed": 2.0, "TotalRulesPassed": 1.0, "TotalRulesFailed": 1.0},
    }  # fmt: skip


def test_results_published_by_a_job_run_are_listed_with_it(glue, as_a_job_run):
    result_id = publishing.publish(a_result("orders_check"))
    assert result_id.startswith("dqresult-")
    listed = glue.list_data_quality_results(Filter={"JobName": "orders-job", "JobRunId": as_a_job_run})[
        "Results"
    ]
    assert [(r["ResultId"], r["JobName"], r["JobRunId"]) for r in listed] == [
        (result_id, "orders-job", as_a_job_run)
    ]
    result = glue.get_data_quality_result(ResultId=result_id)
    assert (result["EvaluationContext"], result["Score"], result["JobRunId"]) == (
        "orders_check",
        0.5,
        as_a_job_run,
    )
    assert [(r["Name"], r["Result"]) for r in result["RuleResults"]] == [
        ("Rule_1", "PASS"),
        ("Rule_2", "FAIL"),
    ]
    assert (
        result["RuleResults"][1]["EvaluationMessage"]
        == "Value: 0.5 does not meet the constraint requirement!"
    )
    assert result["AggregatedMetrics"]["TotalRulesFailed"] == 1.0
    batch = glue.batch_get_data_quality_result(ResultIds=[result_id, "dqresult-missing"])
    assert [r["ResultId"] for r in batch["Results"]] == [result_id]
    assert batch["ResultsNotFound"] == ["dqresult-missing"]
    assert glue.list_data_quality_results(Filter={"JobName": "another-job"})["Results"] == []


def test_unknown_results_and_runs_are_not_found(glue, name):
    assert error_of(glue.get_data_quality_result, ResultId="dqresult-missing")[0] == "EntityNotFoundException"
    for call in (
        glue.get_data_quality_ruleset_evaluation_run,
        glue.cancel_data_quality_ruleset_evaluation_run,
    ):
        assert error_of(call, RunId="dqrun-missing")[0] == "EntityNotFoundException"
    code, message = error_of(
        glue.start_data_quality_ruleset_evaluation_run,
        DataSource={"GlueTable": {"DatabaseName": "sales", "TableName": "orders"}},
        Role="dq-role",
        RulesetNames=[name],
    )
    assert (code, message) == ("EntityNotFoundException", f"Data Quality Ruleset {name} not found.")


def test_rulesets_and_results_survive_a_restart(tmp_path, monkeypatch, name):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        glue.create_data_quality_ruleset(Name=name, Ruleset=RULESET, Tags={"kept": "yes"})
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.setattr("sys.argv", ["script.py", "--JOB_NAME", "kept-job", "--JOB_RUN_ID", "jr_kept"])
        result_id = publishing.publish(a_result("kept_check"))
    finally:
        stop_gateway(process)
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        assert glue.get_data_quality_ruleset(Name=name)["Ruleset"] == RULESET
        arn = f"arn:aws:glue:us-east-1:123456789012:dataQualityRuleset/{name}"
        assert glue.get_tags(ResourceArn=arn)["Tags"] == {"kept": "yes"}
        assert glue.get_data_quality_result(ResultId=result_id)["JobName"] == "kept-job"
    finally:
        stop_gateway(process)
