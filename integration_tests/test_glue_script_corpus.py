"""The Glue script corpus (integration_tests/glue_scripts/), written as AWS's samples and Glue Studio write
scripts, run unchanged through StartJobRun as Glue 5.0 jobs on the shared gateway.

Each test lays out a few rows of input in the local S3 and the catalog, runs one script, and checks what it
wrote (read back with pyarrow, gzip, json and csv) and what it changed in the catalog against expectations
worked out by hand from those rows.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import uuid
from datetime import date

import pyarrow.parquet as pq
import pytest

import test_glue_runtime_jobs as runtime_jobs
from job_run_helpers import log_lines
from test_glue_runtime_jobs import failure, json_lines, objects, put
from test_job_data_catalog import create_catalog, parquet_rows

pytestmark = pytest.mark.slow

# test_glue_runtime_jobs' fixtures: a bucket for the module's scripts and data, and the script runner
data = runtime_jobs.data
run_script = runtime_jobs.run_script

TEXT_FILES = (
    "org.apache.hadoop.mapred.TextInputFormat",
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
)
# classification -> InputFormat, OutputFormat, SerdeInfo of a table as a crawler writes it
STORAGE = {
    "csv": (
        *TEXT_FILES,
        {
            "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            "Parameters": {"field.delim": ","},
        },
    ),
    "json": (*TEXT_FILES, {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe", "Parameters": {}}),
    "parquet": (
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
    ),
}


def columns(*pairs: str) -> list[dict]:
    """Catalog columns from "name type" pairs."""
    return [{"Name": name, "Type": kind} for name, kind in (pair.split(" ", 1) for pair in pairs)]


def file_table(name: str, location: str, cols: list[dict], classification: str) -> dict:
    """A TableInput for the files under `location` (CSV with a header line), as a crawler writes one."""
    input_format, output_format, serde = STORAGE[classification]
    parameters = {"classification": classification}
    if classification == "csv":
        parameters["skip.header.line.count"] = "1"
    return {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": parameters,
        "StorageDescriptor": {
            "Location": location,
            "Columns": cols,
            "InputFormat": input_format,
            "OutputFormat": output_format,
            "SerdeInfo": serde,
        },
    }


def parquet_records(s3, bucket: str, prefix: str) -> list[dict]:
    """The rows of the Parquet files under `prefix`, with the key=value folders they lie in as fields."""
    found = []
    for key in objects(s3, bucket, prefix):
        if key.endswith(".parquet"):
            folders = dict(part.split("=", 1) for part in key[len(prefix) :].split("/")[:-1] if "=" in part)
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            found += [{**row, **folders} for row in pq.read_table(io.BytesIO(body)).to_pylist()]
    return found


def gzipped_json_lines(s3, bucket: str, prefix: str) -> list[dict]:
    found = []
    for key in objects(s3, bucket, prefix):
        if key.rsplit("/", 1)[-1].startswith("part-"):
            assert key.endswith(".json.gz"), key
            text = gzip.decompress(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).decode()
            found += [json.loads(line) for line in text.splitlines() if line.strip()]
    return found


STUDIO_BUCKET, STUDIO_DATABASE = "studio-sales-curated", "studio_sales"  # the names the Studio job holds
STUDIO_ORDERS = [
    (1, "Ann", 12.5, "2024-03-01", "eu"),
    (2, "Bob", 7.25, "2024-03-02", "us"),
    (3, "Cy", 30.0, "2024-03-02", "eu"),
]


def test_a_glue_studio_job_maps_checks_and_writes_a_catalog_table_with_its_partitions(client, run_script):
    s3, glue = client("s3"), client("glue")
    s3.create_bucket(Bucket=STUDIO_BUCKET)
    body = "order_id,customer,amount,order_date,region\n" + "".join(
        ",".join(map(str, row)) + "\n" for row in STUDIO_ORDERS
    )
    put(s3, STUDIO_BUCKET, "raw/orders/part-0.csv", body)
    glue.create_database(DatabaseInput={"Name": STUDIO_DATABASE})
    glue.create_table(
        DatabaseName=STUDIO_DATABASE,
        TableInput=file_table(
            "orders_raw",
            f"s3://{STUDIO_BUCKET}/raw/orders/",
            columns(
                "order_id bigint", "customer string", "amount double", "order_date string", "region string"
            ),
            "csv",
        ),
    )

    job, run = run_script("glue_studio_catalog_to_catalog.py", {})

    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    table = glue.get_table(DatabaseName=STUDIO_DATABASE, Name="orders_curated")["Table"]
    assert table["StorageDescriptor"]["Columns"] == columns(
        "order_id bigint", "customer_name string", "amount double", "order_date date"
    )
    assert table["PartitionKeys"] == columns("region string")
    assert table["StorageDescriptor"]["Location"] == f"s3://{STUDIO_BUCKET}/orders/"
    assert table["Parameters"]["classification"] == "parquet"
    partitions = glue.get_partitions(DatabaseName=STUDIO_DATABASE, TableName="orders_curated")["Partitions"]
    assert sorted((p["Values"], p["StorageDescriptor"]["Location"]) for p in partitions) == [
        (["eu"], f"s3://{STUDIO_BUCKET}/orders/region=eu/"),
        (["us"], f"s3://{STUDIO_BUCKET}/orders/region=us/"),
    ]
    written = parquet_records(s3, STUDIO_BUCKET, "orders/")
    assert sorted(written, key=lambda r: r["order_id"]) == [
        {
            "order_id": 1,
            "customer_name": "Ann",
            "amount": 12.5,
            "order_date": date(2024, 3, 1),
            "region": "eu",
        },
        {
            "order_id": 2,
            "customer_name": "Bob",
            "amount": 7.25,
            "order_date": date(2024, 3, 2),
            "region": "us",
        },
        {
            "order_id": 3,
            "customer_name": "Cy",
            "amount": 30.0,
            "order_date": date(2024, 3, 2),
            "region": "eu",
        },
    ]
    first = next(k for k in objects(s3, STUDIO_BUCKET, "orders/") if k.endswith(".parquet"))
    metadata = pq.ParquetFile(
        io.BytesIO(s3.get_object(Bucket=STUDIO_BUCKET, Key=first)["Body"].read())
    ).metadata
    assert metadata.row_group(0).column(0).compression == "SNAPPY"

    [listed] = glue.list_data_quality_results(Filter={"JobName": job, "JobRunId": run["Id"]})["Results"]
    result = glue.get_data_quality_result(ResultId=listed["ResultId"])
    assert (result["EvaluationContext"], result["Score"]) == ("EvaluateDataQuality_node1717171717000", 1.0)
    assert [(r["Description"], r["Result"]) for r in result["RuleResults"]] == [("ColumnCount > 0", "PASS")]


USERS_CSV = "u1,NO\nu2,IT\nu3,NO\n"


def test_spark_sql_joins_two_catalog_tables_and_saves_the_aggregate_as_a_table(
    client, glue, bucket, run_script
):
    s3 = client("s3")
    database = create_catalog(s3, glue, bucket)  # `events`: u1 1.5, u2 10.0, u1 4.25, u3 0.5
    put(s3, bucket, "users/part-0.csv", USERS_CSV)
    users = file_table("users", f"s3://{bucket}/users/", columns("user_id string", "country string"), "csv")
    del users["Parameters"]["skip.header.line.count"]
    glue.create_table(DatabaseName=database, TableInput=users)

    _, run = run_script(
        "spark_sql_catalog_join.py",
        {"--enable-glue-datacatalog": "true", "--database": database, "--output_table": "country_totals"},
    )

    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    table = glue.get_table(DatabaseName=database, Name="country_totals")["Table"]
    assert table["StorageDescriptor"]["Columns"] == columns("country string", "events bigint", "total double")
    assert table["StorageDescriptor"]["Location"] == f"s3://{bucket}/warehouse/country_totals"
    # NO: u1's two events and u3's; IT: u2's
    assert parquet_rows(s3, bucket, "warehouse/country_totals/") == [("IT", 1, 10.0), ("NO", 3, 6.25)]


PERSONS = [
    {
        "id": "p1",
        "name": "Ann Lee",
        "given_name": "Ann",
        "family_name": "Lee",
        "gender": "female",
        "birth_date": "1950-01-02",
        "links": [{"note": "wikipedia", "url": "https://wiki.example/ann"}],
        "contact_details": [{"type": "twitter", "value": "annlee"}, {"type": "fax", "value": "555-0101"}],
        "other_names": [{"lang": "en", "name": "Annie Lee", "note": "alternate"}],
        "identifiers": [{"scheme": "bioguide", "identifier": "L000001"}],
    },
    {
        "id": "p2",
        "name": "Bob Stone",
        "given_name": "Bob",
        "family_name": "Stone",
        "gender": "male",
        "birth_date": "1961-07-30",
        "contact_details": [{"type": "phone", "value": "555-0202"}],
        "other_names": [],
        "identifiers": [{"scheme": "bioguide", "identifier": "S000002"}],
    },
    {"id": "p3", "name": "Cy Young", "given_name": "Cy", "family_name": "Young", "gender": "male"},
]
MEMBERSHIPS = [
    {"person_id": "p1", "organization_id": "org-senate", "on_behalf_of_id": "party/democrat", "role": "member",
     "start_date": "2001-01-03", "end_date": "2007-01-03", "legislative_period_id": "term/107"},
    {"person_id": "p1", "organization_id": "org-house", "on_behalf_of_id": "party/democrat", "role": "member",
     "start_date": "1995-01-03", "end_date": "2001-01-03", "legislative_period_id": "term/104"},
    {"person_id": "p2", "organization_id": "org-house", "on_behalf_of_id": "party/republican", "role": "member",
     "start_date": "2007-01-04", "legislative_period_id": "term/110"},
    {"person_id": "p9", "organization_id": "org-house", "role": "member", "legislative_period_id": "term/110"},
]  # fmt: skip
ORGANIZATIONS = [
    {"id": "org-house", "name": "House of Representatives", "classification": "legislature", "seats": 435,
     "type": "lower house", "identifiers": [{"scheme": "wikidata", "identifier": "Q11701"}],
     "other_names": [{"lang": "en", "name": "House", "note": "short"}]},
    {"id": "org-senate", "name": "Senate", "classification": "legislature", "seats": 100, "type": "upper house",
     "identifiers": [], "other_names": []},
    {"id": "party/democrat", "name": "Democrat", "classification": "party", "image": "https://img.example/d",
     "links": [{"note": "website", "url": "https://democrats.example"}]},
]  # fmt: skip


def legislator_history() -> list[dict]:
    """The sample's history worked out in plain Python: each membership of a known person with its
    chamber, the organization's fields first (a field both hold keeps the organization's value, else the
    person's), without person_id and org_id."""
    people = {p["id"]: p for p in PERSONS}
    dropped = ("id", "name", "identifiers", "other_names")
    chambers = {
        o["id"]: {"org_name": o["name"], **{k: v for k, v in o.items() if k not in dropped}}
        for o in ORGANIZATIONS
    }
    history = []
    for membership in MEMBERSHIPS:
        person, org = people.get(membership["person_id"]), chambers.get(membership["organization_id"])
        if person and org:
            joined = {**person, **membership, **org}
            del joined["person_id"]
            history.append(joined)
    return history


