"""Glue 5.0 job: each user's lag in minutes between consecutive events, committed exactly once per file.

A run (see ``exactly_once.py`` for the protocol, ``ledger.py`` for its records):

1. finishes or discards the runs of this job that died holding input files (their claims);
2. lists ``s3://<source_bucket>/<incoming_prefix>`` and checks each file's header (``event_files.py``):
   a file that is not the expected UTF-8 CSV (columns, their order, delimiter, encoding) is moved to
   ``<quarantine_prefix>`` with the reason in its metadata and an ERROR line naming it;
3. claims each good file (one run only wins a file) and snapshots the version it checked;
4. reads the snapshots with Spark (RFC 4180 quoting, multi-line fields); a file holding malformed records
   (not three fields, not UTF-8, a quote left open) is quarantined whole, as is one none of whose rows is
   a valid event;
5. evaluates the Data Quality ruleset ``--dq_ruleset_name`` (if given) on the rows read, with
   ``EvaluateDataQuality``: a failing ruleset fails the run, naming the rules, and archives nothing;
6. cleans the rows and adds ``lag_minutes`` (``event_lag.py``), counting per file what was read, dropped
   and kept; writes them to its staging folder and checks the rows written against the counts;
7. commits (its manifest), then publishes the staged parts under the output folder, archives each input
   (the version read; a file overwritten meanwhile stays in incoming) and releases its claims.

Output: ``s3://<target_bucket>/<target_prefix>[run_id=<JOB_RUN_ID>/][event_date=<yyyy-MM-dd>/]part-*``,
CSV with a header (``event_time`` a string) or snappy Parquet (``event_time`` a timestamp), as
``--output_format``; the folders as ``--output_partitions``. A failure before the commit leaves every
input in incoming; one after it is finished by the next run. The run ends with one machine-readable
``run summary {...}`` line.

Arguments (``getResolvedOptions``; unknown ones are ignored):

- required: ``--JOB_NAME``, ``--source_bucket``, ``--target_bucket``; ``--JOB_RUN_ID`` (Glue passes it).
- optional: ``--incoming_prefix`` (``incoming/``), ``--archive_prefix`` (``archive/``),
  ``--quarantine_prefix`` (``quarantine/``), ``--ledger_prefix`` (``ledger/``) in the source bucket;
  ``--target_prefix`` (``output/``), ``--staging_prefix`` (``staging/``) in the target bucket;
  ``--output_format`` (``csv`` or ``parquet``), ``--output_partitions`` (``run_id``: a comma-separated
  choice of ``run_id`` and ``event_date``, or ``none``), ``--output_kms_key_arn`` (published parts are
  SSE-KMS with it), ``--dq_ruleset_name`` and ``--dq_evaluation_context`` (the ruleset's name).

``event_lag.py``, ``event_files.py``, ``ledger.py`` and ``exactly_once.py`` ship beside this script
through ``--extra-py-files``.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import GlueArgumentError, getResolvedOptions
from botocore.exceptions import ClientError
from pyspark.context import SparkContext
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import event_files
import event_lag
import exactly_once
from exactly_once import InputFile
from ledger import ABANDONED, COMMITTED, MISSING, Claim, Ledger, Manifest, error_code, list_keys

REQUIRED_ARGUMENTS = ("JOB_NAME", "source_bucket", "target_bucket")
OPTIONAL_ARGUMENTS = {
    "incoming_prefix": "incoming/",
    "archive_prefix": "archive/",
    "quarantine_prefix": "quarantine/",
    "ledger_prefix": "ledger/",
    "target_prefix": "output/",
    "staging_prefix": "staging/",
    "output_format": "csv",
    "output_partitions": "run_id",
    "output_kms_key_arn": "",
    "dq_ruleset_name": "",
    "dq_evaluation_context": "",
}
# Glue's own parser always reads --job-bookmark-option and refuses it among a script's options
BOOKMARK_OPTION, BOOKMARKS_DISABLED = "job_bookmark_option", "job-bookmark-disable"
OUTPUT_FORMATS = ("csv", "parquet")
PARTITION_COLUMNS = ("run_id", "event_date")
READ_SCHEMA = "user_id STRING, event_type STRING, event_time STRING, _corrupt_record STRING"
SOURCE_FILE = "_source_file"
# rows per written file (about 60 MB of CSV): without a bound, each of Spark's 200 shuffle partitions of
# the cached window result becomes its own small file (155 files for the 5,816 sample rows)
ROWS_PER_FILE = 1_000_000
REPLACEMENT_CHARACTER = "\ufffd"  # what Spark decodes a byte that is not UTF-8 to


class JobFailure(Exception):
    """A failure whose message is the one-line reason the run reports."""


@dataclass(frozen=True)
class JobArguments:
    job_name: str
    job_run_id: str
    source_bucket: str
    incoming_prefix: str
    archive_prefix: str
    quarantine_prefix: str
    ledger_prefix: str
    target_bucket: str
    target_prefix: str
    staging_prefix: str
    output_format: str
    output_partitions: tuple[str, ...]
    output_kms_key_arn: str | None
    dq_ruleset_name: str | None
    dq_evaluation_context: str
    bookmarks: bool  # --job-bookmark-option job-bookmark-enable: the incremental mode (run_incremental)
    resolved: dict[str, str] = field(repr=False, compare=False)

    def staging_of(self, run_id: str) -> tuple[str, str]:
        """A run's staging folder (bucket, prefix): where it writes before its commit."""
        return self.target_bucket, f"{self.staging_prefix}run_id={run_id}/"

    def output_prefix_of(self, run_id: str) -> str:
        run_folder = f"run_id={run_id}/" if "run_id" in self.output_partitions else ""
        return f"{self.target_prefix}{run_folder}"

    @property
    def output_encryption(self) -> dict[str, str]:
        if not self.output_kms_key_arn:
            return {}
        return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self.output_kms_key_arn}


