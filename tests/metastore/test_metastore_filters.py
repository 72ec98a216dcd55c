"""Hive's partition filter grammar on a table partitioned by (ds string, hour int, day date); each
expected list below is worked out by hand over PARTITIONS."""

from __future__ import annotations

import re

import pytest

from localglue.metastore.filters import FilterError, PartitionFilter

KEYS = [("ds", "string"), ("hour", "int"), ("day", "date")]
PARTITIONS = [
    ["a", "3", "2024-01-31"],
    ["b", "10", "2024-02-01"],
    ["b", "9", "2024-02-02"],
    ["c", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__"],
    ["it's", "11", "2023-12-31"],
]


def matching(text: str) -> list[str]:
    partition_filter = PartitionFilter.parse(text, KEYS)
    return ["/".join(values) for values in PARTITIONS if partition_filter.matches(values)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what Spark's Hive client sends (HiveShim.convertFilters)
        ('ds = "b"', ["b/10/2024-02-01", "b/9/2024-02-02"]),
        ('(ds = "b" and hour > 9)', ["b/10/2024-02-01"]),
        ("(hour = 3 or hour = 11)", ["a/3/2024-01-31", "it's/11/2023-12-31"]),
        ("day >= 2024-02-01", ["b/10/2024-02-01", "b/9/2024-02-02"]),
        ('day < "2024-02-01"', ["a/3/2024-01-31", "it's/11/2023-12-31"]),
        ('ds like ".*\'s"', ["it's/11/2023-12-31"]),  # a value with a " is quoted with ' by Spark
        ('ds like "b.*"', ["b/10/2024-02-01", "b/9/2024-02-02"]),
        ('ds like ".*t.*"', ["it's/11/2023-12-31"]),
        ('(ds != "b" and ds != "c")', ["a/3/2024-01-31", "it's/11/2023-12-31"]),
        ('"it\'s" = ds', ["it's/11/2023-12-31"]),
        ("9 < hour", ["b/10/2024-02-01", "it's/11/2023-12-31"]),
        # Hive's own forms
        (
            "ds = 'a' OR ds = 'c'",
            ["a/3/2024-01-31", "c/__HIVE_DEFAULT_PARTITION__/__HIVE_DEFAULT_PARTITION__"],
        ),
        ("hour between 9 and 10", ["b/10/2024-02-01", "b/9/2024-02-02"]),
        ("hour not between 9 and 10", ["a/3/2024-01-31", "it's/11/2023-12-31"]),
        ("ds in ('a', 'it''s')", ["a/3/2024-01-31"]),  # '' is two adjacent literals: 'it' 's'
        ("(ds) IN ('a', 'c')", ["a/3/2024-01-31", "c/__HIVE_DEFAULT_PARTITION__/__HIVE_DEFAULT_PARTITION__"]),
        (
            "ds NOT IN ('a', 'b')",
            ["c/__HIVE_DEFAULT_PARTITION__/__HIVE_DEFAULT_PARTITION__", "it's/11/2023-12-31"],
        ),
        ("day = date '2024-02-02'", ["b/9/2024-02-02"]),
        ("hour <> 10 and (ds = 'b' or day < 2024-01-01)", ["b/9/2024-02-02", "it's/11/2023-12-31"]),
        # integral keys compare as numbers (as text "10" < "9"), and the default partition matches none
        ("hour < 10", ["a/3/2024-01-31", "b/9/2024-02-02"]),
        ("hour != 10", ["a/3/2024-01-31", "b/9/2024-02-02", "it's/11/2023-12-31"]),
        ("", [row for row in map("/".join, PARTITIONS)]),
    ],
)
def test_filters_select_the_partitions_hive_selects(text, expected):
    assert matching(text) == expected


def test_keys_and_keywords_are_case_insensitive():
    assert matching("DS = 'a' AND HOUR = 3") == ["a/3/2024-01-31"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("region = 'eu'", "'region' is not a partitioning key of the table (ds, hour, day)"),
        ("hour = 'x'", "'x' is not a valid integer for partition key 'hour'"),
        ("day = 'yesterday'", "'yesterday' is not a valid date for partition key 'day'"),
        ("ds = ", "expected a literal at character 6, found 'the end'"),
        ("ds = 'a' and", "expected a literal at character 13, found 'the end'"),
        ("(ds = 'a'", "expected ')' at character 10"),
        ("ds ~ 'a'", "unexpected \"~ 'a'\" at character 4"),
        ("ds like '('", "invalid LIKE pattern '('"),
        ("ds not like 'a'", "expected IN or BETWEEN after NOT"),
        ("ds like '.*'s'", 'unexpected "\'" at character 14'),
    ],
)
def test_bad_filters_are_refused_with_the_reason(text, message):
    with pytest.raises(FilterError, match=re.escape(message)):
        PartitionFilter.parse(text, KEYS)
