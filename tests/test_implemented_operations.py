"""Which operations are answered (unimplemented.py), and the README's list of them kept in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from localglue.gateway.errors import AwsError
from localglue.gateway.protocols import JSON, QUERY, Operation
from localglue.server import load_providers
from localglue.gateway.unimplemented import check, check_s3, implemented, readme_section

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module", autouse=True)
def providers():
    load_providers()


def test_readme_lists_the_implemented_operations():
    assert readme_section() in README.read_text(), (
        "README.md is out of date: replace its list with the output of `.venv/bin/localglue operations`"
    )


def test_answered_by_moto_or_by_a_handler():
    assert "GetDatabase" in implemented("glue")  # moto's GlueResponse.get_database
    assert "StartJobRun" in implemented("glue")  # localglue's handler
    assert "CreateBlueprint" not in implemented("glue")
    for name in ("GetDatabase", "StartJobRun", "UpdateJob"):
        check(Operation("glue", JSON, name))
    check(Operation("localglue", JSON, "FireTrigger"))
    check(Operation("iam", QUERY, "CreateRole"))


def test_s3_operations_moto_does_not_answer_are_501():
    with pytest.raises(AwsError) as caught:
        check_s3({"REQUEST_METHOD": "GET", "QUERY_STRING": "requestPayment"})
    assert (caught.value.code, caught.value.status) == ("NotImplemented", 501)
    assert "s3.GetBucketRequestPayment is not implemented" in caught.value.message
    for answered in ("tagging", "versioning", "uploads", "list-type=2&prefix=a", ""):
        check_s3({"REQUEST_METHOD": "GET", "QUERY_STRING": answered})
    check_s3({"REQUEST_METHOD": "POST", "QUERY_STRING": "uploadId=1"})


@pytest.mark.parametrize(
    ("operation", "code", "status"),
    [
        (Operation("glue", JSON, "CreateBlueprint"), "NotImplemented", 501),
        (Operation("athena", JSON, "CreateNotebook"), "NotImplemented", 501),
        (Operation("iam", QUERY, "ChangePassword"), "NotImplemented", 501),
        (Operation("glue", JSON, "Frobnicate"), "UnknownOperationException", 404),
        (Operation("localglue", JSON, "Frobnicate"), "UnknownOperationException", 404),
        (Operation("iam", QUERY, "Frobnicate"), "InvalidAction", 400),
        (Operation("", QUERY, ""), "MissingAction", 400),
    ],
)
def test_what_is_not_answered(operation, code, status):
    with pytest.raises(AwsError) as caught:
        check(operation)
    assert (caught.value.code, caught.value.status) == (code, status)
    if status == 501:
        assert (
            f"{operation.service}.{operation.action} is not implemented by localglue" in caught.value.message
        )
