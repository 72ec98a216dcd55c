"""One statement's recorded plain-Trino answer against Athena's answer: agreement, or the reason not.

Values are compared by meaning: integers as numbers; doubles and reals exactly (NaN equals NaN, and the
sign of zero counts, since Athena prints `-0.0`); decimals as numbers printed with exactly the type's
scale; every other type (text, dates, timestamps, arrays, maps, rows) by the text Athena prints
(`athena_text`). Types are compared by Athena's ColumnInfo Type, and for decimals Precision and Scale.
Errors agree when the error name and the message agree, once plain Trino's catalog `memory` and schema are
put as Athena's `awsdatacatalog` and the schema of the Athena run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .athena_text import FLOAT_TYPES, INTEGER_TYPES, TrinoType, athena_text, parse_trino_type

RECORDED_CATALOG, ATHENA_CATALOG = "memory", "awsdatacatalog"
_SHOWN_ROWS = 3


@dataclass
class AthenaAnswer:
    """What Athena's API gave: the final state, then ColumnInfo and the rows' texts (None for NULL, the
    header row left out), or the StateChangeReason of a failure."""

    state: str
    columns: list[dict] = field(default_factory=list)
    rows: list[list[str | None]] = field(default_factory=list)
    reason: str = ""


def athena_message(message: str, recorded_schema: str, athena_schema: str) -> str:
    """A plain Trino message as Athena would word it: `memory.s.t` -> `awsdatacatalog.<schema>.t`."""
    return re.sub(
        rf"\b{RECORDED_CATALOG}\.{re.escape(recorded_schema)}\b",
        f"{ATHENA_CATALOG}.{athena_schema}",
        message,
    )


def _canonical_recorded(raw: Any, kind: TrinoType) -> Any:
    if raw is None:
        return None
    if kind.name in INTEGER_TYPES:
        return ("number", int(raw))
    if kind.name in FLOAT_TYPES:
        return _float_key(float(raw))
    if kind.name == "decimal":
        return ("decimal", Decimal(raw), kind.parameters[1])
    return ("text", athena_text(raw, kind))


def _canonical_athena(text: str | None, kind: TrinoType) -> Any:
    if text is None:
        return None
    try:
        if kind.name in INTEGER_TYPES:
            return ("number", int(text))
        if kind.name in FLOAT_TYPES:
            return _float_key(float(text))
        if kind.name == "decimal":
            value = Decimal(text)
            return ("decimal", value, -int(value.as_tuple().exponent))
    except (ValueError, InvalidOperation):
        return ("unreadable", text)
    return ("text", text)


def _float_key(value: float) -> tuple:
    if math.isnan(value):
        return ("float", "NaN")
    return ("float", value, math.copysign(1.0, value))


def _shown(key: Any) -> str:
    if key is None:
        return "NULL"
    if key[0] == "decimal":
        return f"{key[1]} (scale {key[2]})"
    if key[0] == "float" and len(key) == 3:
        return repr(key[1])
    return str(key[1])


def _compare_columns(recorded: list[dict], columns: list[dict]) -> str | None:
    names = [c["name"] for c in recorded]
    athena_names = [c.get("Name") for c in columns]
    if names != athena_names:
        return f"columns {names} vs {athena_names}"
    for column, info in zip(recorded, columns):
        kind = parse_trino_type(column["type"])
        athena_type = (info.get("Type") or "").lower()
        if athena_type != kind.name.lower():  # Trino names interval types in capitals
            return f"column {column['name']}: type {kind.name} vs {athena_type}"
        if kind.name == "decimal" and (info.get("Precision"), info.get("Scale")) != kind.parameters:
            return (
                f"column {column['name']}: decimal{kind.parameters} vs "
                f"decimal({info.get('Precision')}, {info.get('Scale')})"
            )
    return None


def _row_keys(row: list[Any], kinds: list[TrinoType], canonical) -> tuple:
    return tuple(canonical(value, kind) for value, kind in zip(row, kinds))


def _compare_rows(
    ordered: bool, recorded: list[list[Any]], answer: AthenaAnswer, kinds: list[TrinoType]
) -> str | None:
    if any(len(row) != len(kinds) for row in answer.rows):
        return "a row with another number of values than columns"
    expected = [_row_keys(row, kinds, _canonical_recorded) for row in recorded]
    actual = [_row_keys(row, kinds, _canonical_athena) for row in answer.rows]
    if len(expected) != len(actual):
        return f"{len(expected)} rows vs {len(actual)}"
    if ordered:
        for number, (want, got) in enumerate(zip(expected, actual), 1):
            for position, (w, g) in enumerate(zip(want, got)):
                if w != g:
                    return f"row {number} column {answer.columns[position].get('Name')}: {_shown(w)} vs {_shown(g)}"
        return None
    missing, unexpected = Counter(expected) - Counter(actual), Counter(actual) - Counter(expected)
    if not missing and not unexpected:
        return None

    def rows(keys: Counter) -> str:
        return "; ".join(
            "(" + ", ".join(map(_shown, key)) + ")" for key in list(keys.elements())[:_SHOWN_ROWS]
        )

    return f"rows differ (as a bag): missing {rows(missing)} / unexpected {rows(unexpected)}"


def compare(
    recorded: dict, ordered: bool, answer: AthenaAnswer, recorded_schema: str, athena_schema: str
) -> str | None:
    """None when the answers agree, else why not (one line)."""
    if "error" in recorded:
        want = f"{recorded['error']['name']}: " + athena_message(
            recorded["error"]["message"], recorded_schema, athena_schema
        )
        if answer.state != "FAILED":
            return f"expected failure {want!r}, got {answer.state}"
        if answer.reason == want:
            return None
        if answer.reason.split(":", 1)[0] == recorded["error"]["name"]:
            return f"same error name, other message: {want!r} vs {answer.reason!r}"
        return f"expected failure {want!r}, got {answer.reason!r}"
    if answer.state != "SUCCEEDED":
        return f"{answer.state}: {answer.reason}"
    columns = _compare_columns(recorded["columns"], answer.columns)
    if columns:
        return columns
    kinds = [parse_trino_type(c["type"]) for c in recorded["columns"]]
    return _compare_rows(ordered, recorded["rows"], answer, kinds)
