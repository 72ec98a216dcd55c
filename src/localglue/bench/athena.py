"""Athena on localglue next to the Trino it runs: `SELECT 1` latency (p50/p95 of 100 queries), queries on
the sample data, and a GROUP BY over 1 GB of CSV and the same rows in Parquet.

Latency is what a client sees: StartQueryExecution -> polling GetQueryExecution -> GetQueryResults; the
reference is the same statement sent straight to the gateway's Trino with the `trino` client (rows
fetched), so the difference is localglue's API layer.
`python -m localglue.bench.athena --queries 100 --size-mb 1024` (the defaults).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import tempfile
import time
from collections.abc import Callable

import trino

from .. import endpoint
from ..athena import catalog
from ..paths import PROJECT_ROOT
from ..server import GatewayServer
from ..trino.catalogs import ATHENA_CATALOG
from . import BENCH_KEYS
from .results import Figure, Results

ACCOUNT = "123456789012"
ROW = "u{:06d},{},2024-01-{:02d} 10:{:02d}:00,{}.5\n"
EVENT_TYPES = ("click", "view", "buy", "login")


def _clients(url: str):
    return tuple(
        endpoint.client(name, url, "us-east-1", credentials=BENCH_KEYS) for name in ("s3", "glue", "athena")
    )


def _table(glue, name: str, location: str, columns: list[tuple[str, str]], header: bool) -> None:
    glue.create_table(
        DatabaseName="bench",
        TableInput={
            "Name": name,
            "Parameters": {"classification": "csv", "skip.header.line.count": "1" if header else "0"},
            "StorageDescriptor": {
                "Columns": [{"Name": n, "Type": t} for n, t in columns],
                "Location": location,
                "InputFormat": catalog.TEXT_INPUT_FORMAT,
                "OutputFormat": catalog.HIVE_TEXT_OUTPUT_FORMAT,
                "SerdeInfo": {
                    "SerializationLibrary": catalog.LAZY_SIMPLE_SERDE,
                    "Parameters": {"field.delim": ","},
                },
            },
        },
    )


def _query(athena, sql: str) -> tuple[float, dict, int]:
    """(client-side seconds, the execution, rows fetched) for one query, results read to the end."""
    started = time.perf_counter()
    query_id = athena.start_query_execution(
        QueryString=sql,
        QueryExecutionContext={"Database": "bench"},
        ResultConfiguration={"OutputLocation": "s3://bench-athena-results/"},
    )["QueryExecutionId"]
    while True:
        execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        if execution["Status"]["State"] not in ("QUEUED", "RUNNING"):
            break
        time.sleep(0.002)
    if execution["Status"]["State"] != "SUCCEEDED":
        raise RuntimeError(f"{sql}: {execution['Status']}")
    rows = 0
    for page in athena.get_paginator("get_query_results").paginate(QueryExecutionId=query_id):
        rows += len(page["ResultSet"]["Rows"])
    return time.perf_counter() - started, execution, rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _timed(run: Callable[[], object], times: int) -> list[float]:
    run()  # warm-up: the first plan, imports, connections
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def select_one(athena, direct, queries: int, results: Results) -> None:
    through = _timed(lambda: _query(athena, "SELECT 1"), queries)
    straight = _timed(lambda: _direct(direct, "SELECT 1"), queries)
    for label, share, target in (("p50", 0.5, "<= 50 ms"), ("p95", 0.95, "")):
        results.add(
            Figure(
                "athena",
                f"warm SELECT 1, {label} of {queries}",
                round(percentile(through, share), 1),
                "ms",
                target,
                "Trino direct",
                round(percentile(straight, share), 1),
            )
        )


def latency(s3, glue, athena, queries: int, results: Results) -> None:
    sample = sorted((PROJECT_ROOT / "sample_data").glob("*.csv"))
    for path in sample:
        s3.put_object(Bucket="bench-athena", Key=f"sample/{path.name}", Body=path.read_bytes())
    _table(
        glue,
        "sample",
        "s3://bench-athena/sample/",
        [("user_id", "string"), ("event_type", "string"), ("event_time", "string")],
        header=True,
    )
    for label, sql in [
        (
            "SELECT ... LIMIT 10 on the sample",
            "SELECT user_id, event_type FROM sample WHERE event_type = 'click' LIMIT 10",
        ),
        ("GROUP BY on the sample", "SELECT event_type, count(*) FROM sample GROUP BY event_type"),
        (
            "the sample's rows with $path, all pages",
            'SELECT user_id, event_type, event_time, "$path" FROM sample',
        ),
    ]:
        timings = _timed(functools.partial(_query, athena, sql), queries)
        results.add(
            Figure("athena", f"{label}, p50 of {queries}", round(statistics.median(timings), 1), "ms")
        )


def big_table(s3, glue, size_mb: int) -> int:
    rows_per_block = 20_000
    block = "".join(
        ROW.format(j % 50_000, EVENT_TYPES[j % 4], 1 + j % 28, j % 60, j % 1000)
        for j in range(rows_per_block)
    ).encode()
    with tempfile.TemporaryFile() as data:
        while data.tell() < size_mb * 1024 * 1024:
            data.write(block)
        size = data.tell()
        data.seek(0)
        upload = time.perf_counter()
        s3.upload_fileobj(data, "bench-athena", "big/events.csv")
        print(
            f"generated and uploaded {size / 1024**2:.0f} MB in {time.perf_counter() - upload:.1f} s (not timed)"
        )
    _table(
        glue,
        "big",
        "s3://bench-athena/big/",
        [("user_id", "string"), ("event_type", "string"), ("event_time", "timestamp"), ("amount", "double")],
        header=False,
    )
    return size


GROUP_BY = "SELECT event_type, count(*), sum(amount), max(event_time) FROM {table} GROUP BY 1"


def _direct(connection, sql: str) -> list:
    cursor = connection.cursor()
    cursor.execute(sql)
    return cursor.fetchall()


def scans(athena, direct, size: int, results: Results) -> None:
    _query(athena, "CREATE TABLE big_parquet WITH (format = 'PARQUET') AS SELECT * FROM big")  # not timed
    for table, kind in (("big", "CSV"), ("big_parquet", "Parquet")):
        sql = GROUP_BY.format(table=table)
        seconds, execution, _ = _query(athena, sql)
        started = time.perf_counter()
        _direct(direct, sql)
        straight = time.perf_counter() - started
        scanned = execution["Statistics"]["DataScannedInBytes"]
        results.add(
            Figure(
                "athena",
                f"GROUP BY over {size / 1024**3:.2f} GB of CSV rows as {kind}",
                round(seconds, 2),
                "s",
                reference="Trino direct",
                reference_value=round(straight, 2),
                note=f"{scanned / 1024**2:.0f} MB scanned",
            )
        )


def main(argv: list[str] | None = None, results: Results | None = None) -> Results:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=int(os.environ.get("BENCH_ATHENA_QUERIES", 100)))
    parser.add_argument("--size-mb", type=int, default=int(os.environ.get("BENCH_ATHENA_SIZE_MB", 1024)))
    args = parser.parse_args(argv or [])
    results = results if results is not None else Results()
    with GatewayServer(port=0) as gateway:
        started = time.perf_counter()
        server = gateway.runtime.athena.trino_for(ACCOUNT, "us-east-1")
        results.add(
            Figure(
                "athena",
                "Trino ready after the gateway's start",
                round(time.perf_counter() - started, 1),
                "s",
            )
        )
        s3, glue, athena = _clients(gateway.url)
        glue.create_database(DatabaseInput={"Name": "bench"})
        s3.create_bucket(Bucket="bench-athena")
        s3.create_bucket(Bucket="bench-athena-results")
        direct = trino.dbapi.connect(
            host="127.0.0.1", port=server.port, user="bench", catalog=ATHENA_CATALOG, schema="bench"
        )
        select_one(athena, direct, args.queries, results)
        latency(s3, glue, athena, args.queries, results)
        size = big_table(s3, glue, args.size_mb)
        scans(athena, direct, size, results)
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
