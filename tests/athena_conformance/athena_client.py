"""One statement through Athena's API, as a user's boto3 code runs it: start, wait, read the pages."""

from __future__ import annotations

import time
from typing import Any

from .compare import AthenaAnswer

FINAL_STATES = ("SUCCEEDED", "FAILED", "CANCELLED")
TIMEOUT_SECONDS = 120.0


def run_on_athena(athena: Any, sql: str, database: str, output_location: str) -> AthenaAnswer:
    execution_id = athena.start_query_execution(
        QueryString=sql,
        QueryExecutionContext={"Database": database},
        ResultConfiguration={"OutputLocation": output_location},
    )["QueryExecutionId"]
    deadline, pause = time.monotonic() + TIMEOUT_SECONDS, 0.01
    while True:
        status = athena.get_query_execution(QueryExecutionId=execution_id)["QueryExecution"]["Status"]
        if status["State"] in FINAL_STATES:
            break
        if time.monotonic() > deadline:
            return AthenaAnswer("TIMED OUT", reason=f"still {status['State']} after {TIMEOUT_SECONDS:.0f} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
    if status["State"] != "SUCCEEDED":
        return AthenaAnswer(status["State"], reason=status.get("StateChangeReason", ""))
    columns: list[dict] = []
    rows: list[list[str | None]] = []
    for page in athena.get_paginator("get_query_results").paginate(QueryExecutionId=execution_id):
        result = page["ResultSet"]
        columns = columns or result["ResultSetMetadata"]["ColumnInfo"]
        rows.extend([datum.get("VarCharValue") for datum in row["Data"]] for row in result["Rows"])
    # a SELECT's first row is its header: the column names
    return AthenaAnswer("SUCCEEDED", columns, rows[1:])
