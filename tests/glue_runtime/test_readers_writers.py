"""create_dynamic_frame.from_options and write_dynamic_frame.from_options on files, with Glue's options.

The `file` connection reads local paths exactly as `s3` reads the job's bucket; the S3 side runs in the
integration tests. Expected records are written out by hand next to the files they come from.
"""

from __future__ import annotations

import bz2
import gzip
import json

import pytest
from awsglue import gluetypes as G

from localglue.jobs.glue_runtime import readers, sources, storage


def read(glue_context, path, fmt, format_options=None, **connection_options):
    return glue_context.create_dynamic_frame.from_options(
        "file", {"paths": [str(path)], **connection_options}, format=fmt, format_options=format_options or {}
    )


def records(frame, key):
    return sorted((r.asDict(recursive=True) for r in frame.toDF().collect()), key=lambda r: r[key])


def test_csv_with_header_types_each_value_and_makes_choices(glue_context, tmp_path):
    (tmp_path / "a.csv").write_text("id,name,price,ok\n1,ann,10,true\n2,bob,x,false\n")
    (tmp_path / "b.csv").write_text("id,name,price,ok\n3,cy,2.5,\n")
    frame = read(glue_context, tmp_path, "csv", {"withHeader": True})
    schema = frame.schema()
    assert schema.getField("id").dataType == G.LongType()
    assert schema.getField("ok").dataType == G.BooleanType()
    assert schema.getField("price").dataType == G.ChoiceType([G.DoubleType(), G.LongType(), G.StringType()])
    assert [(r["id"], r["price"], r["ok"]) for r in records(frame, "id")] == [
        (1, {"double": None, "long": 10, "string": None}, True),
        (2, {"double": None, "long": None, "string": "x"}, False),
        (3, {"double": 2.5, "long": None, "string": None}, None),
    ]


def test_csv_separator_quote_escaper_multiline_and_no_header(glue_context, tmp_path):
    (tmp_path / "a.csv").write_text("1;'semi;colon';x\n2;'line\nbreak';y\n3;'it\\'s';z\n")
    frame = read(
        glue_context,
        tmp_path,
        "csv",
        {"separator": ";", "quoteChar": "'", "escaper": "\\", "multiLine": True},
    )
    assert [(r["col0"], r["col1"], r["col2"]) for r in records(frame, "col0")] == [
        (1, "semi;colon", "x"),
        (2, "line\nbreak", "y"),
        (3, "it's", "z"),
    ]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "b.csv").write_text('title,n\n"a ""quoted"" word",1\n')
    skipped = read(glue_context, tmp_path / "b", "csv", {"skipFirst": True})
    assert [(r["col0"], r["col1"]) for r in records(skipped, "col0")] == [('a "quoted" word', 1)]
    unquoted = tmp_path / "c"
    unquoted.mkdir()
    (unquoted / "c.csv").write_text('"a",b\n')
    assert records(read(glue_context, unquoted, "csv", {"quoteChar": -1}), "col1") == [
        {"col0": '"a"', "col1": "b"}
    ]


def test_json_lines_multiline_json_path_and_malformed_records(glue_context, tmp_path):
    (tmp_path / "lines").mkdir()
    (tmp_path / "lines" / "a.json").write_text('{"id": 1, "v": "a"}\nnot json\n{"id": 2, "v": "b"}\n')
    lines = read(glue_context, tmp_path / "lines", "json")
    assert [(r["id"], r["v"]) for r in records(lines, "id")] == [(1, "a"), (2, "b")]
    assert lines.errorsCount() == 1
    assert lines.errorsAsDynamicFrame().toDF().first().error.input == "not json"

    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "a.json").write_text(
        json.dumps({"meta": {"n": 2}, "records": [{"id": 3}, {"id": 4}]}, indent=2)
    )
    nested = read(glue_context, tmp_path / "doc", "json", {"jsonPath": "$.records[*]", "multiline": True})
    assert records(nested, "id") == [{"id": 3}, {"id": 4}]
    (tmp_path / "array").mkdir()
    (tmp_path / "array" / "a.json").write_text(json.dumps([{"id": 5}, {"id": 6}]))
    top = read(glue_context, tmp_path / "array", "json", {"jsonPath": "$[*]", "multiLine": "true"})
    assert records(top, "id") == [{"id": 5}, {"id": 6}]
    with pytest.raises(readers.ReadError, match="no field 'nope'"):
        read(glue_context, tmp_path / "doc", "json", {"jsonPath": "$.nope[*]", "multiline": True})


