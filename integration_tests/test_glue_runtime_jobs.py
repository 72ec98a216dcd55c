"""Real Glue scripts (integration_tests/glue_scripts/) run unchanged through StartJobRun on local Spark.

Each test puts its input in the local S3, runs the script as a Glue 5.0 job and checks what it wrote
with independent readers (pyarrow, json, csv) against expectations written out by hand.
"""

from __future__ import annotations

import io
import json
import time
import uuid
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from job_run_helpers import log_lines

from localglue.testing import wait_for, wait_for_job_run

SCRIPTS = Path(__file__).parent / "glue_scripts"
RUN_SECONDS = 600


@pytest.fixture(scope="module")
def data(client):
    """A bucket for the module's scripts, inputs and outputs."""
    name = f"glue-runtime-{uuid.uuid4().hex[:8]}"
    client("s3").create_bucket(Bucket=name)
    return name


@pytest.fixture(scope="module")
def run_script(client, data):
    """`run_script(script, arguments, job_name=None, **CreateJob fields)`: run the script as a Glue 5.0
    job (a new one unless `job_name` names an earlier one); returns the job's name and the finished run."""
    s3, glue = client("s3"), client("glue")

    def run(
        script: str, arguments: dict[str, str], job_name: str | None = None, **fields
    ) -> tuple[str, dict]:
        if job_name is None:
            job_name = f"{Path(script).stem.replace('_', '-')}-{uuid.uuid4().hex[:6]}"
            s3.put_object(Bucket=data, Key=f"scripts/{script}", Body=(SCRIPTS / script).read_bytes())
            glue.create_job(
                Name=job_name,
                Role="arn:aws:iam::123456789012:role/glue",
                Command={
                    "Name": "glueetl",
                    "ScriptLocation": f"s3://{data}/scripts/{script}",
                    "PythonVersion": "3",
                },
                GlueVersion="5.0",
                WorkerType="G.1X",
                NumberOfWorkers=2,
                **fields,
            )
        run_id = glue.start_job_run(JobName=job_name, Arguments=arguments)["JobRunId"]
        return job_name, wait_for_job_run(glue, job_name, run_id, timeout=RUN_SECONDS)

    return run


def retry_of(glue, job: str, failed: dict) -> dict:
    """The finished attempt that followed a failed one (MaxRetries)."""
    retry_id = f"{failed['Id']}_attempt_{failed['Attempt'] + 1}"
    wait_for(
        lambda: [run["Id"] for run in glue.get_job_runs(JobName=job)["JobRuns"]],
        lambda ids: retry_id in ids,
        timeout=RUN_SECONDS,
        interval=0.5,
        what=f"retry {retry_id}",
    )
    return wait_for_job_run(glue, job, retry_id, timeout=RUN_SECONDS)


def put(s3, bucket: str, key: str, text: str) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=text.encode())


def objects(s3, bucket: str, prefix: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", []))


def json_lines(s3, bucket: str, prefix: str) -> list[dict]:
    found = []
    for key in objects(s3, bucket, prefix):
        if key.rsplit("/", 1)[-1].startswith("part-"):
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
            found += [json.loads(line) for line in body.splitlines() if line.strip()]
    return found


def failure(run: dict, client) -> str:
    errors = log_lines(client, "/aws-glue/jobs/error", run["Id"])
    return f"{run.get('ErrorMessage')}\n" + "\n".join(errors[-40:])


@pytest.mark.slow
def test_catalog_table_to_partitioned_glueparquet_with_catalog_update(client, data, run_script):
    s3, glue = client("s3"), client("glue")
    glue.create_database(DatabaseInput={"Name": "runtime_events"})
    rows = {
        "2024-03-01": [
            ("u1", "click", "2024-03-01 10:00:00", "1.5"),
            ("u2", "view", "2024-03-01 11:30:00", "2"),
        ],
        "2024-03-02": [("u1", "buy", "2024-03-02 09:15:00", "12.25")],
    }
    for dt, day in rows.items():
        body = "user_id,event_type,event_time,amount\n" + "".join(",".join(r) + "\n" for r in day)
        put(s3, data, f"events/dt={dt}/part-0.csv", body)
    glue.create_table(
        DatabaseName="runtime_events",
        TableInput={
            "Name": "events_csv",
            "PartitionKeys": [{"Name": "dt", "Type": "string"}],
            "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {
                "Location": f"s3://{data}/events/",
                "Columns": [
                    {"Name": "user_id", "Type": "string"},
                    {"Name": "event_type", "Type": "string"},
                    {"Name": "event_time", "Type": "string"},
                    {"Name": "amount", "Type": "double"},
                ],
                "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    "Parameters": {"field.delim": ","},
                },
            },
        },
    )
    glue.batch_create_partition(
        DatabaseName="runtime_events",
        TableName="events_csv",
        PartitionInputList=[
            {"Values": [dt], "StorageDescriptor": {"Location": f"s3://{data}/events/dt={dt}/"}} for dt in rows
        ],
    )
    _, run = run_script(
        "catalog_to_partitioned_parquet.py",
        {
            "--database": "runtime_events",
            "--source_table": "events_csv",
            "--target_path": f"s3://{data}/curated/",
            "--target_table": "events_curated",
        },
    )
    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)

    table = glue.get_table(DatabaseName="runtime_events", Name="events_curated")["Table"]
    assert [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]] == [
        ("user_id", "string"),
        ("type", "string"),
        ("event_time", "timestamp"),
        ("amount", "double"),
    ]
    assert table["PartitionKeys"] == [{"Name": "event_date", "Type": "string"}]
    assert table["StorageDescriptor"]["Location"] == f"s3://{data}/curated/"
    assert table["Parameters"]["classification"] == "parquet"
    partitions = glue.get_partitions(DatabaseName="runtime_events", TableName="events_curated")["Partitions"]
    assert sorted((p["Values"][0], p["StorageDescriptor"]["Location"]) for p in partitions) == [
        ("2024-03-01", f"s3://{data}/curated/event_date=2024-03-01/"),
        ("2024-03-02", f"s3://{data}/curated/event_date=2024-03-02/"),
    ]
    written = []
    for key in objects(s3, data, "curated/"):
        if key.endswith(".parquet"):
            day = key.split("event_date=", 1)[1].split("/", 1)[0]
            table_rows = pq.read_table(
                io.BytesIO(s3.get_object(Bucket=data, Key=key)["Body"].read())
            ).to_pylist()
            written += [(day, r["user_id"], r["type"], r["event_time"], r["amount"]) for r in table_rows]
    expected = [
        (dt, user, kind, datetime.fromisoformat(at), float(amount))
        for dt, day in rows.items()
        for user, kind, at, amount in day
    ]
    assert sorted(written) == sorted(expected)


