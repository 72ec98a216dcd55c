"""Glue 5.0 job: each user's lag in minutes between consecutive events.

Steps: an Athena query selects the source table (with ``"$path"``, the file each row came from); Spark
reads the query's result CSV from the S3 location Athena reports; ``event_lag.transform`` cleans the rows
and adds ``lag_minutes`` (rules in its docstring); the result is written as CSV with a header to
``s3://<target_bucket>/<target_prefix>run_id=<JOB_RUN_ID>/`` (a run never writes into an existing
folder); only then is every file the query read moved from the incoming prefix to the archive prefix
(copy, verify size and ETag, delete). Any failure ends the run with a one-line reason on stderr and exit
status 1; files are archived only after the write succeeded.

Arguments (``getResolvedOptions``; unknown ones are ignored):

- required: ``--JOB_NAME``, ``--database_name``, ``--source_table``, ``--athena_workgroup``,
  ``--source_bucket``, ``--target_bucket``; ``--JOB_RUN_ID`` (Glue passes it to every run).
- optional: ``--athena_output_location`` (default: the workgroup's result location),
  ``--incoming_prefix`` (``incoming/``), ``--archive_prefix`` (``archive/``), ``--target_prefix``
  (``output/``), ``--athena_timeout_seconds`` (``600``).

``event_lag.py`` ships beside this script through ``--extra-py-files``.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from dataclasses import dataclass, field

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import GlueArgumentError, getResolvedOptions
from botocore.exceptions import ClientError
from pyspark.context import SparkContext
from pyspark.sql import DataFrame, SparkSession

import event_lag

REQUIRED_ARGUMENTS = (
    "JOB_NAME",
    "database_name",
    "source_table",
    "athena_workgroup",
    "source_bucket",
    "target_bucket",
)
OPTIONAL_ARGUMENTS = {
    "athena_output_location": "",
    "incoming_prefix": "incoming/",
    "archive_prefix": "archive/",
    "target_prefix": "output/",
    "athena_timeout_seconds": "600",
}
QUERY_RESULT_SCHEMA = "user_id STRING, event_type STRING, event_time STRING, source_path STRING"
TERMINAL_QUERY_STATES = ("SUCCEEDED", "FAILED", "CANCELLED")
FIRST_POLL_SECONDS = 0.25
MAX_POLL_SECONDS = 5.0
COPY_OBJECT_LIMIT = 5 * 1024**3  # larger objects need a multipart copy


class JobFailure(Exception):
    """A failure whose message is the one-line reason the run reports."""


@dataclass(frozen=True)
class JobArguments:
    job_name: str
    job_run_id: str
    database_name: str
    source_table: str
    athena_workgroup: str
    athena_output_location: str | None
    source_bucket: str
    incoming_prefix: str
    archive_prefix: str
    target_bucket: str
    target_prefix: str
    athena_timeout_seconds: int
    resolved: dict[str, str] = field(repr=False, compare=False)

    @property
    def output_uri(self) -> str:
        return f"s3://{self.target_bucket}/{self.target_prefix}run_id={self.job_run_id}/"


def parse_arguments(argv: list[str]) -> JobArguments:
    """Glue's own parser takes only required options, so an optional one is asked for only when given."""
    given = [name for name in OPTIONAL_ARGUMENTS if _is_given(argv, name)]
    try:
        resolved = getResolvedOptions(argv, [*REQUIRED_ARGUMENTS, *given])
    except GlueArgumentError as error:
        raise JobFailure(f"bad job arguments: {error}") from error
    if not resolved.get("JOB_RUN_ID"):
        raise JobFailure(
            "bad job arguments: --JOB_RUN_ID is missing (Glue passes it; it names the output folder)"
        )
    options = {**OPTIONAL_ARGUMENTS, **{name: resolved[name] for name in given}}
    incoming_prefix = _folder(options["incoming_prefix"], "incoming_prefix")
    archive_prefix = _folder(options["archive_prefix"], "archive_prefix")
    if incoming_prefix.startswith(archive_prefix) or archive_prefix.startswith(incoming_prefix):
        raise JobFailure(
            f"bad job arguments: --incoming_prefix {incoming_prefix!r} and --archive_prefix "
            f"{archive_prefix!r} overlap, so archived files would be read again or deleted"
        )
    return JobArguments(
        job_name=resolved["JOB_NAME"],
        job_run_id=resolved["JOB_RUN_ID"],
        database_name=resolved["database_name"],
        source_table=resolved["source_table"],
        athena_workgroup=resolved["athena_workgroup"],
        athena_output_location=options["athena_output_location"].strip() or None,
        source_bucket=resolved["source_bucket"],
        incoming_prefix=incoming_prefix,
        archive_prefix=archive_prefix,
        target_bucket=resolved["target_bucket"],
        target_prefix=_folder(options["target_prefix"], "target_prefix", allow_root=True),
        athena_timeout_seconds=_positive_int(options["athena_timeout_seconds"], "athena_timeout_seconds"),
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


def _positive_int(text: str, name: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise JobFailure(f"bad job arguments: --{name} must be a positive whole number, got {text!r}")
    return value


def query_text(database: str, table: str) -> str:
    return (
        'SELECT user_id, event_type, event_time, "$path" AS source_path '
        f"FROM {_quote_identifier(database)}.{_quote_identifier(table)}"
    )


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def start_query(athena, args: JobArguments) -> str:
    request = {
        "QueryString": query_text(args.database_name, args.source_table),
        "QueryExecutionContext": {"Database": args.database_name},
        "WorkGroup": args.athena_workgroup,
    }
    if args.athena_output_location:
        request["ResultConfiguration"] = {"OutputLocation": args.athena_output_location}
    return athena.start_query_execution(**request)["QueryExecutionId"]


def wait_for_query(
    athena, query_id: str, timeout_seconds: float, *, sleep=time.sleep, clock=time.monotonic
) -> str:
    """Poll with doubling delays until the query ends; return its result file's S3 URI."""
    deadline = clock() + timeout_seconds
    delay = FIRST_POLL_SECONDS
    while True:
        execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        status = execution["Status"]
        state = status["State"]
        if state == "SUCCEEDED":
            location = execution.get("ResultConfiguration", {}).get("OutputLocation")
            if not location:
                raise JobFailure(f"Athena query {query_id} succeeded but reports no OutputLocation")
            return location
        if state in TERMINAL_QUERY_STATES:
            reason = status.get("StateChangeReason") or "no reason given"
            raise JobFailure(f"Athena query {query_id} {state}: {reason}")
        remaining = deadline - clock()
        if remaining <= 0:
            athena.stop_query_execution(QueryExecutionId=query_id)
            raise JobFailure(
                f"Athena query {query_id} still {state} after {timeout_seconds:g} s "
                "(--athena_timeout_seconds); stopped it"
            )
        sleep(min(delay, remaining))
        delay = min(delay * 2, MAX_POLL_SECONDS)


def read_query_result(spark: SparkSession, uri: str) -> DataFrame:
    """Athena's result CSV: a header, every value double-quoted (quotes doubled), NULL as an empty field.
    The header must name the query's columns, so a changed query fails here rather than misreads."""
    return spark.read.csv(
        uri,
        schema=QUERY_RESULT_SCHEMA,
        header=True,
        enforceSchema=False,
        quote='"',
        escape='"',
        mode="FAILFAST",
    )


def files_read(query_result: DataFrame) -> list[str]:
    """The distinct source files the query's rows came from (a short list: one entry per file)."""
    rows = query_result.select("source_path").distinct().collect()
    return sorted(row.source_path for row in rows if row.source_path)


def write_output(result: DataFrame, uri: str) -> None:
    # errorifexists: a run id names one run, so an existing folder means something else wrote there.
    result.write.mode("errorifexists").csv(uri, header=True, quote='"', escape='"')


def archive_inputs(s3, paths: list[str], args: JobArguments, log) -> list[str]:
    """Move each file under s3://<source_bucket>/<incoming_prefix> to the archive prefix (same relative
    key); leave any other path alone. Returns the archived keys' new S3 URIs."""
    archived = []
    for path in paths:
        bucket, key = split_s3_uri(path)
        if bucket != args.source_bucket or not key.startswith(args.incoming_prefix):
            log.info(f"not archiving {path}: outside s3://{args.source_bucket}/{args.incoming_prefix}")
            continue
        target_key = args.archive_prefix + key[len(args.incoming_prefix) :]
        move_object(s3, bucket, key, target_key)
        archived.append(f"s3://{bucket}/{target_key}")
    return archived


def move_object(s3, bucket: str, key: str, target_key: str) -> None:
    """Copy (of the version just inspected), check the copy's size and ETag, then delete the original."""
    try:
        original = s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        raise JobFailure(f"cannot archive s3://{bucket}/{key}: {_client_error(error)}") from error
    source = {"Bucket": bucket, "Key": key}
    same_version = {"CopySourceIfMatch": original["ETag"]}
    try:
        if original["ContentLength"] <= COPY_OBJECT_LIMIT:
            s3.copy_object(CopySource=source, Bucket=bucket, Key=target_key, **same_version)
        else:
            s3.copy(source, bucket, target_key, ExtraArgs=same_version)
        copy = s3.head_object(Bucket=bucket, Key=target_key)
    except ClientError as error:
        raise JobFailure(
            f"cannot copy s3://{bucket}/{key} to s3://{bucket}/{target_key}: {_client_error(error)}"
        ) from error
    # A multipart ETag is not an MD5 of the content, so it only compares with another single-part one.
    comparable = "-" not in original["ETag"] and "-" not in copy["ETag"]
    if copy["ContentLength"] != original["ContentLength"] or (
        comparable and copy["ETag"] != original["ETag"]
    ):
        raise JobFailure(
            f"copy of s3://{bucket}/{key} to s3://{bucket}/{target_key} does not match: "
            f"{copy['ContentLength']} bytes, ETag {copy['ETag']} vs {original['ContentLength']} bytes, "
            f"ETag {original['ETag']}; original kept"
        )
    s3.delete_object(Bucket=bucket, Key=key)


def split_s3_uri(uri: str) -> tuple[str, str]:
    scheme, sep, rest = uri.partition("://")
    bucket, _, key = rest.partition("/")
    if not sep or scheme not in ("s3", "s3a", "s3n") or not bucket or not key:
        raise JobFailure(f"not an S3 object URI: {uri!r}")
    return bucket, key


def _client_error(error: ClientError) -> str:
    details = error.response.get("Error", {})
    return f"{details.get('Code', 'Error')}: {details.get('Message', error)}"


def process(spark: SparkSession, result_uri: str, output_uri: str, s3, args: JobArguments, log) -> dict:
    """Read the query result, transform, write to ``output_uri``, then archive the files read."""
    query_result = read_query_result(spark, result_uri)
    paths = files_read(query_result)
    log.info(f"query result {result_uri} holds rows from {len(paths)} file(s)")
    result, counts = event_lag.transform(query_result)
    log.info(
        f"rows read {counts.rows_read}, trimmed {counts.rows_trimmed}, null user_id/event_time "
        f"{counts.null}, unparseable event_time {counts.unparseable}, duplicate {counts.duplicate}"
    )
    write_output(result, output_uri)
    log.info(f"rows written {counts.rows_out} to {output_uri}")
    archived = archive_inputs(s3, paths, args, log)
    log.info(f"files archived {len(archived)} to s3://{args.source_bucket}/{args.archive_prefix}")
    summary = {**counts.as_dict(), "files_read": len(paths), "files_archived": len(archived)}
    # one machine-readable line, for whoever reports on the run (dashboards, `make run`)
    log.info(f"run summary {json.dumps(summary, sort_keys=True)}")
    return summary


def run(args: JobArguments, spark: SparkSession, athena, s3, log) -> dict:
    event_lag.configure_session(spark)
    query_id = start_query(athena, args)
    log.info(f"Athena query {query_id} started in workgroup {args.athena_workgroup}")
    result_uri = wait_for_query(athena, query_id, args.athena_timeout_seconds)
    log.info(f"Athena query {query_id} succeeded: {result_uri}")
    return process(spark, result_uri, args.output_uri, s3, args, log)


def job_logger(glue_context):
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
        run(args, glue_context.spark_session, boto3.client("athena"), boto3.client("s3"), log)
        job.commit()
    except Exception as error:
        reason = str(error) if isinstance(error, JobFailure) else one_line(error)
        log.error(traceback.format_exc())
        sys.exit(f"user_event_lag_job failed: {reason}")


if __name__ == "__main__":
    main()
