"""Crawl time for 1,000 small CSV files and for one 1 GB CSV file, on a gateway of this process.

Uploads are not timed; the figure is StartCrawler -> crawler READY with the table written.
`python -m localglue.bench.crawlers --files 1000 --size-mb 1024` (the defaults).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from .. import endpoint
from ..server import GatewayServer
from . import BENCH_KEYS

ROW = "u{:06d},click,2024-01-01 10:{:02d}:00,{}.5\n"
HEADER = "user_id,event_type,event_time,amount\n"


def _clients(url: str):
    return tuple(endpoint.client(name, url, "us-east-1", credentials=BENCH_KEYS) for name in ("s3", "glue"))


def _crawl_seconds(glue, crawler: str) -> float:
    started = time.perf_counter()
    glue.start_crawler(Name=crawler)
    while True:
        state = glue.get_crawler(Name=crawler)["Crawler"]
        if state["State"] == "READY" and "LastCrawl" in state:
            elapsed = time.perf_counter() - started
            if state["LastCrawl"]["Status"] != "SUCCEEDED":
                raise RuntimeError(f"crawl of {crawler} ended {state['LastCrawl']}")
            return elapsed
        time.sleep(0.01)


def _crawler(glue, name: str, path: str) -> str:
    glue.create_crawler(
        Name=name, Role="bench", DatabaseName="bench", Targets={"S3Targets": [{"Path": path}]}
    )
    return name


def small_files(s3, glue, count: int) -> None:
    s3.create_bucket(Bucket="bench-small")
    for i in range(count):
        body = HEADER + "".join(ROW.format(i * 10 + j, j, j) for j in range(10))
        s3.put_object(Bucket="bench-small", Key=f"events/day={i % 10}/part-{i:05d}.csv", Body=body.encode())
    seconds = _crawl_seconds(glue, _crawler(glue, "bench-small", "s3://bench-small/events/"))
    table = glue.get_table(DatabaseName="bench", Name="events")["Table"]
    print(
        f"{count} small files ({table['Parameters']['sizeKey']} bytes, 10 partitions): crawl {seconds:.2f} s, "
        f"recordCount {table['Parameters']['recordCount']}"
    )


def one_big_file(s3, glue, size_mb: int) -> None:
    s3.create_bucket(Bucket="bench-big")
    rows_per_block = 20_000
    block = "".join(ROW.format(j, j % 60, j) for j in range(rows_per_block)).encode()
    rows = 0
    with tempfile.TemporaryFile() as data:
        data.write(HEADER.encode())
        while data.tell() < size_mb * 1024 * 1024:
            data.write(block)
            rows += rows_per_block
        size = data.tell()
        data.seek(0)
        upload = time.perf_counter()
        s3.upload_fileobj(data, "bench-big", "big/events.csv")
        upload = time.perf_counter() - upload
    seconds = _crawl_seconds(glue, _crawler(glue, "bench-big", "s3://bench-big/big/"))
    table = glue.get_table(DatabaseName="bench", Name="big")["Table"]
    print(
        f"one {size / 1024**2:.0f} MB file (upload {upload:.1f} s, not timed): crawl {seconds:.2f} s, "
        f"estimated recordCount {table['Parameters']['recordCount']} (actual {rows})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=int(os.environ.get("BENCH_CRAWL_FILES", 1000)))
    parser.add_argument("--size-mb", type=int, default=int(os.environ.get("BENCH_CRAWL_SIZE_MB", 1024)))
    args = parser.parse_args(argv or [])
    with GatewayServer(port=0) as gateway:
        s3, glue = _clients(gateway.url)
        glue.create_database(DatabaseInput={"Name": "bench"})
        small_files(s3, glue, args.files)
        one_big_file(s3, glue, args.size_mb)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
