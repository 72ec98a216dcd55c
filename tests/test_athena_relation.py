"""SerDe semantics of catalog tables read by DuckDB, on local files (the same SQL runs over S3 paths)."""

import gzip
from datetime import UTC, datetime

import duckdb
import pytest

from localglue.athena.catalog import LAZY_SIMPLE_SERDE, OPEN_CSV_SERDE, CatalogTable, S3File
from localglue.athena.relation import duckdb_type, scan_sql


def table(serde, columns, serde_params=None, table_params=None, partition_keys=()):
    return CatalogTable(
        database="db",
        name="t",
        columns=columns,
        partition_keys=list(partition_keys),
        location="s3://b/t/",
        serde=serde,
        serde_params=serde_params or {},
        table_params=table_params or {},
    )


def scan(tmp_path, tbl, contents: dict[str, bytes], partition_of=None, pseudo=False, text=False):
    """Rows of the table over local copies of `contents`; `text` casts every value to VARCHAR."""
    files = []
    for name, data in contents.items():
        path = tmp_path / name
        path.write_bytes(data)
        files.append(S3File(str(path), len(data), datetime(2024, 5, 1, 12, 0, tzinfo=UTC)))
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    sql = scan_sql(tbl, files, partition_of or {}, pseudo)
    if text:
        sql = f"SELECT COLUMNS(*)::VARCHAR FROM ({sql})"
    return con.execute(sql).fetchall()


def test_open_csv_serde_unquotes_unescapes_and_keeps_empty_strings(tmp_path):
    tbl = table(
        OPEN_CSV_SERDE,
        [("a", "string"), ("b", "string"), ("c", "string")],
        table_params={"skip.header.line.count": "1"},
    )
    data = b'a,b,c\n"x, y","say ""hi""",\n"",\\N,plain\n'
    assert scan(tmp_path, tbl, {"f.csv": data}) == [("x, y", 'say "hi"', ""), ("", "\\N", "plain")]


def test_open_csv_serde_with_an_escape_char(tmp_path):
    tbl = table(OPEN_CSV_SERDE, [("a", "string"), ("b", "string")], serde_params={"escapeChar": "\\"})
    assert scan(tmp_path, tbl, {"f.csv": b'"a \\"b\\" c",d\n'}) == [('a "b" c', "d")]


def test_open_csv_serde_separator_and_quote_parameters(tmp_path):
    tbl = table(
        OPEN_CSV_SERDE,
        [("a", "string"), ("b", "string")],
        serde_params={"separatorChar": ";", "quoteChar": "'"},
    )
    assert scan(tmp_path, tbl, {"f.csv": b"'1;2';3\n"}) == [("1;2", "3")]


def test_lazy_simple_serde_null_marker_empty_strings_and_unparsable_numbers(tmp_path):
    tbl = table(
        LAZY_SIMPLE_SERDE,
        [("s", "string"), ("n", "int"), ("d", "double"), ("t", "timestamp")],
        serde_params={"field.delim": ","},
    )
    data = b'x,1,1.5,2024-01-01 10:00:00\n,,,\n\\N,\\N,\\N,\\N\n"q",abc,2e3,nope\n'
    assert scan(tmp_path, tbl, {"f.csv": data}) == [
        ("x", 1, 1.5, datetime(2024, 1, 1, 10, 0)),
        ("", None, None, None),  # empty: an empty string for strings, NULL for the other types
        (None, None, None, None),  # \N is NULL everywhere
        ('"q"', None, 2000.0, None),  # no quoting in LazySimpleSerDe; a value that does not parse is NULL
    ]


