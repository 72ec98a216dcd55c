"""Athena through boto3 (and once the aws CLI) on the gateway: real SQL over catalog tables in the local S3,
checked against DuckDB run directly on local copies of the same files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import boto3
import duckdb
import pytest
from botocore.exceptions import ClientError

import athena_queries
from localglue.testing import wait_for

SOURCE, RESULTS = "athena-it-source", "athena-it-results"
OUTPUT = f"s3://{RESULTS}/queries/"
DB = "athena_it"
OPEN_CSV = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
LAZY_SIMPLE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
# Every Glue table Athena reads names its input and output formats (Athena fails a table without them)
TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
EVENT_TYPES = ["click", "view", "buy", "scroll, fast", 'say "hi"']


def events_csv(seed: int, rows: int) -> bytes:
    """A Glue-crawler-like events file: header, quoted fields, a few empty times."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["user_id", "event_type", "event_time"])
    for i in range(rows):
        minute = rng.randrange(0, 60 * 24 * 3)
        when = (
            ""
            if i % 97 == 0
            else f"2024-03-{1 + minute // 1440:02d} {minute % 1440 // 60:02d}:{minute % 60:02d}:{rng.randrange(60):02d}"
        )
        writer.writerow([f"u{rng.randrange(40):02d}", rng.choice(EVENT_TYPES), when])
    return out.getvalue().encode()


USERS_TSV = b"u00\tFR\t10\nu01\t\t\\N\nu02\tDE\tabc\nu03\t\\N\t7\n"
SALES = {"2024-03-01": b"u00,5\nu01,7\n", "2024-03-02": b"u00,1\nu02,2\nu03,4\n", "2024-03-03": b"u01,9\n"}


@pytest.fixture(scope="module")
def athena(client, athena_engine):
    return client("athena")


@pytest.fixture(scope="module")
def files(client, tmp_path_factory):
    """The tables' files, put in the local S3 and kept on local disk for the reference DuckDB."""
    s3, glue = client("s3"), client("glue")
    local = tmp_path_factory.mktemp("athena")
    s3.create_bucket(Bucket=SOURCE)
    s3.create_bucket(Bucket=RESULTS)
    contents = {
        "events/part-1.csv": events_csv(1, 1500),
        "events/part-2.csv": events_csv(2, 1000),
        "events/_SUCCESS": b"",
        "users/users.tsv": USERS_TSV,
    }
    contents.update({f"sales/dt={dt}/sales.csv": body for dt, body in SALES.items()})
    for key, body in contents.items():
        s3.put_object(Bucket=SOURCE, Key=key, Body=body)
        (local / key).parent.mkdir(parents=True, exist_ok=True)
        (local / key).write_bytes(body)
    glue.create_database(DatabaseInput={"Name": DB})
    columns = [{"Name": n, "Type": "string"} for n in ("user_id", "event_type", "event_time")]
    glue.create_table(
        DatabaseName=DB,
        TableInput={
            "Name": "events",
            "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {
                "Columns": columns,
                "Location": f"s3://{SOURCE}/events/",
                "InputFormat": TEXT_INPUT,
                "OutputFormat": TEXT_OUTPUT,
                "SerdeInfo": {
                    "SerializationLibrary": OPEN_CSV,
                    "Parameters": {"separatorChar": ",", "quoteChar": '"'},
                },
            },
        },
    )
    glue.create_table(
        DatabaseName=DB,
        TableInput={
            "Name": "users",
            "StorageDescriptor": {
                "Columns": [
                    {"Name": "user_id", "Type": "string"},
                    {"Name": "country", "Type": "string"},
                    {"Name": "score", "Type": "int"},
                ],
                "Location": f"s3://{SOURCE}/users/",
                "InputFormat": TEXT_INPUT,
                "OutputFormat": TEXT_OUTPUT,
                "SerdeInfo": {"SerializationLibrary": LAZY_SIMPLE, "Parameters": {"field.delim": "\t"}},
            },
        },
    )
    return local


def run(athena, sql: str, *, database: str = DB, timeout: float = 60, **request) -> dict:
    request.setdefault("ResultConfiguration", {"OutputLocation": OUTPUT})
    query_id = athena.start_query_execution(
        QueryString=sql, QueryExecutionContext={"Database": database}, **request
    )["QueryExecutionId"]
    return athena_queries.ended(athena, query_id, timeout)


def rows_of(athena, execution: dict, page_size: int = 1000) -> list[list[str | None]]:
    assert execution["Status"]["State"] == "SUCCEEDED", execution["Status"]
    rows, token = [], None
    while True:
        extra = {"NextToken": token} if token else {}
        page = athena.get_query_results(
            QueryExecutionId=execution["QueryExecutionId"], MaxResults=page_size, **extra
        )
        rows += [[d.get("VarCharValue") for d in r["Data"]] for r in page["ResultSet"]["Rows"]]
        token = page.get("NextToken")
        if not token:
            return rows


