"""Glue Data Quality in job runs: EvaluateDataQuality in a job script, and ruleset evaluation runs.

The job scripts are written as Glue Studio and users write them, on localglue's own DynamicFrame.
"""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path

import pytest

from localglue.dataquality import publishing
from localglue.testing import ACTIVE_JOB_STATES, wait_for, wait_for_job_run

pytestmark = pytest.mark.slow

SCRIPTS = Path(__file__).parent / "glue_scripts"

ORDERS_CSV = "id,status,amount,email\n1,open,10.0,a@x.com\n2,open,20.0,\n3,closed,-5.0,c@x.com\n"

PREAMBLE = """\
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.transforms import SelectFromCollection
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "orders"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders_df = spark.read.option("header", "true").option("inferSchema", "true").csv(args["orders"])
orders = DynamicFrame.fromDF(orders_df, glueContext, "orders")
"""

FAILING_RULES = 'Rules = [ RowCount = 3, IsComplete "email", ColumnValues "amount" > 0 ]'


@pytest.fixture(scope="module")
def data(client):
    """A bucket with the orders CSV."""
    s3 = client("s3")
    bucket = f"dq-jobs-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="orders/orders.csv", Body=ORDERS_CSV.encode())
    return bucket


def run_job(client, bucket: str, script: str) -> tuple[str, dict]:
    """Create a glueetl job running `script` on the orders; run it to its end."""
    glue = client("glue")
    name = f"dq-job-{uuid.uuid4().hex[:8]}"
    client("s3").put_object(Bucket=bucket, Key=f"scripts/{name}.py", Body=script.encode())
    glue.create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{bucket}/scripts/{name}.py"},
        GlueVersion="5.0",
        WorkerType="G.1X",
        NumberOfWorkers=2,
        DefaultArguments={
            "--orders": f"s3://{bucket}/orders/",
        },
    )
    run_id = glue.start_job_run(JobName=name)["JobRunId"]
    return name, wait_for_job_run(glue, name, run_id, timeout=300)


def results_of(glue, job_name: str, run_id: str) -> list[dict]:
    listed = glue.list_data_quality_results(Filter={"JobName": job_name, "JobRunId": run_id})["Results"]
    return [glue.get_data_quality_result(ResultId=r["ResultId"]) for r in listed]


def test_a_failing_ruleset_fails_the_run_naming_its_rules_and_the_result_is_published(client, data):
    script = (SCRIPTS / "data_quality_ruleset_fails_the_run.py").read_text()
    assert FAILING_RULES in script
    name, run = run_job(client, data, script)
    assert run["JobRunState"] == "FAILED"
    assert (
        run["ErrorMessage"]
        == 'Exception: Data quality rules failed: IsComplete "email"; ColumnValues "amount" > 0'
    )
    [result] = results_of(client("glue"), name, run["Id"])
    assert (result["EvaluationContext"], result["JobName"], result["JobRunId"]) == (
        "orders_check",
        name,
        run["Id"],
    )
    assert result["Score"] == pytest.approx(1 / 3)
    assert [(r["Name"], r["Description"], r["Result"]) for r in result["RuleResults"]] == [
        ("Rule_1", "RowCount = 3", "PASS"),
        ("Rule_2", 'IsComplete "email"', "FAIL"),
        ("Rule_3", 'ColumnValues "amount" > 0', "FAIL"),
    ]
    assert result["RuleResults"][1]["EvaluatedMetrics"] == {"Column.email.Completeness": pytest.approx(2 / 3)}
    assert (
        result["RuleResults"][2]["EvaluationMessage"]
        == "Value: -5.0 does not meet the constraint requirement!"
    )
    assert result["AggregatedMetrics"]["TotalRowsFailed"] == 2.0  # orders 2 (no email) and 3 (negative)


def test_glue_studios_check_passes_a_passing_ruleset(client, data):
    script = PREAMBLE + textwrap.dedent(
        """
        EvaluateDataQuality_node = EvaluateDataQuality().process_rows(
            frame=orders,
            ruleset='Rules = [ RowCount = 3, IsUnique "id", ColumnValues "status" in ["open", "closed"] ]',
            publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node", "enableDataQualityCloudWatchMetrics": True, "enableDataQualityResultsPublishing": True},
            additional_options={"observations.scope": "ALL", "performanceTuning.caching": "CACHE_NOTHING"},
        )
        assert EvaluateDataQuality_node[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].filter(lambda x: x["Outcome"] == "Failed").count() == 0, "The job failed due to failing DQ rules for node: orders"
        job.commit()
        """
    )
    name, run = run_job(client, data, script)
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    [result] = results_of(client("glue"), name, run["Id"])
    assert result["Score"] == 1.0 and [r["Result"] for r in result["RuleResults"]] == ["PASS"] * 3


