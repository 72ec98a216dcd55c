"""A Glue job run with `--enable-glue-datacatalog`: its Spark session's catalog is the Glue Data Catalog.

The script queries a table the catalog holds (CSV in the gateway's S3, read through S3A) with `spark.sql`
and saves the result with `saveAsTable`; the new table is checked with GetTable, its Parquet files are
read back with pyarrow, and Athena queries it. The expected rows are worked out by hand from EVENTS_CSV.
"""

from __future__ import annotations

import io
import json
import textwrap
import threading
import uuid

import boto3
import pyarrow.parquet as pq
import pytest

from gateway_process import start_gateway, stop_gateway
from localglue.gateway.iam import ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY
from localglue.jobs import standby
from test_athena import rows_of
from test_athena import run as run_query
from job_run_helpers import log_lines
from localglue.testing import wait_for_job_run

pytestmark = pytest.mark.slow

REGION, ACCOUNT = "us-east-1", "123456789012"
EVENTS_CSV = "u1,click,1.5\nu2,buy,10.0\nu1,buy,4.25\nu3,click,0.5\n"
EXPECTED_TOTALS = [("u1", 2, 5.75), ("u2", 1, 10.0), ("u3", 1, 0.5)]
SCRIPT = """
    import sys
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    jvm_was_up = SparkContext._gateway is not None
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "output_table"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    print("JVM_WAS_UP", jvm_was_up, spark.conf.get("spark.sql.catalogImplementation"), flush=True)
    totals = spark.sql(
        "SELECT user_id, count(*) AS events, sum(amount) AS total FROM shop.events GROUP BY user_id"
    )
    totals.write.mode("overwrite").saveAsTable(args["output_table"])
    job.commit()
"""


def create_catalog(s3, glue, bucket: str) -> str:
    """A database (its tables under s3://<bucket>/warehouse/) with a CSV table `events`; its name."""
    s3.put_object(Bucket=bucket, Key="events/part-0.csv", Body=EVENTS_CSV.encode())
    database = f"shop_{uuid.uuid4().hex[:6]}"
    glue.create_database(DatabaseInput={"Name": database, "LocationUri": f"s3://{bucket}/warehouse/"})
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": "events",
            "TableType": "EXTERNAL_TABLE",
            "StorageDescriptor": {
                "Columns": [
                    {"Name": "user_id", "Type": "string"},
                    {"Name": "event_type", "Type": "string"},
                    {"Name": "amount", "Type": "double"},
                ],
                "Location": f"s3://{bucket}/events/",
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    "Parameters": {"field.delim": ","},
                },
            },
            "Parameters": {"classification": "csv", "EXTERNAL": "TRUE"},
        },
    )
    return database


def job_script(database: str) -> bytes:
    return textwrap.dedent(SCRIPT.replace("shop.", f"{database}.")).encode()


@pytest.fixture
def catalog(client, glue, bucket) -> str:
    return create_catalog(client("s3"), glue, bucket)


@pytest.fixture
def catalog_job(client, glue, bucket, catalog):
    """A glueetl job running SCRIPT against the `catalog` database."""
    name = f"catalog-job-{uuid.uuid4().hex[:8]}"
    key = f"scripts/{name}.py"
    client("s3").put_object(Bucket=bucket, Key=key, Body=job_script(catalog))
    glue.create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{bucket}/{key}", "PythonVersion": "3"},
        GlueVersion="5.0",
        WorkerType="G.2X",
        NumberOfWorkers=2,
        # A Spark property of this job's own: no warm driver of another test matches, the first run starts cold.
        DefaultArguments={"--conf": f"spark.localglue.test.job={name}"},
    )
    return name


def parquet_rows(s3, bucket: str, prefix: str) -> list[tuple]:
    found = []
    for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []):
        if item["Key"].endswith(".parquet"):
            body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            table = pq.ParquetFile(io.BytesIO(body)).read()
            found += zip(*(column.to_pylist() for column in table.columns))
    return sorted(found)


def run_job(client, glue, job: str, arguments: dict[str, str]) -> tuple[dict, list[str]]:
    run_id = glue.start_job_run(JobName=job, Arguments=arguments)["JobRunId"]
    run = wait_for_job_run(glue, job, run_id, timeout=300)
    return run, [line for line in log_lines(client, "/aws-glue/jobs/output", run_id) if "JVM_WAS_UP" in line]