def reference(sql: str) -> list[list[str | None]]:
    """DuckDB directly on the local files, values rendered as text."""
    con = duckdb.connect()
    relation = con.sql(sql)
    return [[None if v is None else str(v) for v in row] for row in relation.fetchall()]


def events_ref(local: Path) -> str:
    return f"read_csv('{local}/events/part-*.csv', header=true, all_varchar=true, quote='\"', escape='\"')"


def test_window_query_matches_duckdb_on_the_same_files(athena, files):
    sql = """
        SELECT user_id, event_time,
               date_diff('minute', lag(CAST(event_time AS timestamp)) OVER (PARTITION BY user_id ORDER BY event_time, event_type),
                         CAST(event_time AS timestamp)) AS lag_minutes
        FROM events WHERE event_time <> '' ORDER BY user_id, event_time, event_type"""
    ours = rows_of(athena, run(athena, sql))
    expected = reference(f"""
        SELECT user_id, event_time,
               CAST(floor(epoch(CAST(event_time AS TIMESTAMP) - lag(CAST(event_time AS TIMESTAMP))
                    OVER (PARTITION BY user_id ORDER BY event_time, event_type)) / 60) AS BIGINT)
        FROM {events_ref(files)} WHERE event_time <> '' ORDER BY user_id, event_time, event_type""")
    assert ours[0] == ["user_id", "event_time", "lag_minutes"]
    assert ours[1:] == expected
    assert len(expected) > 2400


def test_join_aggregate_and_lazy_simple_nulls_match_duckdb(athena, files):
    sql = """
        SELECT e.user_id, u.country, u.score, count(*) AS n, count_if(e.event_type = 'buy') AS buys
        FROM events e LEFT JOIN users u ON e.user_id = u.user_id
        GROUP BY e.user_id, u.country, u.score ORDER BY e.user_id"""
    ours = rows_of(athena, run(athena, sql))
    users = (
        f"(SELECT column0 AS user_id, nullif(column1, '\\N') AS country, TRY_CAST(nullif(column2, '\\N') AS INTEGER) AS score "
        f"FROM read_csv('{files}/users/users.tsv', header=false, all_varchar=true, delim='\t', quote='', "
        f"nullstr='\\N'))"
    )
    expected = reference(f"""
        SELECT e.user_id, u.country, u.score, count(*), count(*) FILTER (WHERE e.event_type = 'buy')
        FROM {events_ref(files)} e LEFT JOIN {users} u ON e.user_id = u.user_id
        GROUP BY ALL ORDER BY e.user_id""")
    assert ours[1:] == expected
    by_user = {row[0]: row[1:3] for row in ours[1:]}
    # LazySimpleSerDe: empty string stays a string, \N is NULL, an int that does not parse is NULL
    assert by_user["u00"] == ["FR", "10"] and by_user["u01"] == ["", None]
    assert by_user["u02"] == ["DE", None] and by_user["u03"] == [None, "7"]
    assert by_user["u10"] == [None, None]


