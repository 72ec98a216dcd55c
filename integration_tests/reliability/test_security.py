"""The gateway against a web page and against a caller with too few permissions.

A page in the user's browser (another site's Origin, or its own name resolving to 127.0.0.1: DNS
rebinding) must not reach the API at all; the chain it would use to run code on the machine is PutObject
(a script), CreateJob, StartJobRun. Under `--enforce-iam`, a caller needs `iam:PassRole` for the role it
gives a job, a run or crawl needs a role that trusts Glue, and unsigned or wrongly signed requests are
refused with AWS's codes.
"""

from __future__ import annotations

import json
import time

import boto3
import pytest
from botocore.exceptions import ClientError
from raw_http import REGION, error_code, json_call, send, signed_headers

from gateway_process import start_gateway, stop_gateway
from localglue import cli
from localglue.server import GatewayServer
from localglue.gateway.iam import ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY

ACCOUNT = "123456789012"
PAGE = "http://evil.example"
SCRIPT = b"print('a script a web page should never get to run')\n"


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def attack_chain(url: str, **headers: str) -> list:
    """PutObject of a script, CreateJob and StartJobRun, each with `headers` (a page's Host or Origin)."""
    path = "/attack-bucket/x.py"
    signed = signed_headers(url, "s3", "PUT", path, SCRIPT, {"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    put = send(url, "PUT", path, SCRIPT, {**signed, **headers})
    command = {"Name": "pythonshell", "ScriptLocation": "s3://attack-bucket/x.py", "PythonVersion": "3.9"}
    create = json_call(
        url,
        "glue",
        "AWSGlue.CreateJob",
        json.dumps({"Name": "attack", "Role": "r", "Command": command}),
        **headers,
    )
    start = json_call(url, "glue", "AWSGlue.StartJobRun", '{"JobName": "attack"}', **headers)
    return [put, create, start]


@pytest.fixture
def attack_bucket(s3):
    s3.create_bucket(Bucket="attack-bucket")
    yield
    for item in s3.list_objects_v2(Bucket="attack-bucket").get("Contents", []):
        s3.delete_object(Bucket="attack-bucket", Key=item["Key"])
    s3.delete_bucket(Bucket="attack-bucket")


def assert_nothing_happened(glue, s3) -> None:
    assert "Contents" not in s3.list_objects_v2(Bucket="attack-bucket")
    with pytest.raises(glue.exceptions.EntityNotFoundException):
        glue.get_job(JobName="attack")


def test_a_rebound_host_name_reaches_nothing(endpoint_url, glue, s3, attack_bucket):
    port = port_of(endpoint_url)
    answers = attack_chain(endpoint_url, Host=f"rebind.attacker.example:{port}")

    assert [(answer.status, error_code(answer)) for answer in answers] == [
        (403, "AccessDenied"),
        (403, "AccessDeniedException"),
        (403, "AccessDeniedException"),
    ]
    assert "--allow-host rebind.attacker.example" in answers[1].json()["message"]
    assert_nothing_happened(glue, s3)


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:1", "localhost", "localhost.evil.example"])
def test_hosts_the_gateway_does_not_serve_are_refused(endpoint_url, host):
    answer = send(endpoint_url, path="/", headers={"Host": host})

    assert (answer.status, error_code(answer)) == (403, "AccessDenied")
    assert "localglue up --allow-host" in answer.body.decode()


@pytest.mark.parametrize("host", ["127.0.0.1:PORT", "localhost:PORT", "LOCALHOST:PORT", "[::1]:PORT"])
def test_loopback_names_with_the_gateways_port_are_served(endpoint_url, host):
    answer = send(
        endpoint_url,
        path="/_localglue/health",
        headers={"Host": host.replace("PORT", str(port_of(endpoint_url)))},
    )
    assert answer.status == 200


def test_s3_virtual_hosted_style_is_served(endpoint_url, s3, bucket):
    """boto3 and the AWS CLI with virtual addressing ask `<bucket>.localhost:<port>` (a name that resolves to
    loopback where the resolver follows RFC 6761; sent here to 127.0.0.1 with that Host)."""
    s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"hello")
    host = f"{bucket}.localhost:{port_of(endpoint_url)}"
    headers = signed_headers(f"http://{host}", "s3", "GET", "/hello.txt", b"", {"Host": host})

    answer = send(endpoint_url, "GET", "/hello.txt", headers=headers)

    assert (answer.status, answer.body) == (200, b"hello")


def test_a_page_of_another_site_reaches_nothing(endpoint_url, glue, s3, attack_bucket):
    answers = attack_chain(endpoint_url, Origin=PAGE)

    assert [(answer.status, error_code(answer)) for answer in answers] == [
        (403, "AccessDenied"),
        (403, "AccessDeniedException"),
        (403, "AccessDeniedException"),
    ]
    assert all(answer.header("Access-Control-Allow-Origin") is None for answer in answers)
    assert f"localglue up --cors-origin {PAGE}" in answers[1].json()["message"]
    assert_nothing_happened(glue, s3)


def test_a_cross_site_navigation_without_origin_is_refused(endpoint_url):
    """A link or an image on another site sends no Origin, but fetch metadata says where it comes from."""
    path = "/?Action=CreateUser&UserName=intruder&Version=2010-05-08"
    answer = send(
        endpoint_url, path=path, headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    )

    assert (answer.status, error_code(answer)) == (403, "AccessDenied")


def test_a_preflight_of_another_site_is_refused(endpoint_url):
    headers = {
        "Origin": PAGE,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "x-amz-target",
    }
    answer = send(endpoint_url, "OPTIONS", "/", headers=headers)

    assert answer.status == 403
    assert answer.header("Access-Control-Allow-Origin") is None


def test_sdk_answers_carry_no_cors_headers(endpoint_url, s3):
    """moto's flask-cors answered `Access-Control-Allow-Origin: *` to everyone."""
    answer = send(endpoint_url, path="/", headers=signed_headers(endpoint_url, "s3", "GET", "/", b"", {}))
    assert answer.status == 200
    assert not [name for name in answer.headers if name.lower().startswith("access-control-")]


@pytest.fixture(scope="module")
def browser_gateway():
    server = GatewayServer(port=0, cors_origins=["https://app.example"], allowed_hosts=["localglue"]).start()
    yield server.url
    server.stop()


def test_an_allowed_origin_gets_cors_answers(browser_gateway):
    url = browser_gateway
    preflight = send(
        url,
        "OPTIONS",
        "/",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-amz-target,authorization,x-amz-date,content-type",
        },
    )
    assert preflight.status == 200
    assert preflight.header("Access-Control-Allow-Origin") == "https://app.example"
    assert (
        preflight.header("Access-Control-Allow-Headers")
        == "x-amz-target,authorization,x-amz-date,content-type"
    )
    assert "POST" in preflight.header("Access-Control-Allow-Methods")

    answer = json_call(url, "glue", "AWSGlue.GetDatabases", "{}", Origin="https://app.example")
    assert answer.status == 200
    assert answer.header("Access-Control-Allow-Origin") == "https://app.example"
    assert "x-amzn-RequestId" in answer.header("Access-Control-Expose-Headers")
    assert json_call(url, "glue", "AWSGlue.GetDatabases", "{}", Origin=PAGE).status == 403


