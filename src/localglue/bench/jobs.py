"""Glue job runs on localglue: Spark start-up, and the lag job next to the same transformation in DuckDB.

Figures are StartJobRun -> SUCCEEDED as a client polling GetJobRun sees them, on a gateway of this process:
- start-up: a script that builds a SparkContext and counts one row, cold (fresh JVM) and warm (served by
  the warm driver, see `localglue.jobs.standby`);
- the lag job (Athena read, clean, lag, write, archive) on the sample data, cold and warm, and on
  generated data of each `--rows` size (warm), each next to the DuckDB transformation of the same files
  (CSV in, CSV out, on local disk) and a check that both give the same number of rows.
Uploads and data generation are not timed. `python -m localglue.bench.jobs --rows 1000000,10000000`.
"""

from __future__ import annotations

import argparse
import sys
import os
import tempfile
import time
from pathlib import Path

import duckdb

from .. import endpoint
from ..server import GatewayServer
from . import BENCH_KEYS
from ..jobs import standby
from ..sample_events import generate
from ._lag_pipeline import SAMPLE_FILES, deploy_lag_job, keys, lag_sql, upload_inputs

SCRIPTS = "bench-job-scripts"
STARTUP_SCRIPT = b"""
from pyspark.context import SparkContext
SparkContext.getOrCreate().parallelize([1]).count()
"""


def _client_factory(url: str):
    def client(service: str):
        return endpoint.client(service, url, "us-east-1", credentials=BENCH_KEYS)

    return client


def _run_seconds(glue, job: str) -> float:
    started = time.perf_counter()
    run_id = glue.start_job_run(JobName=job)["JobRunId"]
    while True:
        run = glue.get_job_run(JobName=job, RunId=run_id)["JobRun"]
        if run["JobRunState"] not in ("STARTING", "RUNNING", "STOPPING"):
            elapsed = time.perf_counter() - started
            if run["JobRunState"] != "SUCCEEDED":
                raise RuntimeError(
                    f"run {run_id} of {job} ended {run['JobRunState']}: {run.get('ErrorMessage')}"
                )
            return elapsed
        time.sleep(0.1)


def _cold_and_warm(
    glue, job: str, warm: standby.WarmDrivers, before_each=lambda: None
) -> tuple[float, float]:
    os.environ[standby.WARM_DRIVER_ENV] = "0"
    before_each()
    cold = _run_seconds(glue, job)
    os.environ[standby.WARM_DRIVER_ENV] = "1"
    before_each()
    _run_seconds(glue, job)  # leaves a warm driver for these Spark properties
    warm.wait_ready(300)
    before_each()
    return cold, _run_seconds(glue, job)


def _duckdb_seconds(files: list[Path], out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    connection = duckdb.connect()
    connection.execute(f"COPY ({lag_sql(files)}) TO '{out}' (HEADER, DELIMITER ',')")
    elapsed = time.perf_counter() - started
    (rows,) = connection.execute(f"SELECT count(*) FROM read_csv('{out}', header = true)").fetchall()[0]
    return elapsed, rows


def _output_rows(s3, bucket: str) -> int:
    total = 0
    for key in keys(s3, bucket, "output/"):
        if key.endswith(".csv"):
            body = s3.get_object(Bucket=bucket, Key=key)["Body"]
            total += sum(1 for _ in body.iter_lines()) - 1
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m localglue.bench.jobs", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rows", default="1000000,10000000", help="generated data sizes, comma-separated")
    options = parser.parse_args(argv or [])
    sizes = [int(size) for size in options.rows.split(",") if size]
    warm_setting = os.environ.get(standby.WARM_DRIVER_ENV)
    with GatewayServer(port=0) as server, tempfile.TemporaryDirectory(prefix="localglue-bench-jobs-") as tmp:
        client = _client_factory(server.url)
        s3, glue = client("s3"), client("glue")
        s3.create_bucket(Bucket=SCRIPTS)
        s3.put_object(Bucket=SCRIPTS, Key="startup.py", Body=STARTUP_SCRIPT)
        glue.create_job(
            Name="bench-startup",
            Role="bench",
            Command={"Name": "glueetl", "ScriptLocation": f"s3://{SCRIPTS}/startup.py"},
            GlueVersion="5.0",
            WorkerType="G.1X",
            NumberOfWorkers=2,
        )
        warm_drivers = server.runtime.jobs.warm
        cold, warm = _cold_and_warm(glue, "bench-startup", warm_drivers)
        print(
            f"spark start-up (StartJobRun -> SUCCEEDED, one-row count): cold {cold:.1f} s, warm {warm:.1f} s"
        )

        datasets = [("sample data", SAMPLE_FILES)]
        for rows in sizes:
            folder = Path(tmp) / f"rows-{rows}"
            datasets.append((f"{rows:,} events", generate(folder, rows, files=8)))
        for index, (label, files) in enumerate(datasets):
            target = f"bench-lag-target-{index}"
            s3.create_bucket(Bucket=target)
            job, source = deploy_lag_job(client, f"bench-lag-{index}", target, SCRIPTS, files)

            def reset_inputs(source=source, files=files, target=target):
                for key in keys(s3, source, "archive/") + keys(s3, target, "output/"):
                    s3.delete_object(Bucket=source if key.startswith("archive/") else target, Key=key)
                if not keys(s3, source, "incoming/"):
                    upload_inputs(s3, source, files)

            if index == 0:
                cold, warm = _cold_and_warm(glue, job, warm_drivers, reset_inputs)
                timing = f"cold {cold:.1f} s, warm {warm:.1f} s"
            else:
                warm_drivers.wait_ready(300)
                reset_inputs()
                timing = f"warm {_run_seconds(glue, job):.1f} s"
            spark_rows = _output_rows(s3, target)
            duck_seconds, duck_rows = _duckdb_seconds(files, Path(tmp) / f"duckdb-{index}.csv")
            size_mb = sum(path.stat().st_size for path in files) / 2**20
            print(
                f"lag job on {label} ({size_mb:.1f} MB): {timing}; DuckDB same transformation {duck_seconds:.1f} s; "
                f"rows out {spark_rows} (job) vs {duck_rows} (DuckDB){'' if spark_rows == duck_rows else ' MISMATCH'}"
            )
    if warm_setting is None:
        os.environ.pop(standby.WARM_DRIVER_ENV, None)
    else:
        os.environ[standby.WARM_DRIVER_ENV] = warm_setting


if __name__ == "__main__":
    main(sys.argv[1:])
