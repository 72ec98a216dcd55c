"""Values as Athena prints them in result files and GetQueryResults, from Trino's protocol values.

Trino sends JSON: decimals, dates, times, timestamps, intervals and other values as the strings its own
type formats them, numbers as numbers, varbinary as base64, arrays as lists, maps as objects and rows as
lists of field values. Athena prints those strings unchanged; booleans as `true`/`false`; doubles and reals
as Java's `Double.toString` / `Float.toString` (`1.0E10`, `0.30000000000000004`, `NaN`); varbinary as
space-separated hex pairs; and collections the way Trino's CLI does: `[1, 2]`, `{a=1, b=2}`,
`{x=1, y=abc}` (`null` for a NULL inside one), except that a row field without a name is `field0=...`,
`field1=...`, as Athena documents (https://docs.aws.amazon.com/athena/latest/ug/creating-row.html).
"""

from __future__ import annotations

import base64
import math
import struct
from decimal import Decimal
from typing import Any

from .types import TrinoType

NESTED_NULL = "null"


def java_number(value: float, single: bool = False) -> str:
    """Java's Double.toString (or Float.toString when `single`): the shortest digits that read back as the
    same value, in plain notation from 10^-3 to 10^7, in computerized scientific notation otherwise."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    shortest = _shortest_float32(value) if single else repr(value)
    digits_tuple = Decimal(shortest.lstrip("-")).as_tuple()
    raw = "".join(str(d) for d in digits_tuple.digits)
    exponent = len(raw) + int(digits_tuple.exponent) - 1  # of the first significant digit
    digits = raw.lstrip("0")
    exponent -= len(raw) - len(digits)
    digits = digits.rstrip("0") or "0"
    sign = "-" if value < 0 else ""
    if 1e-3 <= abs(value) < 1e7:
        if exponent >= 0:
            whole = digits[: exponent + 1].ljust(exponent + 1, "0")
            fraction = digits[exponent + 1 :] or "0"
        else:
            whole, fraction = "0", "0" * (-exponent - 1) + digits
        return f"{sign}{whole}.{fraction}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"


def _shortest_float32(value: float) -> str:
    single = struct.unpack("f", struct.pack("f", value))[0]
    for precision in range(1, 10):
        text = f"{single:.{precision}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return text
    return repr(single)


def athena_text(value: Any, kind: TrinoType, nested: bool = False) -> str | None:
    """The text Athena shows for one protocol `value` of type `kind`; None for a top-level NULL."""
    if value is None:
        return NESTED_NULL if nested else None
    name = kind.name
    if name == "boolean":
        return "true" if value else "false"
    if name in ("double", "real"):
        number = float(value) if not isinstance(value, str) else float(value.replace("Infinity", "inf"))
        return java_number(number, single=name == "real")
    if name == "varbinary":
        return " ".join(f"{byte:02x}" for byte in base64.b64decode(value))
    if name == "array":
        element = kind.element
        return "[" + ", ".join(str(athena_text(item, element, True)) for item in value) + "]"
    if name == "map":
        key_type, value_type = kind.key_value
        items = value.items() if isinstance(value, dict) else value
        return (
            "{"
            + ", ".join(
                f"{athena_text(_map_key(key, key_type), key_type, True)}={athena_text(item, value_type, True)}"
                for key, item in items
            )
            + "}"
        )
    if name == "row":
        fields = kind.fields
        shown = []
        for index, ((field_name, field_type), item) in enumerate(zip(fields, value, strict=True)):
            text = athena_text(item, field_type, True)
            shown.append(f"{field_name if field_name is not None else f'field{index}'}={text}")
        return "{" + ", ".join(shown) + "}"
    return value if isinstance(value, str) else str(value)


def _map_key(key: Any, key_type: TrinoType) -> Any:
    """JSON object keys are strings: a number or boolean key is read back as one."""
    if not isinstance(key, str):
        return key
    if key_type.name in ("tinyint", "smallint", "integer", "bigint"):
        return int(key)
    if key_type.name in ("double", "real"):
        return float(key.replace("Infinity", "inf"))
    if key_type.name == "boolean":
        return key == "true"
    return key
