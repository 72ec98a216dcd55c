"""The pipeline's bad-data cases (pipeline_cases.py): every one of them in incoming/ beside a good file, one
run of the job (its own code, in this process, on the shared gateway), and each file's fate checked: the
good rows in the output exactly once against an independent computation, each bad file quarantined with
its reason, each processed file counted and archived as read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_cases import DATA_CASES, GOOD
from pipeline_harness import Pipeline, check_exactly_once

README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def processed(client, spark, endpoint_url):
    pipeline = Pipeline.create(client, spark, endpoint_url)
    pipeline.upload("good.csv", GOOD)
    for case in DATA_CASES:
        pipeline.upload(case.name, case.body)
    summary = pipeline.run()
    return pipeline, summary


def test_every_good_row_once_every_bad_file_quarantined(processed):
    pipeline, summary = processed
    quarantined = {case.name: case.quarantined for case in DATA_CASES if case.quarantined}

    (manifest,) = check_exactly_once(pipeline, quarantined=quarantined).values()

    processed_names = sorted(["good.csv"] + [case.name for case in DATA_CASES if case.counts is not None])
    assert sorted(entry["key"].removeprefix("incoming/") for entry in manifest.files) == processed_names
    assert summary["files_archived"] == len(processed_names)
    assert summary["files_quarantined"] == len(quarantined)
    assert summary["files_left"] == 0


@pytest.mark.parametrize("case", DATA_CASES, ids=[case.name for case in DATA_CASES])
def test_each_file_s_fate(processed, case):
    pipeline, _ = processed
    (manifest,) = pipeline.manifests().values()
    if case.quarantined:
        head = pipeline.s3.head_object(Bucket=pipeline.source, Key=f"quarantine/{case.name}")
        assert case.quarantined in head["Metadata"]["quarantine-reason"]
        assert pipeline.body(pipeline.source, f"quarantine/{case.name}") == case.body
        assert case.name not in pipeline.keys(pipeline.source, "archive/")
    else:
        (entry,) = [entry for entry in manifest.files if entry["key"] == f"incoming/{case.name}"]
        assert entry["counts"] == case.counts
        assert pipeline.body(pipeline.source, f"archive/{case.name}") == case.body


def test_a_field_with_a_line_break_is_one_event_and_the_next_lag_is_right(processed):
    pipeline, _ = processed
    (run_id,) = pipeline.manifests()
    rows = sorted(row for row in pipeline.output_rows(run_id) if row[0] == "u_multi")
    assert rows == [
        ("u_multi", "login", "2024-03-05 10:00:00.000", None),
        ("u_multi", "logout", "2024-03-05 10:05:00.000", 3.0),
        ("u_multi", "note\nwith a line break", "2024-03-05 10:02:00.000", 2.0),
    ]


def test_the_readme_lists_every_case(processed):
    from pipeline_cases import markdown_table

    assert markdown_table() in README.read_text()
