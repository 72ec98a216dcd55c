"""Request parameters checked against botocore's models (validation.py), in AWS's words."""

from __future__ import annotations

import pytest

from localglue.gateway.errors import AwsError
from localglue.gateway.validation import check, parse_body


def refusal(service: str, action: str, params: dict) -> AwsError:
    with pytest.raises(AwsError) as caught:
        check(service, action, params)
    return caught.value


def test_valid_parameters_pass():
    check("glue", "CreateDatabase", {"DatabaseInput": {"Name": "events", "Parameters": {"k": "v"}}})
    check("glue", "GetTables", {"DatabaseName": "db", "MaxResults": 100, "Expression": "t*"})
    # Java's surrogate-pair range in Glue's single-line pattern admits characters beyond the BMP
    check("glue", "CreateDatabase", {"DatabaseInput": {"Name": "événements 🙂"}})
    check("athena", "StartQueryExecution", {"QueryString": "SELECT 1", "WorkGroup": "primary"})


def test_missing_required_member():
    error = refusal("glue", "GetDatabase", {})
    assert (error.code, error.status) == ("InvalidInputException", 400)
    assert error.message == (
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be "
        "null"
    )


def test_length_and_pattern_of_a_nested_member():
    error = refusal("glue", "CreateDatabase", {"DatabaseInput": {"Name": "x" * 256}})
    assert error.message.endswith(
        "at 'databaseInput.name' failed to satisfy constraint: Member must have length less than or equal "
        "to 255"
    )
    error = refusal("glue", "CreateDatabase", {"DatabaseInput": {"Name": "line\nbreak"}})
    assert error.message == (
        "1 validation error detected: Value 'line\nbreak' at 'databaseInput.name' failed to satisfy "
        "constraint: "
        "Member must satisfy regular expression pattern: "
        "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*"
    )


def test_enum_range_and_several_errors_at_once():
    error = refusal(
        "glue",
        "CreateJob",
        {"Name": "", "Role": "r", "Command": {"Name": "glueetl"}, "WorkerType": "G.9X", "MaxRetries": "2"},
    )
    assert error.code == "SerializationException"  # a wrong JSON type is not a constraint
    assert error.message == "Value '2' at 'maxRetries' must be an integer, not a string"

    error = refusal("glue", "CreateJob", {"Name": "", "Role": "r", "Command": {}, "WorkerType": "G.9X"})
    assert error.message == (
        "2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have "
        "length "
        "greater than or equal to 1; Value 'G.9X' at 'workerType' failed to satisfy constraint: Member must "
        "satisfy enum value set: [Standard, G.1X, G.2X, G.025X, G.4X, G.8X, Z.2X]"
    )
    error = refusal("glue", "GetJobRuns", {"JobName": "j", "MaxResults": 201})
    assert error.message.endswith(
        "Value '201' at 'maxResults' failed to satisfy constraint: Member must have value less than or "
        "equal to 200"
    )


def test_list_items_and_map_keys_are_located():
    error = refusal("glue", "BatchGetJobs", {"JobNames": ["ok", ""]})
    assert "Value '' at 'jobNames.2.member' failed to satisfy constraint" in error.message
    error = refusal("glue", "CreateDatabase", {"DatabaseInput": {"Name": "d", "Parameters": {"": "v"}}})
    assert (
        "Value '' at 'databaseInput.parameters' failed to satisfy constraint: Map keys must satisfy "
        "constraint: "
        "[Member must have length greater than or equal to 1]" in error.message
    )


@pytest.mark.parametrize(
    ("service", "action", "params", "code"),
    [
        ("athena", "ListQueryExecutions", {"MaxResults": 51}, "InvalidRequestException"),
        ("logs", "CreateLogGroup", {"logGroupName": "a b"}, "InvalidParameterException"),
        ("kms", "DescribeKey", {"KeyId": ""}, "ValidationException"),
        ("events", "DescribeRule", {"Name": "x" * 65}, "ValidationException"),
    ],
)
def test_each_service_names_the_error_its_own_way(service, action, params, code):
    assert refusal(service, action, params).code == code


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Name": 5}, "Value '5' at 'name' must be a string, not a number"),
        ({"Name": True}, "Value 'true' at 'name' must be a string, not a boolean"),
        ({"Name": ["a"]}, "Value '[\"a\"]' at 'name' must be a string, not an array"),
    ],
)
def test_wrong_json_types_are_serialization_errors(params, message):
    error = refusal("glue", "GetDatabase", params)
    assert (error.code, error.message) == ("SerializationException", message)


def test_blobs_must_be_base64():
    error = refusal("kms", "Decrypt", {"CiphertextBlob": "not base64!"})
    assert error.code == "SerializationException"
    check("kms", "Decrypt", {"CiphertextBlob": "AAEC"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{", "The request body is not valid JSON"),
        (b"[1]", "must be a JSON object, not an array"),
        (b"null", "must be a JSON object, not null"),
        (b'{"a": Infinity}', "Infinity is not a JSON number"),
        (b"\xff", "The request body is not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, "The request body is not valid JSON"),
    ],
)
def test_bodies_that_are_not_a_json_object(body, message):
    with pytest.raises(AwsError) as caught:
        parse_body(body)
    assert caught.value.code == "SerializationException" and message in caught.value.message


def test_an_empty_body_is_no_parameters():
    assert parse_body(b"  ") == {}