def test_a_job_with_the_data_catalog_queries_and_saves_glue_tables(
    client, glue, bucket, catalog, catalog_job, runtime
):
    s3 = client("s3")

    run, lines = run_job(
        client,
        glue,
        catalog_job,
        {"--enable-glue-datacatalog": "true", "--output_table": f"{catalog}.user_totals"},
    )

    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    assert lines == ["JVM_WAS_UP False hive"]
    table = glue.get_table(DatabaseName=catalog, Name="user_totals")["Table"]
    assert table["StorageDescriptor"]["Location"] == f"s3://{bucket}/warehouse/user_totals"
    assert table["StorageDescriptor"]["Columns"] == [
        {"Name": "user_id", "Type": "string"},
        {"Name": "events", "Type": "bigint"},
        {"Name": "total", "Type": "double"},
    ]
    assert table["Parameters"]["spark.sql.sources.provider"] == "parquet"
    assert parquet_rows(s3, bucket, "warehouse/user_totals/") == EXPECTED_TOTALS
    # one catalog: Athena reads the table the job created
    athena = client("athena")
    query = "SELECT user_id, events, total FROM user_totals ORDER BY user_id"
    execution = run_query(
        athena, query, database=catalog, ResultConfiguration={"OutputLocation": f"s3://{bucket}/athena/"}
    )
    assert rows_of(athena, execution)[1:] == [
        [user, str(n), str(total)] for user, n, total in EXPECTED_TOTALS
    ]
    # the run's metastore ended with the run
    assert [thread.name for thread in threading.enumerate() if thread.name.startswith("metastore")] == []

    # A warm driver, started for the job's Spark properties, serves the next run: the metastore's address
    # reaches it with the run. Overwriting the table replaces its files.
    assert runtime.jobs.warm.wait_ready(180)
    run, lines = run_job(
        client,
        glue,
        catalog_job,
        {"--enable-glue-datacatalog": "", "--output_table": f"{catalog}.user_totals"},
    )
    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    if standby.enabled():
        assert lines == ["JVM_WAS_UP True hive"]
    assert parquet_rows(s3, bucket, "warehouse/user_totals/") == EXPECTED_TOTALS

    # Without the argument the session has Spark's own empty catalog, as on Glue.
    run, lines = run_job(client, glue, catalog_job, {"--output_table": f"{catalog}.other"})
    assert run["JobRunState"] == "FAILED"
    assert "TABLE_OR_VIEW_NOT_FOUND" in run["ErrorMessage"]
    assert lines[0].endswith("in-memory")


ENFORCED_BUCKET = "catalog-iam"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def role_policy(*glue_actions: str) -> str:
    """S3 for the job's script, input and warehouse; the Glue actions given on the catalog's resources."""
    bucket = f"arn:aws:s3:::{ENFORCED_BUCKET}"
    catalog = f"arn:aws:glue:{REGION}:{ACCOUNT}"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    "Resource": f"{bucket}/*",
                },
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket},
                {
                    "Effect": "Allow",
                    "Action": list(glue_actions),
                    "Resource": [f"{catalog}:catalog", f"{catalog}:database/*", f"{catalog}:table/*/*"],
                },
            ],
        }
    )


@pytest.fixture(scope="module")
def enforced(tmp_path_factory):
    """A gateway under --enforce-iam with the `shop` catalog, the job and its role; the administrator's clients."""
    process, url = start_gateway("--enforce-iam")
    admin = lambda service: boto3.client(  # noqa: E731 - a client factory, as the other fixtures have
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=ADMIN_ACCESS_KEY_ID,
        aws_secret_access_key=ADMIN_SECRET_ACCESS_KEY,
    )
    admin("s3").create_bucket(Bucket=ENFORCED_BUCKET)
    glue = admin("glue")
    glue.create_database(DatabaseInput={"Name": "default"})
    role = admin("iam").create_role(RoleName="catalog-job", AssumeRolePolicyDocument=json.dumps(TRUST))[
        "Role"
    ]
    database = create_catalog(admin("s3"), glue, ENFORCED_BUCKET)
    key = "scripts/catalog-job.py"
    admin("s3").put_object(Bucket=ENFORCED_BUCKET, Key=key, Body=job_script(database))
    glue.create_job(
        Name="catalog-job",
        Role=role["Arn"],
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{ENFORCED_BUCKET}/{key}", "PythonVersion": "3"},
        GlueVersion="5.0",
        WorkerType="G.1X",
        NumberOfWorkers=2,
        DefaultArguments={"--enable-glue-datacatalog": "true"},
    )
    yield admin, database
    stop_gateway(process)


def run_enforced(admin, policy: str, output_table: str) -> dict:
    admin("iam").put_role_policy(RoleName="catalog-job", PolicyName="job", PolicyDocument=policy)
    glue = admin("glue")
    run_id = glue.start_job_run(JobName="catalog-job", Arguments={"--output_table": output_table})["JobRunId"]
    return wait_for_job_run(glue, "catalog-job", run_id, timeout=300)


def test_under_enforced_iam_the_jobs_role_needs_its_glue_permissions(enforced):
    admin, database = enforced
    reads = ("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartitions")

    run = run_enforced(admin, role_policy(*reads), f"{database}.denied")

    assert run["JobRunState"] == "FAILED"
    assert (
        f"is not authorized to perform: glue:CreateTable on resource: arn:aws:glue:{REGION}:{ACCOUNT}:"
        in run["ErrorMessage"]
    )
    with pytest.raises(admin("glue").exceptions.EntityNotFoundException):
        admin("glue").get_table(DatabaseName=database, Name="denied")
    # Spark wrote the files before the catalog refused the table, and leaves them (on Glue too): a
    # managed table of that name cannot be created there again until they are removed.

    writes = ("glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable")
    run = run_enforced(admin, role_policy(*reads, *writes), f"{database}.user_totals")

    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    assert (
        admin("glue").get_table(DatabaseName=database, Name="user_totals")["Table"]["StorageDescriptor"][
            "Location"
        ]
        == f"s3://{ENFORCED_BUCKET}/warehouse/user_totals"
    )
    assert parquet_rows(admin("s3"), ENFORCED_BUCKET, "warehouse/user_totals/") == EXPECTED_TOTALS