def parse_arguments(argv: list[str]) -> JobArguments:
    """Glue's own parser takes only required options, so an optional one is asked for only when given."""
    given = [name for name in OPTIONAL_ARGUMENTS if _is_given(argv, name)]
    try:
        resolved = getResolvedOptions(argv, [*REQUIRED_ARGUMENTS, *given])
    except GlueArgumentError as error:
        raise JobFailure(f"bad job arguments: {error}") from error
    if not resolved.get("JOB_RUN_ID"):
        raise JobFailure(
            "bad job arguments: --JOB_RUN_ID is missing (Glue passes it; it names the run's records)"
        )
    options = {**OPTIONAL_ARGUMENTS, **{name: resolved[name] for name in given}}
    source_folders = {
        name: _folder(options[name], name)
        for name in ("incoming_prefix", "archive_prefix", "quarantine_prefix", "ledger_prefix")
    }
    target_folders = {
        "target_prefix": _folder(options["target_prefix"], "target_prefix", allow_root=True),
        "staging_prefix": _folder(options["staging_prefix"], "staging_prefix"),
    }
    for folders in (source_folders, target_folders):
        _check_disjoint(folders)
    output_format = options["output_format"].strip().lower()
    if output_format not in OUTPUT_FORMATS:
        raise JobFailure(
            f"bad job arguments: --output_format must be one of {', '.join(OUTPUT_FORMATS)}, "
            f"got {options['output_format']!r}"
        )
    return JobArguments(
        job_name=resolved["JOB_NAME"],
        job_run_id=resolved["JOB_RUN_ID"],
        source_bucket=resolved["source_bucket"],
        target_bucket=resolved["target_bucket"],
        **source_folders,
        **target_folders,
        output_format=output_format,
        output_partitions=_partitions(options["output_partitions"]),
        output_kms_key_arn=options["output_kms_key_arn"].strip() or None,
        dq_ruleset_name=options["dq_ruleset_name"].strip() or None,
        dq_evaluation_context=options["dq_evaluation_context"].strip() or options["dq_ruleset_name"].strip(),
        bookmarks=(resolved.get(BOOKMARK_OPTION) or BOOKMARKS_DISABLED) == "job-bookmark-enable",
        resolved=resolved,
    )


def _is_given(argv: list[str], name: str) -> bool:
    return any(arg == f"--{name}" or arg.startswith(f"--{name}=") for arg in argv[1:])


