"""Load cases: 50 Athena queries at once each get their own right answer; a gateway's memory after 1,000
queries does not keep growing with them. A gateway of its own, so that its memory is its own."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest

from athena_queries import rows
from gateway_process import start_gateway, stop_gateway

pytestmark = pytest.mark.slow

REGION = "us-east-1"
BUCKET = "load-data"
# 40 rows: v = 1..40, k = v % 4; every query below is checked against these, computed here
ROWS = [(v, v % 4) for v in range(1, 41)]


@pytest.fixture(scope="module")
def athena():
    process, url = start_gateway()
    options = dict(endpoint_url=url, region_name=REGION, aws_access_key_id="t", aws_secret_access_key="t")
    s3, glue = boto3.client("s3", **options), boto3.client("glue", **options)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="numbers/n.csv", Body="".join(f"{v},{k}\n" for v, k in ROWS).encode())
    glue.create_database(DatabaseInput={"Name": "load"})
    glue.create_table(
        DatabaseName="load",
        TableInput={
            "Name": "numbers",
            "TableType": "EXTERNAL_TABLE",
            "StorageDescriptor": {
                "Columns": [{"Name": "v", "Type": "bigint"}, {"Name": "k", "Type": "bigint"}],
                "Location": f"s3://{BUCKET}/numbers/",
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    "Parameters": {"field.delim": ","},
                },
            },
        },
    )
    client = boto3.client("athena", **options)
    yield client, process.pid
    stop_gateway(process)


def answer(athena, sql: str, timeout: float = 300) -> list[list[str | None]]:
    return rows(athena, sql, "load", f"s3://{BUCKET}/results/", timeout)


def rss_kib(pid: int) -> int:
    """Resident memory of one process, from Linux's /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and every process under it (Trino's JVM among them)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    return sum(rss_kib(pid) for pid in tree if Path(f"/proc/{pid}").exists())


def test_fifty_queries_at_once_each_get_their_own_answer(athena):
    client, _ = athena
    assert answer(client, "SELECT count(*) FROM numbers") == [["40"]]  # Trino up before the burst

    def one(i: int) -> tuple[int, list[list[str | None]]]:
        k = i % 4
        return i, answer(client, f"SELECT {i} AS i, count(*), sum(v) FROM numbers WHERE k = {k}")

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(50)))
    for i, answered in results:
        values = [v for v, k in ROWS if k == i % 4]
        assert answered == [[str(i), str(len(values)), str(sum(values))]], i


def test_memory_after_a_thousand_queries_does_not_grow_with_them(athena):
    client, gateway_pid = athena

    def one(i: int) -> None:
        assert answer(client, f"SELECT {i} + max(v) FROM numbers") == [[str(i + 40)]]

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, range(100)))
        warm_gateway, warm_tree = rss_kib(gateway_pid), tree_rss_kib(gateway_pid)
        list(pool.map(one, range(100, 1000)))
    gateway, tree = rss_kib(gateway_pid), tree_rss_kib(gateway_pid)
    print(
        f"after 100 queries: gateway {warm_gateway // 1024} MiB, with Trino {warm_tree // 1024} MiB; "
        f"after 1000: gateway {gateway // 1024} MiB, with Trino {tree // 1024} MiB"
    )
    # 900 more executions are kept (as Athena keeps them, for 45 days), their results in S3: a few
    # kilobytes each, not the megabytes a leak of results, threads or connections would cost
    assert gateway - warm_gateway < 100 * 1024, (warm_gateway, gateway)
    # Trino's JVM grows into its heap (2 GiB by default) as it likes; the whole stays within a laptop's means
    assert tree < (2 + 1.5) * 1024 * 1024 + gateway, (warm_tree, tree)
    ids = [
        query_id
        for page in client.get_paginator("list_query_executions").paginate()
        for query_id in page["QueryExecutionIds"]
    ]
    assert len(ids) >= 1000
