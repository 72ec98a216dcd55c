"""`make run` (`localglue demo`): fresh state on every run, state kept across runs with --keep, and a
summary whose figures match an independent reading of the sample files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lag_reference import read_rows, reference_lag
from localglue.demo import report

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_data").glob("*.csv"))


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A working folder of the tests' own (state, Terraform); downloads come from the user-level cache."""
    return tmp_path_factory.mktemp("localglue-home")


def demo(home: Path, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env["LOCALGLUE_HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "localglue", "demo", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_fresh_then_kept_then_fresh_again(home):
    rows, counts = reference_lag(read_rows(SAMPLES))

    first = demo(home, "--keep")
    assert re.search(r"Resources: [1-9]\d* added, 0 changed, 0 destroyed", first)
    assert f"rows read {counts['rows_read']};" in first
    assert (
        f"null user_id/event_time {counts['null']}, unparseable event_time {counts['unparseable']}, "
        f"duplicate {counts['duplicate']}"
    ) in first
    assert f"rows written {counts['rows_out']}" in first
    assert f"files archived {len(SAMPLES)} -> " in first
    assert f"first rows of {counts['rows_out']}, through Athena" in first
    assert "OK: the workflow completed" in first
    # the run's report: the graph's states, the job's counts, every non-null lag in the histogram
    page = Path(re.search(r"^report of the run: (\S+)$", first, re.MULTILINE).group(1)).read_text()
    assert 'data-kind="JOB" data-name="user-event-lag-job" data-state="SUCCEEDED"' in page
    assert f'data-name="rows_out" data-value="{counts["rows_out"]}"' in page
    lags = sum(1 for row in rows if row[3] is not None)
    assert f"histogram of lag_minutes ({lags:,} values" in page
    # the cost make run printed, item by item in the report
    printed = re.search(r"cost on AWS \(.*?\): (\$\d+\.\d{4}) per run", first).group(1)
    assert f"{printed} per run, as `localglue demo` (make run) measured it" in page

    kept = demo(home, "--keep")
    assert "Resources: 0 added, 0 changed, 0 destroyed" in kept
    # the second run sees the same files again: its own rows, in a second partition of the output table
    assert f"first rows of {counts['rows_out']}, through Athena" in kept
    run_ids = set(re.findall(r"run_id=(jr_\w+)/", first + kept))
    assert len(run_ids) == 2

    fresh = demo(home)
    assert re.search(r"Resources: [1-9]\d* added, 0 changed, 0 destroyed", fresh)
    assert "OK: the workflow completed" in fresh


def test_a_failed_run_is_reported_as_a_failure_without_checking_output(client, bucket):
    """A workflow whose job failed: the summary says what is left, the checks fail, nothing raises."""
    client("s3").put_object(Bucket=bucket, Key="incoming/events_01.csv", Body=b"user_id\n")
    outputs = {"incoming_location": f"s3://{bucket}/incoming/", "archive_location": f"s3://{bucket}/archive/"}
    run = {
        "Status": "COMPLETED",
        "Statistics": {"TotalActions": 2, "SucceededActions": 1, "FailedActions": 1},
        "Graph": {"Nodes": [{"Type": "JOB", "Name": "job", "JobDetails": {"JobRuns": [{"Id": "jr_1"}]}}]},
    }
    clients = {"s3": client("s3"), "logs": client("logs")}

    checks = report(outputs, run, clients, ["events_01.csv"])

    assert checks.failures == [f"workflow run ended COMPLETED with {run['Statistics']}"]
