"""The job's argument parsing on top of the real awsglue.utils.getResolvedOptions (AWSGlueDataplanePython)."""

from __future__ import annotations

import pytest
from awsglue.utils import getResolvedOptions

from user_event_lag_job import JobFailure, parse_arguments

REQUIRED = [
    "--JOB_NAME", "user-event-lag",
    "--source_bucket", "events-source",
    "--target_bucket", "events-target",
]  # fmt: skip
GLUE_ADDS = ["--JOB_RUN_ID", "jr_0123abcd", "--job-bookmark-option", "job-bookmark-disable"]


def argv(*extra: str) -> list[str]:
    return ["user_event_lag_job.py", *REQUIRED, *GLUE_ADDS, *extra]


def test_required_arguments_and_documented_defaults():
    args = parse_arguments(argv())

    assert (args.job_name, args.job_run_id) == ("user-event-lag", "jr_0123abcd")
    assert (args.source_bucket, args.target_bucket) == ("events-source", "events-target")
    assert (args.incoming_prefix, args.archive_prefix, args.quarantine_prefix, args.ledger_prefix) == (
        "incoming/",
        "archive/",
        "quarantine/",
        "ledger/",
    )
    assert (args.target_prefix, args.staging_prefix) == ("output/", "staging/")
    assert (args.output_format, args.output_partitions) == ("csv", ("run_id",))
    assert (args.output_kms_key_arn, args.dq_ruleset_name) == (None, None)
    assert args.staging_of("jr_9") == ("events-target", "staging/run_id=jr_9/")
    assert args.output_prefix_of("jr_9") == "output/run_id=jr_9/"
    assert args.output_encryption == {}
    assert args.bookmarks is False


def test_the_bookmark_option_glue_passes_chooses_the_bookmark_mode():
    enabled = [
        "user_event_lag_job.py",
        *REQUIRED,
        "--JOB_RUN_ID",
        "jr_1",
        "--job-bookmark-option",
        "job-bookmark-enable",
    ]
    assert parse_arguments(enabled).bookmarks is True
    assert parse_arguments(["user_event_lag_job.py", *REQUIRED, "--JOB_RUN_ID", "jr_1"]).bookmarks is False


def test_optional_arguments_override_defaults_and_prefixes_become_folders():
    args = parse_arguments(
        argv(
            "--incoming_prefix",
            "/landing",
            "--archive_prefix",
            "done/2024/",
            "--quarantine_prefix",
            "rejected",
            "--ledger_prefix",
            "_jobs/lag/",
            "--target_prefix",
            "lag",
            "--staging_prefix",
            "tmp/lag",
            "--output_format",
            "Parquet",
            "--output_partitions",
            "event_date, run_id",
            "--output_kms_key_arn",
            "arn:aws:kms:us-east-1:123456789012:key/k",
            "--dq_ruleset_name",
            "events-input",
        )  # fmt: skip
    )

    assert (args.incoming_prefix, args.archive_prefix, args.quarantine_prefix, args.ledger_prefix) == (
        "landing/",
        "done/2024/",
        "rejected/",
        "_jobs/lag/",
    )
    assert (args.target_prefix, args.staging_prefix) == ("lag/", "tmp/lag/")
    # partition folders always in the same order, run first
    assert (args.output_format, args.output_partitions) == ("parquet", ("run_id", "event_date"))
    assert args.output_encryption == {
        "ServerSideEncryption": "aws:kms",
        "SSEKMSKeyId": "arn:aws:kms:us-east-1:123456789012:key/k",
    }
    assert args.dq_ruleset_name == "events-input"


def test_output_without_run_folders():
    args = parse_arguments(argv("--output_partitions", "none", "--target_prefix", "lag"))
    assert args.output_partitions == ()
    assert args.output_prefix_of("jr_9") == "lag/"


def test_missing_required_argument_names_it():
    without_target = [a for a in argv() if a not in ("--target_bucket", "events-target")]

    with pytest.raises(JobFailure, match=r"bad job arguments: .*required.*--target_bucket"):
        parse_arguments(without_target)


def test_agrees_with_get_resolved_options_on_the_same_argv():
    # Glue passes workflow and unknown arguments too; both parsers must ignore what was not asked for.
    full = argv(
        "--WORKFLOW_NAME", "wf", "--WORKFLOW_RUN_ID", "wr_1", "--enable-metrics", "true", "--foo", "bar"
    )
    names = ["JOB_NAME", "source_bucket", "target_bucket"]
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


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--output_format", "avro"), "--output_format must be one of csv, parquet, got 'avro'"),
        (("--output_partitions", "day"), "--output_partitions must be 'none' or a comma-separated choice"),
        (("--output_partitions", "run_id,run_id"), "--output_partitions must be 'none'"),
        (("--output_partitions", ""), "--output_partitions must be 'none'"),
        (("--ledger_prefix", " / "), "--ledger_prefix must name a folder, got ' / '"),
    ],
)
def test_bad_values_are_named(extra, message):
    with pytest.raises(JobFailure, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_arguments(argv(*extra))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("--incoming_prefix", "incoming/"), ("--archive_prefix", "incoming/")),
        (("--incoming_prefix", "data/"), ("--archive_prefix", "data/archive/")),
        (("--quarantine_prefix", "incoming/bad/"), ("--incoming_prefix", "incoming/")),
        (("--ledger_prefix", "archive/ledger"), ("--archive_prefix", "archive/")),
        (("--target_prefix", ""), ("--staging_prefix", "staging/")),
    ],
)
def test_overlapping_folders_of_one_bucket_are_refused(first, second):
    with pytest.raises(JobFailure, match="overlap"):
        parse_arguments(argv(*first, *second))
