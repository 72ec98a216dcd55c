"""localglue's pytest plugin as another project uses it: installed, it is found through its `pytest11` entry
point (no conftest, no import), and its fixtures work in-process and against an existing endpoint."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

ANOTHER_PROJECTS_TESTS = """
import json
from pathlib import Path


def test_a_bucket_of_its_own(localglue, localglue_client, localglue_create_bucket):
    bucket = localglue_create_bucket()
    localglue_client("s3").put_object(Bucket=bucket, Key="k", Body=b"v")
    assert localglue_client("s3").get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"
    assert localglue.env["AWS_ENDPOINT_URL"] == localglue.endpoint_url
    Path("seen.json").write_text(json.dumps({"bucket": bucket, "server": localglue.server is not None}))


def test_a_job_script_over_a_file(localglue, tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("user_id,event\\nu1,login\\nu2,click\\n")
    script = tmp_path / "count_rows.py"
    script.write_text(
        "import sys\\n"
        "import boto3\\n"
        "from awsglue.utils import getResolvedOptions\\n"
        "args = getResolvedOptions(sys.argv, ['input', 'label'])\\n"
        "bucket, key = args['input'][5:].split('/', 1)\\n"
        "body = boto3.client('s3').get_object(Bucket=bucket, Key=key)['Body'].read().decode()\\n"
        "print(args['label'], len(body.splitlines()) - 1)\\n"
        "print('done', file=sys.stderr)\\n"
    )
    result = localglue.run_job(script, {"--label": "rows"}, {"--input": events}, command="pythonshell")
    assert result.state == "SUCCEEDED", result.run.get("ErrorMessage")
    assert result.stdout == ["rows 2"] and "done" in result.stderr
"""

ATHENA_AND_TERRAFORM = """
def test_athena_rows(localglue):
    assert localglue.athena("SELECT 1 AS one, 'x' AS two") == [{"one": "1", "two": "x"}]


def test_a_terraform_root(localglue, localglue_client, tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\\n  bucket = "plugin-root-bucket"\\n}\\n'
        'output "name" {\\n  value = aws_s3_bucket.b.bucket\\n}\\n'
    )
    assert localglue.apply_terraform(tmp_path) == {"name": "plugin-root-bucket"}
    names = [b["Name"] for b in localglue_client("s3").list_buckets()["Buckets"]]
    assert "plugin-root-bucket" in names
"""


def run_elsewhere(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *sources: str
) -> pytest.RunResult:
    monkeypatch.delenv("LOCALGLUE_ENDPOINT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    pytester.makepyfile(
        **{f"test_mine_{index}": textwrap.dedent(source) for index, source in enumerate(sources)}
    )
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")


def test_the_plugin_starts_a_gateway_of_its_own(pytester, monkeypatch, tmp_path):
    env = {"LOCALGLUE_ATHENA_PRESTART": "0", "LOCALGLUE_HOME": str(tmp_path / "home")}
    result = run_elsewhere(pytester, monkeypatch, env, ANOTHER_PROJECTS_TESTS)
    result.assert_outcomes(passed=2)
    seen = (pytester.path / "seen.json").read_text()
    assert '"server": true' in seen


def test_the_same_tests_against_an_existing_endpoint(
    pytester, monkeypatch, endpoint_url, athena_engine, client
):
    env = {"LOCALGLUE_ENDPOINT": endpoint_url}
    result = run_elsewhere(pytester, monkeypatch, env, ANOTHER_PROJECTS_TESTS, ATHENA_AND_TERRAFORM)
    result.assert_outcomes(passed=4)
    seen = (pytester.path / "seen.json").read_text()
    assert '"server": false' in seen
    # the factory's bucket was deleted when its test ended, on the endpoint the tests were pointed at
    bucket = seen.split('"bucket": "')[1].split('"')[0]
    assert bucket not in [b["Name"] for b in client("s3").list_buckets()["Buckets"]]


def test_an_endpoint_that_is_not_there_fails_the_session_in_one_line(pytester, monkeypatch):
    env = {"LOCALGLUE_ENDPOINT": "http://127.0.0.1:9"}
    result = run_elsewhere(pytester, monkeypatch, env, ANOTHER_PROJECTS_TESTS)
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        ["*LOCALGLUE_ENDPOINT: no localglue at http://127.0.0.1:9 (connection refused)*"]
    )
