"""Classification and type inference of the crawler, on in-memory objects."""

from __future__ import annotations

import gzip
import io
from datetime import datetime, timezone

import pytest
from moto.s3.models import FakeKey

from localglue.crawlers import classifiers, schema
from localglue.crawlers.classifiers import CsvClassifierSpec, classify
from localglue.crawlers.listing import S3Object, exclusion_pattern


def obj(body: bytes | str, key: str = "data/file") -> S3Object:
    data = body.encode() if isinstance(body, str) else body
    fake = FakeKey(key, data, "123456789012", "us-east-1")
    return S3Object("bucket", key, len(data), datetime.now(timezone.utc), fake)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("42", "bigint"),
        ("-7", "bigint"),
        ("99999999999999999999", "double"),
        ("3.25", "double"),
        ("1e5", "double"),
        ("true", "boolean"),
        ("FALSE", "boolean"),
        ("2024-01-01 10:00:00", "string"),
        ("abc", "string"),
        ("", None),
    ],
)
def test_csv_value_types(value, expected):
    assert schema.csv_value_type(value) == expected


def test_column_type_widens_and_ignores_empty_fields():
    assert schema.column_type(["1", "", "2"]) == "bigint"
    assert schema.column_type(["1", "2.5"]) == "double"
    assert schema.column_type(["1", "x"]) == "string"
    assert schema.column_type(["", ""]) is None  # typed by other files, else string


def test_merge_types():
    assert schema.merge_types("int", "bigint") == "bigint"
    assert schema.merge_types("bigint", "double") == "double"
    assert schema.merge_types("boolean", "bigint") == "string"
    assert schema.merge_types("struct<a:int>", "struct<a:bigint,b:string>") == "struct<a:bigint,b:string>"
    assert schema.merge_types(None, "int") == "int"


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([["id", "name"], ["1", "a"]], True),  # a non-string data column: header
        ([["a", "b"], ["x", "y"], ["z", "w"]], False),  # all strings: not "sufficiently different"
        ([["1", "name"], ["2", "a"]], False),  # a header cell must parse as a string
        ([["", "name"], ["1", "a"]], False),  # only the last header cell may be empty
        ([["id", ""], ["1", ""]], True),
        ([["x" * 150, "b"], ["1", "2"]], False),  # header cells shorter than 150 characters
        ([["id", "name"]], False),  # no data row to compare with
    ],
)
def test_header_heuristics(rows, expected):
    assert classifiers.detect_header(rows) is expected


def test_delimiter_order_prefers_comma_then_pipe():
    found = classify(obj("a|b,c\n1|2,3\n4|5,6\n"))
    assert found.format_parameters["delimiter"] == ","
    found = classify(obj("a|b|c\n1|2|3\n"))
    assert found.format_parameters["delimiter"] == "|"


def test_ctrl_a_delimiter():
    found = classify(obj("a\x01b\n1\x012\n"))
    assert found.format_parameters["delimiter"] == "\x01"


def test_one_column_or_one_row_is_not_csv():
    assert classify(obj("only\n1\n2\n")) is None
    assert classify(obj("a,b\n")) is None


def test_custom_classifier_header_names_and_single_column():
    spec = CsvClassifierSpec("c", delimiter=";", contains_header="ABSENT", header=("x", "y"))
    found = classify(obj("1;2\n3;4\n"), [spec])
    assert found.columns == [("x", "bigint"), ("y", "bigint")]
    assert "skip.header.line.count" not in found.format_parameters
    single = CsvClassifierSpec("s", contains_header="PRESENT", allow_single_column=True)
    assert classify(obj("name\nalice\n"), [single]).columns == [("name", "string")]


def test_custom_classifier_that_does_not_match_falls_back_to_builtins():
    spec = CsvClassifierSpec("c", delimiter="|", contains_header="PRESENT")
    found = classify(obj("id,v\n1,2\n"), [spec])
    assert (found.format_parameters["delimiter"], found.columns) == (",", [("id", "bigint"), ("v", "bigint")])


