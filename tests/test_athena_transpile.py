"""Athena (Trino) SQL -> DuckDB: the places where the engines disagree, checked by running DuckDB."""

from datetime import datetime

import duckdb
import pytest

from localglue.athena import transpile
from localglue.athena.errors import QueryFailed, position_of


def run(sql: str, schema: dict | None = None, con=None):
    duck = transpile.to_duckdb(transpile.parse(sql), schema or {})
    return (con or duckdb.connect()).execute(duck).fetchall()


@pytest.mark.parametrize(
    ("start", "end", "unit", "elapsed"),
    [
        ("2024-01-01 10:00:59", "2024-01-01 10:01:00", "minute", 0),  # one boundary crossed, 1 s elapsed
        ("2024-01-01 10:00:00", "2024-01-01 10:59:59", "hour", 0),
        ("2024-01-01 10:00:00", "2024-01-01 12:30:00", "minute", 150),
        ("2024-01-01 10:05:00", "2024-01-01 10:00:00", "minute", -5),
        ("2024-01-31 23:59:59", "2024-02-01 00:00:00", "day", 0),
    ],
)
def test_date_diff_counts_whole_units_elapsed_like_trino(start, end, unit, elapsed):
    expected = (
        int(
            (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
            // {"minute": 60, "hour": 3600, "day": 86400}[unit]
        )
        if elapsed >= 0
        else elapsed
    )
    assert expected == elapsed  # the hand-computed value agrees with Python's arithmetic
    sql = f"SELECT date_diff('{unit}', timestamp '{start}', timestamp '{end}')"
    assert run(sql) == [(elapsed,)]


@pytest.mark.parametrize(
    ("joda", "strftime"),
    [
        ("yyyy-MM-dd HH:mm:ss", "%Y-%m-%d %H:%M:%S"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSS", "%Y-%m-%dT%H:%M:%S.%g"),
        ("dd/MM/yy hh:mm a", "%d/%m/%y %I:%M %p"),
        ("EEE, d MMM yyyy", "%a, %-d %b %Y"),
        ("'100%' yyyy", "100%% %Y"),
    ],
)
def test_joda_patterns_become_strftime(joda, strftime):
    assert transpile.joda_to_strftime(joda) == strftime


def test_format_datetime_runs_on_duckdb():
    sql = "SELECT format_datetime(timestamp '2024-03-05 14:07:09.123', 'yyyy-MM-dd''T''HH:mm:ss.SSS')"
    assert run(sql) == [("2024-03-05T14:07:09.123",)]


def test_integer_division_stays_integer_as_in_trino():
    rows = run("SELECT 7 / 2, -7 / 2, 7.0 / 2, a / b FROM (VALUES (9, 4)) AS t(a, b)")
    assert rows == [(3, -3, 3.5, 2)]


def test_integer_division_of_catalog_columns_uses_their_types():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT 9::BIGINT AS a, 4::INTEGER AS b, 9.0::DOUBLE AS c")
    assert run("SELECT a / b, c / b FROM t", {"t": {"a": "bigint", "b": "int", "c": "double"}}, con) == [
        (2, 2.25)
    ]


def test_date_add_on_a_date_stays_a_date():
    con = duckdb.connect()
    duck = transpile.to_duckdb(transpile.parse("SELECT date_add('day', 1, date '2024-02-28')"), {})
    assert con.execute(duck).fetchall() == [(datetime(2024, 2, 29).date(),)]


@pytest.mark.parametrize(
    ("sql", "names"),
    [
        ("SELECT 1, 'a' AS x, 2 + 3", ["_col0", "x", "_col2"]),
        ("(SELECT 1, 2 AS y) UNION ALL SELECT 3, 4", ["_col0", "y"]),
        ("WITH t AS (SELECT 1 AS a) SELECT a, a + 1 FROM t", ["a", "_col1"]),
    ],
)
def test_unnamed_output_columns_are_named_like_athena(sql, names):
    duck = transpile.to_duckdb(transpile.parse(sql), {})
    assert duckdb.connect().sql(duck).columns == names


def test_syntax_error_names_line_and_column_of_the_offending_token():
    with pytest.raises(QueryFailed) as failure:
        transpile.parse("SELECT a\nFROM t WHERE")
    assert failure.value.reason == "SYNTAX_ERROR: line 2:8: mismatched input 'WHERE'"
    assert failure.value.athena_error()["ErrorCategory"] == 2


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT*FROM (VALUES 1) t(x)",
        "-- a note\n/* and another */ (SELECT 1)",
        "with a AS (SELECT 1) SELECT * FROM a",
    ],
)
def test_statements_start_as_athena_allows(sql):
    assert transpile.parse(sql) is not None


