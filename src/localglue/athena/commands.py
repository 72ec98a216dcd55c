"""`localglue athena "<sql>"`: run a query on the running localglue and print the result as a table."""

from __future__ import annotations

import argparse
import time

from .. import console, endpoint
from ..console import CommandError, print_json

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
    endpoint.add_connection_options(athena)
    console.add_output_option(athena)
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


class QueryFailed(RuntimeError):
    pass


def run_query(
    athena,
    sql: str,
    *,
    database: str = "default",
    workgroup: str = "primary",
    output_location: str | None = None,
    timeout: float = 600,
) -> tuple[list[str], list[list[str | None]], dict]:
    """Run `sql` to its end; return the column names, the rows (header row dropped) and the execution."""
    request = {"QueryString": sql, "WorkGroup": workgroup, "QueryExecutionContext": {"Database": database}}
    if output_location:
        request["ResultConfiguration"] = {"OutputLocation": output_location}
    try:
        query_id = athena.start_query_execution(**request)["QueryExecutionId"]
    except athena.exceptions.InvalidRequestException as err:
        raise QueryFailed(err.response["Error"]["Message"]) from None
    deadline, pause = time.monotonic() + timeout, 0.01
    while True:
        execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        state = execution["Status"]["State"]
        if state not in ("QUEUED", "RUNNING"):
            break
        if time.monotonic() > deadline:
            athena.stop_query_execution(QueryExecutionId=query_id)
            raise QueryFailed(f"query {query_id} still {state} after {timeout:g} s; stopped")
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
    if state != "SUCCEEDED":
        raise QueryFailed(f"{state}: {execution['Status'].get('StateChangeReason', '')}")
    header, rows = [], []
    for number, page in enumerate(
        athena.get_paginator("get_query_results").paginate(QueryExecutionId=query_id)
    ):
        values = [[d.get("VarCharValue") for d in r["Data"]] for r in page["ResultSet"]["Rows"]]
        if number == 0:
            header = [c["Name"] for c in page["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]]
            if execution["StatementType"] == "DML" and values:
                values = values[1:]  # the header row Athena puts first
        rows.extend(values)
    return header, rows, execution


def cmd_athena(args: argparse.Namespace) -> int:
    athena = endpoint.client("athena", args.endpoint_url, args.region)
    try:
        header, rows, execution = run_query(
            athena,
            args.sql,
            database=args.database,
            workgroup=args.workgroup,
            output_location=args.output_location,
            timeout=args.timeout,
        )
    except QueryFailed as err:
        raise CommandError(str(err)) from err
    stats = execution["Statistics"]
    if args.output == "json":
        print_json(
            {
                "QueryExecutionId": execution["QueryExecutionId"],
                "Columns": header,
                "Rows": rows,
                "DataScannedInBytes": stats["DataScannedInBytes"],
                "TotalExecutionTimeInMillis": stats["TotalExecutionTimeInMillis"],
                "OutputLocation": execution["ResultConfiguration"]["OutputLocation"],
            }
        )
        return 0
    if header:
        print(render_table(header, rows))
    console.line(
        f"({len(rows)} row{'s' if len(rows) != 1 else ''}, {stats['DataScannedInBytes']} bytes scanned, "
        f"{stats['TotalExecutionTimeInMillis']} ms; results: {execution['ResultConfiguration']['OutputLocation']})"
    )
    return 0
