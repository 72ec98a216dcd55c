"""The conformance suite's tables, defined once as data: Hive column types (as Glue declares them) and rows.

Values are Python values of the column's type: str, int, float, Decimal, date, datetime, bool, bytes,
list (array), dict (map, or a struct keyed by field name), None for NULL. Partition keys come last in a
row, as Hive lists partition columns after the data columns. Doubles that aggregates add up are dyadic
fractions (exact in binary), so a sum does not depend on the order Trino adds them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .hive_types import HiveType, parse_hive_type

SCHEMA = "conformance"
NAN, INF = float("nan"), float("inf")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple, ...]
    partition_keys: tuple[tuple[str, str], ...] = ()

    @property
    def all_columns(self) -> tuple[tuple[str, HiveType], ...]:
        """Data columns then partition keys, with their parsed types."""
        return tuple((name, parse_hive_type(kind)) for name, kind in self.columns + self.partition_keys)

    def __post_init__(self) -> None:
        width = len(self.columns) + len(self.partition_keys)
        for number, row in enumerate(self.rows, 1):
            if len(row) != width:
                raise ValueError(f"table {self.name}: row {number} has {len(row)} values, not {width}")


def _d(text: str) -> Decimal:
    return Decimal(text)


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


PEOPLE = Table(
    "people",
    (
        ("id", "int"),
        ("name", "string"),
        ("city", "string"),
        ("age", "int"),
        ("score", "double"),
        ("salary", "decimal(10,2)"),
        ("birth", "date"),
        ("active", "boolean"),
        ("dept_id", "int"),
        ("manager_id", "int"),
        ("nickname", "string"),
        ("token", "binary"),
    ),
    (
        (1, "Alice", "Paris", 34, 88.5, _d("5200.00"), _day("1990-02-28"), True, 10, None, "Al", b"AL"),
        (2, "Bob", "London", 45, 72.25, _d("6100.50"), _day("1979-06-15"), False, 20, 1, "", b"\x00\xff"),
        (3, "Chloé", "Paris", 29, 95.0, _d("4800.75"), _day("1995-12-31"), True, 10, 1, None, None),
        (4, "O'Brien", "Dublin", 52, None, _d("7300.00"), _day("1972-03-01"), True, 30, 2, "Ob", b""),
        (5, "李雷", "Beijing", 38, 64.0, None, _day("1986-07-04"), None, 20, 2, "Lei", b"\x01\x02\x03"),
        (6, "Émile", None, 23, 81.75, _d("3900.10"), _day("2001-01-01"), False, None, 3, None, None),
        (7, "", "London", 61, 55.5, _d("8800.99"), _day("1963-11-22"), True, 30, 4, "empty", b"\x7f"),
        (8, None, "Berlin", 40, 70.0, _d("5000.00"), _day("1984-02-29"), False, 40, 4, None, b"hi"),
        (9, 'Zoë "Z"', "Berlin", 31, 99.875, _d("6200.00"), _day("1993-05-05"), True, 10, 3, "Z", None),
        (10, "dave", "paris", 27, 60.0, _d("4100.00"), _day("1997-08-08"), True, 20, 5, "d", b"d"),
        (11, "Åsa", "Stockholm", 44, 77.0, _d("5600.40"), _day("1980-10-10"), False, 50, 5, "Å", None),
        (12, "Bob", "Madrid", 35, 72.25, _d("5900.00"), _day("1989-04-01"), True, 20, 1, "B2", b"\x10"),
    ),
)

DEPARTMENTS = Table(
    "departments",
    (("id", "int"), ("name", "string"), ("budget", "decimal(12,2)"), ("city", "string")),
    (
        (10, "Engineering", _d("1000000.00"), "Paris"),
        (20, "Sales", _d("250000.50"), "London"),
        (30, "Support", _d("99999.99"), "Dublin"),
        (40, "Research", None, "Berlin"),
        (60, "Legal", _d("50000.00"), None),
    ),
)

NUMBERS = Table(
    "numbers",
    (
        ("id", "int"),
        ("t", "tinyint"),
        ("s", "smallint"),
        ("i", "int"),
        ("b", "bigint"),
        ("r", "float"),
        ("d", "double"),
        ("d2", "decimal(10,2)"),
        ("d4", "decimal(18,4)"),
        ("d0", "decimal(5,0)"),
        ("d38", "decimal(38,10)"),
    ),
    (
        (1, 1, 1, 1, 1, 1.5, 1.5, _d("1.50"), _d("1.5000"), _d("1"), _d("1.5")),
        (2, -1, -1, -1, -1, -2.25, -2.25, _d("-2.25"), _d("-2.2500"), _d("-2"), _d("-2.25")),
        (
            3,
            127,
            32767,
            2147483647,
            9223372036854775807,
            3.4028234663852886e38,
            1.7976931348623157e308,
            _d("99999999.99"),
            _d("99999999999999.9999"),
            _d("99999"),
            _d("9999999999999999999999999999.9999999999"),
        ),
        (
            4,
            -128,
            -32768,
            -2147483648,
            -9223372036854775808,
            -3.4028234663852886e38,
            -1.7976931348623157e308,
            _d("-99999999.99"),
            _d("-99999999999999.9999"),
            _d("-99999"),
            _d("-9999999999999999999999999999.9999999999"),
        ),
        (5, 0, 0, 0, 0, 0.0, -0.0, _d("0.00"), _d("0.0000"), _d("0"), _d("0")),
        (6, None, None, None, None, None, NAN, None, None, None, None),
        (7, 7, 700, 70000, 7000000000, INF, INF, _d("7.00"), _d("7.0000"), _d("7"), _d("7")),
        (8, -8, -800, -80000, -8000000000, -INF, -INF, _d("-8.00"), _d("-8.0000"), _d("-8"), _d("-8")),
        (9, 9, 9, 9, 9, 0.1, 0.1, _d("0.10"), _d("0.1000"), _d("0"), _d("0.1")),
        (
            10,
            10,
            10,
            10,
            10000000000,
            1.0e10,
            1.0e10,
            _d("12345.67"),
            _d("12345.6789"),
            _d("12346"),
            _d("12345.6789"),
        ),
        (11, 11, 11, 11, 11, 1.0e-5, 1.0e-5, _d("0.01"), _d("0.0001"), _d("0"), _d("0.0000000001")),
        (12, 12, 12, 12, 12, 123456.789, 123456789.123, _d("0.05"), _d("0.0050"), _d("1"), _d("0.005")),
        (13, 13, 13, 13, 13, 2.5, 2.5, _d("2.50"), _d("2.5000"), _d("3"), _d("2.5")),
        (14, -14, -14, -14, -14, -2.5, -2.5, _d("-2.50"), _d("-2.5000"), _d("-3"), _d("-2.5")),
        (15, 15, 15, 15, 15, 0.33333334, 1 / 3, _d("0.33"), _d("0.3333"), _d("0"), _d("0.3333333333")),
        (16, 16, 1600, 7, 1000000000000, 100.0, 100.0, _d("100.00"), _d("100.0000"), _d("100"), _d("100")),
    ),
)

EVENTS = Table(
    "events",
    (
        ("id", "int"),
        ("user_id", "int"),
        ("kind", "string"),
        ("ts", "timestamp"),
        ("day", "date"),
        ("amount", "decimal(12,2)"),
        ("payload", "string"),
    ),
    (
        (
            1,
            1,
            "click",
            _ts("2024-01-01 00:00:00.000"),
            _day("2024-01-01"),
            _d("10.00"),
            '{"a": 1, "b": [1, 2, 3]}',
        ),
        (2, 2, "view", _ts("2023-12-31 23:59:59.999"), _day("2023-12-31"), _d("0.50"), '{"a": null}'),
        (3, 3, "buy", _ts("2024-02-29 12:00:00.000"), _day("2024-02-29"), _d("99.99"), "[1, 2]"),
        # the US springs forward at 07:00 UTC on 2024-03-10, Europe at 01:00 UTC on 2024-03-31
        (4, 1, "click", _ts("2024-03-10 06:59:59.000"), _day("2024-03-10"), _d("5.25"), "not json"),
        (5, 2, "click", _ts("2024-03-10 07:00:00.000"), _day("2024-03-10"), None, None),
        (6, 3, "view", _ts("2024-03-31 00:59:59.000"), _day("2024-03-31"), _d("12.50"), '{"price": 12.50}'),
        (7, 4, None, _ts("2024-03-31 01:00:00.000"), _day("2024-03-31"), _d("-3.00"), '{"tags": ["x", "y"]}'),
        # Europe falls back at 01:00 UTC on 2024-10-27, the US at 06:00 UTC on 2024-11-03
        (
            8,
            5,
            "buy",
            _ts("2024-10-27 00:30:00.000"),
            _day("2024-10-27"),
            _d("1000.00"),
            '{"n": {"d": {"e": true}}}',
        ),
        (
            9,
            6,
            "view",
            _ts("2024-10-27 01:30:00.000"),
            _day("2024-10-27"),
            _d("0.01"),
            '{"u": "ü", "e": "\\u00e9"}',
        ),
        (10, 1, "buy", _ts("2024-11-03 05:30:00.000"), _day("2024-11-03"), _d("250.75"), "{}"),
        (11, 2, "click", _ts("2024-11-03 06:30:00.000"), _day("2024-11-03"), _d("3.33"), '""'),
        (12, 3, "view", _ts("1970-01-01 00:00:00.000"), _day("1970-01-01"), _d("0.00"), "123"),
        (13, 4, "click", _ts("1969-12-31 23:59:59.500"), _day("1969-12-31"), _d("7.77"), "true"),
        (14, 5, "buy", _ts("2000-02-29 23:59:59.123"), _day("2000-02-29"), _d("42.00"), '{"a": 1.0E2}'),
        (
            15,
            6,
            "view",
            _ts("2100-02-28 08:15:30.250"),
            _day("2100-02-28"),
            _d("8.80"),
            '{"k": [{"x": 1}, {"x": 2}]}',
        ),
        (
            16,
            1,
            "click",
            _ts("2024-06-15 14:45:10.007"),
            _day("2024-06-15"),
            _d("19.99"),
            '{"a": "text", "b": false}',
        ),
        (17, 2, None, _ts("2024-07-04 09:00:00.000"), _day("2024-07-04"), _d("1.10"), '{"a": [], "b": {}}'),
        (
            18,
            3,
            "buy",
            _ts("2024-12-31 23:59:59.999"),
            _day("2024-12-31"),
            _d("65.00"),
            '{"a": 2, "b": [4, 5]}',
        ),
        (19, 4, "view", _ts("2024-05-01 10:00:00.100"), _day("2024-05-01"), _d("14.14"), '{"a": -1.5}'),
        (
            20,
            5,
            "click",
            _ts("2024-01-15 18:20:00.000"),
            _day("2024-01-15"),
            _d("2.00"),
            '{"a": "x", "a2": "y"}',
        ),
    ),
)

COLLECTIONS = Table(
    "collections",
    (
        ("id", "int"),
        ("tags", "array<string>"),
        ("nums", "array<int>"),
        ("attrs", "map<string,int>"),
        ("point", "struct<x:double,y:double>"),
        ("person", "struct<name:string,age:int>"),
        ("items", "array<struct<k:string,v:int>>"),
        ("nested", "array<array<int>>"),
    ),
    (
        (
            1,
            ["a", "b", "c"],
            [3, 1, 2],
            {"x": 1, "y": 2},
            {"x": 1.5, "y": -2.0},
            {"name": "Ann", "age": 30},
            [{"k": "p", "v": 1}, {"k": "q", "v": 2}],
            [[1, 2], [3]],
        ),
        (2, [], [], {}, {"x": 0.0, "y": 0.0}, {"name": "Bo", "age": None}, [], []),
        (3, None, None, None, None, None, None, None),
        (
            4,
            ["b", None, "a"],
            [None, 5],
            {"z": None},
            {"x": 1.0e10, "y": 0.1},
            {"name": None, "age": 41},
            [{"k": "r", "v": None}],
            [[], [None]],
        ),
        (
            5,
            ["dup", "dup", "x"],
            [10, 20, 30, 40],
            {"k1": 10, "k2": 20, "k3": 30},
            {"x": -0.5, "y": 3.25},
            {"name": "Ça", "age": 5},
            [{"k": "s", "v": 5}, {"k": "t", "v": 6}, {"k": "u", "v": 7}],
            [[5, 6, 7]],
        ),
        (
            6,
            ["é", "ß", "😀"],
            [1, 1, 2, 3, 5, 8],
            {"a": 1},
            {"x": 2.0, "y": 2.0},
            {"name": "O'Neil", "age": 77},
            [{"k": "v", "v": 8}],
            [[1], [2], [3]],
        ),
    ),
)

SALES = Table(
    "sales",
    (("id", "int"), ("product", "string"), ("qty", "int"), ("price", "decimal(8,2)")),
    (
        (1, "apple", 3, _d("0.50"), "eu", "2024-01-01"),
        (2, "pear", 1, _d("0.75"), "eu", "2024-01-01"),
        (3, "apple", 10, _d("0.45"), "eu", "2024-01-01"),
        (4, "plum", 2, _d("1.20"), "eu", "2024-01-02"),
        (5, "apple", 5, _d("0.50"), "eu", "2024-01-02"),
        (6, "kiwi", None, _d("2.00"), "eu", "2024-01-02"),
        (7, "apple", 7, _d("0.55"), "us", "2024-01-01"),
        (8, "pear", 4, _d("0.80"), "us", "2024-01-01"),
        (9, "plum", 6, None, "us", "2024-01-01"),
        (10, "apple", 1, _d("0.60"), "us", "2024-01-03"),
        (11, "kiwi", 9, _d("1.95"), "us", "2024-01-03"),
        (12, "pear", 2, _d("0.85"), "us", "2024-01-03"),
        (13, "apple", 12, _d("0.40"), "apac", "2024-01-02"),
        (14, "mango", 3, _d("3.10"), "apac", "2024-01-02"),
        (15, "kiwi", 8, _d("1.80"), "apac", "2024-01-02"),
        (16, "plum", 1, _d("1.25"), "apac", "2024-01-02"),
    ),
    partition_keys=(("region", "string"), ("dt", "string")),
)

SPARSE = Table(
    "sparse",
    (
        ("id", "int"),
        ("a", "int"),
        ("b", "string"),
        ("c", "double"),
        ("d", "date"),
        ("e", "boolean"),
        ("f", "array<int>"),
        ("g", "decimal(6,3)"),
    ),
    (
        (1, None, None, None, None, None, None, None),
        (2, 5, None, None, None, True, None, None),
        (3, None, "x", None, None, None, [], None),
        (4, None, None, 2.5, None, False, None, _d("1.250")),
        (5, None, None, None, _day("2024-01-01"), None, [1, None], None),
        (6, 5, "", None, None, None, None, None),
        (7, None, None, None, None, None, None, _d("-0.001")),
        (8, -3, "y", -0.25, _day("1999-12-31"), True, [2], None),
        (9, None, None, None, None, None, None, None),
        (10, None, None, None, None, None, None, None),
    ),
)


def _series_row(n: int) -> tuple:
    return (
        n,
        f"g{n % 5}",
        (n * 37) % 101,
        n / 8,
        _ts(f"2024-01-{1 + (n - 1) // 24:02d} {(n - 1) % 24:02d}:00:00"),
    )


# 240 rows for aggregates and windows: grp cycles g1..g4, g0; val is a permutation-like spread of 0..100.
SERIES = Table(
    "series",
    (("id", "int"), ("grp", "string"), ("val", "int"), ("x", "double"), ("ts", "timestamp")),
    tuple(_series_row(n) for n in range(1, 241)),
)

TABLES: tuple[Table, ...] = (PEOPLE, DEPARTMENTS, NUMBERS, EVENTS, COLLECTIONS, SALES, SPARSE, SERIES)