def test_allow_host_serves_a_name_more(browser_gateway):
    """The container setup: the pipeline service reaches the gateway as `localglue:4566`."""
    port = port_of(browser_gateway)
    assert (
        send(browser_gateway, path="/_localglue/health", headers={"Host": f"localglue:{port}"}).status == 200
    )
    assert send(browser_gateway, path="/_localglue/health", headers={"Host": f"other:{port}"}).status == 403


def test_a_malformed_allow_host_stops_localglue_up_before_it_starts(capsys):
    assert cli.main(["up", "--port", "0", "--allow-host", "two words"]) == 2
    assert "--allow-host 'two words'" in capsys.readouterr().err
    assert cli.main(["up", "--port", "0", "--cors-origin", "app.example"]) == 2


# --- under --enforce-iam -------------------------------------------------------------------------------

TRUSTS_GLUE = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}
TRUSTS_EC2 = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}
EVERYTHING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@pytest.fixture(scope="module")
def enforcing_gateway():
    process, url = start_gateway("--enforce-iam")
    yield url
    stop_gateway(process)


def clients(url: str, access_key: str, secret_key: str):
    return lambda service: boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
    )


@pytest.fixture(scope="module")
def admin(enforcing_gateway):
    return clients(enforcing_gateway, ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY)