@pytest.mark.slow
def test_bookmarked_ingestion_reads_only_new_files_and_a_failed_attempt_is_read_again(
    client, data, run_script
):
    s3, glue = client("s3"), client("glue")
    put(s3, data, "ingest/in/a.json", '{"id": 1}\n{"id": 2}\n')
    put(s3, data, "ingest/in/day2/b.json", '{"id": 3}\n')
    arguments = {
        "--input_path": f"s3://{data}/ingest/in/",
        "--output_path": f"s3://{data}/ingest/out/",
        "--job-bookmark-option": "job-bookmark-enable",
        "--fail_first_attempt": "false",
    }

    def read_by(run_id: str) -> list[int]:
        return sorted(r["id"] for r in json_lines(s3, data, f"ingest/out/run={run_id}/"))

    job, first = run_script("bookmarked_ingest.py", arguments, MaxRetries=1)
    assert first["JobRunState"] == "SUCCEEDED", failure(first, client)
    assert read_by(first["Id"]) == [1, 2, 3]

    put(s3, data, "ingest/in/c.json", '{"id": 4}\n')
    _, failed = run_script(
        "bookmarked_ingest.py", {**arguments, "--fail_first_attempt": "true"}, job_name=job
    )
    assert failed["JobRunState"] == "FAILED" and "the first attempt fails" in failed["ErrorMessage"]
    second = retry_of(glue, job, failed)
    assert (second["Attempt"], second["JobRunState"]) == (1, "SUCCEEDED"), failure(second, client)
    # the failed attempt read c.json and committed nothing: its retry starts from run 1's bookmark
    assert read_by(failed["Id"]) == [4] and read_by(second["Id"]) == [4]

    time.sleep(1.1)  # S3 times are in seconds: the rewritten a.json is newer than when it was read
    put(s3, data, "ingest/in/a.json", '{"id": 10}\n{"id": 2}\n')
    put(s3, data, "ingest/in/day2/d.json", '{"id": 5}\n')
    _, third = run_script("bookmarked_ingest.py", arguments, job_name=job)
    assert third["JobRunState"] == "SUCCEEDED", failure(third, client)
    assert read_by(third["Id"]) == [2, 5, 10]

    entry = glue.get_job_bookmark(JobName=job)["JobBookmarkEntry"]
    assert (entry["Run"], entry["RunId"], entry["PreviousRunId"]) == (3, third["Id"], second["Id"])
    state = json.loads(entry["JobBookmark"])["events"]
    assert f"s3://{data}/ingest/in/day2/d.json" in state["filesInBand"]

    glue.reset_job_bookmark(JobName=job)
    _, fourth = run_script(
        "bookmarked_ingest.py", {**arguments, "--job-bookmark-option": "job-bookmark-pause"}, job_name=job
    )
    assert fourth["JobRunState"] == "SUCCEEDED", failure(fourth, client)
    assert read_by(fourth["Id"]) == [2, 3, 4, 5, 10]  # reset: everything again; paused: nothing committed
    assert glue.get_job_bookmark(JobName=job)["JobBookmarkEntry"]["JobBookmark"] == "{}"


