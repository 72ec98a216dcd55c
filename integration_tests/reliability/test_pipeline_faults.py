"""Faults in the middle of a run of the pipeline's job (its own code, in this process, on the shared gateway):
a run killed at each step between its write and its end, inputs overwritten while it runs, two runs at
once, a run given up for dead that comes back. Each case ends with `check_exactly_once`: every version
of every file in the output of exactly one run (equal to the reference computation over what that run
read), or still waiting in incoming."""

from __future__ import annotations

import threading

import pytest
from pipeline_harness import Killed, Pipeline, check_exactly_once, events, kill_at, key_under

pytestmark = pytest.mark.slow

DAY1 = events("u1,login,2024-03-05 10:00:00", "u1,click,2024-03-05 10:01:30", "u2,login,2024-03-05 11:00:00")
DAY2 = events("u1,logout,2024-03-05 10:04:00", "u2,click,2024-03-05 11:00:45", ",login,2024-03-05 12:00:00")
DAY3 = events("u3,login,2024-03-06 08:00:00", "u3,logout,2024-03-06 08:30:00")


@pytest.fixture()
def pipeline(client, spark, endpoint_url):
    pipeline = Pipeline.create(client, spark, endpoint_url)
    pipeline.upload("day1.csv", DAY1)
    pipeline.upload("2024/day2.csv", DAY2)
    return pipeline


def is_manifest(kwargs: dict) -> bool:
    return str(kwargs.get("Key", "")).endswith("/manifest.json")


def killed_then_recovered(pipeline: Pipeline, before) -> tuple[str, dict]:
    """A first run killed by `before`, a new file, then a second run; returns the first's id and the second's
    summary."""
    first = "jr_killed"
    with pytest.raises(Killed):
        pipeline.run(first, before=before)
    assert pipeline.states[first] == "FAILED"
    pipeline.upload("day3.csv", DAY3)
    return first, pipeline.run("jr_next")


def test_killed_after_the_write_before_the_commit(pipeline):
    first, summary = killed_then_recovered(
        pipeline, kill_at("put_object", lambda kwargs: is_manifest(kwargs) and "IfNoneMatch" in kwargs)
    )

    assert summary["recovered_runs"] == {first: "discarded"}
    manifests = check_exactly_once(pipeline)
    assert manifests[first].state == "abandoned"
    assert sorted(entry["key"] for entry in manifests["jr_next"].files) == [
        "incoming/2024/day2.csv",
        "incoming/day1.csv",
        "incoming/day3.csv",
    ]
    assert pipeline.keys(pipeline.target, f"output/run_id={first}/") == []


@pytest.mark.parametrize(
    ("where", "fate"),
    [
        pytest.param(kill_at("copy_object", key_under("output/")), "finished", id="before-publishing"),
        pytest.param(
            kill_at("copy_object", key_under("archive/"), occurrence=2),
            "finished",
            id="between-two-archive-copies",
        ),
        pytest.param(
            kill_at("put_object", lambda kwargs: is_manifest(kwargs) and "IfMatch" in kwargs),
            "finished",
            id="after-archiving-before-completing",
        ),
        pytest.param(
            kill_at("delete_object", key_under("ledger/claims/")),
            "released",
            id="after-completing-before-releasing",
        ),
    ],
)
def test_killed_after_the_commit(pipeline, where, fate):
    first, summary = killed_then_recovered(pipeline, where)

    assert summary["recovered_runs"] == {first: fate}
    manifests = check_exactly_once(pipeline)
    # the killed run's commit stands: its two files are in its own output, day3 in the next run's
    assert sorted(entry["key"] for entry in manifests[first].files) == [
        "incoming/2024/day2.csv",
        "incoming/day1.csv",
    ]
    assert [entry["key"] for entry in manifests["jr_next"].files] == ["incoming/day3.csv"]


def test_an_input_overwritten_while_the_run_goes(pipeline):
    rewritten = events("u9,login,2024-03-07 09:00:00")

    def overwrite_before_archiving(operation: str, kwargs: dict) -> None:
        if operation == "copy_object" and kwargs.get("Key") == "archive/day1.csv":
            pipeline.upload("day1.csv", rewritten)

    pipeline.run("jr_first", before=overwrite_before_archiving)
    check_exactly_once(
        pipeline, waiting={"day1.csv": rewritten}
    )  # the version read archived, the new one waits

    pipeline.run("jr_second")
    manifests = check_exactly_once(pipeline)
    assert [entry["key"] for entry in manifests["jr_second"].files] == ["incoming/day1.csv"]