def user_with(admin, url: str, name: str, statements: list[dict]):
    """Clients of a new IAM user `name` whose only policy has `statements`."""
    iam = admin("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName="only",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return clients(url, key["AccessKeyId"], key["SecretAccessKey"])


@pytest.fixture(scope="module")
def roles(admin):
    """An administrator role that trusts Glue, and one that trusts only EC2; a bucket with the scripts."""
    iam, s3 = admin("iam"), admin("s3")
    for name, trust in (("admin-role", TRUSTS_GLUE), ("ec2-only", TRUSTS_EC2)):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
        iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=json.dumps(EVERYTHING))
    s3.create_bucket(Bucket="sec-scripts")
    s3.put_object(
        Bucket="sec-scripts",
        Key="job.py",
        Body=b"import boto3\nboto3.client('s3').put_object(Bucket='sec-scripts', Key='ran.txt', Body=b'1')\n",
    )
    return {
        "admin": f"arn:aws:iam::{ACCOUNT}:role/admin-role",
        "ec2": f"arn:aws:iam::{ACCOUNT}:role/ec2-only",
    }


JOB_COMMAND = {"Name": "pythonshell", "ScriptLocation": "s3://sec-scripts/job.py", "PythonVersion": "3.9"}
JOB_STATEMENT = {
    "Effect": "Allow",
    "Action": ["glue:CreateJob", "glue:UpdateJob", "glue:StartJobRun", "glue:GetJobRun"],
    "Resource": "*",
}


def refusal(call) -> dict:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response


def test_a_user_without_pass_role_cannot_give_a_job_an_administrators_role(enforcing_gateway, admin, roles):
    jobs_user = user_with(admin, enforcing_gateway, "jobs-user", [JOB_STATEMENT])

    refused = refusal(
        lambda: jobs_user("glue").create_job(Name="escalate", Role=roles["admin"], Command=JOB_COMMAND)
    )

    assert refused["Error"]["Code"] == "AccessDeniedException"
    assert refused["Error"]["Message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/jobs-user is not authorized to perform: iam:PassRole on "
        "resource: "
        f"{roles['admin']} because no identity-based policy allows the iam:PassRole action"
    )
    assert (
        refusal(lambda: admin("glue").get_job(JobName="escalate"))["Error"]["Code"]
        == "EntityNotFoundException"
    )
    # UpdateJob (answered by localglue) is held to the same rule, the role given by name
    admin("glue").create_job(Name="harmless", Role=roles["ec2"], Command=JOB_COMMAND)
    update = {"Role": "admin-role", "Command": JOB_COMMAND}
    refused = refusal(lambda: jobs_user("glue").update_job(JobName="harmless", JobUpdate=update))
    assert f"iam:PassRole on resource: {roles['admin']}" in refused["Error"]["Message"]


def test_pass_role_is_granted_for_the_service_it_names(enforcing_gateway, admin, roles):
    def passing_to(service: str):
        condition = {"StringEquals": {"iam:PassedToService": service}}
        statement = {
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": roles["admin"],
            "Condition": condition,
        }
        return user_with(
            admin, enforcing_gateway, f"passes-to-{service.split('.')[0]}", [JOB_STATEMENT, statement]
        )

    passing_to("glue.amazonaws.com")("glue").create_job(
        Name="passed", Role=roles["admin"], Command=JOB_COMMAND
    )
    assert admin("glue").get_job(JobName="passed")["Job"]["Role"] == roles["admin"]
    refused = refusal(
        lambda: passing_to("ec2.amazonaws.com")("glue").create_job(
            Name="not-passed", Role=roles["admin"], Command=JOB_COMMAND
        )
    )
    assert refused["Error"]["Code"] == "AccessDeniedException"


def wait_for_run(glue, job: str, run_id: str) -> dict:
    for _ in range(300):
        run = glue.get_job_run(JobName=job, RunId=run_id)["JobRun"]
        if run["JobRunState"] not in ("STARTING", "RUNNING", "STOPPING"):
            return run
        time.sleep(0.1)
    pytest.fail(f"run {run_id} did not end")


