"""How Athena prints a Trino value as text, from the value as Trino's protocol carries it.

Trino's protocol (the `trino` client with `legacy_primitive_types`) carries decimals, dates, timestamps
and intervals as the strings Trino prints; doubles as JSON numbers or "NaN"/"Infinity"; varbinary as
base64; arrays as lists, maps as JSON objects (keys as strings), rows as lists of field values. The text
follows Trino's CLI (`client/trino-cli` FormatUtils): doubles as Java's Double.toString prints them
(`1.0E10`, `0.30000000000000004`), arrays `[1, 2]`, maps `{a=1, b=2}` in the order Trino built them,
rows `{x=1, y=abc}`, varbinary as lowercase hex pairs
separated by spaces (the CLI breaks the line every 16 bytes), and NULL inside a collection as `null`,
as Athena prints it (the CLI would print `NULL`). A row field without a name is printed as Athena
documents it, `{field0=Bob, field1=38}` (https://docs.aws.amazon.com/athena/latest/ug/creating-row.html),
where the CLI prints the value alone.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

INTEGER_TYPES = frozenset({"tinyint", "smallint", "integer", "bigint"})
FLOAT_TYPES = frozenset({"real", "double"})
# multi-word type names whose first word could otherwise be read as a row field's name
_MULTIWORD = re.compile(
    r"(interval day to second|interval year to month|double precision|"
    r"(timestamp|time)(\(\d+\))? with(out)? time zone)\b",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r" with(out)? time zone")
_HEX_BYTES_PER_LINE = 16


class TrinoTypeError(ValueError):
    """A Trino type string this module cannot read; the message quotes it."""


@dataclass(frozen=True)
class TrinoType:
    """`name` is Athena's ColumnInfo Type (`varchar`, `decimal`, `array`, `timestamp with time zone`, ...);
    `parameters` the numbers in parentheses (a decimal's precision and scale); `children` the element types
    of array, map (key, value) and row, with the row's `fields` (None for a field without a name)."""

    name: str
    parameters: tuple[int, ...] = ()
    children: tuple[TrinoType, ...] = ()
    fields: tuple[str | None, ...] = ()


def parse_trino_type(text: str) -> TrinoType:
    parsed, end = _parse(text, 0)
    if end != len(text):
        raise TrinoTypeError(f"not a Trino type: {text!r} (stops at {end})")
    return parsed


def _parse(text: str, i: int) -> tuple[TrinoType, int]:
    name_end = i
    while name_end < len(text) and text[name_end] not in "(),":
        name_end += 1
    name = text[i:name_end].strip()
    if not name:
        raise TrinoTypeError(f"not a Trino type: {text!r} (no name at {i})")
    i = name_end
    parameters: list[int] = []
    children: list[TrinoType] = []
    fields: list[str | None] = []
    if i < len(text) and text[i] == "(":
        i += 1
        while True:
            while text[i] == " ":
                i += 1
            if name in ("array", "map", "row"):
                field = None
                if name == "row":
                    field, i = _field_name(text, i)
                child, i = _parse(text, i)
                children.append(child)
                fields.append(field)
            else:
                number = re.compile(r"\d+").match(text, i)
                if number is None:
                    raise TrinoTypeError(f"not a Trino type: {text!r} (expected a number at {i})")
                parameters.append(int(number.group()))
                i = number.end()
            if text[i] == ")":
                i += 1
                break
            if text[i] != ",":
                raise TrinoTypeError(f"not a Trino type: {text!r} (expected ',' or ')' at {i})")
            i += 1
        suffix = _SUFFIX.match(text, i)
        if suffix:
            name += suffix.group()
            i = suffix.end()
    return TrinoType(name, tuple(parameters), tuple(children), tuple(fields if name == "row" else ())), i


def _field_name(text: str, i: int) -> tuple[str | None, int]:
    """A row field's name before its type, if it has one."""
    if text[i] == '"':
        end = text.index('"', i + 1)
        while text.startswith('""', end):
            end = text.index('"', end + 2)
        return text[i + 1 : end].replace('""', '"'), end + 2
    if _MULTIWORD.match(text, i):
        return None, i
    word = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(text, i)
    if word and text.startswith(" ", word.end()):
        return word.group(), word.end() + 1
    return None, i


def _java_digits(value: float) -> tuple[str, int]:
    """The significant digits Java prints and the decimal point's place: the shortest that read back as
    `value`, but never fewer than two (`d.d`); when the shortest is one digit, the closest two (JDK 19+)."""
    digits_tuple, exponent = Decimal(repr(value)).as_tuple()[1:]
    digits = "".join(map(str, digits_tuple)).rstrip("0") or "0"
    point = len(digits_tuple) + int(exponent)
    if len(digits) == 1:
        exact = Decimal(value)  # the double's exact binary value
        two = exact.scaleb(-exact.adjusted()).quantize(Decimal("0.1")).scaleb(exact.adjusted())
        if float(two) == value:
            two_digits, two_exponent = two.as_tuple()[1:]
            return "".join(map(str, two_digits)).rstrip("0") or "0", len(two_digits) + int(two_exponent)
    return digits, point


def java_double_text(value: float) -> str:
    """Java's Double.toString (shortest digits, as since JDK 19): `1.0E10`, `1.0E-5`, `0.001`, `-0.0`."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0.0"
    digits, point = _java_digits(abs(value))  # the decimal point sits after `point` digits
    if 1e-3 <= abs(value) < 1e7:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        whole, fraction = digits[:point].ljust(point, "0"), digits[point:]
        return f"{sign}{whole}.{fraction or '0'}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def _hex_dump(raw: str) -> str:
    pairs = [f"{byte:02x}" for byte in base64.b64decode(raw)]
    lines = [pairs[i : i + _HEX_BYTES_PER_LINE] for i in range(0, len(pairs), _HEX_BYTES_PER_LINE)]
    return "\n".join(" ".join(line) for line in lines)


def _map_key(key: str, kind: TrinoType) -> Any:
    """A map key as the protocol's JSON object holds it (always a string), back as a protocol value."""
    if kind.name in INTEGER_TYPES:
        return int(key)
    if kind.name in FLOAT_TYPES:
        return float(key)
    if kind.name == "boolean":
        return key == "true"
    return key


def athena_text(raw: Any, kind: TrinoType, nested: bool = False) -> str | None:
    """The text Athena gives for a protocol value of type `kind`; None for a top-level NULL."""
    if raw is None:
        return "null" if nested else None
    if kind.name == "boolean":
        return "true" if raw else "false"
    if kind.name in FLOAT_TYPES:
        return java_double_text(float(raw))  # a number, or NaN, Infinity, -Infinity
    if kind.name == "varbinary":
        return _hex_dump(raw)
    if kind.name == "array":
        return "[" + ", ".join(athena_text(v, kind.children[0], True) or "" for v in raw) + "]"
    if kind.name == "map":
        key_type, value_type = kind.children
        entries = (
            f"{athena_text(_map_key(k, key_type), key_type, True)}={athena_text(v, value_type, True)}"
            for k, v in raw.items()
        )
        return "{" + ", ".join(entries) + "}"
    if kind.name == "row":
        parts = []
        for position, (field, child, value) in enumerate(zip(kind.fields, kind.children, raw)):
            parts.append(f"{field or f'field{position}'}={athena_text(value, child, True)}")
        return "{" + ", ".join(parts) + "}"
    return str(raw)