def _folder(prefix: str, name: str, *, allow_root: bool = False) -> str:
    folder = prefix.strip().strip("/")
    if not folder:
        if allow_root:
            return ""
        raise JobFailure(f"bad job arguments: --{name} must name a folder, got {prefix!r}")
    return folder + "/"


def _check_disjoint(folders: dict[str, str]) -> None:
    """Folders of one bucket must not contain each other, or a run would read or delete its own records."""
    names = sorted(folders)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            a, b = folders[first], folders[second]
            if a.startswith(b) or b.startswith(a):
                raise JobFailure(
                    f"bad job arguments: --{first} {a!r} and --{second} {b!r} overlap, so one would hold the "
                    "other's objects"
                )


def _partitions(text: str) -> tuple[str, ...]:
    if text.strip().lower() == "none":
        return ()
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in chosen if part not in PARTITION_COLUMNS]
    if unknown or len(set(chosen)) != len(chosen) or not chosen:
        raise JobFailure(
            f"bad job arguments: --output_partitions must be 'none' or a comma-separated choice of "
            f"{', '.join(PARTITION_COLUMNS)}, got {text!r}"
        )
    return tuple(name for name in PARTITION_COLUMNS if name in chosen)


# --- 2. and 3. the files of this run ------------------------------------------------------------------


@dataclass
class Batch:
    """What this run took: the files it claimed (with their snapshots) and those it put aside."""

    claimed: dict[str, tuple[InputFile, Claim, str]] = field(
        default_factory=dict
    )  # key -> (file, claim, snapshot)
    quarantined: list[dict] = field(default_factory=list)  # key, reason
    skipped: list[dict] = field(default_factory=list)  # key, why it waits for a later run


def list_incoming(s3: Any, args: JobArguments) -> list[InputFile]:
    return [
        InputFile(
            bucket=args.source_bucket,
            key=item["Key"],
            relative_key=item["Key"][len(args.incoming_prefix) :],
            etag=item["ETag"],
            size=item["Size"],
        )
        for item in list_keys(s3, args.source_bucket, args.incoming_prefix)
    ]


def read_head(s3: Any, item: InputFile) -> bytes | None:
    """The file's first bytes, of the version listed; None when it changed or went away since."""
    try:
        response = s3.get_object(
            Bucket=item.bucket,
            Key=item.key,
            IfMatch=item.etag,
            Range=f"bytes=0-{event_files.HEADER_PROBE_BYTES - 1}",
        )
    except ClientError as error:
        if error_code(error) in {"PreconditionFailed", "InvalidRange", *MISSING}:
            # an empty object has no byte 0: S3 refuses the range
            return b"" if error_code(error) == "InvalidRange" and item.size == 0 else None
        raise
    return response["Body"].read()


def take_files(s3: Any, ledger: Ledger, args: JobArguments, log: Any) -> Batch:
    """Check, quarantine or claim and snapshot every file waiting in incoming."""
    batch = Batch()
    for item in list_incoming(s3, args):
        head = read_head(s3, item)
        if head is None:
            batch.skipped.append({"key": item.key, "why": "changed or removed while being checked"})
            continue
        problem = event_files.header_problem(head, whole_file=item.size <= len(head))
        if problem is not None:
            put_aside(s3, args, batch, item, problem, log)
            continue
        claim = ledger.claim(item.relative_key, item.etag)
        if claim.run_id != args.job_run_id:
            batch.skipped.append({"key": item.key, "why": f"claimed by run {claim.run_id}"})
            continue
        snapshot = exactly_once.take_snapshot(s3, ledger, item)
        if snapshot is None:
            ledger.release(claim)
            batch.skipped.append({"key": item.key, "why": "changed or removed while being claimed"})
            continue
        batch.claimed[item.key] = (item, claim, snapshot)
    return batch