def test_aws_join_and_relationalize_sample(client, glue, bucket, run_script):
    s3 = client("s3")
    database = f"legislators_{uuid.uuid4().hex[:6]}"
    glue.create_database(DatabaseInput={"Name": database})
    link, named, identifier = (
        "array<struct<note:string,url:string>>",
        "array<struct<lang:string,name:string,note:string>>",
        "array<struct<scheme:string,identifier:string>>",
    )
    tables = {
        "persons_json": (PERSONS, columns(
            "id string", "name string", "given_name string", "family_name string", "gender string",
            "birth_date string", f"links {link}", "contact_details array<struct<type:string,value:string>>",
            f"other_names {named}", f"identifiers {identifier}")),
        "memberships_json": (MEMBERSHIPS, columns(
            "person_id string", "organization_id string", "on_behalf_of_id string", "role string",
            "start_date string", "end_date string", "legislative_period_id string")),
        "organizations_json": (ORGANIZATIONS, columns(
            "id string", "name string", "classification string", "seats int", "type string", "image string",
            f"links {link}", f"identifiers {identifier}", f"other_names {named}")),
    }  # fmt: skip
    for name, (records, cols) in tables.items():
        put(s3, bucket, f"legislators/{name}/data.json", "".join(json.dumps(r) + "\n" for r in records))
        glue.create_table(
            DatabaseName=database,
            TableInput=file_table(name, f"s3://{bucket}/legislators/{name}/", cols, "json"),
        )

    _, run = run_script(
        "join_and_relationalize.py", {"--database": database, "--output_dir": f"s3://{bucket}/output-dir/"}
    )

    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    expected = legislator_history()
    assert len(expected) == 3  # p1 in both chambers, p2 in the House; p3 holds no seat, p9 is no person
    fields = ("id", "org_name", "classification", "seats", "type", "start_date", "on_behalf_of_id", "links")

    def picked(rows):
        return sorted(tuple(json.dumps(r.get(f), sort_keys=True) for f in fields) for r in rows)

    for folder in ("legislator_history/", "legislator_single/", "legislator_part/"):
        written = parquet_records(s3, bucket, f"output-dir/{folder}")
        assert picked(written) == picked(expected), folder
        assert all("person_id" not in r and "org_id" not in r for r in written)
    assert {k.split("/")[2] for k in objects(s3, bucket, "output-dir/legislator_part/") if "=" in k} == {
        "org_name=House of Representatives",
        "org_name=Senate",
    }

    relational = "output-dir/legislator_relational/"
    assert {k.split("/")[2] for k in objects(s3, bucket, relational) if not k.endswith("_SUCCESS")} == {
        "hist_root",
        "hist_root_contact_details",
        "hist_root_links",
        "hist_root_other_names",
        "hist_root_identifiers",
    }
    root = json_lines(s3, bucket, f"{relational}hist_root/")
    assert sorted((r["id"], r["org_name"], r["start_date"]) for r in root) == sorted(
        (h["id"], h["org_name"], h["start_date"]) for h in expected
    )
    contacts = json_lines(s3, bucket, f"{relational}hist_root_contact_details/")
    for row in root:
        person = next(p for p in PERSONS if p["id"] == row["id"])
        own = sorted(
            (c["index"], c["contact_details.val.type"], c["contact_details.val.value"])
            for c in contacts
            if c["id"] == row["contact_details"]
        )
        assert own == [(i, c["type"], c["value"]) for i, c in enumerate(person["contact_details"])]
    identifiers = json_lines(s3, bucket, f"{relational}hist_root_identifiers/")
    assert sorted(i["identifiers.val.identifier"] for i in identifiers) == ["L000001", "L000001", "S000002"]


