"""Record the suite's expected answers from plain Trino: `make conformance-record`.

Starts a Trino server of its own (localglue.trino, the version Athena engine 3 runs) with a `memory`
catalog, creates the suite's tables there from `tables.py`, runs every statement of `sql/` with the
session time zone UTC, twice (an answer that changes between runs is not deterministic: the recording
stops and names it), and writes `expected/<area>.json`: per statement its SQL, whether its rows are
ordered, the column names and Trino types and the rows as protocol values, or the error name and message.

It also checks the Parquet files the offline check puts in localglue's S3 (`glue_tables.parquet_file`):
read by Trino's Hive connector (a `hive` catalog on local files) as tables of the declared Trino types,
each must give exactly the rows of its memory table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import trino

from localglue.trino import install
from localglue.trino.server import TrinoServer, TrinoSettings

from .expected import EXPECTED_FOLDER, write_expected
from .glue_tables import parquet_file, partition_folders
from .statements import Statement, load_statements
from .tables import SCHEMA, TABLES, Table
from .trino_literals import create_table_sql

CATALOG, PARQUET_CATALOG = "memory", "hive"
USER = "conformance"
PARALLEL = 4


def _connect(port: int) -> Callable[[], Any]:
    def connect() -> Any:
        return trino.dbapi.connect(
            host="127.0.0.1",
            port=port,
            user=USER,
            catalog=CATALOG,
            schema=SCHEMA,
            timezone="UTC",
            legacy_primitive_types=True,
        )

    return connect


def _execute(connect: Callable[[], Any], sql: str) -> dict:
    cursor = connect().cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    except trino.exceptions.TrinoQueryError as error:
        return {"error": {"name": error.error_name, "message": error.message}}
    finally:
        cursor.close()
    return {"columns": [{"name": d.name, "type": d.type_code} for d in cursor.description], "rows": rows}


def _stable(answer: dict, ordered: bool) -> dict:
    """The answer in a form equal across runs: the rows of an unordered result (a bag) sorted by their
    JSON text, so a new recording differs from the last only where an answer did."""
    if "rows" in answer and not ordered:
        return {**answer, "rows": sorted(answer["rows"], key=lambda row: json.dumps(row, sort_keys=True))}
    return answer


def _record(connect: Callable[[], Any], statement: Statement) -> tuple[Statement, dict, str | None]:
    first, second = _execute(connect, statement.sql), _execute(connect, statement.sql)
    problem = None
    if _stable(first, statement.ordered) != _stable(second, statement.ordered):
        problem = (
            f"{statement.key} (line {statement.line}): two runs answered differently (not deterministic)"
        )
    return (
        statement,
        {"sql": statement.sql, "ordered": statement.ordered, **_stable(first, statement.ordered)},
        problem,
    )


def create_tables(connect: Callable[[], Any]) -> None:
    cursor = connect().cursor()
    for catalog in (CATALOG, PARQUET_CATALOG):
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {catalog}.{SCHEMA}")
        cursor.fetchall()
    for table in TABLES:
        for sql in create_table_sql(table):
            cursor.execute(sql)
            cursor.fetchall()


def _parquet_table(connect: Callable[[], Any], table: Table, files: Path) -> str | None:
    """The table's Parquet files as a Hive table of plain Trino; why its rows differ from memory's, if so."""
    for folder, rows in partition_folders(table).items():
        (files / table.name / folder).mkdir(parents=True, exist_ok=True)
        (files / table.name / folder / "part-00000.parquet").write_bytes(parquet_file(table, rows))
    columns = ", ".join(f"{name} {kind.trino}" for name, kind in table.all_columns)
    properties = f"format = 'PARQUET', external_location = 'local:///files/{table.name}'"
    if table.partition_keys:
        properties += ", partitioned_by = ARRAY[" + ", ".join(f"'{n}'" for n, _ in table.partition_keys) + "]"
    cursor = connect().cursor()
    statements = [f"CREATE TABLE {PARQUET_CATALOG}.{SCHEMA}.{table.name} ({columns}) WITH ({properties})"]
    if table.partition_keys:
        statements.append(
            f"CALL {PARQUET_CATALOG}.system.sync_partition_metadata('{SCHEMA}', '{table.name}', 'ADD')"
        )
    for sql in statements:
        cursor.execute(sql)
        cursor.fetchall()
    answers = [
        _execute(connect, f"SELECT * FROM {catalog}.{SCHEMA}.{table.name} ORDER BY id")
        for catalog in (CATALOG, PARQUET_CATALOG)
    ]
    if answers[0] != answers[1]:
        failure = answers[1].get("error", "other rows")
        return f"table {table.name}: its Parquet files read through the Hive connector differ: {failure}"
    return None


def record(statements: list[Statement], folder: Path = EXPECTED_FOLDER) -> list[str]:
    """Record every statement's answer into `folder`; the problems found (empty when all went well)."""
    with tempfile.TemporaryDirectory(prefix="localglue-conformance-") as scratch:
        catalogs = {
            CATALOG: {"connector.name": "memory"},
            PARQUET_CATALOG: {
                "connector.name": "hive",
                "hive.metastore": "file",
                "hive.metastore.catalog.dir": "local:///metastore",
                "fs.native-local.enabled": "true",
                "local.location": scratch,
            },
        }
        server = TrinoServer(Path(scratch) / "server", catalogs, settings=TrinoSettings("1G", "512MB"))
        server.start()
        try:
            server.wait_ready()
            connect = _connect(server.port)
            create_tables(connect)
            parquet_problems = [_parquet_table(connect, table, Path(scratch) / "files") for table in TABLES]
            with ThreadPoolExecutor(PARALLEL) as pool:
                results = list(pool.map(lambda s: _record(connect, s), statements))
        finally:
            server.stop()
    answers: dict[str, dict[str, dict]] = {}
    for statement, answer, _ in results:
        answers.setdefault(statement.area, {})[statement.name] = answer
    write_expected(answers, f"Trino {install.VERSION}, memory catalog, session time zone UTC", folder)
    return [problem for problem in parquet_problems if problem] + [
        problem for _, _, problem in results if problem
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--area", action="append", help="record only this area (sql/<area>.sql); repeatable")
    options = parser.parse_args()
    statements = load_statements()
    if options.area:
        statements = [s for s in statements if s.area in options.area]
    started = time.monotonic()
    problems = record(statements)
    areas = len({s.area for s in statements})
    print(f"recorded {len(statements)} statements of {areas} areas in {time.monotonic() - started:.0f} s")
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