def put_aside(
    s3: Any,
    args: JobArguments,
    batch: Batch,
    item: InputFile,
    problem: str,
    log: Any,
    read_from: str | None = None,
) -> None:
    target = args.quarantine_prefix + item.relative_key
    if exactly_once.quarantine(s3, item, target, problem, args.job_run_id, read_from=read_from):
        log.error(f"quarantined {item.uri} -> s3://{item.bucket}/{target}: {problem}")
        batch.quarantined.append({"key": item.key, "reason": problem})
    else:
        batch.skipped.append({"key": item.key, "why": "changed or removed before it could be quarantined"})


# --- 4. to 6. the rows ------------------------------------------------------------------------------------


def read_inputs(spark: SparkSession, snapshots: dict[str, str]) -> DataFrame:
    """The rows of every snapshot (incoming key -> URI) with the incoming key in ``SOURCE_FILE``; a
    record Spark cannot read as three fields keeps its text in ``_corrupt_record``. One read per file
    names each row's file exactly, whatever characters its key holds."""
    frames = [
        spark.read.csv(
            _literal_path(uri),
            schema=READ_SCHEMA,
            header=True,
            multiLine=True,
            mode="PERMISSIVE",
            columnNameOfCorruptRecord="_corrupt_record",
            quote='"',
            escape='"',
            encoding="UTF-8",
        ).withColumn(SOURCE_FILE, F.lit(key))
        for key, uri in sorted(snapshots.items())
    ]
    # cached: Spark refuses queries of the corrupt-record column alone on an uncached CSV read
    return functools.reduce(DataFrame.unionByName, frames).cache()


def _literal_path(uri: str) -> str:
    """``uri`` with Hadoop's file-pattern characters escaped: a key like ``batch [1].csv`` is one file."""
    return "".join(f"\\{char}" if char in "\\*?[]{}" else char for char in uri)


def malformed_files(inputs: DataFrame) -> dict[str, str]:
    """Each file holding malformed records -> the problem, naming one of them."""
    fields = [F.coalesce(F.col(name), F.lit("")) for name in event_lag.COLUMNS]
    undecodable = F.concat_ws(",", *fields).contains(REPLACEMENT_CHARACTER)
    malformed = F.col("_corrupt_record").isNotNull() | undecodable
    rows = (
        inputs.filter(malformed)
        .groupBy(SOURCE_FILE)
        .agg(
            F.count(F.lit(1)).alias("malformed"),
            F.first(F.coalesce(F.col("_corrupt_record"), F.concat_ws(",", *fields))).alias("example"),
        )
        .collect()
    )
    return {row[SOURCE_FILE]: event_files.malformed_problem(row["malformed"], row["example"]) for row in rows}


def output_frame(result: DataFrame, args: JobArguments) -> DataFrame:
    """The written columns: event_date added when it partitions the output; event_time a timestamp in
    Parquet (the string event_lag prints, parsed back: exact to the millisecond)."""
    if "event_date" in args.output_partitions:
        result = result.withColumn("event_date", F.substring("event_time", 1, 10))
    if args.output_format == "parquet":
        result = result.withColumn("event_time", F.to_timestamp("event_time", event_lag.OUTPUT_TIME_FORMAT))
    return result


