"""The Athena conformance suite's own parts: type mapping, statement files, value text and comparison,
and the suite's consistency (every statement recorded for its current SQL, every table writable)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from athena_conformance.athena_text import athena_text, java_double_text, parse_trino_type
from athena_conformance.compare import AthenaAnswer, athena_message, compare
from athena_conformance.expected import load_expected
from athena_conformance.glue_tables import parquet_file
from athena_conformance.hive_types import HiveTypeError, parse_hive_type
from athena_conformance.known import KnownDifferences, load_known
from athena_conformance.statements import (
    StatementFileError,
    has_top_level_order_by,
    load_statements,
    parse_statements,
)
from athena_conformance.tables import PEOPLE, SALES, TABLES
from athena_conformance.trino_literals import sql_literal
from athena_conformance.verdict import judge

# --- Hive types --------------------------------------------------------------------------------------


def test_hive_types_map_to_the_trino_types_of_the_hive_connector():
    kind = parse_hive_type("array<struct<k:string,v:int>>")
    assert kind.trino == "array(row(k varchar, v integer))"
    assert parse_hive_type("map<string,array<decimal(10,2)>>").trino == "map(varchar, array(decimal(10,2)))"
    assert parse_hive_type("timestamp").trino == "timestamp(3)"
    assert parse_hive_type("float").trino == "real"
    assert str(parse_hive_type("struct<a:int,b:string>").arrow) == "struct<a: int32, b: string>"


@pytest.mark.parametrize("text", ["map<string>", "varchar2", "struct<a:int;b:int>", "array<int>>"])
def test_a_bad_hive_type_is_refused_by_its_text(text):
    with pytest.raises(HiveTypeError, match="Hive type|not a Hive type"):
        parse_hive_type(text)


# --- Trino types and Athena's text -------------------------------------------------------------------


def test_trino_types_read_with_row_fields_and_zones():
    row = parse_trino_type('row(x double, "first name" varchar, interval day to second)')
    assert row.name == "row"
    assert row.fields == ("x", "first name", None)
    assert [c.name for c in row.children] == ["double", "varchar", "interval day to second"]
    assert parse_trino_type("timestamp(3) with time zone").name == "timestamp with time zone"
    assert parse_trino_type("decimal(10, 2)").parameters == (10, 2)
    assert parse_trino_type("map(varchar, array(integer))").children[1].children[0].name == "integer"


@pytest.mark.parametrize(
    "value, text",
    [
        (1e10, "1.0E10"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-5, "1.0E-5"),
        (1e-4, "1.0E-4"),
        (0.001, "0.001"),
        (1e7, "1.0E7"),
        (9999999.0, "9999999.0"),
        (100.0, "100.0"),
        (-0.0, "-0.0"),
        (123456789.123, "1.23456789123E8"),
        (5e-324, "4.9E-324"),  # Double.MIN_VALUE: two digits at least, the closest
        (float("nan"), "NaN"),
        (float("-inf"), "-Infinity"),
    ],
)
def test_doubles_print_as_java_prints_them(value, text):
    assert java_double_text(value) == text


def test_collections_print_as_athena_prints_them():
    kind = parse_trino_type("array(row(k varchar, v double))")
    assert athena_text([["p", 1.0], ["q", None]], kind) == "[{k=p, v=1.0}, {k=q, v=null}]"
    assert athena_text({"1": "a", "2": None}, parse_trino_type("map(integer, varchar)")) == "{1=a, 2=null}"
    assert athena_text(["Bob", 38], parse_trino_type("row(varchar, integer)")) == "{field0=Bob, field1=38}"
    assert (
        athena_text(["1.50", "NaN"], parse_trino_type("row(a decimal(3,2), b double)")) == "{a=1.50, b=NaN}"
    )
    assert athena_text(None, parse_trino_type("array(integer)")) is None


def test_varbinary_prints_as_hex_pairs_sixteen_a_line():
    assert athena_text("AP8=", parse_trino_type("varbinary")) == "00 ff"
    seventeen = "AAECAwQFBgcICQoLDA0ODxA="  # bytes 0..16
    assert athena_text(seventeen, parse_trino_type("varbinary")) == (
        "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n10"
    )


# --- comparison --------------------------------------------------------------------------------------


def _recorded(kind: str, *values) -> dict:
    return {"columns": [{"name": "v", "type": kind}], "rows": [[v] for v in values]}


def _athena(kind: str, *texts, precision: int = 0, scale: int = 0) -> AthenaAnswer:
    column = {"Name": "v", "Type": kind, "Precision": precision, "Scale": scale}
    return AthenaAnswer("SUCCEEDED", [column], [[t] for t in texts])


def test_decimals_agree_only_with_their_scale():
    recorded = _recorded("decimal(10, 2)", "1.50")
    assert compare(recorded, True, _athena("decimal", "1.50", precision=10, scale=2), "s", "s") is None
    reason = compare(recorded, True, _athena("decimal", "1.5", precision=10, scale=2), "s", "s")
    assert reason == "row 1 column v: 1.50 (scale 2) vs 1.5 (scale 1)"
    reason = compare(recorded, True, _athena("decimal", "1.50", precision=18, scale=2), "s", "s")
    assert reason == "column v: decimal(10, 2) vs decimal(18, 2)"


def test_doubles_agree_exactly_nan_included_and_zero_keeps_its_sign():
    assert (
        compare(_recorded("double", "NaN", 1e10), True, _athena("double", "NaN", "1.0E10"), "s", "s") is None
    )
    assert compare(_recorded("double", 0.1), True, _athena("double", "0.1000000001"), "s", "s") is not None
    assert (
        compare(_recorded("double", -0.0), True, _athena("double", "0.0"), "s", "s")
        == "row 1 column v: -0.0 vs 0.0"
    )


def test_rows_compare_as_a_list_when_ordered_and_as_a_bag_otherwise():
    recorded = _recorded("integer", 1, 2, None)
    shuffled = _athena("integer", None, "2", "1")
    assert compare(recorded, False, shuffled, "s", "s") is None
    assert compare(recorded, True, shuffled, "s", "s") == "row 1 column v: 1 vs NULL"
    assert compare(recorded, False, _athena("integer", "1", "2"), "s", "s") == "3 rows vs 2"
    assert "missing (2)" in compare(recorded, False, _athena("integer", "1", "3", None), "s", "s")


def test_text_values_compare_by_athena_text():
    recorded = _recorded("array(varchar)", ["a", None])
    assert compare(recorded, True, _athena("array", "[a, null]"), "s", "s") is None
    assert (
        compare(recorded, True, _athena("array", "[a, NULL]"), "s", "s")
        == "row 1 column v: [a, null] vs [a, NULL]"
    )
    assert compare(_recorded("varchar(2)", "é"), True, _athena("varchar", "é"), "s", "s") is None


def test_errors_compare_by_name_and_message_in_athenas_catalog():
    message = "line 1:15: Table 'memory.rec.t' does not exist"
    recorded = {"error": {"name": "TABLE_NOT_FOUND", "message": message}}
    assert athena_message(message, "rec", "db") == "line 1:15: Table 'awsdatacatalog.db.t' does not exist"
    failed = AthenaAnswer(
        "FAILED", reason="TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist"
    )
    assert compare(recorded, False, failed, "rec", "db") is None
    other = AthenaAnswer("FAILED", reason="TABLE_NOT_FOUND: Table t is missing")
    assert compare(recorded, False, other, "rec", "db").startswith("same error name, other message")
    assert compare(recorded, False, _athena("integer"), "rec", "db").startswith("expected failure")


# --- statement files ---------------------------------------------------------------------------------


def test_statement_files_split_outside_quotes_and_comments(tmp_path):
    path = tmp_path / "area.sql"
    path.write_text(
        "-- first\n-- what it checks; with a semicolon\nSELECT 'a;b', \"c;\" FROM t;\n\n"
        "-- second\nSELECT 1 /* ; */ + 1;\n-- trailing note\n"
    )
    first, second = parse_statements(path)
    assert (first.key, first.sql, first.line) == ("area/first", "SELECT 'a;b', \"c;\" FROM t", 1)
    assert (second.name, second.sql) == ("second", "SELECT 1 /* ; */ + 1")


@pytest.mark.parametrize(
    "text, message",
    [("SELECT 1;", "needs a first comment naming it"), ("-- a\nSELECT 1;\n-- a\nSELECT 2;", "already names")],
)
def test_a_statement_without_a_unique_name_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "area.sql"
    path.write_text(text)
    with pytest.raises(StatementFileError, match=message):
        parse_statements(path)


@pytest.mark.parametrize(
    "sql, ordered",
    [
        ("SELECT * FROM t ORDER BY id", True),
        ("SELECT row_number() OVER (ORDER BY id) FROM t", False),
        ("SELECT * FROM (SELECT * FROM t ORDER BY id LIMIT 2)", False),
        ("SELECT 1 UNION ALL SELECT 2 ORDER BY 1", True),
        ("SELECT 'order by' FROM t", False),
        ("SELECT array_agg(x ORDER BY y) FROM t", False),
    ],
)
def test_rows_are_ordered_only_by_an_outermost_order_by(sql, ordered):
    assert has_top_level_order_by(sql) is ordered


# --- the suite ---------------------------------------------------------------------------------------


def test_the_suite_has_at_least_800_statements_each_recorded_for_its_sql():
    statements = load_statements()
    recorded = load_expected()
    assert len(statements) >= 800
    stale = [s.key for s in statements if recorded.get(s.key, {}).get("sql") != s.sql]
    assert not stale, f"run make conformance-record: {stale[:10]}"
    assert set(recorded) == {s.key for s in statements}, "recordings of statements that no longer exist"
    errors = sum(1 for answer in recorded.values() if "error" in answer)
    assert 50 <= errors < len(statements) / 4


def test_known_differences_name_statements_and_say_why():
    known = load_known()
    keys = {s.key for s in load_statements()}
    assert 0.0 <= known.min_agreement <= 1.0
    assert set(known.reasons) <= keys


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_reads_back_from_its_parquet_file(table):
    width = len(table.columns)
    read = pq.read_table(io.BytesIO(parquet_file(table, list(table.rows))))
    assert read.column_names == [name for name, _ in table.columns]
    first = read.slice(0, 1).to_pylist()[0]
    for (name, kind), value in zip(table.all_columns[:width], table.rows[0][:width]):
        got = first[name]
        if kind.name == "map":
            got = dict(got) if got is not None else None
        assert got == value, name


def test_plain_trino_literals_hold_the_defined_values():
    assert sql_literal("O'Brien", parse_hive_type("string")) == "'O''Brien'"
    assert sql_literal(float("nan"), parse_hive_type("double")) == "CAST('NaN' AS double)"
    assert sql_literal(Decimal("1.50"), parse_hive_type("decimal(10,2)")) == "CAST('1.50' AS decimal(10,2))"
    assert sql_literal(datetime(2024, 1, 2, 3, 4, 5), parse_hive_type("timestamp")) == (
        "TIMESTAMP '2024-01-02 03:04:05.000'"
    )
    assert sql_literal(date(2024, 2, 29), parse_hive_type("date")) == "DATE '2024-02-29'"
    assert sql_literal({"a": None}, parse_hive_type("map<string,int>")) == (
        "CAST(MAP(ARRAY['a'], ARRAY[CAST(NULL AS integer)]) AS map(varchar, integer))"
    )
    assert sql_literal(b"\x00\xff", parse_hive_type("binary")) == "X'00ff'"


def test_partition_keys_come_last_in_the_rows():
    assert [name for name, _ in SALES.all_columns][-2:] == ["region", "dt"]
    assert all(len(row) == len(PEOPLE.columns) for row in PEOPLE.rows)


# --- the verdict -------------------------------------------------------------------------------------


def _known(min_agreement: float, **reasons: str) -> KnownDifferences:
    return KnownDifferences(min_agreement, {key.replace("__", "/"): why for key, why in reasons.items()})


def test_the_verdict_counts_agreement_and_passes_above_the_threshold():
    verdict = judge({"a/x": None, "a/y": None, "a/z": "1 rows vs 0", "a/w": None}, _known(0.75, a__z="a bug"))
    assert (verdict.agreeing, verdict.total, verdict.share) == (3, 4, 0.75)
    assert verdict.failures == []
    assert verdict.disagreements == [("a/z", "[known: a bug] 1 rows vs 0")]
    assert verdict.report().splitlines()[0] == "Athena conformance: 3 of 4 agree, 75.0%"


def test_the_verdict_fails_below_the_threshold_and_on_a_known_difference_that_agrees():
    below = judge({"a/x": None, "a/y": "why"}, _known(0.6))
    assert below.failures == ["agreement 50.0% is below the threshold 60.0%"]
    stale = judge({"a/x": None, "a/y": "why"}, _known(0.0, a__x="was a bug", a__gone="renamed"))
    assert stale.failures == [
        "known differences that name no statement: ['a/gone']",
        "listed as known differences but agree now (remove them): ['a/x']",
    ]


def test_a_known_difference_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "known.toml"
    path.write_text('min_agreement = 0.5\n[differences."a/x"]\nurl = "https://docs.aws.amazon.com/"\n')
    with pytest.raises(ValueError, match="'a/x' gives no reason"):
        load_known(path)