READINGS = [
    {"sensor": "a", "reading": "12.5", "unit": "C"},
    {"sensor": "b", "reading": "n/a", "unit": "C"},
    {"sensor": "c", "reading": "54.5", "unit": "F"},
    {"sensor": "d", "reading": "", "unit": "C"},
    {"sensor": "e", "reading": "-3", "unit": "C"},
    {"sensor": "f", "reading": "40", "unit": "K"},
]


def test_map_and_filter_keep_error_records_and_a_run_past_the_threshold_fails(client, data, run_script):
    s3 = client("s3")
    put(s3, data, "sensors/in/readings.json", "".join(json.dumps(r) + "\n" for r in READINGS))
    arguments = {
        "--input_path": f"s3://{data}/sensors/in/",
        "--output_path": f"s3://{data}/sensors/out/",
        "--stage_threshold": "3",
        "--total_threshold": "3",
    }

    job, run = run_script("map_filter_error_records.py", arguments)

    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    # a: 12.5 C; c: (54.5 - 32) * 5 / 9 = 12.5 C; e: -3 C is filtered out
    kept = json_lines(s3, data, "sensors/out/readings/")
    assert sorted((r["sensor"], r["celsius"]) for r in kept) == [("a", 12.5), ("c", 12.5)]
    # b: float("n/a"), d: float(""), f: unit K; each error names its record and the transformation
    errors = json_lines(s3, data, "sensors/out/errors/")
    assert sorted((json.loads(e["error"]["input"])["sensor"], e["error"]["msg"]) for e in errors) == [
        ("b", "could not convert string to float: 'n/a'"),
        ("d", "could not convert string to float: ''"),
        ("f", "unknown unit K"),
    ]
    assert {e["error"]["info"] for e in errors} == {"readings to celsius"}
    assert "error records: 3 of the map: 3" in log_lines(client, "/aws-glue/jobs/output", run["Id"])

    _, past = run_script("map_filter_error_records.py", {**arguments, "--stage_threshold": "2"}, job_name=job)

    assert past["JobRunState"] == "FAILED"
    assert (
        "Exceeded the stage error threshold (readings to celsius): 3 error records, stageThreshold 2"
        in past["ErrorMessage"]
    )