def test_lazy_simple_serde_parses_like_hive_not_like_duckdb(tmp_path):
    tbl = table(
        LAZY_SIMPLE_SERDE,
        [("n", "bigint"), ("t", "timestamp"), ("b", "boolean"), ("d", "date")],
        serde_params={"field.delim": "|"},
    )
    data = b" 5|2024-03-08T14:16:49-05:00|t|2024-3-5\n5.0|2024-03-08 14:16:49.5|TRUE|2024-03-05 10:00:00\n-7|2024-03-08|false|x\n"
    assert scan(tmp_path, tbl, {"f.txt": data}) == [
        (None, None, None, datetime(2024, 3, 5).date()),
        (None, datetime(2024, 3, 8, 14, 16, 49, 500000), True, None),
        (-7, None, False, None),
    ]


def test_lazy_simple_serde_pads_short_rows_and_drops_extra_fields(tmp_path):
    tbl = table(LAZY_SIMPLE_SERDE, [("a", "string"), ("b", "string")], serde_params={"field.delim": "\t"})
    assert scan(tmp_path, tbl, {"f.tsv": b"1\n2\t3\t4\n"}) == [("1", None), ("2", "3")]


def test_header_lines_are_skipped_in_every_file(tmp_path):
    tbl = table(
        LAZY_SIMPLE_SERDE,
        [("a", "int")],
        serde_params={"field.delim": ","},
        table_params={"skip.header.line.count": "1"},
    )
    assert sorted(scan(tmp_path, tbl, {"1.csv": b"a\n1\n", "2.csv": b"a\n2\n"})) == [(1,), (2,)]


def test_partition_values_and_pseudo_columns_follow_each_file(tmp_path):
    tbl = table(
        LAZY_SIMPLE_SERDE,
        [("a", "string")],
        serde_params={"field.delim": ","},
        partition_keys=[("dt", "date")],
    )
    one, two = str(tmp_path / "1.csv"), str(tmp_path / "2.csv")
    rows = scan(
        tmp_path,
        tbl,
        {"1.csv": b"x\n", "2.csv": b"yy\nz\n"},
        partition_of={one: ["2024-01-01"], two: ["2024-01-02"]},
        pseudo=True,
        text=True,
    )
    modified = "2024-05-01 12:00:00+00"
    assert sorted(rows) == [
        ("x", "2024-01-01", one, "2", modified),
        ("yy", "2024-01-02", two, "5", modified),
        ("z", "2024-01-02", two, "5", modified),
    ]


def test_gzip_files_are_read_by_their_extension(tmp_path):
    tbl = table(LAZY_SIMPLE_SERDE, [("a", "string"), ("n", "int")], serde_params={"field.delim": ","})
    assert scan(tmp_path, tbl, {"part-0.csv.gz": gzip.compress(b"x,1\ny,2\n")}) == [("x", 1), ("y", 2)]


def test_json_serde_reads_one_object_per_line(tmp_path):
    tbl = table(
        "org.openx.data.jsonserde.JsonSerDe", [("a", "string"), ("n", "int"), ("tags", "array<string>")]
    )
    data = b'{"a": "x", "n": 1, "tags": ["p", "q"]}\n{"a": "y", "extra": true}\n'
    assert scan(tmp_path, tbl, {"f.json": data}) == [("x", 1, ["p", "q"]), ("y", None, None)]


def test_no_files_is_an_empty_relation_with_the_table_columns():
    tbl = table(LAZY_SIMPLE_SERDE, [("a", "string"), ("n", "bigint")])
    con = duckdb.connect()
    relation = con.sql(scan_sql(tbl, [], {}, pseudo=False))
    assert relation.columns == ["a", "n"] and relation.fetchall() == []


@pytest.mark.parametrize(
    ("hive", "duck"),
    [
        ("string", "VARCHAR"),
        ("varchar(20)", "VARCHAR"),
        ("int", "INTEGER"),
        ("decimal(10,2)", "DECIMAL(10,2)"),
        ("array<string>", "VARCHAR[]"),
        ("map<string,int>", "MAP(VARCHAR, INTEGER)"),
        ("struct<a:int,b:array<string>>", 'STRUCT("a" INTEGER, "b" VARCHAR[])'),
    ],
)
def test_hive_types_map_to_duckdb(hive, duck):
    assert duckdb_type(hive) == duck