def test_an_unknown_first_word_is_the_syntax_error():
    with pytest.raises(QueryFailed) as failure:
        transpile.parse("\n  SELEC 1")
    assert failure.value.reason == "SYNTAX_ERROR: line 2:3: mismatched input 'SELEC'"


def test_only_one_statement_is_allowed():
    with pytest.raises(QueryFailed, match="Only one sql statement is allowed"):
        transpile.parse("SELECT 1; SELECT 2")


def test_position_of_counts_lines_and_columns_from_one():
    sql = "SELECT *\n  FROM db.t"
    assert position_of(sql, sql.index("db")) == (2, 8)


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("SELECT 1", "DML"),
        ("WITH a AS (SELECT 1) SELECT * FROM a", "DML"),
        ("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/t/'", "DDL"),
        ("DROP TABLE t", "DDL"),
        ("DESCRIBE t", "DDL"),
        ("SHOW TABLES", "UTILITY"),
    ],
)
def test_statement_kind(sql, kind):
    assert transpile.statement_kind(transpile.parse(sql)) == kind


def test_regexp_replace_group_references():
    assert run("SELECT regexp_replace('a1b2', '([a-z])([0-9])', '$2$1')") == [("1a2b",)]


def test_format_takes_java_patterns():
    assert run("SELECT format('%s has %d', 'u1', 3)") == [("u1 has 3",)]


def test_timestamp_literals_compare_with_current_timestamp():
    assert run("SELECT now() > timestamp '2020-01-01 00:00:00', timestamp '2024-01-01 10:00:00.123'") == [
        (True, datetime(2024, 1, 1, 10, 0, 0, 123000))
    ]


def test_date_plus_interval_stays_a_date():
    assert run("SELECT date '2024-01-31' + interval '1' month, date '2024-03-01' - interval '1' day") == [
        (datetime(2024, 2, 29).date(), datetime(2024, 2, 29).date())
    ]


def test_date_trunc_of_a_timestamp_stays_a_timestamp():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT TIMESTAMP '2024-03-05 14:07:09' AS ts")
    assert run("SELECT date_trunc('day', ts) FROM t", {"t": {"ts": "timestamp"}}, con) == [
        (datetime(2024, 3, 5),)
    ]


def test_to_iso8601_and_map_agg():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT TIMESTAMP '2024-03-05 14:07:09' AS ts, DATE '2024-03-05' AS d, 'k' AS k"
    )
    schema = {"t": {"ts": "timestamp", "d": "date", "k": "string"}}
    assert run("SELECT to_iso8601(ts), to_iso8601(d) FROM t", schema, con) == [
        ("2024-03-05T14:07:09.000", "2024-03-05")
    ]
    assert run("SELECT map_agg(k, d) FROM t", schema, con) == [({"k": datetime(2024, 3, 5).date()},)]


def test_columns_qualified_with_the_database():
    con = duckdb.connect()
    con.execute("CREATE TABLE ev AS SELECT 'u1' AS user_id")
    assert run("SELECT db.ev.user_id FROM ev", {"ev": {"user_id": "string"}}, con) == [("u1",)]


def test_a_timestamp_cast_to_varchar_keeps_milliseconds():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT TIMESTAMP '2024-03-05 14:07:09' AS ts")
    sql = "SELECT CAST(ts AS varchar), 'at ' || CAST(ts AS varchar) FROM t"
    assert run(sql, {"t": {"ts": "timestamp"}}, con) == [
        ("2024-03-05 14:07:09.000", "at 2024-03-05 14:07:09.000")
    ]


def test_array_distinct_keeps_first_occurrences_in_order():
    assert run("SELECT array_distinct(ARRAY[3, 1, 3, NULL, 2, NULL])") == [([3, 1, None, 2],)]
