"""A bounded fuzz of every action localglue answers itself: well-typed and ill-typed requests generated from
botocore's models (fixed seed), against a gateway of its own. Not one may get a 5xx or go unanswered, and
the gateway must still answer afterwards."""

from __future__ import annotations

import json
import random
import socket
import time

import boto3
import pytest
from model_requests import RequestGenerator
from raw_http import REGION, json_call, send

from gateway_process import start_gateway, stop_gateway
from localglue.gateway.protocols import service_model

SEED = 20261201
WELL_TYPED_PER_ACTION = 15
ILL_TYPED_PER_ACTION = 25


@pytest.fixture(scope="module")
def fuzzed_gateway():
    process, url = start_gateway()
    yield url
    stop_gateway(process)


def existing_resources(url: str) -> dict[str, list[str]]:
    """A job, crawler, workflow, trigger, classifier, workgroup and query to aim requests at."""

    def client(service: str):
        return boto3.client(
            service, endpoint_url=url, region_name=REGION, aws_access_key_id="t", aws_secret_access_key="t"
        )

    s3, glue, athena = client("s3"), client("glue"), client("athena")
    s3.create_bucket(Bucket="fuzz-data")
    glue.create_database(DatabaseInput={"Name": "fuzz_db"})
    # The script is missing: a run started by the fuzz fails at once, with no process to wait for.
    command = {"Name": "pythonshell", "ScriptLocation": "s3://fuzz-data/missing.py", "PythonVersion": "3.9"}
    glue.create_job(Name="fuzz-job", Role="fuzz-role", Command=command)
    run_id = glue.start_job_run(JobName="fuzz-job")["JobRunId"]
    glue.create_crawler(
        Name="fuzz-crawler",
        Role="fuzz-role",
        DatabaseName="fuzz_db",
        Targets={"S3Targets": [{"Path": "s3://fuzz-data/none/"}]},
    )
    glue.create_workflow(Name="fuzz-flow")
    glue.create_trigger(
        Name="fuzz-trigger", WorkflowName="fuzz-flow", Type="ON_DEMAND", Actions=[{"JobName": "fuzz-job"}]
    )
    glue.create_classifier(CsvClassifier={"Name": "fuzz-csv", "Delimiter": ","})
    athena.create_work_group(
        Name="fuzz-wg", Configuration={"ResultConfiguration": {"OutputLocation": "s3://fuzz-data/results/"}}
    )
    query_id = athena.start_query_execution(QueryString="SELECT 1", WorkGroup="fuzz-wg")["QueryExecutionId"]
    named = athena.create_named_query(
        Name="q", Database="fuzz_db", QueryString="SELECT 1", WorkGroup="fuzz-wg"
    )
    names = ["fuzz-job", "fuzz-crawler", "fuzz-flow", "fuzz-trigger", "fuzz-csv", "fuzz-wg"]
    return {
        "Name": names,
        "JobName": ["fuzz-job"],
        "CrawlerName": ["fuzz-crawler"],
        "WorkflowName": ["fuzz-flow"],
        "TriggerName": ["fuzz-trigger"],
        "RunId": [run_id],
        "JobRunId": [run_id],
        "WorkGroup": ["fuzz-wg", "primary"],
        "QueryExecutionId": [query_id],
        "NamedQueryId": [named["NamedQueryId"]],
        "DatabaseName": ["fuzz_db"],
        "Database": ["fuzz_db"],
    }


def test_no_request_to_localglues_own_actions_gets_a_5xx_or_no_answer(fuzzed_gateway):
    url = fuzzed_gateway
    names = existing_resources(url)
    handled = send(url, path="/_localglue/health").json()["executed_actions"]
    rng = random.Random(SEED)
    failures, sent, started = [], 0, time.monotonic()
    for service, actions in sorted(handled.items()):
        generator = RequestGenerator(rng, service, names) if service != "localglue" else None
        prefix = service_model(service).metadata["targetPrefix"] if generator else "LocalGlue"
        for action in actions:
            if generator is not None:
                assert action in service_model(service).operation_names, f"{service}.{action} is not AWS's"
            bodies = [
                json.dumps(generator.well_typed(action)).encode() if generator else b"{}"
                for _ in range(WELL_TYPED_PER_ACTION)
            ] + [
                generator.ill_typed(action) if generator else rng.choice([b"[", b'{"Name": 5}', b"null"])
                for _ in range(ILL_TYPED_PER_ACTION)
            ]
            for body in bodies:
                sent += 1
                try:
                    answer = json_call(url, service, f"{prefix}.{action}", body)
                except (TimeoutError, socket.timeout, ConnectionError) as err:
                    failures.append((action, "no answer", repr(err), body[:200]))
                    continue
                if answer.status >= 500:
                    failures.append((action, answer.status, answer.body[:300], body[:200]))
    elapsed = time.monotonic() - started

    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(map(str, failures[:20]))
    assert sent >= 1000 and elapsed < 120, (sent, elapsed)
    assert send(url, path="/_localglue/health").json()["status"] == "running"
    # the fuzz may have deleted its targets (DeleteJob is one of the actions): the state still works
    job = {
        "Name": "after-fuzz",
        "Role": "fuzz-role",
        "Command": {"Name": "glueetl", "ScriptLocation": "s3://x/y.py"},
    }
    assert json_call(url, "glue", "AWSGlue.CreateJob", json.dumps(job)).status == 200
    assert (
        json_call(url, "glue", "AWSGlue.GetJob", '{"JobName": "after-fuzz"}').json()["Job"]["Name"]
        == "after-fuzz"
    )