def test_an_input_overwritten_between_its_check_and_its_snapshot(pipeline):
    rewritten = events("u9,login,2024-03-07 09:00:00")

    def overwrite_before_the_snapshot(operation: str, kwargs: dict) -> None:
        if operation == "copy_object" and str(kwargs.get("Key", "")).endswith("/inputs/day1.csv"):
            if pipeline.body(pipeline.source, "incoming/day1.csv") != rewritten:
                pipeline.upload("day1.csv", rewritten)

    summary = pipeline.run("jr_first", before=overwrite_before_the_snapshot)
    assert summary["files_left"] == 1
    check_exactly_once(pipeline, waiting={"day1.csv": rewritten}, replaced_unread={"day1.csv": DAY1})

    pipeline.run("jr_second")
    check_exactly_once(pipeline, replaced_unread={"day1.csv": DAY1})


def test_two_runs_at_once_each_file_once(pipeline):
    pipeline.upload("day3.csv", DAY3)
    both_listed = threading.Barrier(2, timeout=120)
    waited: set[int] = set()

    def claim_together(operation: str, kwargs: dict) -> None:
        """Each run's first claim waits for the other's: both have listed every file before either claims."""
        if operation == "put_object" and str(kwargs.get("Key", "")).startswith("ledger/claims/"):
            if threading.get_ident() not in waited:
                waited.add(threading.get_ident())
                both_listed.wait()

    summaries: dict[str, dict] = {}
    errors: list[BaseException] = []

    def one(run_id: str) -> None:
        try:
            summaries[run_id] = pipeline.run(run_id, before=claim_together)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=one, args=(run_id,)) for run_id in ("jr_a", "jr_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    manifests = check_exactly_once(pipeline)
    claimed = [entry["key"] for manifest in manifests.values() for entry in manifest.files]
    assert sorted(claimed) == ["incoming/2024/day2.csv", "incoming/day1.csv", "incoming/day3.csv"]
    assert summaries["jr_a"]["files_claimed"] + summaries["jr_b"]["files_claimed"] == 3
    assert summaries["jr_a"]["files_left"] + summaries["jr_b"]["files_left"] == 3  # each skipped the other's


def test_a_run_given_up_for_dead_cannot_commit_afterwards(pipeline):
    """Glue reported the first run FAILED while its process still went on: the next run gave it up (its
    manifest `abandoned`), so its late commit is refused and its staged output discarded."""

    def recovered_meanwhile(operation: str, kwargs: dict) -> None:
        if operation == "put_object" and is_manifest(kwargs) and "jr_zombie/" in kwargs["Key"]:
            if pipeline.states.get("jr_next") is None:
                pipeline.states["jr_zombie"] = "FAILED"
                pipeline.run("jr_next")
                pipeline.states["jr_zombie"] = "RUNNING"

    with pytest.raises(Exception, match="was given up by another run before its commit"):
        pipeline.run("jr_zombie", before=recovered_meanwhile)

    manifests = check_exactly_once(pipeline)
    assert manifests["jr_zombie"].state == "abandoned"
    assert sorted(entry["key"] for entry in manifests["jr_next"].files) == [
        "incoming/2024/day2.csv",
        "incoming/day1.csv",
    ]


def test_a_failure_before_the_commit_leaves_every_input_for_the_next_run(pipeline):
    # something else already wrote in the run's staging folder: Spark's write refuses to write into it
    pipeline.s3.put_object(Bucket=pipeline.target, Key="staging/run_id=jr_blocked/part-0.csv", Body=b"x")

    with pytest.raises(Exception, match="already exists"):
        pipeline.run("jr_blocked")
    assert pipeline.keys(pipeline.source, "incoming/") == ["2024/day2.csv", "day1.csv"]
    assert pipeline.manifests()["jr_blocked"].state == "abandoned"

    pipeline.run("jr_next")
    check_exactly_once(pipeline)