def test_a_custom_csv_classifier_leaves_a_parquet_file_to_the_builtin_classifiers():
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": [1, 2], "lag": [0.5, None]}), buffer)
    spec = CsvClassifierSpec("c", delimiter=",", contains_header="PRESENT")
    found = classify(obj(buffer.getvalue(), "output/part-0.snappy.parquet"), [spec])
    assert found.classification == "parquet" and found.columns == [("id", "bigint"), ("lag", "double")]


def test_custom_classifier_serde_choice():
    spec = CsvClassifierSpec("c", contains_header="PRESENT", serde="OpenCSVSerDe")
    assert classify(obj("a,b\n1,2\n"), [spec]).serde_library == classifiers.OPEN_CSV_SERDE
    spec = CsvClassifierSpec("c", contains_header="PRESENT", serde="LazySimpleSerDe")
    assert classify(obj('a,b\n"1",2\n'), [spec]).serde_library == classifiers.LAZY_SIMPLE_SERDE


def test_value_trimming_only_when_enabled():
    body = "a,b\n 1 ,x\n"
    trimmed = CsvClassifierSpec("c", contains_header="PRESENT", disable_value_trimming=False)
    kept = CsvClassifierSpec("c", contains_header="PRESENT")
    assert classify(obj(body), [trimmed]).columns[0] == ("a", "bigint")
    assert classify(obj(body), [kept]).columns[0] == ("a", "string")


def test_large_file_is_sampled_from_its_head_only():
    row = "12345,abcdefgh,2.5\n"
    body = "id,name,value\n" + row * 200_000  # ~4 MB
    found = classify(obj(body))
    assert found.record_count is None  # estimated from the sample
    assert found.records_sampled == classifiers.CSV_SAMPLE_RECORDS
    assert found.bytes_sampled == found.records_sampled * len(row)


def test_the_first_megabyte_bounds_the_csv_sample():
    row = "1," + "x" * 2000 + "\n"
    found = classify(obj("id,text\n" + row * 1000))  # ~2 MB in 1,000 records
    assert found.records_sampled == (classifiers.HEAD_BYTES - len("id,text\n")) // len(
        row
    )  # whole records in 1 MiB


def test_gzip_csv():
    found = classify(obj(gzip.compress(b"id,name\n1,a\n2,b\n"), key="data/f.csv.gz"))
    assert found.format_parameters["compressionType"] == "gzip"
    assert found.columns == [("id", "bigint"), ("name", "string")]
    assert found.records_sampled == 2


def test_json_pretty_printed_objects_and_nulls():
    found = classify(obj('{\n  "a": null,\n  "b": 1\n}\n{"a": 2.5, "b": 2}\n'))
    assert found.classification == "json"
    assert found.columns == [("a", "double"), ("b", "int")]


def test_parquet_schema_and_row_count_from_the_footer():
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"d": pa.array([1], pa.date32()), "x": pa.array([1.5], pa.float32())}), buffer)
    found = classify(obj(buffer.getvalue()))
    assert found.columns == [("d", "date"), ("x", "float")]
    assert found.record_count == 1


@pytest.mark.parametrize(
    "glob, path, excluded",
    [
        ("*.tmp", "a.tmp", True),
        ("*.tmp", "dir/a.tmp", False),
        ("**.tmp", "dir/a.tmp", True),
        ("tmp/**", "tmp/x/y.csv", True),
        ("tmp/**", "tmpx/y.csv", False),
        ("{a,b}.csv", "b.csv", True),
        ("[!x]*.csv", "x1.csv", False),
        ("file?.csv", "file1.csv", True),
        ("year=2024/**", "year=2024/m/f", True),
    ],
)
def test_exclusion_globs(glob, path, excluded):
    assert bool(exclusion_pattern(glob).fullmatch(path)) is excluded


def test_a_few_malformed_rows_do_not_stop_classification():
    body = "id,name\n" + "".join(f"{i},n{i}\n" for i in range(20)) + "broken row without delimiter\n"
    found = classify(obj(body))
    assert found.columns == [("id", "bigint"), ("name", "string")]
    assert classify(obj("id,name\n1,a\nx\ny\n")) is None  # half the rows malformed: not this delimiter


def test_repeated_header_names_are_made_distinct():
    found = classify(obj("id,name,name\n1,a,b\n"))
    assert [name for name, _ in found.columns] == ["id", "name", "name_1"]
