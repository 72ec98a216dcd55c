"""Athena SQL conformance: every statement of tests/athena_conformance/sql through localglue's Athena
(boto3 on the session gateway, over Glue tables of Parquet files in the local S3), each answer compared
with the one recorded from plain Trino (`make conformance-record`; no Trino of the recording runs here).

Prints `n of N agree, x%` and a table of the disagreements with their reasons. Fails when the agreement is
below `min_agreement` of known_differences.toml, when a listed known difference agrees, or when a statement
has no recording or its recording is of other SQL.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from athena_conformance.athena_client import run_on_athena
from athena_conformance.compare import compare
from athena_conformance.expected import load_expected
from athena_conformance.glue_tables import create_tables
from athena_conformance.known import load_known
from athena_conformance.statements import Statement, load_statements
from athena_conformance.tables import SCHEMA
from athena_conformance.verdict import judge
from botocore.config import Config

pytestmark = pytest.mark.integration

DATA_BUCKET, RESULTS_BUCKET = "athena-conformance-data", "athena-conformance-results"
# the Glue database: the recording's schema, so table names in messages read the same
DATABASE = SCHEMA
PARALLEL = 8


@pytest.fixture(scope="module")
def athena(client, aws_env):
    s3, glue = client("s3"), client("glue")
    s3.create_bucket(Bucket=DATA_BUCKET)
    s3.create_bucket(Bucket=RESULTS_BUCKET)
    create_tables(s3, glue, DATA_BUCKET, DATABASE)
    yield boto3.client("athena", endpoint_url=aws_env, config=Config(max_pool_connections=PARALLEL * 2))
    for table in glue.get_tables(DatabaseName=DATABASE)["TableList"]:
        glue.delete_table(DatabaseName=DATABASE, Name=table["Name"])
    glue.delete_database(Name=DATABASE)


def test_statements_agree_with_plain_trino(athena, capsys):
    statements = load_statements()
    recorded = load_expected()
    known = load_known()
    unrecorded = [s.key for s in statements if recorded.get(s.key, {}).get("sql") != s.sql]
    assert not unrecorded, (
        f"not recorded, or recorded for other SQL (run make conformance-record): {unrecorded}"
    )

    def check(statement: Statement) -> str | None:
        answer = run_on_athena(athena, statement.sql, DATABASE, f"s3://{RESULTS_BUCKET}/{statement.area}/")
        return compare(recorded[statement.key], statement.ordered, answer, SCHEMA, DATABASE)

    started = time.monotonic()
    with ThreadPoolExecutor(PARALLEL) as pool:
        reasons = dict(zip((s.key for s in statements), pool.map(check, statements)))
    verdict = judge(reasons, known)
    with capsys.disabled():
        print(f"\n{verdict.report()}\n({time.monotonic() - started:.0f} s for {len(statements)} statements)")
    assert not verdict.failures, "; ".join(verdict.failures)