NESTED_ORDERS = {
    "orders": [
        {
            "id": "o1",
            "customer": {"name": "Ann", "city": "Oslo"},
            "items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}],
            "tags": ["gift"],
        },
        {
            "id": "o2",
            "customer": {"name": "Bob", "city": "Rome"},
            "items": [{"sku": "c", "qty": 5}],
            "tags": [],
        },
    ]
}


@pytest.mark.slow
def test_relationalize_nested_json(client, data, run_script):
    s3 = client("s3")
    put(s3, data, "nested/in/orders.json", json.dumps(NESTED_ORDERS, indent=2))
    _, run = run_script(
        "relationalize_nested_json.py",
        {"--input_path": f"s3://{data}/nested/in/", "--output_path": f"s3://{data}/nested/out/"},
    )
    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)

    tables = {key.split("/")[2] for key in objects(s3, data, "nested/out/")}
    assert tables == {"orders", "orders_items", "orders_tags"}
    root = {r["id"]: r for r in json_lines(s3, data, "nested/out/orders/")}
    assert {k: (r["customer.name"], r["customer.city"]) for k, r in root.items()} == {
        "o1": ("Ann", "Oslo"),
        "o2": ("Bob", "Rome"),
    }
    items = json_lines(s3, data, "nested/out/orders_items/")
    by_order = {
        order: sorted(
            (i["index"], i["items.val.sku"], i["items.val.qty"])
            for i in items
            if i["id"] == root[order]["items"]
        )
        for order in root
    }
    assert by_order == {"o1": [(0, "a", 2), (1, "b", 1)], "o2": [(0, "c", 5)]}
    tags = json_lines(s3, data, "nested/out/orders_tags/")
    assert [(t["id"] == root["o1"]["tags"], t["index"], t["tags.val"]) for t in tags] == [(True, 0, "gift")]


@pytest.mark.slow
def test_resolve_choice_over_files_whose_column_types_differ(client, data, run_script):
    s3 = client("s3")
    put(s3, data, "prices/in/a.json", '{"id": 1, "price": 10}\n')
    put(s3, data, "prices/in/b.json", '{"id": 2, "price": "12.50"}\n')
    put(s3, data, "prices/in/c.json", '{"id": 3, "price": 7.5}\n')
    _, run = run_script(
        "resolve_choice_across_files.py",
        {"--input_path": f"s3://{data}/prices/in/", "--output_path": f"s3://{data}/prices/out/"},
    )
    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    output = log_lines(client, "/aws-glue/jobs/output", run["Id"])
    assert "|-- price: choice" in output and "|    |-- string" in output

    def parquet(prefix):
        found = []
        for key in objects(s3, data, prefix):
            if key.endswith(".parquet"):
                found += pq.read_table(
                    io.BytesIO(s3.get_object(Bucket=data, Key=key)["Body"].read())
                ).to_pylist()
        return sorted(found, key=lambda r: r["id"])

    assert parquet("prices/out/cast/") == [
        {"id": 1, "price": 10.0},
        {"id": 2, "price": 12.5},
        {"id": 3, "price": 7.5},
    ]
    assert parquet("prices/out/make_cols/") == [
        {"id": 1, "price_double": None, "price_long": 10, "price_string": None},
        {"id": 2, "price_double": None, "price_long": None, "price_string": "12.50"},
        {"id": 3, "price_double": 7.5, "price_long": None, "price_string": None},
    ]


@pytest.mark.slow
def test_format_round_trips_with_the_spark_ui_and_event_log(client, data, run_script):
    s3 = client("s3")
    put(s3, data, "formats/in/people.csv", "id|name|score\n1|'Ann|Lee'|9.5\n2|Bob|7\n")
    _, run = run_script(
        "format_round_trips.py",
        {
            "--input_path": f"s3://{data}/formats/in/",
            "--output_path": f"s3://{data}/formats/out/",
            "--enable-spark-ui": "true",
            "--spark-event-logs-path": f"s3://{data}/spark-events/",
        },
    )
    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    # score: 9.5 and 7 are a double and a long per value; JSON and CSV keep each value's own kind
    expected = [{"id": 1, "name": "Ann|Lee", "score": 9.5}, {"id": 2, "name": "Bob", "score": 7}]
    for fmt in ("json", "parquet", "orc", "avro", "csv"):
        back = sorted(json_lines(s3, data, f"formats/out/check-{fmt}/"), key=lambda r: r["id"])
        plain = [
            {**r, "score": next(v for v in r["score"].values() if v is not None)}
            if isinstance(r["score"], dict)
            else r
            for r in back
        ]
        assert plain == expected, (fmt, back)

    ui = [
        line
        for line in log_lines(client, "/aws-glue/jobs/output", run["Id"])
        if line.startswith("Spark UI: ")
    ]
    assert len(ui) == 1 and ui[0].startswith("Spark UI: http://127.0.0.1:")
    logs = [k for k in objects(s3, data, "spark-events/") if not k.endswith("/")]
    assert len(logs) == 1 and s3.get_object(Bucket=data, Key=logs[0])["Body"].read().startswith(
        b'{"Event":"SparkListenerLogStart"'
    )