PEOPLE_CSV = (
    "id;name;email;city;age;notes;fax\n"
    "1;'Lee; Ann';ann@example.com;Oslo;34;;\n"
    "2;Bob;;Rome;17;'likes ; semicolons';\n"
    "3;Cy;cy@example.com;Oslo;52;;\n"
    "4;Di;di@example.com;Bergen;29;;\n"
)


def test_a_cleaning_job_splits_samples_and_writes_gzipped_json(client, data, run_script):
    s3 = client("s3")
    put(s3, data, "people/in/people.csv", PEOPLE_CSV)

    _, run = run_script(
        "cleaning_split_and_sample.py",
        {"--input_path": f"s3://{data}/people/in/", "--output_path": f"s3://{data}/people/out/"},
    )

    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    adults = [
        {"id": 1, "full_name": "Lee; Ann", "city": "Oslo", "age": 34},
        {"id": 3, "full_name": "Cy", "city": "Oslo", "age": 52},
        {"id": 4, "full_name": "Di", "city": "Bergen", "age": 29},
    ]
    assert sorted(gzipped_json_lines(s3, data, "people/out/profiles/"), key=lambda r: r["id"]) == adults
    # the contact fields: emails (every adult's notes are empty; JSON lines leave nulls out)
    assert sorted(gzipped_json_lines(s3, data, "people/out/contacts/"), key=lambda r: r["email"]) == [
        {"email": "ann@example.com"},
        {"email": "cy@example.com"},
        {"email": "di@example.com"},
    ]
    # fax held no value in any row: dropped; Bob has no email
    assert gzipped_json_lines(s3, data, "people/out/minors/") == [
        {"id": 2, "full_name": "Bob", "city": "Rome", "age": 17, "notes": "likes ; semicolons"}
    ]
    sampled = json_lines(s3, data, "people/out/spigot/")
    assert len(sampled) == 2
    adult_rows = [
        {**a, "email": e} for a, e in zip(adults, ("ann@example.com", "cy@example.com", "di@example.com"))
    ]
    assert all(row in adult_rows for row in sampled), sampled


