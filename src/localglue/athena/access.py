"""A query acts with its caller's permissions, as Athena does: it reads the catalog through Glue and the
tables' objects through S3, and writes its results to S3, each as the principal that started it.

Under `localglue up --enforce-iam` the caller's identity policies decide each of these; without it the
caller is None and nothing is checked. DDL statements' own catalog and S3 writes are not checked here.
"""

from __future__ import annotations

from ..gateway.errors import invalid_request
from ..gateway.iam import Caller, glue_catalog_denial
from ..s3paths import split_s3_uri
from .catalog import S3File
from .errors import QueryFailed

# AthenaError.ErrorType "Failed to write query results to Amazon S3" (Athena error catalog).
RESULT_WRITE_FAILED = 401


def _s3_arn(path: str) -> str:
    bucket, key = split_s3_uri(path)
    return f"arn:aws:s3:::{bucket}/{key}" if key else f"arn:aws:s3:::{bucket}"


def require_output_bucket(caller: Caller | None, output_location: str) -> None:
    """StartQueryExecution's own check: Athena locates the result bucket before it accepts the query."""
    if caller is None:
        return
    bucket, _ = split_s3_uri(output_location)
    if caller.denial("s3:GetBucketLocation", f"arn:aws:s3:::{bucket}"):
        raise invalid_request(f"Unable to verify/create output bucket {bucket}")


def require_catalog(
    caller: Caller | None, account_id: str, region: str, database: str, table: str, action: str
) -> None:
    """Glue authorizes `action` on the catalog, the database and the table alike."""
    if caller is None:
        return
    denial = glue_catalog_denial(caller, action, account_id, region, database, table)
    if denial:
        raise QueryFailed(None, f"Insufficient permissions to execute the query. {denial}")


def require_reads(caller: Caller | None, location: str, files: list[S3File]) -> None:
    """Listing the table's (or partition's) location, then reading each of its files."""
    if caller is None:
        return
    bucket, prefix = split_s3_uri(location)
    denial = caller.denial("s3:ListBucket", f"arn:aws:s3:::{bucket}", {"s3:prefix": prefix})
    if denial:
        raise QueryFailed(None, f"Permission denied on S3 path: {location}. {denial}")
    for file in files:
        denial = caller.denial("s3:GetObject", _s3_arn(file.path))
        if denial:
            raise QueryFailed(None, f"Permission denied on S3 path: {file.path}. {denial}")


def require_result_write(caller: Caller | None, paths: list[str]) -> None:
    if caller is None:
        return
    for path in paths:
        denial = caller.denial("s3:PutObject", _s3_arn(path))
        if denial:
            raise QueryFailed(
                None,
                f"Access denied when writing output to url: {path} . "
                f"Please ensure you are allowed to access the S3 bucket. {denial}",
                error_type=RESULT_WRITE_FAILED,
            )
