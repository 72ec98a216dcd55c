"""Reading Athena's Hive DDL: sqlglot's Athena dialect (Hive's grammar for these statements), plus the
statements sqlglot keeps as text (SHOW, MSCK, ALTER TABLE ... PARTITION / SET / ADD COLUMNS)."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from ..errors import QueryFailed, syntax_error


def parse(sql: str) -> exp.Expr:
    """One statement as a sqlglot tree; a parse failure is Athena's SYNTAX_ERROR with its position."""
    try:
        trees = [tree for tree in sqlglot.parse(sql, read="athena") if tree is not None]
    except ParseError as err:
        detail = err.errors[0] if err.errors else {}
        token = detail.get("highlight") or ""
        line, end_col = detail.get("line") or 1, detail.get("col") or 1
        raise syntax_error(
            line, max(1, end_col - len(token) + 1), f"mismatched input '{token or '<EOF>'}'"
        ) from None
    if not trees:
        raise syntax_error(1, 1, "mismatched input '<EOF>'")
    if len(trees) > 1:
        raise QueryFailed(None, "Only one sql statement is allowed. Got: " + sql.strip())
    return trees[0]


_NAME = r"(?P<name>[`\"\w.]+)"
_SHOW = re.compile(
    r"^\s*show\s+(?P<what>tables|views|databases|schemas|partitions|columns|tblproperties|create\s+table)\b(?P<rest>.*)$",
    re.I | re.S,
)
_MSCK = re.compile(rf"^\s*msck\s+repair\s+table\s+{_NAME}\s*;?\s*$", re.I | re.S)
_ALTER_PARTITIONS = re.compile(
    rf"^\s*alter\s+table\s+{_NAME}\s+(?P<action>add|drop)\s+(?P<guard>if\s+(?:not\s+)?exists\s+)?"
    r"(?P<specs>partition\b.*?)\s*;?\s*$",
    re.I | re.S,
)
_ALTER_PROPERTIES = re.compile(
    rf"^\s*alter\s+table\s+{_NAME}\s+set\s+tblproperties\s*\((?P<properties>.*)\)\s*;?\s*$", re.I | re.S
)
_ALTER_LOCATION = re.compile(
    rf"^\s*alter\s+table\s+{_NAME}\s+set\s+location\s+'(?P<location>[^']*)'\s*;?\s*$", re.I | re.S
)
_ALTER_COLUMNS = re.compile(
    rf"^\s*alter\s+table\s+{_NAME}\s+(?P<action>add|replace)\s+columns\s*\((?P<columns>.*)\)\s*;?\s*$",
    re.I | re.S,
)
_PROPERTY = re.compile(r"'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'")


def match_show(sql: str) -> re.Match | None:
    return _SHOW.match(sql.strip().rstrip(";"))


def match_msck(sql: str) -> re.Match | None:
    return _MSCK.match(sql)


def match_alter_partitions(sql: str) -> re.Match | None:
    return _ALTER_PARTITIONS.match(sql)


def match_alter_properties(sql: str) -> dict[str, str] | None:
    """`ALTER TABLE t SET TBLPROPERTIES ('k'='v', ...)`: {"name": t, k: v...} or None."""
    match = _ALTER_PROPERTIES.match(sql)
    if match is None:
        return None
    properties = {
        k.replace("''", "'"): v.replace("''", "'") for k, v in _PROPERTY.findall(match.group("properties"))
    }
    return {"": match.group("name"), **properties}


def match_alter_location(sql: str) -> re.Match | None:
    return _ALTER_LOCATION.match(sql)


def match_alter_columns(sql: str) -> re.Match | None:
    return _ALTER_COLUMNS.match(sql)


def split_name(database: str, name: str) -> tuple[str, str]:
    """(database, table) of a possibly qualified, possibly quoted name, in lower case as Glue keeps them."""
    parts = [part.strip('`"') for part in name.split(".")]
    if len(parts) == 3 and parts[0].lower() == "awsdatacatalog":
        parts = parts[1:]
    return (parts[-2] if len(parts) > 1 else database).lower(), parts[-1].lower()