def test_results_paginate_with_the_header_on_the_first_page(athena, files):
    execution = run(athena, 'SELECT user_id, event_type, event_time, "$path" FROM events')
    query_id = execution["QueryExecutionId"]
    first = athena.get_query_results(QueryExecutionId=query_id)
    second = athena.get_query_results(QueryExecutionId=query_id, NextToken=first["NextToken"])
    third = athena.get_query_results(QueryExecutionId=query_id, NextToken=second["NextToken"])
    assert [len(p["ResultSet"]["Rows"]) for p in (first, second, third)] == [1000, 1000, 501]
    assert "NextToken" not in third
    header = [d["VarCharValue"] for d in first["ResultSet"]["Rows"][0]["Data"]]
    assert header == ["user_id", "event_type", "event_time", "$path"]
    info = first["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]
    assert [(c["Name"], c["Type"]) for c in info] == [(h, "varchar") for h in header]
    data = rows_of(athena, execution)[1:]
    expected = reference(
        f"SELECT user_id, event_type, coalesce(event_time, ''), 's3://{SOURCE}/events/' || parse_filename(filename) "
        f"FROM read_csv('{files}/events/part-*.csv', header=true, all_varchar=true, filename=true)"
    )
    assert sorted(data, key=str) == sorted(expected, key=str)
    with pytest.raises(ClientError, match="InvalidRequestException"):
        athena.get_query_results(QueryExecutionId=query_id, MaxResults=1001)


def test_results_are_whole_the_moment_a_query_reads_succeeded(athena, files):
    """GetQueryResults right after GetQueryExecution first says SUCCEEDED: every row, never the header
    alone while the result is still being written."""
    for _ in range(3):
        # Trino's sequence() stops at 10,000 values: 10,001 rows with the header, 11 pages
        execution = run(athena, "SELECT x, x * 2 AS twice FROM UNNEST(sequence(1, 10000)) AS t(x)")
        first = athena.get_query_results(QueryExecutionId=execution["QueryExecutionId"])
        assert len(first["ResultSet"]["Rows"]) == 1000 and "NextToken" in first
        rows = rows_of(athena, execution)
        assert rows[0] == ["x", "twice"]
        assert sorted(rows[1:], key=lambda row: int(row[0])) == [
            [str(x), str(2 * x)] for x in range(1, 10001)
        ]


def test_result_file_is_athena_csv_with_metadata(athena, client, files):
    s3 = client("s3")
    sql = """SELECT 'a"b' AS quoted, CAST(NULL AS varchar) AS missing, '' AS empty, 42 AS n,
                    timestamp '2024-03-01 10:00:00' AS ts, 2.5e0 AS d, true AS flag"""
    execution = run(athena, sql)
    location = execution["ResultConfiguration"]["OutputLocation"]
    assert location == f"{OUTPUT}{execution['QueryExecutionId']}.csv"
    body = s3.get_object(Bucket=RESULTS, Key=location.split("/", 3)[3])["Body"].read()
    assert body == (
        b'"quoted","missing","empty","n","ts","d","flag"\n'
        b'"a""b",,"","42","2024-03-01 10:00:00","2.5","true"\n'
    )
    metadata = s3.get_object(Bucket=RESULTS, Key=location.split("/", 3)[3] + ".metadata")["Body"].read()
    assert [c["Type"] for c in json.loads(metadata)["ColumnInfo"]] == [
        "varchar",
        "varchar",
        "varchar",
        "integer",
        "timestamp",
        "double",
        "boolean",
    ]
    rows = rows_of(athena, execution)
    assert rows[1] == ['a"b', None, "", "42", "2024-03-01 10:00:00", "2.5", "true"]
    runtime = athena.get_query_runtime_statistics(QueryExecutionId=execution["QueryExecutionId"])
    assert runtime["QueryRuntimeStatistics"]["Rows"]["OutputRows"] == 1
    stats = execution["Statistics"]
    assert stats["TotalExecutionTimeInMillis"] >= stats["EngineExecutionTimeInMillis"] >= 0
    assert execution["StatementType"] == "DML" and execution["WorkGroup"] == "primary"


@pytest.mark.parametrize(
    ("sql", "reason", "error_type"),
    [
        (
            "SELECT * FROM nope",
            f"TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.{DB}.nope' does not exist",
            1110,
        ),
        ("SELECT *\nFROM nodb.t", "SCHEMA_NOT_FOUND: line 2:6: Schema 'nodb' does not exist", 1301),
        (
            "SELECT user_id, wrong FROM events",
            "COLUMN_NOT_FOUND: line 1:17: Column 'wrong' cannot be resolved",
            1006,
        ),
        (
            "SELECT user_id FROM events WHERE",
            "SYNTAX_ERROR: line 1:33: mismatched input '<EOF>'. Expecting: <expression>",
            1006,
        ),
        ("SELECT no_such_fn(1)", "FUNCTION_NOT_FOUND: line 1:8: Function 'no_such_fn' not registered", 1303),
    ],
)
def test_errors_use_athena_words_and_positions(athena, files, sql, reason, error_type):
    execution = run(athena, sql)
    status = execution["Status"]
    assert status["State"] == "FAILED"
    assert status["StateChangeReason"] == reason
    assert status["AthenaError"] == {
        "ErrorCategory": 2,
        "ErrorType": error_type,
        "Retryable": False,
        "ErrorMessage": reason,
    }
    with pytest.raises(ClientError, match="Query did not finish successfully"):
        athena.get_query_results(QueryExecutionId=execution["QueryExecutionId"])


def test_a_misspelled_statement_is_a_syntax_error_at_its_word(athena, files):
    status = run(athena, "\n  SELEC 1")["Status"]
    assert status["StateChangeReason"].startswith(
        "SYNTAX_ERROR: line 2:3: mismatched input 'SELEC'. Expecting: "
    )
    assert status["AthenaError"]["ErrorType"] == 1006


def test_ddl_partitions_pruning_ctas_and_drop_reflected_in_glue(athena, client, files):
    glue = client("glue")
    create = f"""CREATE EXTERNAL TABLE IF NOT EXISTS sales (user_id string, amount int)
                 PARTITIONED BY (dt string)
                 ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
                 LOCATION 's3://{SOURCE}/sales/'"""
    assert run(athena, create)["Status"]["State"] == "SUCCEEDED"
    table = glue.get_table(DatabaseName=DB, Name="sales")["Table"]
    assert table["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]
    assert table["StorageDescriptor"]["SerdeInfo"]["Parameters"]["field.delim"] == ","
    assert run(athena, "MSCK REPAIR TABLE sales")["Status"]["State"] == "SUCCEEDED"
    partitions = glue.get_partitions(DatabaseName=DB, TableName="sales")["Partitions"]
    assert sorted(p["Values"][0] for p in partitions) == sorted(SALES)

    pruned = run(
        athena, "SELECT user_id, amount, dt, \"$path\" FROM sales WHERE dt = '2024-03-02' ORDER BY user_id"
    )
    assert pruned["Statistics"]["DataScannedInBytes"] == len(SALES["2024-03-02"])
    assert rows_of(athena, pruned)[1:] == [
        ["u00", "1", "2024-03-02", f"s3://{SOURCE}/sales/dt=2024-03-02/sales.csv"],
        ["u02", "2", "2024-03-02", f"s3://{SOURCE}/sales/dt=2024-03-02/sales.csv"],
        ["u03", "4", "2024-03-02", f"s3://{SOURCE}/sales/dt=2024-03-02/sales.csv"],
    ]
    assert rows_of(athena, run(athena, "SHOW PARTITIONS sales"))[0] == ["dt=2024-03-01"]
    assert ["sales"] in rows_of(athena, run(athena, "SHOW TABLES"))
    described = rows_of(athena, run(athena, "DESCRIBE sales"))
    assert [r[0].split("\t")[0].strip() for r in described[:3]] == ["user_id", "amount", "dt"]

    ctas = run(
        athena,
        "CREATE TABLE sales_by_user AS SELECT user_id, sum(amount) AS total FROM sales GROUP BY user_id",
    )
    assert ctas["Status"]["State"] == "SUCCEEDED", ctas["Status"]
    created = glue.get_table(DatabaseName=DB, Name="sales_by_user")["Table"]
    assert created["StorageDescriptor"]["Location"].startswith(f"{OUTPUT}tables/{ctas['QueryExecutionId']}/")
    assert [c["Type"] for c in created["StorageDescriptor"]["Columns"]] == ["string", "bigint"]
    totals = rows_of(athena, run(athena, "SELECT * FROM sales_by_user ORDER BY user_id"))
    expected = {}
    for body in SALES.values():
        for line in body.decode().split():
            user, amount = line.split(",")
            expected[user] = expected.get(user, 0) + int(amount)
    assert totals[1:] == [[user, str(total)] for user, total in sorted(expected.items())]

    assert run(athena, "DROP TABLE sales_by_user")["Status"]["State"] == "SUCCEEDED"
    with pytest.raises(ClientError, match="EntityNotFoundException"):
        glue.get_table(DatabaseName=DB, Name="sales_by_user")
    failed = run(athena, "DROP TABLE sales_by_user")
    assert (
        failed["Status"]["State"] == "FAILED" and "Table not found" in failed["Status"]["StateChangeReason"]
    )


def test_workgroup_output_location_enforcement_and_update(athena, client, files):
    enforced = f"s3://{RESULTS}/enforced/"
    athena.create_work_group(
        Name="it-enforced",
        Configuration={
            "ResultConfiguration": {"OutputLocation": enforced},
            "EnforceWorkGroupConfiguration": True,
        },
        Tags=[{"Key": "team", "Value": "data"}],
    )
    execution = run(athena, "SELECT 1", WorkGroup="it-enforced")
    assert execution["ResultConfiguration"]["OutputLocation"].startswith(enforced)
    assert execution["WorkGroup"] == "it-enforced"

    athena.update_work_group(
        WorkGroup="it-enforced",
        Description="now the client decides",
        ConfigurationUpdates={"EnforceWorkGroupConfiguration": False},
    )
    group = athena.get_work_group(WorkGroup="it-enforced")["WorkGroup"]
    assert group["Description"] == "now the client decides"
    assert group["Configuration"]["EnforceWorkGroupConfiguration"] is False
    execution = run(athena, "SELECT 1", WorkGroup="it-enforced")
    assert execution["ResultConfiguration"]["OutputLocation"].startswith(OUTPUT)
    execution = run(athena, "SELECT 1", WorkGroup="it-enforced", ResultConfiguration={})
    assert execution["ResultConfiguration"]["OutputLocation"].startswith(enforced)

    athena.update_work_group(
        WorkGroup="it-enforced",
        ConfigurationUpdates={"ResultConfigurationUpdates": {"RemoveOutputLocation": True}},
    )
    with pytest.raises(ClientError, match="No output location provided"):
        athena.start_query_execution(QueryString="SELECT 1", WorkGroup="it-enforced")
    athena.update_work_group(WorkGroup="it-enforced", State="DISABLED")
    with pytest.raises(ClientError, match="is disabled"):
        run(athena, "SELECT 1", WorkGroup="it-enforced")
    athena.delete_work_group(WorkGroup="it-enforced")
    with pytest.raises(ClientError) as missing:
        athena.get_work_group(WorkGroup="it-enforced")
    assert missing.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "is not found" in missing.value.response["Error"]["Message"]


def test_named_queries(athena):
    query_id = athena.create_named_query(Name="daily", Database=DB, QueryString="SELECT 1")["NamedQueryId"]
    assert athena.get_named_query(NamedQueryId=query_id)["NamedQuery"]["QueryString"] == "SELECT 1"
    batch = athena.batch_get_named_query(NamedQueryIds=[query_id, "missing-id"])
    assert [q["NamedQueryId"] for q in batch["NamedQueries"]] == [query_id]
    assert [q["NamedQueryId"] for q in batch["UnprocessedNamedQueryIds"]] == ["missing-id"]
    athena.delete_named_query(NamedQueryId=query_id)
    with pytest.raises(ClientError, match="InvalidRequestException"):
        athena.get_named_query(NamedQueryId=query_id)


def test_stop_list_and_batch_get(athena, files):
    slow = "SELECT count(*) FROM UNNEST(sequence(1, 20000)) a(x) CROSS JOIN UNNEST(sequence(1, 200000)) b(y) WHERE x * y % 7 = 3"
    query_id = athena.start_query_execution(QueryString=slow, ResultConfiguration={"OutputLocation": OUTPUT})[
        "QueryExecutionId"
    ]
    athena.stop_query_execution(QueryExecutionId=query_id)
    status = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"]
    assert status["State"] == "CANCELLED" and status["StateChangeReason"] == "Query cancelled by user"
    assert run(athena, "SELECT 1")["Status"]["State"] == "SUCCEEDED"  # the engine is free for others
    listed = athena.list_query_executions(MaxResults=50)["QueryExecutionIds"]
    assert listed[1] == query_id  # newest first, after the SELECT 1
    batch = athena.batch_get_query_execution(QueryExecutionIds=[query_id, "no-such-id"])
    assert [q["QueryExecutionId"] for q in batch["QueryExecutions"]] == [query_id]
    assert batch["QueryExecutions"][0]["Status"]["State"] == "CANCELLED"  # stays so once the engine stops
    assert batch["UnprocessedQueryExecutionIds"][0]["QueryExecutionId"] == "no-such-id"
    with pytest.raises(ClientError, match="was not found"):
        athena.get_query_execution(QueryExecutionId="no-such-id")


def test_aws_cli_runs_a_query(aws_env, files):
    aws = [
        str(Path(sys.executable).with_name("aws")),
        "--endpoint-url",
        aws_env,
        "--output",
        "json",
        "athena",
    ]
    env = {**os.environ, "AWS_PAGER": ""}
    started = subprocess.run(
        aws
        + [
            "start-query-execution",
            "--query-string",
            "SELECT count(*) AS n FROM users",
            "--query-execution-context",
            f"Database={DB}",
            "--result-configuration",
            f"OutputLocation={OUTPUT}",
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    query_id = json.loads(started.stdout)["QueryExecutionId"]
    athena = boto3.client("athena", endpoint_url=aws_env, region_name="us-east-1")
    athena_queries.ended(athena, query_id)
    fetched = subprocess.run(
        aws + ["get-query-results", "--query-execution-id", query_id],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    rows = json.loads(fetched.stdout)["ResultSet"]["Rows"]
    assert [[d["VarCharValue"] for d in r["Data"]] for r in rows] == [["n"], [str(USERS_TSV.count(b"\n"))]]


def test_localglue_athena_prints_a_table(aws_env, files, capsys):
    from localglue import cli

    code = cli.main(
        [
            "athena",
            "SELECT user_id, country FROM users ORDER BY user_id LIMIT 2",
            "--database",
            DB,
            "--output-location",
            OUTPUT,
            "--endpoint-url",
            aws_env,
        ]
    )
    printed = capsys.readouterr()
    assert code == 0
    # the rows on stdout, for a pipe; what the query cost on stderr, beside them on a terminal
    assert printed.out.splitlines() == ["user_id | country", "--------+--------", "u00     | FR", "u01     |"]
    assert printed.err.startswith("(2 rows, ")


def test_missing_output_bucket_fails_the_query(athena, files):
    execution = run(
        athena, "SELECT 1", ResultConfiguration={"OutputLocation": "s3://athena-it-no-such-bucket/q/"}
    )
    assert execution["Status"]["State"] == "FAILED"
    assert (
        execution["Status"]["StateChangeReason"]
        == "Unable to verify/create output bucket athena-it-no-such-bucket"
    )


def test_alter_table_partitions_and_insert_into(athena, client, files):
    glue, s3 = client("glue"), client("s3")
    s3.put_object(Bucket=SOURCE, Key="visits/day=1/a.csv", Body=b"u00|3\n")
    s3.put_object(Bucket=SOURCE, Key="elsewhere/day2.csv", Body=b"u01|4\n")
    create = f"""CREATE EXTERNAL TABLE visits (user_id string, n int) PARTITIONED BY (day int)
                 ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://{SOURCE}/visits/'"""
    assert run(athena, create)["Status"]["State"] == "SUCCEEDED"
    add = f"""ALTER TABLE visits ADD IF NOT EXISTS PARTITION (day=1)
              PARTITION (day='2') LOCATION 's3://{SOURCE}/elsewhere/'"""
    assert run(athena, add)["Status"]["State"] == "SUCCEEDED"
    partitions = glue.get_partitions(DatabaseName=DB, TableName="visits")["Partitions"]
    assert sorted((p["Values"], p["StorageDescriptor"]["Location"]) for p in partitions) == [
        (["1"], f"s3://{SOURCE}/visits/day=1/"),
        (["2"], f"s3://{SOURCE}/elsewhere/"),
    ]
    rows = rows_of(athena, run(athena, "SELECT day, user_id, n FROM visits WHERE day > 1"))
    assert rows == [["day", "user_id", "n"], ["2", "u01", "4"]]
    again = run(athena, "ALTER TABLE visits ADD PARTITION (day=1)")
    assert (
        again["Status"]["State"] == "FAILED"
        and "Partition already exists" in again["Status"]["StateChangeReason"]
    )
    assert run(athena, "ALTER TABLE visits DROP PARTITION (day=2)")["Status"]["State"] == "SUCCEEDED"
    assert [p["Values"] for p in glue.get_partitions(DatabaseName=DB, TableName="visits")["Partitions"]] == [
        ["1"]
    ]

    target = f"CREATE EXTERNAL TABLE visit_totals (user_id string, total bigint) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://{SOURCE}/totals/'"
    assert run(athena, target)["Status"]["State"] == "SUCCEEDED"
    inserted = run(athena, "INSERT INTO visit_totals SELECT user_id, sum(n) FROM visits GROUP BY user_id")
    assert inserted["StatementType"] == "DML"
    assert rows_of(athena, inserted) == []
    assert athena.get_query_results(QueryExecutionId=inserted["QueryExecutionId"])["UpdateCount"] == 1
    assert rows_of(athena, run(athena, "SELECT * FROM visit_totals")) == [["user_id", "total"], ["u00", "3"]]


def test_a_file_that_is_not_utf8_is_read_as_trino_reads_it(athena, client, files):
    # Trino's text reader takes a text file's bytes as they are; a byte that is not UTF-8 shows as U+FFFD
    client("s3").put_object(Bucket=SOURCE, Key="latin/a.csv", Body=b"ok,1\nna\xefve,2\n")
    create = f"""CREATE EXTERNAL TABLE latin (name string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
                 LOCATION 's3://{SOURCE}/latin/'"""
    assert run(athena, create)["Status"]["State"] == "SUCCEEDED"
    rows = rows_of(athena, run(athena, "SELECT name, n, length(name) FROM latin ORDER BY n"))
    assert rows == [["name", "n", "_col2"], ["ok", "1", "2"], ["na\ufffdve", "2", "5"]]


def test_the_jobs_query_shape_with_execution_parameters_explain_and_show_create(athena, files):
    sql = 'SELECT user_id, country, score, "$path" AS source_path FROM "athena_it"."users" WHERE user_id IN (?, ?)'
    execution = run(athena, sql, ExecutionParameters=["'u00'", "'u03'"])
    assert execution["ExecutionParameters"] == ["'u00'", "'u03'"]
    assert rows_of(athena, execution) == [
        ["user_id", "country", "score", "source_path"],
        ["u00", "FR", "10", f"s3://{SOURCE}/users/users.tsv"],
        ["u03", None, "7", f"s3://{SOURCE}/users/users.tsv"],
    ]
    missing = run(athena, sql, ExecutionParameters=["'u00'"])
    assert missing["Status"]["StateChangeReason"] == (
        "INVALID_PARAMETER_USAGE: line 1:20: Incorrect number of parameters: expected 2 but found 1"
    )
    plan = rows_of(athena, run(athena, "EXPLAIN SELECT count(*) FROM users"))
    assert plan and any("TableScan[table = awsdatacatalog:athena_it:users]" in row[0] for row in plan)
    ddl = "\n".join(row[0] for row in rows_of(athena, run(athena, "SHOW CREATE TABLE users")))
    assert ddl.startswith(f"CREATE EXTERNAL TABLE `{DB}`.`users`(\n  `user_id` string,")
    assert f"LOCATION\n  's3://{SOURCE}/users/'" in ddl and "'field.delim'='\t'" in ddl


def test_views_are_stored_in_glue_and_expanded_in_queries(athena, client, files):
    glue = client("glue")
    create = "CREATE VIEW buyers AS SELECT user_id, count(*) AS buys FROM events WHERE event_type = 'buy' GROUP BY user_id"
    assert run(athena, create)["Status"]["State"] == "SUCCEEDED"
    stored = glue.get_table(DatabaseName=DB, Name="buyers")["Table"]
    assert stored["TableType"] == "VIRTUAL_VIEW" and stored["ViewOriginalText"].startswith("/* Presto View: ")
    assert [(c["Name"], c["Type"]) for c in stored["StorageDescriptor"]["Columns"]] == [
        ("user_id", "string"),
        ("buys", "bigint"),
    ]
    ours = rows_of(
        athena,
        run(
            athena,
            "SELECT b.user_id, b.buys, u.country FROM buyers b JOIN users u ON b.user_id = u.user_id ORDER BY 1",
        ),
    )
    expected = reference(
        f"SELECT e.user_id, count(*) FROM {events_ref(files)} e WHERE event_type = 'buy' "
        "AND e.user_id IN ('u00', 'u01', 'u02', 'u03') GROUP BY 1 ORDER BY 1"
    )
    countries = {"u00": "FR", "u01": "", "u02": "DE", "u03": None}
    assert ours[1:] == [[user, n, countries[user]] for user, n in expected]
    assert rows_of(athena, run(athena, "SHOW VIEWS")) == [["buyers"]]

    replaced = run(athena, "CREATE OR REPLACE VIEW buyers AS SELECT DISTINCT user_id FROM users")
    assert replaced["Status"]["State"] == "SUCCEEDED"
    assert len(rows_of(athena, run(athena, "SELECT * FROM buyers"))) == 1 + USERS_TSV.count(b"\n")
    wrong = run(athena, "DROP TABLE buyers")
    assert wrong["Status"]["State"] == "FAILED" and "use DROP VIEW" in wrong["Status"]["StateChangeReason"]
    assert run(athena, "DROP VIEW buyers")["Status"]["State"] == "SUCCEEDED"
    with pytest.raises(ClientError, match="EntityNotFoundException"):
        glue.get_table(DatabaseName=DB, Name="buyers")


def test_partitioned_ctas_writes_hive_folders_and_partitions(athena, client, files):
    glue = client("glue")
    location = f"s3://{RESULTS}/ctas/by_type/"
    ctas = f"""CREATE TABLE events_by_type
               WITH (format = 'TEXTFILE', field_delimiter = ',', external_location = '{location}',
                     partitioned_by = ARRAY['event_type'])
               AS SELECT user_id, count(*) AS n, event_type FROM events GROUP BY user_id, event_type"""
    execution = run(athena, ctas)
    assert execution["Status"]["State"] == "SUCCEEDED", execution["Status"]
    table = glue.get_table(DatabaseName=DB, Name="events_by_type")["Table"]
    assert [(key["Name"], key["Type"]) for key in table["PartitionKeys"]] == [("event_type", "string")]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["user_id", "n"]
    partitions = glue.get_partitions(DatabaseName=DB, TableName="events_by_type")["Partitions"]
    assert sorted(p["Values"][0] for p in partitions) == sorted(EVENT_TYPES)
    ours = rows_of(athena, run(athena, "SELECT event_type, sum(n) FROM events_by_type GROUP BY 1 ORDER BY 1"))
    expected = reference(f"SELECT event_type, count(*) FROM {events_ref(files)} GROUP BY 1 ORDER BY 1")
    assert ours[1:] == expected
    wrong = run(
        athena,
        "CREATE TABLE bad_order WITH (partitioned_by = ARRAY['user_id']) AS SELECT user_id, event_type FROM events",
    )
    assert wrong["Status"]["StateChangeReason"].startswith(
        "HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last"
    )


def test_information_schema_reflects_the_catalog(athena, files):
    columns = rows_of(
        athena,
        run(
            athena,
            "SELECT column_name, data_type, ordinal_position FROM information_schema.columns "
            f"WHERE table_schema = '{DB}' AND table_name = 'users' ORDER BY ordinal_position",
        ),
    )
    assert columns[1:] == [
        ["user_id", "varchar", "1"],
        ["country", "varchar", "2"],
        ["score", "integer", "3"],
    ]
    tables = rows_of(
        athena,
        run(
            athena,
            f"SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = '{DB}'",
        ),
    )
    assert ["events", "BASE TABLE"] in tables and ["users", "BASE TABLE"] in tables
    schemata = [
        r[0] for r in rows_of(athena, run(athena, "SELECT schema_name FROM information_schema.schemata"))[1:]
    ]
    assert DB in schemata and "information_schema" in schemata


def test_results_no_longer_in_memory_are_read_back_from_the_result_file(athena, files, monkeypatch, runtime):
    from localglue.athena import models

    monkeypatch.setattr(models, "RESULTS_IN_MEMORY_BYTES", 0)
    sql = "SELECT * FROM (VALUES ('a\"b', CAST(NULL AS varchar)), ('', 'multi\nline'), ('x', '')) AS t(p, q)"
    execution = run(athena, sql)
    assert (
        runtime.athena.of("123456789012", "us-east-1").get(execution["QueryExecutionId"]).result.rows is None
    )
    assert rows_of(athena, execution, page_size=2) == [
        ["p", "q"],
        ['a"b', None],
        ["", "multi\nline"],
        ["x", ""],
    ]


def test_a_retried_start_returns_the_same_query(athena, files):
    request = {
        "QueryString": "SELECT 42",
        "ClientRequestToken": "retry-token-0000000000000000000001",
        "ResultConfiguration": {"OutputLocation": OUTPUT},
    }
    first = athena.start_query_execution(**request)["QueryExecutionId"]
    assert athena.start_query_execution(**request)["QueryExecutionId"] == first
    with pytest.raises(ClientError, match="ClientRequestToken"):
        athena.start_query_execution(**{**request, "QueryString": "SELECT 43"})


def test_a_table_written_by_the_crawler_is_queryable(athena, client, files):
    """The pipeline's path: the sample data crawled with a header classifier, then read through Athena."""
    from localglue.paths import PROJECT_ROOT

    s3, glue = client("s3"), client("glue")
    sample = sorted((PROJECT_ROOT / "sample_data").glob("*.csv"))
    s3.create_bucket(Bucket="athena-it-crawled")
    for path in sample:
        s3.put_object(Bucket="athena-it-crawled", Key=f"incoming/{path.name}", Body=path.read_bytes())
    glue.create_database(DatabaseInput={"Name": "athena_it_crawled"})
    glue.create_classifier(
        CsvClassifier={
            "Name": "athena-it-header",
            "Delimiter": ",",
            "QuoteSymbol": '"',
            "ContainsHeader": "PRESENT",
        }
    )
    glue.create_crawler(
        Name="athena-it-crawler",
        Role="arn:aws:iam::123456789012:role/crawler",
        DatabaseName="athena_it_crawled",
        TablePrefix="events_",
        Classifiers=["athena-it-header"],
        Targets={"S3Targets": [{"Path": "s3://athena-it-crawled/incoming/"}]},
    )
    glue.start_crawler(Name="athena-it-crawler")
    crawler = wait_for(
        lambda: glue.get_crawler(Name="athena-it-crawler")["Crawler"],
        lambda crawler: "LastCrawl" in crawler and crawler["State"] == "READY",
        what="the crawl of athena-it-crawler",
    )
    assert crawler["LastCrawl"]["Status"] == "SUCCEEDED", crawler["LastCrawl"]

    sql = "SELECT \"$path\", count(*), count_if(event_time = ''), max(user_id) FROM events_incoming GROUP BY 1 ORDER BY 1"
    ours = rows_of(athena, run(athena, sql, database="athena_it_crawled"))
    folder = sample[0].parent
    expected = reference(
        f"SELECT 's3://athena-it-crawled/incoming/' || parse_filename(filename), count(*), "
        f"count(*) FILTER (WHERE coalesce(event_time, '') = ''), max(user_id) "
        f"FROM read_csv('{folder}/*.csv', header=true, all_varchar=true, quote='', filename=true) GROUP BY 1 ORDER BY 1"
    )
    assert ours[1:] == expected
    assert sum(int(row[1]) for row in expected) == 6000


def test_unload_writes_the_rows_and_a_manifest(athena, client, files):
    s3 = client("s3")
    unload = f"""UNLOAD (SELECT user_id, country FROM users WHERE score IS NOT NULL ORDER BY user_id)
                 TO 's3://{RESULTS}/unload/users/'
                 WITH (format = 'TEXTFILE', field_delimiter = '|', compression = 'gzip')"""
    execution = run(athena, unload)
    assert execution["Status"]["State"] == "SUCCEEDED", execution["Status"]
    manifest_key = f"queries/{execution['QueryExecutionId']}-manifest.csv"
    listed = s3.get_object(Bucket=RESULTS, Key=manifest_key)["Body"].read().decode().split()
    assert (
        len(listed) == 1
        and listed[0].startswith(f"s3://{RESULTS}/unload/users/")
        and listed[0].endswith(".gz")
    )
    body = s3.get_object(Bucket=RESULTS, Key=listed[0].split("/", 3)[3])["Body"].read()
    assert gzip.decompress(body) == b"u00|FR\nu03|\\N\n"  # score 'abc' does not parse: NULL, left out
    again = run(athena, unload)
    assert again["Status"]["StateChangeReason"].startswith("HIVE_PATH_ALREADY_EXISTS")


def test_a_query_past_the_workgroups_scan_cutoff_is_cancelled(athena, client, files):
    client("s3").put_object(Bucket=SOURCE, Key="big/part.csv", Body=b"x\n" * 6_000_000)  # 12 MB
    create = f"CREATE EXTERNAL TABLE big_lines (x string) LOCATION 's3://{SOURCE}/big/'"
    assert run(athena, create)["Status"]["State"] == "SUCCEEDED"
    athena.create_work_group(
        Name="it-capped",
        Configuration={
            "ResultConfiguration": {"OutputLocation": OUTPUT},
            "BytesScannedCutoffPerQuery": 10_000_000,
        },
        Tags=[{"Key": "team", "Value": "data"}],
    )
    capped = run(athena, "SELECT count(*) FROM big_lines", WorkGroup="it-capped")
    assert capped["Status"]["State"] == "CANCELLED"
    assert capped["Status"]["StateChangeReason"] == "Bytes scanned limit was exceeded"
    assert rows_of(athena, run(athena, "SELECT count(*) FROM big_lines")) == [["_col0"], ["6000000"]]
