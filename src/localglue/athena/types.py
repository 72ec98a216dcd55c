"""Trino's result types in Athena's words: GetQueryResults' ColumnInfo, and the parts of a type signature.

Trino names types as `decimal(10, 2)`, `varchar(5)`, `timestamp(3) with time zone`,
`array(row(x integer, y varchar))`; Athena reports the base name (`decimal`, `varchar`, `timestamp with time
zone`, `array`) with a precision and scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNBOUNDED_VARCHAR = 2147483647
# (precision, scale) Athena reports for types that carry none in their signature
_FIXED = {
    "boolean": (0, 0),
    "tinyint": (3, 0),
    "smallint": (5, 0),
    "integer": (10, 0),
    "bigint": (19, 0),
    "real": (24, 0),
    "double": (53, 0),
    "date": (0, 0),
    "varbinary": (1073741824, 0),
    "json": (0, 0),
    "uuid": (0, 0),
    "interval year to month": (0, 0),
    "interval day to second": (0, 0),
    "ipaddress": (0, 0),
}
_PARAMETERS = re.compile(r"^([a-z ]+?)\s*\((.*)\)(.*)$", re.S)


@dataclass(frozen=True)
class TrinoType:
    """A parsed Trino type signature: its base name and its parameters (element types, row fields)."""

    name: str  # e.g. "decimal", "array", "row", "timestamp with time zone"
    parameters: tuple[str, ...] = ()  # raw texts: "10", "2" / "integer" / "x integer"
    signature: str = ""

    @classmethod
    def parse(cls, signature: str) -> TrinoType:
        text = signature.strip()
        match = _PARAMETERS.match(text)
        if not match:
            return cls(text.lower(), (), text)
        base, inner, suffix = match.groups()
        return cls(f"{base.strip()}{suffix}".lower().strip(), tuple(split_top_level(inner)), text)

    @property
    def element(self) -> TrinoType:
        return TrinoType.parse(self.parameters[0])

    @property
    def key_value(self) -> tuple[TrinoType, TrinoType]:
        return TrinoType.parse(self.parameters[0]), TrinoType.parse(self.parameters[1])

    @property
    def fields(self) -> list[tuple[str | None, TrinoType]]:
        """A row's fields: (name, or None for an anonymous field, and type)."""
        found: list[tuple[str | None, TrinoType]] = []
        for field in self.parameters:
            if _is_bare_type(field):
                found.append((None, TrinoType.parse(field)))
            elif field.startswith('"'):
                name, _, rest = field[1:].partition('" ')
                found.append((name.replace('""', '"'), TrinoType.parse(rest)))
            else:
                name, _, rest = field.partition(" ")
                found.append((name, TrinoType.parse(rest)))
        return found


_TYPE_WORDS = {
    "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal", "varchar", "char",
    "varbinary", "json", "date", "time", "timestamp", "interval", "array", "map", "row", "uuid", "ipaddress",
}  # fmt: skip
_MULTI_WORD_TYPES = (
    "time with time zone",
    "timestamp with time zone",
    "interval day to second",
    "interval year to month",
)


def _is_bare_type(field: str) -> bool:
    """Whether a row field is an anonymous one (`integer`, `array(integer)`), not `name type`."""
    text = field.strip().lower()
    token = re.match(r"[^\s(]*", text)
    first = token.group(0) if token else ""
    rest = text[len(first) :]
    return first in _TYPE_WORDS and (not rest or rest.startswith("(") or text in _MULTI_WORD_TYPES)


def split_top_level(text: str) -> list[str]:
    """Comma-separated parts of `text` outside parentheses and double quotes."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def column_type(signature: str) -> tuple[str, int, int]:
    """(Athena type name, precision, scale) of a Trino result column."""
    parsed = TrinoType.parse(signature)
    name = parsed.name
    if name == "decimal":
        precision, scale = (int(p) for p in parsed.parameters)
        return "decimal", precision, scale
    if name in ("varchar", "char"):
        return name, int(parsed.parameters[0]) if parsed.parameters else UNBOUNDED_VARCHAR, 0
    if name in ("timestamp", "time", "timestamp with time zone", "time with time zone"):
        return name, int(parsed.parameters[0]) if parsed.parameters else 3, 0
    if name in ("array", "map", "row"):
        return name, 0, 0
    precision, scale = _FIXED.get(name, (0, 0))
    return name, precision, scale


_HIVE_NAMES = {
    "varchar": "string",
    "integer": "int",
    "real": "float",
    "varbinary": "binary",
    "timestamp with time zone": "timestamp",
}


def hive_type(signature: str) -> str:
    """The Hive type Glue records for a Trino type: `row(a integer)` -> `struct<a:int>`, `varchar` ->
    `string`, `array(varchar(3))` -> `array<varchar(3)>`, `timestamp(3)` -> `timestamp`."""
    parsed = TrinoType.parse(signature)
    name = parsed.name
    if name == "array":
        return f"array<{hive_type(parsed.parameters[0])}>"
    if name == "map":
        return f"map<{hive_type(parsed.parameters[0])},{hive_type(parsed.parameters[1])}>"
    if name == "row":
        fields = [
            f"{field or f'field{index}'}:{hive_type(kind.signature)}"
            for index, (field, kind) in enumerate(parsed.fields)
        ]
        return f"struct<{','.join(fields)}>"
    if name in ("varchar", "char") and parsed.parameters:
        return f"{name}({parsed.parameters[0]})"
    if name == "decimal":
        return f"decimal({','.join(parsed.parameters)})"
    if name in ("timestamp", "time"):
        return name
    return _HIVE_NAMES.get(name, name)
