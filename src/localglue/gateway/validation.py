"""A JSON request's parameters checked against botocore's model of its operation, as AWS's front end does.

A body that is not a JSON object, or a value of the wrong JSON type, is a SerializationException. Missing
required members and values outside their length, range, pattern or enum are listed in one message, in
AWS's words: "1 validation error detected: Value 'x' at 'jobUpdate.workerType' failed to satisfy
constraint: Member must satisfy enum value set: [...]" (member paths in lower camel case, list items as
`<list>.<n>.member`). The error's code is the one each service answers such a request with.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from typing import Any

import regex

from .errors import AwsError
from .protocols import service_model

# The code a service gives a request that breaks its model's constraints; ValidationException elsewhere.
CONSTRAINT_ERRORS = {
    "glue": "InvalidInputException",
    "athena": "InvalidRequestException",
    "logs": "InvalidParameterException",
}
MAX_DEPTH = 64  # nesting of a request body; AWS's models nest far less
_PATTERN_SECONDS = 0.2  # a pattern a crafted value makes backtrack for longer is not held against it
_SHOWN_CHARACTERS = 256
# Java's regular expressions work on UTF-16: this is how botocore's patterns spell "any supplementary
# character", which Python's regular expressions match as one code point.
_SURROGATE_PAIRS = r"\uD800\uDC00-\uDBFF\uDFFF"
_SUPPLEMENTARY = r"\U00010000-\U0010FFFF"
_JSON_KINDS = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def parse_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a request body ({} for an empty one); SerializationException otherwise."""
    if not body.strip():
        return {}
    try:
        params = json.loads(body, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise AwsError("SerializationException", f"The request body is not valid JSON: {err}") from None
    if not isinstance(params, dict):
        kind = _JSON_KINDS.get(type(params), type(params).__name__)
        raise AwsError("SerializationException", f"The request body must be a JSON object, not {kind}")
    return params


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def check(service: str, action: str, params: dict[str, Any]) -> None:
    """Raise the service's error for `params` that `action`'s input shape does not admit."""
    shape = service_model(service).operation_model(action).input_shape
    if shape is None:
        return
    violations: list[str] = []
    try:
        _check_value(shape, params, "", violations, 0)
    except _TypeMismatch as mismatch:
        raise AwsError("SerializationException", str(mismatch)) from None
    if violations:
        count = len(violations)
        raise AwsError(
            CONSTRAINT_ERRORS.get(service, "ValidationException"),
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(violations),
        )


class _TypeMismatch(Exception):
    pass


def _member_path(parent: str, member: str) -> str:
    name = member[:1].lower() + member[1:]
    return f"{parent}.{name}" if parent else name


def _check_value(shape: Any, value: Any, path: str, violations: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise AwsError("SerializationException", f"The request body nests deeper than {MAX_DEPTH} levels")
    if value is None or getattr(shape, "is_document_type", False):
        return
    kind = shape.type_name
    constraint = None
    if kind == "structure":
        _check_structure(shape, _expect(value, dict, path, "an object"), path, violations, depth)
    elif kind == "list":
        constraint = _size_constraint(shape, len(_expect(value, list, path, "an array")))
        for index, item in enumerate(value, start=1):
            _check_value(shape.member, item, f"{path}.{index}.member", violations, depth + 1)
    elif kind == "map":
        constraint = _size_constraint(shape, len(_expect(value, dict, path, "an object")))
        for key, item in value.items():
            key_constraint = _string_constraint(shape.key, key)
            if key_constraint:
                violations.append(
                    _violation(key, path, f"Map keys must satisfy constraint: [{key_constraint}]")
                )
            _check_value(shape.value, item, path, violations, depth + 1)
    elif kind == "string":
        constraint = _string_constraint(shape, _expect(value, str, path, "a string"))
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise _TypeMismatch(_mismatch(value, path, "an integer"))
        constraint = _range_constraint(shape, value)
    elif kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _TypeMismatch(_mismatch(value, path, "a number"))
        constraint = _range_constraint(shape, value)
    elif kind == "boolean":
        _expect(value, bool, path, "a boolean")
    elif kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _TypeMismatch(_mismatch(value, path, "a timestamp (epoch seconds)"))
    elif kind == "blob":
        constraint = _size_constraint(shape, len(_decoded_blob(value, path)))
    if constraint:
        violations.append(_violation(value, path, constraint))


def _expect(value: Any, kind: type, path: str, wanted: str) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _TypeMismatch(_mismatch(value, path, wanted))
    return value


def _mismatch(value: Any, path: str, wanted: str) -> str:
    found = _JSON_KINDS.get(type(value), type(value).__name__)
    return f"Value {_shown(value)} at '{path or 'body'}' must be {wanted}, not {found}"


def _check_structure(shape: Any, value: dict, path: str, violations: list[str], depth: int) -> None:
    for name in shape.required_members:
        if value.get(name) is None:
            violations.append(_violation(None, _member_path(path, name), "Member must not be null"))
    for name, member in shape.members.items():
        if name in value:
            _check_value(member, value[name], _member_path(path, name), violations, depth + 1)


def _decoded_blob(value: Any, path: str) -> bytes:
    if not isinstance(value, str):
        raise _TypeMismatch(_mismatch(value, path, "a base64-encoded string"))
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _TypeMismatch(f"Value at '{path}' is not valid base64") from None


def _string_constraint(shape: Any, value: str) -> str | None:
    if shape.enum and value not in shape.enum:
        return f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"
    size = _size_constraint(shape, len(value))
    if size:
        return size
    pattern = shape.metadata.get("pattern")
    if pattern and not _matches(pattern, value):
        return f"Member must satisfy regular expression pattern: {pattern}"
    return None


def _size_constraint(shape: Any, size: int) -> str | None:
    """The length constraint of a string, blob, list or map that `size` breaks."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        return f"Member must have length greater than or equal to {low}"
    if high is not None and size > high:
        return f"Member must have length less than or equal to {high}"
    return None


def _range_constraint(shape: Any, value: float) -> str | None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        return f"Member must have value greater than or equal to {low}"
    if high is not None and value > high:
        return f"Member must have value less than or equal to {high}"
    return None


@functools.cache
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern.replace(_SURROGATE_PAIRS, _SUPPLEMENTARY))


def _matches(pattern: str, value: str) -> bool:
    try:
        return _compiled(pattern).fullmatch(value, timeout=_PATTERN_SECONDS) is not None
    except TimeoutError:
        return True


def _violation(value: Any, path: str, constraint: str) -> str:
    return f"Value {_shown(value)} at '{path}' failed to satisfy constraint: {constraint}"


def _shown(value: Any) -> str:
    """A value as AWS quotes it in an error, cut short when long."""
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        text = json.dumps(value, default=str)
    elif isinstance(value, bool):
        text = str(value).lower()
    else:
        text = str(value)
    if len(text) > _SHOWN_CHARACTERS:
        text = text[:_SHOWN_CHARACTERS] + f"...({len(text)} characters)"
    return f"'{text}'"