ORDERS_CSV = (
    "order_id,customer,order_date,amount\n"
    "1,ann,2024-01-05,10.0\n"
    "2,bob,2024-01-09,5.0\n"
    "3,ann,2024-01-20,2.5\n"
    "4,ann,2024-02-02,7.5\n"
    "5,bob,2024-02-11,20.0\n"
)
TOTALS_COLUMNS = (
    "order_id bigint",
    "customer string",
    "order_date string",
    "amount double",
    "order_rank int",
    "running_total double",
)


def test_a_window_over_a_catalog_data_frame_replaces_a_partitioned_tables_contents(
    client, glue, bucket, run_script
):
    s3 = client("s3")
    database = f"sales_{uuid.uuid4().hex[:6]}"
    glue.create_database(DatabaseInput={"Name": database})
    put(s3, bucket, "orders/part-0.csv", ORDERS_CSV)
    glue.create_table(
        DatabaseName=database,
        TableInput=file_table(
            "orders",
            f"s3://{bucket}/orders/",
            columns("order_id bigint", "customer string", "order_date string", "amount double"),
            "csv",
        ),
    )
    target = f"s3://{bucket}/totals/"
    totals = file_table("running_totals", target, columns(*TOTALS_COLUMNS), "parquet")
    totals["Parameters"]["useGlueParquetWriter"] = "true"
    totals["PartitionKeys"] = columns("order_month string")
    glue.create_table(DatabaseName=database, TableInput=totals)
    # what the previous run left: a partition of the table, and the export
    put(s3, bucket, "totals/order_month=2023-12/part-old.parquet", "stale")
    glue.create_partition(
        DatabaseName=database,
        TableName="running_totals",
        PartitionInput={
            "Values": ["2023-12"],
            "StorageDescriptor": {"Location": f"{target}order_month=2023-12/"},
        },
    )
    put(s3, bucket, "export/part-old.csv", "customer,order_id,running_total\nzed,0,1.0\n")

    _, run = run_script(
        "window_into_partitioned_table.py",
        {
            "--database": database,
            "--source_table": "orders",
            "--target_table": "running_totals",
            "--export_path": f"s3://{bucket}/export/",
            "--manifest_path": f"s3://{bucket}/manifests/",
        },
    )

    assert run["JobRunState"] == "SUCCEEDED", failure(run, client)
    # ann: 10.0, 10.0 + 2.5, 12.5 + 7.5; bob: 5.0, 5.0 + 20.0
    expected = [
        {"order_id": 1, "customer": "ann", "order_date": "2024-01-05", "amount": 10.0, "order_rank": 1,
         "running_total": 10.0, "order_month": "2024-01"},
        {"order_id": 2, "customer": "bob", "order_date": "2024-01-09", "amount": 5.0, "order_rank": 1,
         "running_total": 5.0, "order_month": "2024-01"},
        {"order_id": 3, "customer": "ann", "order_date": "2024-01-20", "amount": 2.5, "order_rank": 2,
         "running_total": 12.5, "order_month": "2024-01"},
        {"order_id": 4, "customer": "ann", "order_date": "2024-02-02", "amount": 7.5, "order_rank": 3,
         "running_total": 20.0, "order_month": "2024-02"},
        {"order_id": 5, "customer": "bob", "order_date": "2024-02-11", "amount": 20.0, "order_rank": 2,
         "running_total": 25.0, "order_month": "2024-02"},
    ]  # fmt: skip
    assert sorted(parquet_records(s3, bucket, "totals/"), key=lambda r: r["order_id"]) == expected
    assert "totals/order_month=2023-12/part-old.parquet" not in objects(s3, bucket, "totals/")
    partitions = glue.get_partitions(DatabaseName=database, TableName="running_totals")["Partitions"]
    assert sorted(p["Values"][0] for p in partitions) == ["2024-01", "2024-02"]
    table = glue.get_table(DatabaseName=database, Name="running_totals")["Table"]
    assert table["StorageDescriptor"]["Columns"] == columns(*TOTALS_COLUMNS)
    manifest = (
        s3.get_object(Bucket=bucket, Key="manifests/purge_previous/Success.csv")["Body"].read().decode()
    )
    assert manifest.splitlines() == [f"{target}order_month=2023-12/part-old.parquet"]

    exported = []
    for key in objects(s3, bucket, "export/"):
        assert "part-old" not in key
        if key.endswith(".csv"):
            text = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
            exported += list(csv.DictReader(io.StringIO(text)))
    assert sorted((r["customer"], int(r["order_id"]), float(r["running_total"])) for r in exported) == sorted(
        (r["customer"], r["order_id"], r["running_total"]) for r in expected
    )
