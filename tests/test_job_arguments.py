"""The job's argument parsing on top of the real awsglue.utils.getResolvedOptions (AWSGlueDataplanePython)."""

from __future__ import annotations

import pytest
from awsglue.utils import getResolvedOptions

from user_event_lag_job import JobFailure, parse_arguments

REQUIRED = [
    "--JOB_NAME", "user-event-lag",
    "--database_name", "events_db",
    "--source_table", "src_incoming",
    "--athena_workgroup", "pipeline",
    "--source_bucket", "events-source",
    "--target_bucket", "events-target",
]  # fmt: skip
GLUE_ADDS = ["--JOB_RUN_ID", "jr_0123abcd", "--job-bookmark-option", "job-bookmark-disable"]


def argv(*extra: str) -> list[str]:
    return ["user_event_lag_job.py", *REQUIRED, *GLUE_ADDS, *extra]


def test_required_arguments_and_documented_defaults():
    args = parse_arguments(argv())

    assert (args.job_name, args.job_run_id) == ("user-event-lag", "jr_0123abcd")
    assert (args.database_name, args.source_table, args.athena_workgroup) == (
        "events_db",
        "src_incoming",
        "pipeline",
    )
    assert (args.source_bucket, args.target_bucket) == ("events-source", "events-target")
    assert args.athena_output_location is None
    assert (args.incoming_prefix, args.archive_prefix, args.target_prefix) == (
        "incoming/",
        "archive/",
        "output/",
    )
    assert args.athena_timeout_seconds == 600
    assert args.output_uri == "s3://events-target/output/run_id=jr_0123abcd/"


def test_optional_arguments_override_defaults_and_prefixes_become_folders():
    args = parse_arguments(
        argv(
            "--athena_output_location",
            "s3://athena-results/q/",
            "--incoming_prefix",
            "/landing",
            "--archive_prefix",
            "done/2024/",
            "--target_prefix",
            "lag",
            "--athena_timeout_seconds",
            "30",
        )  # fmt: skip
    )

    assert args.athena_output_location == "s3://athena-results/q/"
    assert (args.incoming_prefix, args.archive_prefix, args.target_prefix) == (
        "landing/",
        "done/2024/",
        "lag/",
    )
    assert args.athena_timeout_seconds == 30
    assert args.output_uri == "s3://events-target/lag/run_id=jr_0123abcd/"


def test_missing_required_argument_names_it():
    without_table = [a for a in argv() if a not in ("--source_table", "src_incoming")]

    with pytest.raises(JobFailure, match=r"bad job arguments: .*required.*--source_table"):
        parse_arguments(without_table)


def test_agrees_with_get_resolved_options_on_the_same_argv():
    # Glue passes workflow and unknown arguments too; both parsers must ignore what was not asked for.
    full = argv(
        "--WORKFLOW_NAME", "wf", "--WORKFLOW_RUN_ID", "wr_1", "--enable-metrics", "true", "--foo", "bar"
    )
    names = [
        "JOB_NAME",
        "database_name",
        "source_table",
        "athena_workgroup",
        "source_bucket",
        "target_bucket",
    ]
    glue = getResolvedOptions(full, names)

    args = parse_arguments(full)

    assert {name: glue[name] for name in names} == {name: args.resolved[name] for name in names}
    assert glue["JOB_RUN_ID"] == args.job_run_id == "jr_0123abcd"
    assert "foo" not in args.resolved and "WORKFLOW_NAME" not in args.resolved


def test_getresolvedoptions_treats_every_requested_option_as_required():
    # Why parse_arguments asks for an optional argument only when it is present.
    with pytest.raises(Exception, match="required: --target_prefix"):
        getResolvedOptions(argv(), ["JOB_NAME", "target_prefix"])


def test_missing_job_run_id_is_an_error():
    no_run_id = ["job.py", *REQUIRED]

    with pytest.raises(JobFailure, match="--JOB_RUN_ID is missing"):
        parse_arguments(no_run_id)


@pytest.mark.parametrize("value", ["0", "-5", "ten", ""])
def test_timeout_must_be_a_positive_whole_number(value):
    with pytest.raises(
        JobFailure, match=f"--athena_timeout_seconds must be a positive whole number, got '{value}'"
    ):
        parse_arguments(argv("--athena_timeout_seconds", value))


@pytest.mark.parametrize(("incoming", "archive"), [("incoming/", "incoming/"), ("data/", "data/archive/")])
def test_overlapping_incoming_and_archive_prefixes_are_refused(incoming, archive):
    with pytest.raises(JobFailure, match="overlap"):
        parse_arguments(argv("--incoming_prefix", incoming, "--archive_prefix", archive))


def test_empty_output_location_means_the_workgroup_default():
    assert parse_arguments(argv("--athena_output_location", "")).athena_output_location is None
