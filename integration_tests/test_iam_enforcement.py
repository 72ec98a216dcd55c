"""`localglue up --enforce-iam`: a permission missing from a policy fails locally, as on AWS."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from gateway_process import start_gateway, stop_gateway
from localglue.gateway.iam import ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY
import athena_queries
from localglue.testing import error_code, wait_for_job_run

REGION = "us-east-1"
ACCOUNT = "123456789012"
# Glue assumes the role for job runs; the administrator may too, so the test can act as the job would.
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {
                "Service": "glue.amazonaws.com",
                "AWS": f"arn:aws:iam::{ACCOUNT}:user/localglue-admin",
            },
            "Action": "sts:AssumeRole",
        }
    ],
}


@pytest.fixture(scope="module")
def enforcing_gateway():
    process, url = start_gateway("--enforce-iam")
    yield url
    stop_gateway(process)


def clients(url: str, **credentials):
    return lambda service: boto3.client(service, endpoint_url=url, region_name=REGION, **credentials)


@pytest.fixture(scope="module")
def admin(enforcing_gateway):
    return clients(
        enforcing_gateway,
        aws_access_key_id=ADMIN_ACCESS_KEY_ID,
        aws_secret_access_key=ADMIN_SECRET_ACCESS_KEY,
    )


def acting_as_role(url: str, admin, name: str, policy: dict):
    """Clients signed with the assumed credentials of a new role `name` whose only policy is `policy`."""
    role = admin("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
    admin("iam").put_role_policy(RoleName=name, PolicyName="only", PolicyDocument=json.dumps(policy))
    creds = admin("sts").assume_role(RoleArn=role["Arn"], RoleSessionName=f"{name}-session")["Credentials"]
    return clients(
        url,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


@pytest.fixture(scope="module")
def job_role(enforcing_gateway, admin):
    """The Glue role's credentials: it may read `allowed/` and update job `allowed-job` (passing itself as
    the job's role), nothing else."""
    admin("s3").create_bucket(Bucket="iam-data")
    for key in ("allowed/a.csv", "secret/b.csv"):
        admin("s3").put_object(Bucket="iam-data", Key=key, Body=b"x")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-data/allowed/*"},
            {
                "Effect": "Allow",
                "Action": "glue:UpdateJob",
                "Resource": f"arn:aws:glue:{REGION}:{ACCOUNT}:job/allowed-job",
            },
            {
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": f"arn:aws:iam::{ACCOUNT}:role/glue-job",
            },
        ],
    }
    return acting_as_role(enforcing_gateway, admin, "glue-job", policy)


def test_unknown_credentials_are_refused(enforcing_gateway):
    anonymous = clients(enforcing_gateway, aws_access_key_id="testing", aws_secret_access_key="testing")
    assert error_code(lambda: anonymous("s3").list_buckets()) == "InvalidAccessKeyId"
    assert error_code(lambda: anonymous("glue").get_workflow(Name="w")) == "UnrecognizedClientException"


def test_role_reads_what_its_policy_allows_and_nothing_else(job_role):
    assert job_role("s3").get_object(Bucket="iam-data", Key="allowed/a.csv")["Body"].read() == b"x"
    assert (
        error_code(lambda: job_role("s3").get_object(Bucket="iam-data", Key="secret/b.csv")) == "AccessDenied"
    )


def test_actions_localglue_answers_are_authorized_on_their_resource(job_role):
    update = {"Role": "glue-job", "Command": {"Name": "glueetl", "ScriptLocation": "s3://iam-data/s.py"}}
    denied = error_code(lambda: job_role("glue").update_job(JobName="other-job", JobUpdate=update))
    assert denied == "AccessDeniedException"
    # allowed past IAM: the answer is now about the job itself, which does not exist
    allowed = error_code(lambda: job_role("glue").update_job(JobName="allowed-job", JobUpdate=update))
    assert allowed == "EntityNotFoundException"


JOB_SCRIPT = b"""
import boto3
s3 = boto3.client("s3")
body = s3.get_object(Bucket="iam-jobs", Key="incoming/a.csv")["Body"].read()
s3.put_object(Bucket="iam-jobs", Key="output/a.csv", Body=body)
s3.delete_object(Bucket="iam-jobs", Key="incoming/a.csv")
"""


def job_policy(*actions_on_incoming: str) -> str:
    bucket = "arn:aws:s3:::iam-jobs"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket}/scripts/*"},
                {"Effect": "Allow", "Action": list(actions_on_incoming), "Resource": f"{bucket}/incoming/*"},
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"{bucket}/output/*"},
            ],
        }
    )


def run_job(admin, policy: str) -> dict:
    """The job under a role with `policy`, run to its end; the run as GetJobRun reports it."""
    admin("iam").put_role_policy(RoleName="glue-jobs", PolicyName="pipeline", PolicyDocument=policy)
    admin("s3").put_object(Bucket="iam-jobs", Key="incoming/a.csv", Body=b"u1,login\n")
    glue = admin("glue")
    run_id = glue.start_job_run(JobName="iam-job")["JobRunId"]
    return wait_for_job_run(glue, "iam-job", run_id, timeout=60)


@pytest.fixture(scope="module")
def iam_job(admin):
    admin("s3").create_bucket(Bucket="iam-jobs")
    admin("s3").put_object(Bucket="iam-jobs", Key="scripts/job.py", Body=JOB_SCRIPT)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = admin("iam").create_role(RoleName="glue-jobs", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    admin("glue").create_job(
        Name="iam-job",
        Role=role["Arn"],
        Command={
            "Name": "pythonshell",
            "ScriptLocation": "s3://iam-jobs/scripts/job.py",
            "PythonVersion": "3.9",
        },
    )


def test_a_job_runs_with_its_role_and_a_missing_permission_fails_it(admin, iam_job):
    run = run_job(admin, job_policy("s3:GetObject"))  # s3:DeleteObject removed

    assert run["JobRunState"] == "FAILED"
    assert "AccessDenied" in run["ErrorMessage"]
    assert "DeleteObject" in run["ErrorMessage"]
    keys = [o["Key"] for o in admin("s3").list_objects_v2(Bucket="iam-jobs")["Contents"]]
    assert "incoming/a.csv" in keys  # the refused delete left the input in place


def test_the_same_job_succeeds_once_the_permission_is_granted(admin, iam_job):
    run = run_job(admin, job_policy("s3:GetObject", "s3:DeleteObject"))

    assert run["JobRunState"] == "SUCCEEDED", run.get("ErrorMessage")
    keys = [o["Key"] for o in admin("s3").list_objects_v2(Bucket="iam-jobs")["Contents"]]
    assert "output/a.csv" in keys and "incoming/a.csv" not in keys


ATHENA_BUCKET = "iam-athena"
LAZY_SIMPLE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"


def csv_table(glue, database: str, name: str, location: str) -> None:
    glue.create_table(
        DatabaseName=database,
        TableInput={
            "Name": name,
            "TableType": "EXTERNAL_TABLE",
            "StorageDescriptor": {
                "Columns": [{"Name": "user_id", "Type": "string"}, {"Name": "event", "Type": "string"}],
                "Location": location,
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {"SerializationLibrary": LAZY_SIMPLE, "Parameters": {"field.delim": ","}},
            },
        },
    )


@pytest.fixture(scope="module")
def analyst(enforcing_gateway, admin):
    """A role that may query the `open` database's tables over `iam-athena/open/`, with results under
    `results/`; database `closed` and folder `secret/` are not in its policy."""
    s3, glue = admin("s3"), admin("glue")
    s3.create_bucket(Bucket=ATHENA_BUCKET)
    s3.create_bucket(Bucket="iam-athena-elsewhere")
    s3.put_object(Bucket=ATHENA_BUCKET, Key="open/events.csv", Body=b"u1,login\nu2,click\n")
    s3.put_object(Bucket=ATHENA_BUCKET, Key="secret/events.csv", Body=b"u9,buy\n")
    for database in ("open", "closed"):
        glue.create_database(DatabaseInput={"Name": database})
    csv_table(glue, "open", "events", f"s3://{ATHENA_BUCKET}/open/")
    csv_table(glue, "open", "secret_events", f"s3://{ATHENA_BUCKET}/secret/")
    csv_table(glue, "closed", "events", f"s3://{ATHENA_BUCKET}/open/")
    bucket, glue_arn = f"arn:aws:s3:::{ATHENA_BUCKET}", f"arn:aws:glue:{REGION}:{ACCOUNT}"
    athena_arn = f"arn:aws:athena:{REGION}:{ACCOUNT}"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            # GetQueryExecution and GetQueryResults name no workgroup: IAM checks the query's own
            {"Effect": "Allow", "Action": "athena:*", "Resource": f"{athena_arn}:workgroup/primary"},
            {
                "Effect": "Allow",
                "Action": ["glue:GetTable", "glue:GetDatabase", "glue:GetPartitions"],
                "Resource": [f"{glue_arn}:catalog", f"{glue_arn}:database/open", f"{glue_arn}:table/open/*"],
            },
            {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": bucket},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket}/open/*"},
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": f"{bucket}/results/*",
            },
            {
                "Effect": "Allow",
                "Action": "s3:GetBucketLocation",
                "Resource": "arn:aws:s3:::iam-athena-elsewhere",
            },
        ],
    }
    return acting_as_role(enforcing_gateway, admin, "analyst", policy)("athena")


def query(athena, sql: str, output: str = f"s3://{ATHENA_BUCKET}/results/") -> dict:
    query_id = athena.start_query_execution(QueryString=sql, ResultConfiguration={"OutputLocation": output})[
        "QueryExecutionId"
    ]
    return ended(athena, query_id)


def ended(athena, query_id: str, timeout: float = 180) -> dict:
    """The execution once it ended (the first query waits for the gateway's Trino to start)."""
    return athena_queries.ended(athena, query_id, timeout)


def failure(execution: dict) -> str:
    assert execution["Status"]["State"] == "FAILED", execution["Status"]
    return execution["Status"]["StateChangeReason"]


def test_athena_reads_with_the_callers_permissions(analyst):
    allowed = query(analyst, "SELECT user_id FROM open.events ORDER BY user_id")
    assert allowed["Status"]["State"] == "SUCCEEDED", allowed["Status"]
    rows = analyst.get_query_results(QueryExecutionId=allowed["QueryExecutionId"])["ResultSet"]["Rows"]
    assert [row["Data"][0]["VarCharValue"] for row in rows] == ["user_id", "u1", "u2"]

    unreadable = failure(query(analyst, "SELECT * FROM open.secret_events"))
    assert unreadable.startswith(f"Permission denied on S3 path: s3://{ATHENA_BUCKET}/secret/events.csv")
    assert "s3:GetObject" in unreadable

    uncatalogued = failure(query(analyst, "SELECT * FROM closed.events"))
    assert uncatalogued.startswith("Insufficient permissions to execute the query.")
    assert f"glue:GetTable on resource: arn:aws:glue:{REGION}:{ACCOUNT}:database/closed" in uncatalogued


def test_athena_writes_results_only_where_the_caller_may(analyst, admin):
    execution = query(analyst, "SELECT 1", output="s3://iam-athena-elsewhere/results/")
    assert failure(execution).startswith(
        "Access denied when writing output to url: s3://iam-athena-elsewhere/"
    )
    assert execution["Status"]["AthenaError"]["ErrorType"] == 401
    assert "Contents" not in admin("s3").list_objects_v2(Bucket="iam-athena-elsewhere")

    admin("s3").create_bucket(Bucket="iam-athena-unlocated")
    with pytest.raises(ClientError) as refused:
        query(analyst, "SELECT 1", output="s3://iam-athena-unlocated/results/")
    assert refused.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "Unable to verify/create output bucket iam-athena-unlocated" in str(refused.value)


def test_every_table_and_location_a_query_reads_is_checked(analyst, admin):
    """What Trino's EXPLAIN (TYPE IO) reports a statement reads, through a view, a parameter, SHOW STATS
    or a partition kept in another bucket, needs the caller's permissions as the table itself does."""
    admin_athena = admin("athena")
    made = query(admin_athena, "CREATE VIEW open.secret_view AS SELECT * FROM open.secret_events")
    assert made["Status"]["State"] == "SUCCEEDED", made["Status"]
    secret_file = f"Permission denied on S3 path: s3://{ATHENA_BUCKET}/secret/events.csv"
    assert failure(query(analyst, "SELECT * FROM open.secret_view")).startswith(secret_file)
    assert failure(query(analyst, "SHOW STATS FOR open.secret_events")).startswith(secret_file)
    assert failure(query(analyst, "SHOW STATS FOR (SELECT user_id FROM open.secret_events)")).startswith(
        secret_file
    )
    parameterized = analyst.start_query_execution(
        QueryString="SELECT * FROM open.secret_events WHERE user_id = ?",
        ExecutionParameters=["'u9'"],
        ResultConfiguration={"OutputLocation": f"s3://{ATHENA_BUCKET}/results/"},
    )["QueryExecutionId"]
    assert failure(ended(analyst, parameterized)).startswith(secret_file)

    admin("s3").put_object(Bucket="iam-athena-elsewhere", Key="moved/day=1/events.csv", Body=b"u7,view\n")
    csv_table(admin("glue"), "open", "moved", f"s3://{ATHENA_BUCKET}/open/")
    table = admin("glue").get_table(DatabaseName="open", Name="moved")["Table"]
    admin("glue").update_table(
        DatabaseName="open",
        TableInput={
            "Name": "moved",
            "StorageDescriptor": table["StorageDescriptor"],
            "PartitionKeys": [{"Name": "day", "Type": "string"}],
        },
    )
    admin("glue").create_partition(
        DatabaseName="open",
        TableName="moved",
        PartitionInput={
            "Values": ["1"],
            "StorageDescriptor": {
                **table["StorageDescriptor"],
                "Location": "s3://iam-athena-elsewhere/moved/day=1/",
            },
        },
    )
    reason = failure(query(analyst, "SELECT * FROM open.moved"))
    assert reason.startswith("Permission denied on S3 path: s3://iam-athena-elsewhere/moved/day=1/")


def test_a_request_localglue_completes_before_moto_answers_keeps_its_signature(admin):
    """CreateTrigger without a Logical reaches moto with AND filled in, re-signed as the caller."""
    glue = admin("glue")
    glue.create_workflow(Name="iam-flow")
    condition = {"LogicalOperator": "EQUALS", "JobName": "first", "State": "SUCCEEDED"}
    glue.create_trigger(
        Name="iam-after-first",
        WorkflowName="iam-flow",
        Type="CONDITIONAL",
        Predicate={"Conditions": [condition]},
        Actions=[{"JobName": "second"}],
    )

    assert glue.get_trigger(Name="iam-after-first")["Trigger"]["Predicate"] == {
        "Logical": "AND",
        "Conditions": [condition],
    }
