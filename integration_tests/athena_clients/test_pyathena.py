"""PyAthena against localglue: the DB-API cursor, the pandas and arrow cursors (with and without UNLOAD), and
SQLAlchemy's inspector over Athena's catalog APIs."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import boto3
import pandas as pd
import pyarrow.fs
import pytest
import sqlalchemy as sa
from pyathena import connect
from pyathena.arrow.cursor import ArrowCursor
from pyathena.error import OperationalError
from pyathena.pandas.cursor import PandasCursor
from athena_queries import rows

DATABASE = "pyathena_it"
LAZY_SIMPLE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"


@pytest.fixture(scope="module")
def staging(aws_env, athena_engine) -> str:
    """The result location; database `pyathena_it` with table `people` (partitioned by team) and a view."""
    s3, glue = boto3.client("s3"), boto3.client("glue")
    bucket = f"pyathena-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="people/team=red/p.csv", Body=b"1,ann,10.5\n2,bob,\\N\n")
    s3.put_object(Bucket=bucket, Key="people/team=blue/p.csv", Body=b"3,cid,7\n")
    glue.create_database(DatabaseInput={"Name": DATABASE})
    glue.create_table(
        DatabaseName=DATABASE,
        TableInput={
            "Name": "people",
            "Description": "who is who",
            "TableType": "EXTERNAL_TABLE",
            "PartitionKeys": [{"Name": "team", "Type": "string"}],
            "StorageDescriptor": {
                "Columns": [
                    {"Name": "id", "Type": "int"},
                    {"Name": "name", "Type": "string", "Comment": "first name"},
                    {"Name": "score", "Type": "double"},
                ],
                "Location": f"s3://{bucket}/people/",
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {"SerializationLibrary": LAZY_SIMPLE, "Parameters": {"field.delim": ","}},
            },
        },
    )
    output = f"s3://{bucket}/results/"
    athena = boto3.client("athena")
    rows(athena, "MSCK REPAIR TABLE people", DATABASE, output)
    rows(athena, "CREATE VIEW red_people AS SELECT id, name FROM people WHERE team = 'red'", DATABASE, output)
    return output


@pytest.fixture
def connection(staging):
    with connect(s3_staging_dir=staging, region_name="us-east-1", schema_name=DATABASE) as conn:
        yield conn


PEOPLE = [(1, "ann", 10.5, "red"), (2, "bob", None, "red"), (3, "cid", 7.0, "blue")]


def test_dbapi_cursor_binds_parameters_and_describes_columns(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT id, name, score, team FROM people WHERE id <= %(top)s ORDER BY id", {"top": 3})
    assert cursor.fetchall() == PEOPLE
    assert [(d[0], d[1]) for d in cursor.description] == [
        ("id", "integer"),
        ("name", "varchar"),
        ("score", "double"),
        ("team", "varchar"),
    ]
    assert cursor.state == "SUCCEEDED" and cursor.output_location.endswith(f"{cursor.query_id}.csv")
    # qmark: Athena's ExecutionParameters, each a SQL literal
    cursor.execute("SELECT name FROM people WHERE name = ?", ["'cid'"], paramstyle="qmark")
    assert cursor.fetchall() == [("cid",)]


def test_dbapi_cursor_converts_athenas_types(connection):
    cursor = connection.cursor()
    cursor.execute(
        "SELECT DECIMAL '12.34', DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123', ARRAY[1, 2], "
        "CAST(ROW(1, 'x') AS ROW(a int, b varchar)), X'0102', CAST(NULL AS varchar)"
    )
    assert cursor.fetchone() == (
        Decimal("12.34"),
        datetime.date(2024, 1, 2),
        datetime.datetime(2024, 1, 2, 3, 4, 5, 123000),
        [1, 2],
        {"a": "1", "b": "x"},
        b"\x01\x02",
        None,
    )
    assert (cursor.description[0][1], cursor.description[0][4], cursor.description[0][5]) == ("decimal", 4, 2)


def test_dbapi_cursor_pages_through_a_long_result(connection):
    cursor = connection.cursor(arraysize=500)
    cursor.execute("SELECT x FROM UNNEST(sequence(1, 2500)) AS t(x)")
    assert sum(value for (value,) in cursor) == 2500 * 2501 // 2


def test_a_failed_query_raises_athenas_reason(connection):
    with pytest.raises(OperationalError, match=f"TABLE_NOT_FOUND: .*awsdatacatalog.{DATABASE}.missing"):
        connection.cursor().execute("SELECT * FROM missing")


def test_utility_statements_answer_their_lines(connection):
    cursor = connection.cursor()
    cursor.execute("SHOW TABLES")
    assert sorted(cursor.fetchall()) == [("people",), ("red_people",)]
    cursor.execute("DESCRIBE people")
    assert [d[0] for d in cursor.description] == ["col_name", "data_type", "comment"]
    assert [line.split("\t")[0].strip() for (line,) in cursor.fetchall()[:4]] == [
        "id",
        "name",
        "score",
        "team",
    ]


@pytest.mark.parametrize("unload", [False, True])
def test_pandas_cursor_reads_the_result_files(connection, unload):
    cursor = connection.cursor(PandasCursor, unload=unload)
    frame = cursor.execute("SELECT id, name, score, team FROM people ORDER BY id").as_pandas()
    frame = frame.sort_values("id").reset_index(drop=True)  # UNLOAD's files carry no order between them
    assert frame["id"].tolist() == [1, 2, 3]
    assert frame["name"].tolist() == ["ann", "bob", "cid"]
    assert frame["score"].iloc[0] == 10.5 and pd.isna(frame["score"].iloc[1])


def test_pandas_cursor_reads_utility_results_as_athena_writes_them(connection):
    frame = connection.cursor(PandasCursor).execute("DESCRIBE people").as_pandas()
    assert list(frame.columns) == ["col_name", "data_type", "comment"]
    assert [v.strip() for v in frame["data_type"][:3]] == ["int", "string", "double"]


@pytest.fixture
def arrow_s3_at_the_gateway(monkeypatch, aws_env):
    """PyAthena's ArrowCursor builds pyarrow's S3FileSystem with region and keys only, and pyarrow's
    constructor reads no endpoint from the environment: a user of any non-AWS endpoint gives it one."""
    scheme, _, address = aws_env.partition("://")
    original = pyarrow.fs.S3FileSystem

    def at_gateway(**kwargs):
        return original(endpoint_override=address, scheme=scheme, **kwargs)

    monkeypatch.setattr(pyarrow.fs, "S3FileSystem", at_gateway)


@pytest.mark.parametrize("unload", [False, True])
def test_arrow_cursor_reads_the_result_files(connection, arrow_s3_at_the_gateway, unload):
    cursor = connection.cursor(ArrowCursor, unload=unload)
    table = cursor.execute("SELECT id, name FROM people ORDER BY id").as_arrow()
    assert sorted(zip(table.column("id").to_pylist(), table.column("name").to_pylist(), strict=True)) == [
        (1, "ann"),
        (2, "bob"),
        (3, "cid"),
    ]


@pytest.fixture
def engine(staging):
    return sa.create_engine(
        f"awsathena+rest://@athena.us-east-1.amazonaws.com:443/{DATABASE}?s3_staging_dir={staging}"
    )


def test_sqlalchemy_inspector_reads_the_catalog(engine):
    inspector = sa.inspect(engine)
    assert DATABASE in inspector.get_schema_names()
    assert inspector.get_table_names(DATABASE) == ["people"]
    assert inspector.get_view_names(DATABASE) == ["red_people"]
    columns = inspector.get_columns("people", DATABASE)
    assert [(c["name"], str(c["type"]), c["comment"]) for c in columns] == [
        ("id", "INTEGER", None),
        ("name", "VARCHAR", "first name"),
        ("score", "DOUBLE", None),
        ("team", "VARCHAR", None),
    ]
    assert [c["dialect_options"]["awsathena_partition"] for c in columns] == [None, None, None, True]
    assert inspector.has_table("people", DATABASE) and not inspector.has_table("nobody", DATABASE)
    assert inspector.get_table_comment("people", DATABASE) == {"text": "who is who"}
    options = inspector.get_table_options("people", DATABASE)
    assert options["awsathena_location"].endswith("/people/")
    assert options["awsathena_row_format"] == f"SERDE '{LAZY_SIMPLE}'"
    assert dict(options["awsathena_serdeproperties"]) == {"field.delim": ","}


def test_sqlalchemy_reflects_a_table_and_queries_it(engine):
    people = sa.Table("people", sa.MetaData(), autoload_with=engine, schema=DATABASE)
    with engine.connect() as conn:
        found = conn.execute(sa.select(people.c.name).where(people.c.team == "red").order_by(people.c.id))
        assert found.fetchall() == [("ann",), ("bob",)]
        view = sa.inspect(conn).get_view_definition("red_people", DATABASE)
    assert view.startswith("CREATE VIEW") and "team = 'red'" in view
