"""Athena SQL (Trino dialect) to DuckDB: sqlglot plus the fixes where the two engines disagree."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

from .errors import QueryFailed, position_of, syntax_error

DIALECT = "athena"

# Joda-Time pattern letters (Trino's format_datetime) -> strftime, longest first.
_JODA = [
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("M", "%-m"),
    ("dd", "%d"),
    ("d", "%-d"),
    ("HH", "%H"),
    ("H", "%-H"),
    ("hh", "%I"),
    ("h", "%-I"),
    ("mm", "%M"),
    ("m", "%-M"),
    ("ss", "%S"),
    ("s", "%-S"),
    ("SSSSSS", "%f"),
    ("SSS", "%g"),
    ("EEEE", "%A"),
    ("EEE", "%a"),
    ("a", "%p"),
    ("ZZ", "%z"),
    ("Z", "%z"),
    ("z", "%Z"),
    ("DDD", "%j"),
]


_DATE_UNITS = ("day", "week", "month", "quarter", "year")


# The words an Athena statement can start with; anything else fails on its first word, as in Trino.
_STATEMENT_STARTS = {
    "select", "with", "values", "table", "create", "drop", "alter", "insert", "show", "describe", "desc",
    "explain", "msck", "delete", "update", "merge", "prepare", "execute", "deallocate", "unload",
    "optimize", "vacuum", "use", "set", "reset", "call", "analyze", "grant", "revoke", "start", "commit",
    "rollback", "(",
}  # fmt: skip
_FIRST_WORD = re.compile(r"\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*([A-Za-z_]\w*|\S)", re.S)


def parse(sql: str) -> exp.Expression:
    """One Athena statement as a sqlglot tree; a parse failure is Athena's SYNTAX_ERROR with position."""
    first = _FIRST_WORD.match(sql)
    if first and first.group(1).lower() not in _STATEMENT_STARTS:
        raise syntax_error(*position_of(sql, first.start(1)), f"mismatched input '{first.group(1)}'")
    try:
        trees = [t for t in sqlglot.parse(sql, read=DIALECT) if t is not None]
    except ParseError as err:
        detail = err.errors[0] if err.errors else {}
        token = detail.get("highlight") or ""
        line, end_col = detail.get("line") or 1, detail.get("col") or 1
        start_col = max(1, end_col - len(token) + 1)
        shown = token if token else "<EOF>"
        raise syntax_error(line, start_col, f"mismatched input '{shown}'") from None
    if not trees:
        raise syntax_error(1, 1, "mismatched input '<EOF>'")
    if len(trees) > 1:
        raise QueryFailed(None, "Only one sql statement is allowed. Got: " + sql.strip())
    return trees[0]


def bind_parameters(tree: exp.Expression, values: list[str]) -> exp.Expression:
    """Put StartQueryExecution's ExecutionParameters (SQL literals) in place of the `?` in order."""
    placeholders = list(tree.find_all(exp.Placeholder, bfs=False))
    if len(placeholders) != len(values):
        raise QueryFailed(
            "INVALID_PARAMETER_USAGE",
            f"Incorrect number of parameters: expected {len(placeholders)} but found {len(values)}",
        )
    for placeholder, value in zip(placeholders, values, strict=True):
        try:
            placeholder.replace(sqlglot.parse_one(value, read=DIALECT))
        except ParseError:
            raise QueryFailed("INVALID_PARAMETER_USAGE", f"Invalid parameter value: {value}") from None
    return tree


