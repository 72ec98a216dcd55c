"""The bad requests of the reliability suite, each with AWS's answer to it, and the README's table of them."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass

from raw_http import Answer, json_call, send, signed_headers

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Case:
    name: str  # the test id
    request: str  # what is sent, for the README
    status: int
    code: str
    message: str  # a part of AWS's message
    send: Callable[[str], Answer]


def glue(target: str, body: bytes | str, **headers) -> Callable[[str], Answer]:
    return lambda url: json_call(url, "glue", f"AWSGlue.{target}", body, **headers)


def athena(target: str, body: str) -> Callable[[str], Answer]:
    return lambda url: json_call(url, "athena", f"AmazonAthena.{target}", body)


def service_call(service: str, prefix: str, target: str, body: str) -> Callable[[str], Answer]:
    return lambda url: json_call(url, service, f"{prefix}.{target}", body)


def query(service: str, form: str) -> Callable[[str], Answer]:
    def call(url: str) -> Answer:
        body = form.encode()
        headers = signed_headers(url, service, "POST", "/", body, {"Content-Type": FORM})
        return send(url, "POST", "/", body, headers)

    return call


def s3(method: str, path: str, body: bytes = b"", **headers: str) -> Callable[[str], Answer]:
    def call(url: str) -> Answer:
        signed = signed_headers(url, "s3", method, path, body, {"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
        return send(url, method, path, body, {**signed, **headers})

    return call


def declared_length(length: str, target: str = "AWSGlue.GetDatabases") -> Callable[[str], Answer]:
    """A request whose Content-Length header says `length` (the body sent is `{}`)."""

    def call(url: str) -> Answer:
        headers = signed_headers(url, "glue", "POST", "/", b"{}", {"X-Amz-Target": target})
        return send(url, "POST", "/", b"{}", {**headers, "Content-Length": length})

    return call


def unsigned_glue(url: str) -> Answer:
    return send(url, "POST", "/", b"{}", {"X-Amz-Target": "AWSGlue.GetDatabases"})


def garbled_signature(url: str) -> Answer:
    headers = {"X-Amz-Target": "AWSGlue.GetDatabases", "Authorization": "Bearer 1234"}
    return send(url, "POST", "/", b"{}", headers)


def gzip_garbage(url: str) -> Answer:
    return json_call(url, "glue", "AWSGlue.GetDatabases", b"not gzip at all", **{"Content-Encoding": "gzip"})


def gzip_good(url: str) -> Answer:
    body = gzip.compress(b'{"Name": "' + b"n" * 300 + b'"}')
    return json_call(url, "glue", "AWSGlue.GetDatabase", body, **{"Content-Encoding": "gzip"})


BUCKET = "reliability-bucket"
VALIDATION = "1 validation error detected: "
CASES = (
    Case(
        "json-not-json",
        "Glue GetDatabases, body `{bad`",
        400,
        "SerializationException",
        "not valid JSON",
        glue("GetDatabases", "{bad"),
    ),
    Case(
        "json-array-body",
        "Glue GetDatabase, body `[1]`",
        400,
        "SerializationException",
        "must be a JSON object, not an array",
        glue("GetDatabase", "[1]"),
    ),
    Case(
        "json-string-body",
        'Athena ListWorkGroups, body `"text"`',
        400,
        "SerializationException",
        "not a string",
        athena("ListWorkGroups", '"text"'),
    ),
    Case(
        "json-nan",
        'Glue GetDatabases, body `{"MaxResults": NaN}`',
        400,
        "SerializationException",
        "NaN is not a JSON number",
        glue("GetDatabases", '{"MaxResults": NaN}'),
    ),
    Case(
        "json-deep",
        "Glue GetDatabases, 100,000 nested arrays",
        400,
        "SerializationException",
        "not valid JSON",
        glue("GetDatabases", "[" * 100_000 + "]" * 100_000),
    ),
    Case(
        "wrong-type",
        "Glue GetDatabase, `Name` a number",
        400,
        "SerializationException",
        "Value '5' at 'name' must be a string, not a number",
        glue("GetDatabase", '{"Name": 5}'),
    ),
    Case(
        "wrong-type-nested",
        "Glue CreateJob, `Command` a string",
        400,
        "SerializationException",
        "at 'command' must be an object",
        glue("CreateJob", '{"Name": "j", "Role": "r", "Command": "x"}'),
    ),
    Case(
        "missing-required",
        "Glue GetDatabase, no `Name`",
        400,
        "InvalidInputException",
        VALIDATION + "Value null at 'name' failed to satisfy constraint: Member must not be null",
        glue("GetDatabase", "{}"),
    ),
    Case(
        "too-long",
        "Glue CreateDatabase, a 1,000-character name",
        400,
        "InvalidInputException",
        "at 'databaseInput.name' failed to satisfy constraint: Member must have length less than or equal "
        "to 255",
        glue("CreateDatabase", json.dumps({"DatabaseInput": {"Name": "d" * 1000}})),
    ),
    Case(
        "pattern",
        "Glue CreateDatabase, a name with a control character",
        400,
        "InvalidInputException",
        "at 'databaseInput.name' failed to satisfy constraint: Member must satisfy regular expression "
        "pattern",
        glue("CreateDatabase", json.dumps({"DatabaseInput": {"Name": "bad\u0001name"}})),
    ),
    Case(
        "enum",
        "Glue CreateJob, `WorkerType` G.9X",
        400,
        "InvalidInputException",
        "Value 'G.9X' at 'workerType' failed to satisfy constraint: Member must satisfy enum value set: [",
        glue("CreateJob", '{"Name": "j", "Role": "r", "Command": {"Name": "glueetl"}, "WorkerType": "G.9X"}'),
    ),
    Case(
        "range",
        "Glue GetJobRuns, `MaxResults` 0",
        400,
        "InvalidInputException",
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or "
        "equal to 1",
        glue("GetJobRuns", '{"JobName": "j", "MaxResults": 0}'),
    ),
    Case(
        "list-item",
        "Glue BatchGetJobs, an empty job name in the list",
        400,
        "InvalidInputException",
        "Value '' at 'jobNames.1.member' failed to satisfy constraint: Member must have length greater than "
        "or "
        "equal to 1",
        glue("BatchGetJobs", '{"JobNames": [""]}'),
    ),
    Case(
        "athena-range",
        "Athena ListQueryExecutions, `MaxResults` 51",
        400,
        "InvalidRequestException",
        "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal "
        "to 50",
        athena("ListQueryExecutions", '{"MaxResults": 51}'),
    ),
    Case(
        "logs-pattern",
        "Logs CreateLogGroup, name `bad name!`",
        400,
        "InvalidParameterException",
        "Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular "
        "expression",
        service_call("logs", "Logs_20140328", "CreateLogGroup", '{"logGroupName": "bad name!"}'),
    ),
    Case(
        "kms-length",
        "KMS DescribeKey, `KeyId` empty",
        400,
        "ValidationException",
        "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to "
        "1",
        service_call("kms", "TrentService", "DescribeKey", '{"KeyId": ""}'),
    ),
    Case(
        "glue-next-token",
        "Glue GetJobRuns of an existing job, `NextToken` `abc`",
        400,
        "InvalidInputException",
        "Invalid NextToken: the token is not one this service issued",
        glue("GetJobRuns", '{"JobName": "reliability-job", "NextToken": "abc"}'),
    ),
    Case(
        "athena-next-token",
        "Athena ListQueryExecutions, `NextToken` `abc`",
        400,
        "InvalidRequestException",
        "Invalid NextToken: the token is not one this service issued",
        athena("ListQueryExecutions", '{"NextToken": "abc"}'),
    ),
    Case(
        "moto-next-token",
        "Glue ListJobs (answered by moto), `NextToken` `abc`",
        400,
        "InvalidInputException",
        "Invalid pagination token",
        glue("ListJobs", '{"NextToken": "abc"}'),
    ),
    Case(
        "unknown-action",
        "X-Amz-Target AWSGlue.Frobnicate",
        404,
        "UnknownOperationException",
        "Unknown operation 'Frobnicate'",
        glue("Frobnicate", "{}"),
    ),
    Case(
        "not-implemented-glue",
        "Glue CreateBlueprint",
        501,
        "NotImplementedException",
        "glue.CreateBlueprint is not implemented by localglue",
        glue("CreateBlueprint", '{"Name": "b", "BlueprintLocation": "s3://b/x.zip"}'),
    ),
    Case(
        "not-implemented-athena",
        "Athena CreateNotebook",
        501,
        "NotImplementedException",
        "athena.CreateNotebook is not implemented by localglue",
        athena("CreateNotebook", '{"WorkGroup": "primary", "Name": "n"}'),
    ),
    Case(
        "not-implemented-kms",
        "KMS CreateCustomKeyStore",
        501,
        "NotImplementedException",
        "kms.CreateCustomKeyStore is not implemented by localglue",
        service_call("kms", "TrentService", "CreateCustomKeyStore", '{"CustomKeyStoreName": "s"}'),
    ),
    Case(
        "query-not-implemented",
        "IAM ChangePassword (query protocol)",
        501,
        "NotImplemented",
        "iam.ChangePassword is not implemented by localglue",
        query("iam", "Action=ChangePassword&Version=2010-05-08&OldPassword=a&NewPassword=b"),
    ),
    Case(
        "not-implemented-s3",
        "S3 GetBucketRequestPayment (`GET /bucket?requestPayment`)",
        501,
        "NotImplemented",
        "s3.GetBucketRequestPayment is not implemented by localglue",
        s3("GET", f"/{BUCKET}?requestPayment"),
    ),
    Case(
        "query-unknown-action",
        "IAM `Action=Frobnicate`",
        400,
        "InvalidAction",
        "The action 'Frobnicate' is not valid",
        query("iam", "Action=Frobnicate&Version=2010-05-08"),
    ),
    Case(
        "query-no-action",
        "IAM form body without `Action`",
        400,
        "MissingAction",
        "missing an action",
        query("iam", "Version=2010-05-08"),
    ),
    Case(
        "negative-content-length",
        "Content-Length: -5",
        400,
        "MalformedHttpRequestException",
        "Content-Length header '-5' is not a non-negative integer",
        declared_length("-5"),
    ),
    Case(
        "text-content-length",
        "Content-Length: abc",
        400,
        "MalformedHttpRequestException",
        "Content-Length header 'abc'",
        declared_length("abc"),
    ),
    Case(
        "oversize-json",
        "Content-Length: 20 MiB on a Glue request",
        413,
        "RequestEntityTooLargeException",
        "exceeds the limit of 10485760 bytes",
        declared_length(str(20 * 1024 * 1024)),
    ),
    Case(
        "oversize-object",
        "S3 PutObject, Content-Length 6 GiB",
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size",
        s3("PUT", f"/{BUCKET}/big.bin", b"x", **{"Content-Length": str(6 * 1024**3)}),
    ),
    Case(
        "s3-malformed-xml",
        "S3 PutBucketTagging, `<Tagging><TagSet>` cut short",
        400,
        "MalformedXML",
        "not well-formed",
        s3("PUT", f"/{BUCKET}?tagging", b"<Tagging><TagSet>"),
    ),
    Case(
        "s3-incomplete-xml",
        "S3 PutBucketTagging, a Tag without Value",
        400,
        "MalformedXML",
        "Tagging/TagSet/Tag has no Value element",
        s3("PUT", f"/{BUCKET}?tagging", b"<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>"),
    ),
    Case(
        "s3-delete-without-key",
        "S3 DeleteObjects, an Object without Key",
        400,
        "MalformedXML",
        "Delete/Object has no Key element",
        s3("POST", f"/{BUCKET}?delete", b"<Delete><Object/></Delete>"),
    ),
    Case(
        "s3-wrong-root",
        "S3 PutBucketVersioning, root element `<Tagging>`",
        400,
        "MalformedXML",
        "the root element is 'Tagging', not VersioningConfiguration",
        s3("PUT", f"/{BUCKET}?versioning", b"<Tagging/>"),
    ),
    Case(
        "s3-bad-enum",
        "S3 PutBucketVersioning, Status `Sometimes`",
        400,
        "MalformedXML",
        "VersioningConfiguration/Status is 'Sometimes', not one of Enabled, Suspended",
        s3(
            "PUT",
            f"/{BUCKET}?versioning",
            b"<VersioningConfiguration><Status>Sometimes</Status></VersioningConfiguration>",
        ),
    ),
    Case(
        "s3-empty-body",
        "S3 PutBucketTagging, no body",
        400,
        "MissingRequestBodyError",
        "Request Body is empty",
        s3("PUT", f"/{BUCKET}?tagging"),
    ),
    Case(
        "unsigned-json",
        "Glue GetDatabases, no Authorization header",
        403,
        "MissingAuthenticationTokenException",
        "Request is missing Authentication Token",
        unsigned_glue,
    ),
    Case(
        "unsigned-query",
        "STS GetCallerIdentity, no Authorization header",
        403,
        "MissingAuthenticationToken",
        "Request is missing Authentication Token",
        lambda url: send(
            url, "POST", "/", b"Action=GetCallerIdentity&Version=2011-06-15", {"Content-Type": FORM}
        ),
    ),
    Case(
        "garbled-authorization",
        "Glue GetDatabases, `Authorization: Bearer 1234`",
        403,
        "IncompleteSignatureException",
        "AWS4-HMAC-SHA256",
        garbled_signature,
    ),
    Case(
        "s3-garbled-authorization",
        "S3 ListBuckets, `Authorization: Bearer 1234`",
        400,
        "AuthorizationHeaderMalformed",
        "The authorization header is malformed",
        lambda url: send(url, "GET", "/", headers={"Authorization": "Bearer 1234"}),
    ),
    Case(
        "gzip-garbage",
        "Glue GetDatabases, `Content-Encoding: gzip`, body not gzip",
        400,
        "MalformedHttpRequestException",
        "gzip request body cannot be read",
        gzip_garbage,
    ),
    Case(
        "gzip-validated",
        "Glue GetDatabase, gzip body with a 300-character name",
        400,
        "InvalidInputException",
        "Member must have length less than or equal to 255",
        gzip_good,
    ),
)


# What test_security.py and test_fuzz.py check, as the README tells it
SECURITY_OUTCOMES = (
    (
        "Host `rebind.attacker.example:<port>` (DNS rebinding): PutObject of a script, CreateJob, "
        "StartJobRun",
        "403 `AccessDenied` to each, naming `--allow-host`; nothing created or run",
    ),
    (
        "Host `evil.example`, `127.0.0.1:1`, `localhost` (port 80), `localhost.evil.example`",
        "403 `AccessDenied`",
    ),
    ("Host `127.0.0.1`, `localhost`, `[::1]`, `<bucket>.localhost` with the gateway's port", "served"),
    (
        "`Origin: http://evil.example` (a page of another site): PutObject, CreateJob, StartJobRun",
        "403 `AccessDenied` to each, naming `--cors-origin`, no CORS headers; nothing created or run",
    ),
    (
        "A link from another site to `/?Action=CreateUser...` (`Sec-Fetch-Site: cross-site`, no Origin)",
        "403 `AccessDenied`",
    ),
    ("Preflight (`OPTIONS`) from `http://evil.example`", "403, no `Access-Control-Allow-Origin`"),
    (
        "Preflight and request from an origin given with `--cors-origin`",
        "200 with `Access-Control-Allow-Origin: <origin>`; other origins still 403",
    ),
    ("Any SDK request (no Origin)", "no `Access-Control-*` headers (moto's `*` removed)"),
    (
        "`--enforce-iam`: a user allowed CreateJob/UpdateJob/StartJobRun, not `iam:PassRole`, gives a job an "
        "administrator role",
        '400 `AccessDeniedException`: "User: arn:...:user/jobs-user is not authorized to '
        "perform: iam:PassRole on resource: arn:...:role/admin-role because no identity-based policy allows "
        "the "
        'iam:PassRole action"; no job',
    ),
    (
        "`--enforce-iam`: `iam:PassRole` granted with `iam:PassedToService` glue.amazonaws.com / "
        "ec2.amazonaws.com",
        "job created / 400 `AccessDeniedException`",
    ),
    (
        "`--enforce-iam`: a job run whose role trusts only EC2",
        'run FAILED: "Service is unable to assume role arn:... Please verify role\'s TrustPolicy"; '
        "script not run",
    ),
    (
        "`--enforce-iam`: CreateCrawler with that role; a crawl after its role stopped trusting Glue",
        "400 `InvalidInputException` / crawl FAILED, in the same words",
    ),
    (
        "`--enforce-iam`: unsigned Glue / S3 / STS request",
        "403 `MissingAuthenticationTokenException` / `AccessDenied` / `MissingAuthenticationToken`",
    ),
    (
        "`--enforce-iam`: unknown access key, to Glue (moto's and localglue's actions) and Athena / S3 / "
        "IAM and STS",
        "403 `UnrecognizedClientException` / `InvalidAccessKeyId` / `InvalidClientTokenId`",
    ),
    (
        "`--enforce-iam`: a known key with the wrong secret, same services",
        "403 `InvalidSignatureException` / `SignatureDoesNotMatch` / `SignatureDoesNotMatch`",
    ),
    (
        "Fuzz: 40 requests per action localglue answers itself (3,400 today), well-typed and ill-typed, "
        "generated "
        "from botocore's models with seed 20261201",
        "no 5xx, none unanswered; the gateway answers afterwards",
    ),
)


def markdown_table() -> str:
    rows = ["| Request | Answer |", "|---|---|"]
    rows += [f"| {case.request} | {case.status} `{case.code}` |" for case in CASES]
    rows += [f"| {request} | {answer} |" for request, answer in SECURITY_OUTCOMES]
    return "\n".join(rows)
