"""Result values and types in Athena's words."""

import duckdb
import pytest

from localglue.athena.information_schema import trino_type
from localglue.athena.types import athena_type, to_athena_text


@pytest.mark.parametrize(
    ("value", "java"),
    [
        # Java's Double.toString, as Trino writes doubles: decimals in [1e-3, 1e7), scientific outside
        ("2.5", "2.5"),
        ("100", "100.0"),
        ("9999999", "9999999.0"),
        ("1e10", "1.0E10"),
        ("12345678.9", "1.23456789E7"),
        ("-2e7", "-2.0E7"),
        ("123456789012345678", "1.2345678901234568E17"),
        ("0.001", "0.001"),
        ("0.00099", "9.9E-4"),
        ("1.5e-7", "1.5E-7"),
        ("0", "0.0"),
        ("'nan'", "NaN"),
        ("'-inf'", "-Infinity"),
    ],
)
def test_doubles_are_written_like_java(value, java):
    assert duckdb.sql(
        f"SELECT {to_athena_text('v', 'DOUBLE')} FROM (SELECT CAST({value} AS DOUBLE) AS v)"
    ).fetchall() == [(java,)]


def test_timestamps_have_milliseconds_and_null_stays_null():
    sql = f"SELECT {to_athena_text('v', 'TIMESTAMP')} FROM (VALUES (TIMESTAMP '2024-03-01 10:00:00'), (NULL)) t(v)"
    assert duckdb.sql(sql).fetchall() == [("2024-03-01 10:00:00.000",), (None,)]


@pytest.mark.parametrize(
    ("duck", "athena"),
    [
        ("VARCHAR", ("varchar", 2147483647, 0)),
        ("HUGEINT", ("bigint", 19, 0)),
        ("DECIMAL(12,3)", ("decimal", 12, 3)),
        ("INTEGER[]", ("array", 0, 0)),
        ("TIMESTAMP", ("timestamp", 3, 0)),
    ],
)
def test_result_types_are_named_as_athena_reports_them(duck, athena):
    assert athena_type(duck) == athena


@pytest.mark.parametrize(
    ("hive", "trino"),
    [
        ("string", "varchar"),
        ("int", "integer"),
        ("timestamp", "timestamp(3)"),
        ("decimal(10,2)", "decimal(10,2)"),
        ("array<string>", "array(varchar)"),
        ("map<string,int>", "map(varchar,integer)"),
        ("struct<a:int,b:string>", "row(a integer,b varchar)"),
    ],
)
def test_information_schema_names_glue_types_as_trino(hive, trino):
    assert trino_type(hive) == trino


def test_rows_are_written_like_trino():
    con = duckdb.connect()
    relation = con.sql(
        "SELECT {'x': 1, 'y': 'a', 'z': NULL::VARCHAR, 't': TIMESTAMP '2024-01-01 10:00:00'} AS s"
    )
    sql = f"SELECT {to_athena_text('s', str(relation.types[0]))} FROM ({relation.sql_query()})"
    assert con.sql(sql).fetchall() == [("{x=1, y=a, z=null, t=2024-01-01 10:00:00.000}",)]