@pytest.fixture(scope="module")
def orders_table(client, data):
    glue = client("glue")
    database = f"dq_{uuid.uuid4().hex[:8]}"
    glue.create_database(DatabaseInput={"Name": database})
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": "orders",
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {
                "Columns": [
                    {"Name": "id", "Type": "bigint"},
                    {"Name": "status", "Type": "string"},
                    {"Name": "amount", "Type": "double"},
                    {"Name": "email", "Type": "string"},
                ],
                "Location": f"s3://{data}/orders/",
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    "Parameters": {"field.delim": ","},
                },
            },
        },
    )
    return database


@pytest.fixture
def ruleset(client):
    name = f"orders-rules-{uuid.uuid4().hex[:8]}"
    client("glue").create_data_quality_ruleset(Name=name, Ruleset=FAILING_RULES)
    return name


def run_to_its_end(glue, run_id: str, seconds: float = 300) -> dict:
    return wait_for(
        lambda: glue.get_data_quality_ruleset_evaluation_run(RunId=run_id),
        lambda run: run["Status"] not in ACTIVE_JOB_STATES,
        timeout=seconds,
        interval=0.5,
        what=f"evaluation run {run_id}",
    )


def start_run(glue, database: str, table: str, ruleset: str) -> str:
    return glue.start_data_quality_ruleset_evaluation_run(
        DataSource={"GlueTable": {"DatabaseName": database, "TableName": table}},
        Role="arn:aws:iam::123456789012:role/dq",
        NumberOfWorkers=2,
        Timeout=30,
        RulesetNames=[ruleset],
    )["RunId"]


def test_an_evaluation_run_is_a_job_process_reported_as_glue_reports_runs(
    client, orders_table, ruleset, monkeypatch
):
    glue = client("glue")
    run_id = start_run(glue, orders_table, "no_such_table", ruleset)
    assert run_id.startswith("dqrun-")
    run = run_to_its_end(glue, run_id)
    assert run["Status"] == "FAILED" and run["ErrorString"]
    assert run["RulesetNames"] == [ruleset] and run["Role"] == "arn:aws:iam::123456789012:role/dq"
    assert (run["NumberOfWorkers"], run["Timeout"]) == (2, 30)
    assert run["CompletedOn"] >= run["StartedOn"] and "ResultIds" not in run
    source = {"GlueTable": {"DatabaseName": orders_table, "TableName": "no_such_table"}}
    listed = glue.list_data_quality_ruleset_evaluation_runs(Filter={"DataSource": source})["Runs"]
    assert [(r["RunId"], r["Status"]) for r in listed] == [(run_id, "FAILED")]

    # what the run's process publishes (its JobRunId is the RunId) is the run's result
    monkeypatch.setattr(
        "sys.argv", ["script.py", "--JOB_NAME", f"data-quality-{run_id}", "--JOB_RUN_ID", run_id]
    )
    result_id = publishing.publish({"EvaluationContext": ruleset, "Score": 1.0, "RuleResults": []})
    assert glue.get_data_quality_ruleset_evaluation_run(RunId=run_id)["ResultIds"] == [result_id]
    result = glue.get_data_quality_result(ResultId=result_id)
    assert (result["RulesetName"], result["RulesetEvaluationRunId"], result["DataSource"]) == (
        ruleset,
        run_id,
        source,
    )
    assert "JobName" not in result and "JobRunId" not in result
    assert [
        r["ResultId"] for r in glue.list_data_quality_results(Filter={"DataSource": source})["Results"]
    ] == [result_id]


def test_an_evaluation_run_can_be_cancelled(client, orders_table, ruleset):
    glue = client("glue")
    run_id = start_run(glue, orders_table, "orders", ruleset)
    glue.cancel_data_quality_ruleset_evaluation_run(RunId=run_id)
    assert run_to_its_end(glue, run_id, seconds=60)["Status"] == "STOPPED"
    code = glue.exceptions.InvalidInputException
    with pytest.raises(code):
        glue.cancel_data_quality_ruleset_evaluation_run(RunId=run_id)


def test_an_evaluation_run_evaluates_its_rulesets_on_the_catalog_table(client, orders_table, ruleset):
    glue = client("glue")
    run = run_to_its_end(glue, start_run(glue, orders_table, "orders", ruleset))
    assert run["Status"] == "SUCCEEDED", run.get("ErrorString")
    [result_id] = run["ResultIds"]
    result = glue.get_data_quality_result(ResultId=result_id)
    assert (result["RulesetName"], result["RulesetEvaluationRunId"]) == (ruleset, run["RunId"])
    assert result["DataSource"] == {"GlueTable": {"DatabaseName": orders_table, "TableName": "orders"}}
    assert [r["Result"] for r in result["RuleResults"]] == ["PASS", "FAIL", "FAIL"]
    listed = glue.list_data_quality_results(Filter={"DataSource": run["DataSource"]})["Results"]
    assert result_id in [r["ResultId"] for r in listed]