def test_a_run_with_a_role_that_does_not_trust_glue_fails_as_glue_fails_it(admin, roles):
    glue = admin("glue")
    glue.create_job(Name="untrusted", Role=roles["ec2"], Command=JOB_COMMAND)

    run = wait_for_run(glue, "untrusted", glue.start_job_run(JobName="untrusted")["JobRunId"])

    assert run["JobRunState"] == "FAILED"
    assert (
        run["ErrorMessage"]
        == f"Service is unable to assume role {roles['ec2']}. Please verify role's TrustPolicy"
    )
    assert "Contents" not in admin("s3").list_objects_v2(Bucket="sec-scripts", Prefix="ran.txt")


def test_a_crawler_needs_a_role_that_trusts_glue(admin, roles):
    glue, iam = admin("glue"), admin("iam")
    glue.create_database(DatabaseInput={"Name": "sec_db"})
    targets = {"S3Targets": [{"Path": "s3://sec-scripts/"}]}

    refused = refusal(
        lambda: glue.create_crawler(Name="c", Role=roles["ec2"], DatabaseName="sec_db", Targets=targets)
    )
    assert refused["Error"] == {
        "Code": "InvalidInputException",
        "Message": f"Service is unable to assume role {roles['ec2']}. Please verify role's TrustPolicy",
    }

    iam.create_role(RoleName="crawler-role", AssumeRolePolicyDocument=json.dumps(TRUSTS_GLUE))
    glue.create_crawler(Name="c", Role="crawler-role", DatabaseName="sec_db", Targets=targets)
    iam.update_assume_role_policy(RoleName="crawler-role", PolicyDocument=json.dumps(TRUSTS_EC2))
    glue.start_crawler(Name="c")
    for _ in range(100):
        crawler = glue.get_crawler(Name="c")["Crawler"]
        if crawler["State"] == "READY" and "LastCrawl" in crawler:
            break
        time.sleep(0.1)
    assert crawler["LastCrawl"]["Status"] == "FAILED"
    assert crawler["LastCrawl"]["ErrorMessage"] == (
        f"Service is unable to assume role arn:aws:iam::{ACCOUNT}:role/crawler-role. "
        "Please verify role's TrustPolicy"
    )


def test_unsigned_requests_are_refused_with_awss_codes(enforcing_gateway):
    url = enforcing_gateway
    glue = send(
        url,
        "POST",
        "/",
        b"{}",
        {"X-Amz-Target": "AWSGlue.GetDatabases", "Content-Type": "application/x-amz-json-1.1"},
    )
    s3 = send(url, "GET", "/")
    sts = send(
        url,
        "POST",
        "/",
        b"Action=GetCallerIdentity&Version=2011-06-15",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert (glue.status, error_code(glue)) == (403, "MissingAuthenticationTokenException")
    assert (s3.status, error_code(s3)) == (403, "AccessDenied")
    assert (sts.status, error_code(sts)) == (403, "MissingAuthenticationToken")


@pytest.mark.parametrize(
    ("service", "call", "unknown_key", "wrong_secret"),
    [
        ("glue", lambda c: c.get_databases(), "UnrecognizedClientException", "InvalidSignatureException"),
        (
            "glue",
            lambda c: c.get_job_runs(JobName="x"),
            "UnrecognizedClientException",
            "InvalidSignatureException",
        ),
        (
            "athena",
            lambda c: c.list_work_groups(),
            "UnrecognizedClientException",
            "InvalidSignatureException",
        ),
        ("s3", lambda c: c.list_buckets(), "InvalidAccessKeyId", "SignatureDoesNotMatch"),
        ("iam", lambda c: c.list_users(), "InvalidClientTokenId", "SignatureDoesNotMatch"),
        ("sts", lambda c: c.get_caller_identity(), "InvalidClientTokenId", "SignatureDoesNotMatch"),
    ],
    ids=["glue-moto", "glue-localglue", "athena", "s3", "iam", "sts"],
)
def test_wrong_keys_and_signatures_are_refused_with_awss_codes(
    enforcing_gateway, service, call, unknown_key, wrong_secret
):
    stranger = clients(enforcing_gateway, "AKIAUNKNOWNUNKNOWN00", "whatever")(service)
    forger = clients(enforcing_gateway, ADMIN_ACCESS_KEY_ID, "not-the-secret")(service)

    for client, code in ((stranger, unknown_key), (forger, wrong_secret)):
        refused = refusal(lambda client=client: call(client))
        assert (refused["ResponseMetadata"]["HTTPStatusCode"], refused["Error"]["Code"]) == (403, code)
