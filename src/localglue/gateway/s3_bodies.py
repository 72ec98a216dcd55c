"""S3 requests whose body is an XML document: well formed, and holding what S3's schema requires of it.

moto parses these bodies without checking them, so a truncated `<Tagging>` or a `<Tag>` without its
`<Value>` failed with a 500. S3 answers MalformedXML (or MissingRequestBodyError for no body at all;
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). Which requests carry which document,
and what it must hold, is read from botocore's model of S3 (s3_operations.py): the operations whose
payload is a structure. Checked: the root
element, required elements, enum values and the text of numbers and booleans.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import parse_qs
from xml.etree import ElementTree

from .errors import AwsError
from .s3_operations import by_marker

_MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema"
Documents = dict[str, tuple[Any, bool]]  # root element name -> (botocore shape, whether a body is required)


@functools.cache
def _documents() -> dict[tuple[str, str], Documents]:
    """(method, query marker) -> the documents S3 takes for it."""
    documents: dict[tuple[str, str], Documents] = {}
    for key, operations in by_marker().items():
        for operation in operations:
            shape = operation.input_shape
            payload = shape.serialization.get("payload") if shape is not None else None
            if not payload or shape.members[payload].type_name != "structure":
                continue
            document = shape.members[payload]
            root = document.serialization.get("name", payload)
            taken = documents.setdefault(key, {})
            # PutBucketLifecycle(Configuration) share a URI: a body is required only if both require one
            required = payload in shape.required_members and taken.get(root, (None, True))[1]
            taken[root] = (document, required)
    return documents


def expected_documents(environ: dict[str, Any]) -> Documents | None:
    """The documents the request's body may be; None when its body is not an S3 document."""
    if "aws-chunked" in environ.get("HTTP_CONTENT_ENCODING", ""):
        return None
    method = environ.get("REQUEST_METHOD", "")
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    for marker in query:
        documents = _documents().get((method, marker))
        if documents:
            return documents
    segments = [part for part in environ.get("PATH_INFO", "/").split("/") if part]
    bucket_in_host = environ.get("HTTP_HOST", "").split(":")[0].endswith(".localhost")
    if method == "PUT" and not query and len(segments) == (0 if bucket_in_host else 1):
        return _documents()[("PUT", "")]
    return None


def check(body: bytes, documents: Documents) -> None:
    """Raise MalformedXML unless `body` is one of `documents`, well formed and complete."""
    if not body.strip():
        if any(required for _, required in documents.values()):
            raise AwsError("MissingRequestBodyError", "Request Body is empty")
        return  # CreateBucket's configuration and an ACL given in headers are optional
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as err:
        raise AwsError("MalformedXML", f"{_MALFORMED} ({err})") from None
    name = _local(root.tag)
    if name not in documents:
        expected = " or ".join(sorted(documents))
        raise AwsError("MalformedXML", f"{_MALFORMED} (the root element is {name!r}, not {expected})")
    problem = _problem(documents[name][0], root, name)
    if problem:
        raise AwsError("MalformedXML", f"{_MALFORMED} ({problem})")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _problem(shape: Any, element: ElementTree.Element, path: str) -> str | None:
    """What `element` lacks or holds wrongly for `shape`; None when nothing."""
    kind = shape.type_name
    text = (element.text or "").strip()
    if kind == "structure":
        return _structure_problem(shape, element, path)
    if kind == "string" and shape.enum and text not in shape.enum:
        return f"{path} is {text!r}, not one of {', '.join(shape.enum)}"
    if kind in ("integer", "long") and not text.lstrip("-").isdigit():
        return f"{path} is {text!r}, not an integer"
    if kind == "boolean" and text not in ("true", "false"):
        return f"{path} is {text!r}, not true or false"
    return None


def _structure_problem(shape: Any, element: ElementTree.Element, path: str) -> str | None:
    children: dict[str, list[ElementTree.Element]] = {}
    for child in element:
        children.setdefault(_local(child.tag), []).append(child)
    for name, member in shape.members.items():
        if member.serialization.get("xmlAttribute"):
            continue
        tag = member.serialization.get("name", name)
        found = children.get(tag, [])
        if not found:
            if name in shape.required_members:
                return f"{path} has no {tag} element"
            continue
        if member.type_name == "list":
            item_tag = member.member.serialization.get("name", "member")
            if member.serialization.get("flattened"):
                pairs = [(member.member, item, f"{path}/{tag}") for item in found]
            else:
                items = [item for item in found[0] if _local(item.tag) == item_tag]
                pairs = [(member.member, item, f"{path}/{tag}/{item_tag}") for item in items]
        else:
            pairs = [(member, found[0], f"{path}/{tag}")]
        for item_shape, item, item_path in pairs:
            problem = _problem(item_shape, item, item_path)
            if problem:
                return problem
    return None
