"""Pieces of Athena's Hive DDL that need no catalog: routing past comments, Iceberg partition transforms,
the columns of Hive's DESCRIBE."""

from __future__ import annotations

from sqlglot import exp

from localglue.athena.hive.ddl import _iceberg_partitioning, _text
from localglue.athena.hive.parse import parse
from localglue.athena.results import column_info, text_result
from localglue.athena.routing import route, without_leading_comments

DBT_COMMENT = '-- /* {"app": "dbt", "dbt_version": "1.10.23"} */\n'


def test_hive_ddl_after_a_leading_comment_starts_at_its_first_word():
    sql = DBT_COMMENT + "/* and a block */ create schema if not exists `dbt_it`\n  "
    assert route(sql).engine == "hive"
    assert without_leading_comments(sql) == "create schema if not exists `dbt_it`\n  "


def test_iceberg_partition_transforms_become_trinos_partitioning():
    tree = parse(
        "CREATE TABLE t (id int, ts timestamp, category string) PARTITIONED BY (category, year(ts), "
        "month(ts), day(ts), hour(ts), bucket(16, id), truncate(2, category)) LOCATION 's3://b/t/' "
        "TBLPROPERTIES ('table_type'='ICEBERG')"
    )
    properties = list(tree.args["properties"].expressions)
    assert all(isinstance(p, exp.Expression) for p in properties)
    assert _iceberg_partitioning(properties) == [
        "category",
        "year(ts)",
        "month(ts)",
        "day(ts)",
        "hour(ts)",
        "bucket(id, 16)",
        "truncate(category, 2)",
    ]


def test_describe_has_hives_three_columns_and_one_value_a_row():
    result = text_result(("col_name", "data_type", "comment"), ["id  \tbigint  \t  "])
    assert [c["Name"] for c in column_info(result)] == ["col_name", "data_type", "comment"]
    assert result.rows == [["id  \tbigint  \t  "]]


def test_adjacent_string_literals_of_hive_ddl_are_one_string():
    tree = parse("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/o''k/' ")
    [location] = [p for p in tree.args["properties"].expressions if isinstance(p, exp.LocationProperty)]
    assert _text(location.this) == "s3://b/ok/"
