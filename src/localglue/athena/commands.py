"""`localglue athena "<sql>"`: run a query on the running localglue and print the result as a table."""

from __future__ import annotations

import argparse
import os
import sys
import time

DEFAULT_ENDPOINT = "http://127.0.0.1:4566"
NULL_SHOWN = "NULL"


def add_commands(commands) -> None:
    athena = commands.add_parser(
        "athena", help="run an Athena SQL statement on localglue and print the result"
    )
    athena.add_argument("sql", help='the statement, e.g. "SELECT * FROM db.events LIMIT 10"')
    athena.add_argument(
        "--database", default="default", help="database for unqualified tables (default %(default)s)"
    )
    athena.add_argument("--workgroup", default="primary", help="workgroup (default %(default)s)")
    athena.add_argument(
        "--output-location", help="s3:// prefix for result files, unless the workgroup enforces one"
    )
    athena.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL", DEFAULT_ENDPOINT))
    athena.add_argument("--region", default=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    athena.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the query (default %(default)s)"
    )
    athena.set_defaults(func=cmd_athena)


def render_table(header: list[str], rows: list[list[str | None]]) -> str:
    """A plain text table: columns padded to their widest value, NULL spelled out."""
    shown = [[NULL_SHOWN if v is None else v for v in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in shown]) for i, name in enumerate(header)]

    def line(values: list[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(header), rule] + [line(row) for row in shown])


def cmd_athena(args: argparse.Namespace) -> int:
    import boto3

    athena = boto3.client(
        "athena",
        region_name=args.region,
        endpoint_url=args.endpoint_url,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
    )
    request = {
        "QueryString": args.sql,
        "WorkGroup": args.workgroup,
        "QueryExecutionContext": {"Database": args.database},
    }
    if args.output_location:
        request["ResultConfiguration"] = {"OutputLocation": args.output_location}
    try:
        query_id = athena.start_query_execution(**request)["QueryExecutionId"]
    except athena.exceptions.InvalidRequestException as err:
        message = err.response["Error"]["Message"]
        print(f"error: {message}", file=sys.stderr)
        if "No output location" in message:
            print(
                "  pass --output-location s3://<bucket>/<prefix>/ or give the workgroup one", file=sys.stderr
            )
        return 2
    deadline, pause = time.monotonic() + args.timeout, 0.01
    while True:
        execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        state = execution["Status"]["State"]
        if state not in ("QUEUED", "RUNNING"):
            break
        if time.monotonic() > deadline:
            athena.stop_query_execution(QueryExecutionId=query_id)
            print(f"error: query {query_id} still {state} after {args.timeout:g} s; stopped", file=sys.stderr)
            return 1
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
    if state != "SUCCEEDED":
        print(f"{state}: {execution['Status'].get('StateChangeReason', '')}", file=sys.stderr)
        return 1
    header, rows = None, []
    for page in athena.get_paginator("get_query_results").paginate(QueryExecutionId=query_id):
        columns = [c["Name"] for c in page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]]
        values = [[d.get("VarCharValue") for d in r["Data"]] for r in page["ResultSet"]["Rows"]]
        if header is None:
            header = columns
            if execution["StatementType"] == "DML" and values:
                values = values[1:]  # the header row Athena puts first
        rows.extend(values)
    if header:
        print(render_table(header, rows))
    stats = execution["Statistics"]
    print(
        f"({len(rows)} row{'s' if len(rows) != 1 else ''}, {stats['DataScannedInBytes']} bytes scanned, "
        f"{stats['TotalExecutionTimeInMillis']} ms; results: {execution['ResultConfiguration']['OutputLocation']})"
    )
    return 0