def test_a_column_whose_type_differs_between_parquet_files_is_a_choice(spark, glue_context, tmp_path):
    spark.createDataFrame([(1, 10)], "id int, amount int").write.parquet(str(tmp_path / "one"))
    spark.createDataFrame([(2, "12.5")], "id int, amount string").write.parquet(str(tmp_path / "two"))
    spark.createDataFrame([(3,)], "id int").write.orc(str(tmp_path / "orc"))
    frame = read(glue_context, tmp_path, "parquet", recurse=True, exclusions='["orc/**"]')
    assert frame.schema().getField("amount").dataType == G.ChoiceType([G.IntegerType(), G.StringType()])
    resolved = frame.resolveChoice(specs=[("amount", "cast:double")])
    assert [(r["id"], r["amount"]) for r in records(resolved, "id")] == [(1, 10.0), (2, 12.5)]
    assert records(read(glue_context, tmp_path / "orc", "orc"), "id") == [{"id": 3}]


def test_compressed_inputs_by_extension(spark, glue_context, tmp_path):
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(b'{"id": 1}\n'))
    (tmp_path / "b.json.bz2").write_bytes(bz2.compress(b'{"id": 2}\n'))
    spark.createDataFrame([(3,)], "id long").write.option("compression", "snappy").json(
        str(tmp_path / "snappy")
    )
    assert any(p.name.endswith(".json.snappy") for p in (tmp_path / "snappy").iterdir())
    frame = read(glue_context, tmp_path, "json", recurse=True)
    assert records(frame, "id") == [{"id": 1}, {"id": 2}, {"id": 3}]
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "c.json").write_bytes(gzip.compress(b'{"id": 4}\n'))
    with pytest.raises(sources.SourceError, match="lacks the .gz extension"):
        read(glue_context, tmp_path / "plain", "json", compressionType="gzip")


def test_listing_recurse_hidden_files_and_exclusions(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.csv", "_SUCCESS", ".a.csv.crc", "sub/b.csv", "sub/c.pdf", "empty.csv"):
        (tmp_path / name).write_text("" if name == "empty.csv" else "x\n")
    flat = storage.list_files([str(tmp_path)])
    assert [f.uri.rsplit("/", 1)[-1] for f in flat] == ["a.csv"]
    deep = storage.list_files(
        [str(tmp_path)], recurse=True, exclusions=storage.parse_exclusions('["**.pdf"]')
    )
    assert [f.uri.rsplit("/", 1)[-1] for f in deep] == ["a.csv", "b.csv"]
    with pytest.raises(storage.StorageError, match="not a JSON list"):
        storage.parse_exclusions("**.pdf")


def test_formats_and_connections_localglue_cannot_serve_are_named(glue_context, tmp_path):
    with pytest.raises(readers.ReadError, match="'xml' is not emulated"):
        read(glue_context, tmp_path, "xml")
    with pytest.raises(sources.SourceError, match="connection type 'dynamodb' is not emulated"):
        glue_context.create_dynamic_frame.from_options("dynamodb", {"dynamodb.input.tableName": "t"})
    frame = read(glue_context, tmp_path, "csv")
    with pytest.raises(sources.SourceError, match="connection type 'mysql'"):
        glue_context.write_dynamic_frame.from_options(frame, "mysql", {"url": "jdbc:mysql://x"})


def test_writes_partitioned_compressed_and_csv_options_round_trip(spark, glue_context, tmp_path):
    from awsglue.dynamicframe import DynamicFrame

    frame = DynamicFrame.fromDF(
        spark.createDataFrame(
            [(1, "a", "2024"), (2, "b;c", "2024"), (3, "d", "2025")], "id int, v string, year string"
        ),
        glue_context,
    )
    out = tmp_path / "out"
    glue_context.write_dynamic_frame.from_options(
        frame,
        "file",
        {"path": str(out / "json"), "partitionKeys": ["year"], "compression": "gzip"},
        format="json",
    )
    assert sorted(p.name for p in (out / "json").iterdir() if p.is_dir()) == ["year=2024", "year=2025"]
    parts = [
        json.loads(line)
        for f in (out / "json").rglob("*.json.gz")
        for line in gzip.decompress(f.read_bytes()).decode().splitlines()
    ]
    assert sorted(p["id"] for p in parts) == [1, 2, 3] and all("year" not in p for p in parts)

    glue_context.write_dynamic_frame.from_options(
        frame,
        "file",
        {"path": str(out / "csv")},
        format="csv",
        format_options={"separator": ";", "writeHeader": False},
    )
    lines = sorted(line for f in (out / "csv").glob("part-*.csv") for line in f.read_text().splitlines())
    assert lines == ["1;a;2024", '2;"b;c";2024', "3;d;2025"]

    for fmt in ("parquet", "glueparquet", "orc"):
        glue_context.write_dynamic_frame.from_options(frame, "file", {"path": str(out / fmt)}, format=fmt)
        back = read(glue_context, out / fmt, "parquet" if fmt != "orc" else "orc")
        assert [(r["id"], r["v"], r["year"]) for r in records(back, "id")] == [
            (1, "a", "2024"),
            (2, "b;c", "2024"),
            (3, "d", "2025"),
        ]
