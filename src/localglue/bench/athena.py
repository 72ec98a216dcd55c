"""Athena on localglue: query latency on the sample data and scan throughput on a 1 GB CSV table.

Latency is what a client sees: StartQueryExecution -> polling GetQueryExecution -> GetQueryResults.
Throughput is DataScannedInBytes / EngineExecutionTimeInMillis of a full scan.
`python -m localglue.bench.athena --queries 50 --size-mb 1024` (the defaults).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from .. import endpoint
from ..server import GatewayServer
from . import BENCH_KEYS
from ..paths import PROJECT_ROOT

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
                "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
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


def latency(s3, glue, athena, queries: int) -> None:
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
    size = sum(p.stat().st_size for p in sample)
    for label, sql in [
        (
            "simple SELECT ... LIMIT 10 (target p50 < 150 ms)",
            "SELECT user_id, event_type FROM sample WHERE event_type = 'click' LIMIT 10",
        ),
        ("aggregate over all rows", "SELECT event_type, count(*) FROM sample GROUP BY event_type"),
        (
            "the job's full read with $path (all rows paged through GetQueryResults)",
            'SELECT user_id, event_type, event_time, "$path" FROM sample',
        ),
    ]:
        _query(athena, sql)  # warm-up: Trino's first plan of the table, imports
        timings, engine, rows = [], [], 0
        for _ in range(queries):
            seconds, execution, rows = _query(athena, sql)
            timings.append(seconds * 1000)
            engine.append(execution["Statistics"]["EngineExecutionTimeInMillis"])
        timings.sort()
        print(
            f"{label}, {len(sample)} sample files ({size / 1024:.0f} KB), {rows - 1} rows back: "
            f"p50 {statistics.median(timings):.0f} ms, p90 {timings[int(len(timings) * 0.9) - 1]:.0f} ms, "
            f"max {timings[-1]:.0f} ms over {queries} queries; engine p50 {statistics.median(engine):.0f} ms"
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


def throughput(athena, size: int) -> None:
    for label, sql in [
        ("count(*)", "SELECT count(*) FROM big"),
        ("typed aggregate", "SELECT event_type, count(*), sum(amount), max(event_time) FROM big GROUP BY 1"),
    ]:
        seconds, execution, _ = _query(athena, sql)
        stats = execution["Statistics"]
        engine = stats["EngineExecutionTimeInMillis"] / 1000
        print(
            f"1 GB scan, {label}: {seconds:.1f} s end to end, engine {engine:.1f} s, "
            f"{stats['DataScannedInBytes'] / 1024**2 / engine:.0f} MB/s scanned ({size / 1024**2:.0f} MB)"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=int(os.environ.get("BENCH_ATHENA_QUERIES", 50)))
    parser.add_argument("--size-mb", type=int, default=int(os.environ.get("BENCH_ATHENA_SIZE_MB", 1024)))
    args = parser.parse_args(argv or [])
    with GatewayServer(port=0) as gateway:
        s3, glue, athena = _clients(gateway.url)
        glue.create_database(DatabaseInput={"Name": "bench"})
        s3.create_bucket(Bucket="bench-athena")
        s3.create_bucket(Bucket="bench-athena-results")
        latency(s3, glue, athena, args.queries)
        size = big_table(s3, glue, args.size_mb)
        throughput(athena, size)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
