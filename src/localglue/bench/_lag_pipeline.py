"""The pipeline's lag job on a gateway, and the same transformation in DuckDB, for benchmarks and tests.

`lag_sql` is an independent reading, in DuckDB SQL, of the rules documented in `glue_jobs/event_lag.py`
(whitespace, null tokens, time formats and zones, duplicates, tie-breaker, UTC): it shares no code with
the job, so comparing the two catches a job that drifts from its own documentation.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..paths import PROJECT_ROOT

SAMPLE_FILES = sorted((PROJECT_ROOT / "sample_data").glob("events_*.csv"))
OUTPUT_HEADER = ["user_id", "event_type", "event_time", "lag_minutes"]
EDGE_WHITESPACE = " \t\n\x0b\x0c\r\u00a0\ufeff"
TIME_PATTERN = r"^(\d{4})-(\d{1,2})-(\d{1,2})([ T])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$"


def _cleaned(column: str) -> str:
    trimmed = f"trim(coalesce({column}, ''), '{EDGE_WHITESPACE}')"
    return f"CASE WHEN lower({trimmed}) IN ('', 'null', 'none', 'nan', 'n/a') THEN NULL ELSE {trimmed} END"


def lag_sql(files: list[Path]) -> str:
    """user_id, event_type, event_time (UTC, milliseconds), lag_minutes of the events in `files`."""
    return f"""
        WITH raw AS (
            SELECT * FROM read_csv({[str(f) for f in files]}, header = true, all_varchar = true, quote = '"')
        ), clean AS (
            SELECT {_cleaned("user_id")} AS user_id, {_cleaned("event_type")} AS event_type,
                   {_cleaned("event_time")} AS event_time FROM raw
        ), parts AS (
            SELECT user_id, event_type,
                   regexp_extract(event_time, '{TIME_PATTERN}', ['y', 'mo', 'd', 'sep', 'h', 'mi', 's', 'f', 'z']) AS p
            FROM clean WHERE user_id IS NOT NULL AND event_time IS NOT NULL
        ), parsed AS (
            SELECT user_id, event_type,
                   try(make_timestamp(p.y::INT, p.mo::INT, p.d::INT, p.h::INT, p.mi::INT,
                                      p.s::INT + coalesce(left(rpad(p.f, 3, '0'), 3)::INT, 0) / 1000.0))
                   - to_minutes(CASE WHEN p.z IN ('', 'Z') THEN 0 ELSE
                       (CASE WHEN p.z[1] = '-' THEN -1 ELSE 1 END)
                       * (p.z[2:3]::INT * 60 + coalesce(nullif(right(replace(p.z[4:], ':', ''), 2), '')::INT, 0))
                     END) AS instant
            FROM parts
            WHERE p.y <> '' AND (p.sep = 'T' OR p.z = '') AND p.h::INT < 24 AND p.mi::INT < 60 AND p.s::INT < 60
        ), events AS (
            SELECT DISTINCT user_id, event_type, instant FROM parsed WHERE instant IS NOT NULL
        )
        SELECT user_id, event_type, strftime(instant, '%Y-%m-%d %H:%M:%S.%g') AS event_time,
               (epoch_ms(instant) - epoch_ms(lag(instant) OVER w)) / 60000.0 AS lag_minutes
        FROM events
        WINDOW w AS (PARTITION BY user_id ORDER BY instant,
                     CASE WHEN event_type IS NULL THEN 0 WHEN lower(event_type) = 'login' THEN 1
                          WHEN lower(event_type) = 'logout' THEN 3 ELSE 2 END, event_type)
    """


def expected_lag_rows(files: list[Path]) -> list[tuple]:
    import duckdb

    return sorted(duckdb.sql(lag_sql(files)).fetchall(), key=repr)


def written_rows(s3, bucket: str, prefix: str) -> list[tuple]:
    """The job's output rows under a prefix, typed as `expected_lag_rows` returns them."""
    rows = []
    for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []):
        if item["Key"].endswith(".csv"):
            body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode()
            reader = csv.reader(io.StringIO(body))
            header = next(reader)
            if header != OUTPUT_HEADER:
                raise ValueError(f"s3://{bucket}/{item['Key']}: header {header}, expected {OUTPUT_HEADER}")
            rows += [(u, t or None, at, float(lag) if lag else None) for u, t, at, lag in reader]
    return sorted(rows, key=repr)


def keys(s3, bucket: str, prefix: str) -> list[str]:
    return sorted(
        item["Key"] for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    )


def upload_inputs(s3, source_bucket: str, files: list[Path]) -> None:
    for path in files:
        s3.upload_file(str(path), source_bucket, f"incoming/{path.name}")


JOB_MODULES = ("event_lag.py", "event_files.py", "ledger.py", "exactly_once.py")


def deploy_lag_job(
    client, name: str, target_bucket: str, scripts_bucket: str, files: list[Path]
) -> tuple[str, str]:
    """A source bucket with `files` in incoming/ and the lag job, as Terraform sets them up. Returns
    (job name, source bucket)."""
    s3, glue = client("s3"), client("glue")
    source = f"{name}-source"
    s3.create_bucket(Bucket=source)
    upload_inputs(s3, source, files)
    for path in (PROJECT_ROOT / "glue_jobs").glob("*.py"):
        s3.put_object(Bucket=scripts_bucket, Key=f"{name}/{path.name}", Body=path.read_bytes())
    modules = ",".join(f"s3://{scripts_bucket}/{name}/{module}" for module in JOB_MODULES)
    glue.create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{scripts_bucket}/{name}/user_event_lag_job.py"},
        GlueVersion="5.0",
        WorkerType="G.1X",
        NumberOfWorkers=2,
        Timeout=60,
        DefaultArguments={
            "--source_bucket": source,
            "--target_bucket": target_bucket,
            "--extra-py-files": modules,
        },
    )
    return name, source