def joda_to_strftime(pattern: str) -> str:
    """Convert a Joda-Time pattern (quotes for literals) to a strftime format."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            end = pattern.find("'", i + 1)
            end = len(pattern) if end < 0 else end
            literal = pattern[i + 1 : end]
            out.append("'" if literal == "" else literal.replace("%", "%%"))
            i = end + 1
            continue
        for joda, strf in _JODA:
            if pattern.startswith(joda, i):
                out.append(strf)
                i += len(joda)
                break
        else:
            out.append("%%" if char == "%" else char)
            i += 1
    return "".join(out)


def _fix_date_diff(node: exp.Expression) -> exp.Expression:
    # Trino counts whole units elapsed; DuckDB's date_diff counts unit boundaries, date_sub matches Trino.
    if isinstance(node, exp.DateDiff):
        unit = node.args.get("unit")
        unit_name = (unit.name if unit is not None else "day").lower()
        return exp.Anonymous(
            this="date_sub", expressions=[exp.Literal.string(unit_name), node.expression, node.this]
        )
    return node


def _fix_format_datetime(node: exp.Expression) -> exp.Expression:
    if (
        isinstance(node, exp.Anonymous)
        and node.name.lower() == "format_datetime"
        and len(node.expressions) == 2
    ):
        value, pattern = node.expressions
        if isinstance(pattern, exp.Literal) and pattern.is_string:
            pattern = exp.Literal.string(joda_to_strftime(pattern.this))
        else:
            raise QueryFailed("NOT_SUPPORTED", "format_datetime needs a constant format here")
        return exp.Anonymous(this="strftime", expressions=[value, pattern])
    return node


def _fix_regexp_replacement(node: exp.Expression) -> exp.Expression:
    # Trino writes group references in the replacement as $1, DuckDB (RE2) as \1.
    replacement = node.args.get("replacement") if isinstance(node, exp.RegexpReplace) else None
    if isinstance(replacement, exp.Literal) and replacement.is_string:
        node.set("replacement", exp.Literal.string(re.sub(r"\$(\d)", r"\\\1", replacement.this)))
    return node


def _fix_format(node: exp.Expression) -> exp.Expression:
    # Trino's format() takes Java's %-patterns, which DuckDB spells printf (its format() wants {}).
    if isinstance(node, exp.Format):
        return exp.Anonymous(this="printf", expressions=[node.this, *node.expressions])
    return node


def _fix_timestamp_precision(node: exp.Expression) -> exp.Expression:
    # `timestamp '...'` literals come out as TIMESTAMP(0), DuckDB's seconds-only TIMESTAMP_S, which
    # DuckDB then refuses to compare with other timestamps; Athena's timestamps are milliseconds.
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.TIMESTAMP and node.expressions:
        return exp.DataType.build("timestamp")
    return node


def _fix_date_plus_interval(node: exp.Expression) -> exp.Expression:
    # DATE + INTERVAL of days or more stays a DATE in Trino; DuckDB makes it a TIMESTAMP.
    if isinstance(node, exp.Add | exp.Sub) and isinstance(node.expression, exp.Interval):
        unit = node.expression.args.get("unit")
        left = node.this.type
        if (
            left is not None
            and left.is_type("date")
            and unit is not None
            and unit.name.lower() in _DATE_UNITS
        ):
            return exp.cast(node.copy(), "date")
    return node


def _fix_array_distinct(node: exp.Expression) -> exp.Expression:
    # Trino keeps the first occurrences in order; DuckDB's list_distinct does not keep order.
    if isinstance(node, exp.ArrayDistinct):
        array, item, index = node.this, exp.to_identifier("__x"), exp.to_identifier("__i")
        first = exp.EQ(
            this=exp.Anonymous(this="list_position", expressions=[array.copy(), exp.column(item)]),
            expression=exp.column(index),
        )
        return exp.Anonymous(
            this="list_filter", expressions=[array, exp.Lambda(this=first, expressions=[item, index])]
        )
    return node


def _fix_column_qualifiers(node: exp.Expression) -> exp.Expression:
    # `db.table.column`: the tables become relations named after the table alone.
    if isinstance(node, exp.Column) and node.args.get("db") is not None:
        node.set("catalog", None)
        node.set("db", None)
    return node


def _fix_map_agg(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Anonymous) and node.name.lower() == "map_agg" and len(node.expressions) == 2:
        key, value = node.expressions
        return exp.Anonymous(
            this="map",
            expressions=[
                exp.Anonymous(this="list", expressions=[key]),
                exp.Anonymous(this="list", expressions=[value]),
            ],
        )
    return node


def _fix_to_iso8601(node: exp.Expression) -> exp.Expression:
    # Trino: 2024-01-01T10:00:00.000 for a timestamp, 2024-01-01 for a date (typed pass: needs the type).
    if isinstance(node, exp.Anonymous) and node.name.lower() == "to_iso8601" and len(node.expressions) == 1:
        value = node.expressions[0]
        is_date = value.type is not None and value.type.is_type("date")
        pattern = "%Y-%m-%d" if is_date else "%Y-%m-%dT%H:%M:%S.%g"
        return exp.Anonymous(this="strftime", expressions=[value, exp.Literal.string(pattern)])
    return node


def _fix_timestamp_trunc(node: exp.Expression) -> exp.Expression:
    # DuckDB truncates a timestamp to day or coarser as a DATE; Trino keeps the timestamp.
    if isinstance(node, exp.TimestampTrunc | exp.DateTrunc):
        value = node.this
        if value.type is not None and value.type.is_type("timestamp"):
            return exp.cast(node.copy(), "timestamp")
    return node


def _fix_timestamp_to_text(node: exp.Expression) -> exp.Expression:
    # Trino spells a timestamp cast to varchar with its milliseconds: 2024-01-01 10:00:00.000.
    if isinstance(node, exp.Cast) and node.to.is_type(*exp.DataType.TEXT_TYPES):
        value = node.this
        if value.type is not None and value.type.is_type("timestamp"):
            return exp.Anonymous(
                this="strftime", expressions=[value, exp.Literal.string("%Y-%m-%d %H:%M:%S.%g")]
            )
    return node


def _fix_date_add_on_dates(node: exp.Expression) -> exp.Expression:
    # Trino's date_add on a DATE stays a DATE; DuckDB's date + interval becomes a TIMESTAMP.
    if isinstance(node, exp.DateAdd) and node.this.type is not None and node.this.type.is_type("date"):
        unit = (node.args.get("unit").name if node.args.get("unit") is not None else "day").lower()
        if unit in _DATE_UNITS:
            return exp.cast(node.copy(), "date")
    return node


def name_projections(tree: exp.Expression) -> None:
    """Athena names an unnamed output column `_col<position>` (a union takes its first query's names)."""
    select = tree
    while not isinstance(select, exp.Select):
        if isinstance(select, exp.SetOperation):
            select = select.left
        elif isinstance(select, exp.Subquery):
            select = select.this
        else:
            return
    for i, projection in enumerate(list(select.expressions)):
        if not isinstance(projection, exp.Alias | exp.Column | exp.Star):
            projection.replace(exp.alias_(projection.copy(), f"_col{i}"))


def to_duckdb(tree: exp.Expression, schema: dict[str, dict[str, str]]) -> str:
    """DuckDB SQL for an Athena query whose tables are already DuckDB relations named in `schema`.

    Types are resolved against `schema` where sqlglot can, so that integer division stays integer."""
    tree = tree.copy()
    name_projections(tree)
    for fix in (
        _fix_date_diff,
        _fix_format_datetime,
        _fix_regexp_replacement,
        _fix_format,
        _fix_timestamp_precision,
        _fix_column_qualifiers,
        _fix_map_agg,
        _fix_array_distinct,
    ):
        tree = tree.transform(fix)
    try:
        typed = qualify(
            tree.copy(),
            schema=schema,
            dialect=DIALECT,
            validate_qualify_columns=False,
            quote_identifiers=True,
            identify=False,
        )
        typed = annotate_types(typed, schema=schema, dialect=DIALECT)
        for fix in (
            _fix_date_add_on_dates,
            _fix_date_plus_interval,
            _fix_timestamp_trunc,
            _fix_timestamp_to_text,
        ):
            typed = typed.transform(fix)
        tree = typed
    except Exception:  # sqlglot's optimizer does not know every construct; the plain tree still runs
        pass
    tree = tree.transform(_fix_to_iso8601)
    return tree.sql(dialect="duckdb")


def statement_kind(tree: exp.Expression) -> str:
    """Athena's StatementType: DDL, DML or UTILITY."""
    if isinstance(tree, exp.Select | exp.SetOperation | exp.Insert | exp.Subquery):
        return "DML"
    if isinstance(tree, exp.Describe) or (
        isinstance(tree, exp.Command) and tree.name.upper() in ("SHOW", "EXPLAIN")
    ):
        return "UTILITY" if not isinstance(tree, exp.Describe) else "DDL"
    return "DDL"


def referenced_names(tree: exp.Expression) -> set[str]:
    """Lower-cased names of every column referenced (to tell which pseudo-columns a query needs)."""
    return {c.name.lower() for c in tree.find_all(exp.Column)}


_SHOW = re.compile(
    r"^\s*show\s+(?P<what>tables|views|databases|schemas|partitions|columns|tblproperties|create\s+table)\b(?P<rest>.*)$",
    re.I | re.S,
)
_MSCK = re.compile(r"^\s*msck\s+repair\s+table\s+(?P<name>[`\"\w.]+)\s*;?\s*$", re.I | re.S)


def match_show(sql: str) -> re.Match | None:
    return _SHOW.match(sql.strip().rstrip(";"))


def match_msck(sql: str) -> re.Match | None:
    return _MSCK.match(sql)


_ALTER_PARTITIONS = re.compile(
    r"^\s*alter\s+table\s+(?P<name>[`\"\w.]+)\s+(?P<action>add|drop)\s+(?P<guard>if\s+(?:not\s+)?exists\s+)?"
    r"(?P<specs>partition\b.*?)\s*;?\s*$",
    re.I | re.S,
)


def match_alter_partitions(sql: str) -> re.Match | None:
    return _ALTER_PARTITIONS.match(sql)


_UNLOAD = re.compile(
    r"^\s*unload\s*\((?P<query>.*)\)\s*to\s*'(?P<location>[^']+)'\s*(?:with\s*(?P<options>\(.*\)))?\s*;?\s*$",
    re.I | re.S,
)


def match_unload(sql: str) -> re.Match | None:
    return _UNLOAD.match(sql)