def write_output(frame: DataFrame, uri: str, args: JobArguments, rows: int) -> None:
    """Write ``frame`` (of ``rows`` rows) in files of at most ``ROWS_PER_FILE`` rows (per output folder)."""
    frame = frame.coalesce(max(1, -(-rows // ROWS_PER_FILE)))
    # errorifexists: a run id names one run, so an existing folder means something else wrote there
    writer = frame.write.mode("errorifexists")
    folders = [name for name in args.output_partitions if name != "run_id"]
    if folders:
        writer = writer.partitionBy(*folders)
    if args.output_format == "parquet":
        writer.option("compression", "snappy").parquet(uri)
    else:
        writer.csv(uri, header=True, quote='"', escape='"')


def rows_written(spark: SparkSession, uri: str, args: JobArguments) -> int:
    if args.output_format == "parquet":
        return spark.read.parquet(uri).count()
    return spark.read.csv(uri, header=True, multiLine=True, quote='"', escape='"').count()


def staged_parts(s3: Any, args: JobArguments) -> list[list[str]]:
    """[staging key, output key] of every data file Spark wrote (its _SUCCESS and hidden files left out)."""
    bucket, prefix = args.staging_of(args.job_run_id)
    output_prefix = args.output_prefix_of(args.job_run_id)
    parts = []
    for item in list_keys(s3, bucket, prefix):
        relative = item["Key"][len(prefix) :]
        if relative.rsplit("/", 1)[-1].startswith(("_", ".")):
            continue
        parts.append([item["Key"], output_prefix + relative])
    return parts


# --- the run ----------------------------------------------------------------------------------------------


def evaluate_data_quality(
    glue: Any, inputs: DataFrame, args: JobArguments, glue_context: Any, log: Any
) -> None:
    """The ruleset, read by name as Glue Studio jobs do, evaluated on the rows read; a failing rule fails
    the run, naming it."""
    from awsglue.dynamicframe import DynamicFrame
    from awsgluedq.transforms import EvaluateDataQuality

    try:
        ruleset = glue.get_data_quality_ruleset(Name=args.dq_ruleset_name)["Ruleset"]
    except ClientError as error:
        raise JobFailure(
            f"cannot read Data Quality ruleset {args.dq_ruleset_name}: {exactly_once.describe(error)}"
        ) from error
    frame = DynamicFrame.fromDF(inputs.select(*event_lag.COLUMNS), glue_context, "user_events_input")
    outcomes = EvaluateDataQuality.apply(
        frame=frame,
        ruleset=ruleset,
        publishing_options={
            "dataQualityEvaluationContext": args.dq_evaluation_context,
            "enableDataQualityResultsPublishing": True,
        },
    ).toDF()
    rules = outcomes.collect()
    failed = [f"{row['Rule']} ({row['FailureReason']})" for row in rules if row["Outcome"] != "Passed"]
    log.info(
        f"Data Quality ruleset {args.dq_ruleset_name}: {len(rules) - len(failed)} of {len(rules)} rules passed"
    )
    if failed:
        raise JobFailure(f"Data Quality ruleset {args.dq_ruleset_name} failed: {'; '.join(failed)}")


def run(
    args: JobArguments,
    spark: SparkSession,
    s3: Any,
    run_state: Any,
    log: Any,
    *,
    glue: Any = None,
    glue_context: Any = None,
) -> dict:
    """One run; returns its summary. ``run_state(job_name, run_id)`` is Glue's state of another run."""
    event_lag.configure_session(spark)
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
    ledger = Ledger(s3, args.source_bucket, args.ledger_prefix, args.job_name, args.job_run_id, run_state)
    recovered = exactly_once.recover(s3, ledger, args.staging_of, args.output_encryption, log)
    batch = take_files(s3, ledger, args, log)
    for skipped in batch.skipped:
        log.info(f"left for a later run: s3://{args.source_bucket}/{skipped['key']} ({skipped['why']})")
    summary = {"recovered_runs": recovered, "files_claimed": len(batch.claimed)}
    if not batch.claimed:
        return _summarise(summary, batch, {}, [], log)
    try:
        manifest, etag = commit(args, spark, s3, ledger, batch, log, glue, glue_context)
    except Exception as error:
        try:
            abandon(args, s3, ledger, batch, str(error) or type(error).__name__)
        except Exception as cleanup:  # the run's own error is the one to report; the next run cleans up
            log.error(
                f"run {args.job_run_id} could not give itself up ({one_line(cleanup)}): the next run will"
            )
        raise
    exactly_once.finish(s3, ledger, manifest, etag, args.output_encryption, log)
    for _, claim, _ in batch.claimed.values():
        ledger.release(claim)
    archived = [entry["key"] for entry in manifest.files]
    return _summarise(
        summary, batch, {entry["key"]: entry["counts"] for entry in manifest.files}, archived, log
    )


def commit(
    args: JobArguments,
    spark: SparkSession,
    s3: Any,
    ledger: Ledger,
    batch: Batch,
    log: Any,
    glue: Any,
    glue_context: Any,
) -> tuple[Manifest, str]:
    """Steps 4 to 6 and the commit: the manifest that stands, with its ETag."""
    inputs = read_inputs(
        spark, {key: f"s3://{ledger.bucket}/{snapshot}" for key, (_, _, snapshot) in batch.claimed.items()}
    )
    for key, problem in sorted(malformed_files(inputs).items()):
        _drop_from_batch(s3, args, ledger, batch, key, problem, log)
    good = inputs.filter(F.col(SOURCE_FILE).isin(list(batch.claimed))).drop("_corrupt_record")
    if args.dq_ruleset_name:
        evaluate_data_quality(glue, good, args, glue_context, log)
    result, counts = event_lag.transform_by_file(good, SOURCE_FILE)
    counts = {key: counts.get(key, event_lag.NO_ROWS) for key in batch.claimed}
    for key, kept in sorted(counts.items()):
        if kept.rows_read > 0 and kept.rows_out == 0 and kept.duplicate == 0:
            problem = (
                f"none of its {kept.rows_read} rows is a valid event (null user_id/event_time {kept.null}, "
                f"unparseable event_time {kept.unparseable})"
            )
            _drop_from_batch(s3, args, ledger, batch, key, problem, log)
    counts = {key: counts[key] for key in batch.claimed}
    expected = sum(kept.rows_out for kept in counts.values())
    staging_bucket, staging_prefix = args.staging_of(args.job_run_id)
    staging_uri = f"s3://{staging_bucket}/{staging_prefix}"
    parts: list[list[str]] = []
    if expected:
        write_output(output_frame(result, args), staging_uri, args, expected)
        written = rows_written(spark, staging_uri, args)
        if written != expected:
            raise JobFailure(f"staged output {staging_uri} holds {written} rows, the files kept {expected}")
        parts = staged_parts(s3, args)
    files = [
        {
            "key": key,
            "etag": item.etag,
            "size": item.size,
            "snapshot_key": snapshot,
            "archive_key": args.archive_prefix + item.relative_key,
            "counts": counts[key].as_dict(),
        }
        for key, (item, _, snapshot) in sorted(batch.claimed.items())
    ]
    for entry in files:
        log.info(
            f"file s3://{args.source_bucket}/{entry['key']}: "
            + ", ".join(f"{k} {v}" for k, v in entry["counts"].items())
        )
    manifest, etag = ledger.create_manifest(
        Manifest(
            run_id=args.job_run_id,
            job_name=args.job_name,
            state=COMMITTED,
            source_bucket=args.source_bucket,
            target_bucket=args.target_bucket,
            output_uri=f"s3://{args.target_bucket}/{args.output_prefix_of(args.job_run_id)}",
            staging_prefix=staging_prefix,
            files=files,
            parts=parts,
            quarantined=batch.quarantined,
        )
    )
    if manifest.state != COMMITTED:
        raise JobFailure(
            f"run {args.job_run_id} was given up by another run before its commit: {manifest.reason}"
        )
    log.info(
        f"committed {len(files)} file(s), {expected} rows: s3://{ledger.bucket}/{ledger.manifest_key(args.job_run_id)}"
    )
    return manifest, etag


def _drop_from_batch(
    s3: Any, args: JobArguments, ledger: Ledger, batch: Batch, key: str, problem: str, log: Any
) -> None:
    item, claim, snapshot = batch.claimed.pop(key)
    put_aside(s3, args, batch, item, problem, log, read_from=snapshot)
    s3.delete_object(Bucket=ledger.bucket, Key=snapshot)
    ledger.release(claim)


def abandon(args: JobArguments, s3: Any, ledger: Ledger, batch: Batch, reason: str) -> None:
    """A failure before the commit: the run gives itself up, so its files go back to the next runs. Its
    commit may have reached S3 all the same (an answer lost on the way back): that manifest stands, and the
    claims stay for the next run to finish it."""
    manifest, _ = ledger.create_manifest(
        Manifest(args.job_run_id, args.job_name, ABANDONED, reason=reason[:2000])
    )
    if manifest.state == COMMITTED:
        return
    exactly_once.discard(s3, ledger, args.job_run_id, args.staging_of(args.job_run_id))
    for _, claim, _ in batch.claimed.values():
        ledger.release(claim)


def _summarise(summary: dict, batch: Batch, counts: dict[str, dict], archived: list[str], log: Any) -> dict:
    totals = functools.reduce(
        lambda total, one: total + event_lag.CleaningCounts(**one), counts.values(), event_lag.NO_ROWS
    )
    summary = {
        **totals.as_dict(),
        **summary,
        "files_read": len(counts),
        "files_archived": len(archived),
        "files_quarantined": len(batch.quarantined),
        "files_left": len(batch.skipped),
        "quarantined": batch.quarantined,
    }
    # one machine-readable line, for whoever reports on the run (dashboards, `make run`)
    log.info(f"run summary {json.dumps(summary, sort_keys=True)}")
    return summary


def run_incremental(args: JobArguments, spark: SparkSession, glue: Any, glue_context: Any, log: Any) -> dict:
    """The bookmark mode: the files of incoming that are new since the last committed run, read through
    the job's bookmark (``transformation_ctx``), transformed and written straight to the run's output
    folder; the files stay where they are, and ``Job.commit()`` (in ``main``) records them as read. The
    Data Quality ruleset is evaluated as in ``run``. No header check, quarantine, claim or archive: a run killed after its write and before its commit reads
    the same files again (the README compares the two modes)."""
    event_lag.configure_session(spark)
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [f"s3://{args.source_bucket}/{args.incoming_prefix}"], "recurse": True},
        format="csv",
        format_options={"withHeader": True, "multiLine": True},
        transformation_ctx="incoming_events",
    )
    if frame.count() == 0:  # nothing new since the last commit
        return _summarise({"files_claimed": 0}, Batch(), {}, [], log)
    # CSV values are typed one by one: every column back to the string the file holds
    events = frame.resolveChoice(specs=[(name, "cast:string") for name in event_lag.COLUMNS]).toDF()
    if args.dq_ruleset_name:
        evaluate_data_quality(glue, events, args, glue_context, log)
    result, counts = event_lag.transform(events)
    output_uri = f"s3://{args.target_bucket}/{args.output_prefix_of(args.job_run_id)}"
    if counts.rows_out:
        write_output(output_frame(result, args), output_uri, args, counts.rows_out)
    log.info(f"rows written {counts.rows_out} to {output_uri} (bookmark mode)")
    return _summarise({"files_claimed": 0}, Batch(), {"incoming": counts.as_dict()}, [], log)


def glue_run_state(glue: Any) -> Any:
    """``run_state`` answered by Glue's GetJobRun: a run Glue does not know is not running."""

    def state(job_name: str, run_id: str) -> str | None:
        try:
            return glue.get_job_run(JobName=job_name, RunId=run_id)["JobRun"]["JobRunState"]
        except ClientError as error:
            if error_code(error) == "EntityNotFoundException":
                return None
            raise

    return state


def job_logger(glue_context: Any) -> Any:
    """Glue's logger (into the job's CloudWatch stream) when the context offers one."""
    get_logger = getattr(glue_context, "get_logger", None)
    return get_logger() if get_logger else logging.getLogger("user_event_lag_job")


def one_line(error: BaseException) -> str:
    """The first line of the error; for a JVM error, of the Java exception (py4j's own first line only
    names the Java method called)."""
    java_exception = getattr(error, "java_exception", None)
    text = str(java_exception) if java_exception is not None else str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[0] if lines else 'no message'}"[:1000]


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(asctime)s %(levelname)s %(message)s")
    log = logging.getLogger("user_event_lag_job")
    try:
        args = parse_arguments(sys.argv if argv is None else argv)
        glue_context = GlueContext(SparkContext.getOrCreate())
        log = job_logger(glue_context)
        job = Job(glue_context)
        job.init(args.job_name, args.resolved)
        glue = boto3.client("glue")
        if args.bookmarks:
            run_incremental(args, glue_context.spark_session, glue, glue_context, log)
        else:
            run(
                args,
                glue_context.spark_session,
                boto3.client("s3"),
                glue_run_state(glue),
                log,
                glue=glue,
                glue_context=glue_context,
            )
        job.commit()
    except Exception as error:
        reason = str(error) if isinstance(error, JobFailure) else one_line(error)
        log.error(traceback.format_exc())
        sys.exit(f"user_event_lag_job failed: {reason}")


if __name__ == "__main__":
    main()
