"""Which engine answers an Athena statement, and what Athena calls the statement.

Athena routes most DDL to its Hive engine and everything else to Trino (the SQLGlot Athena dialect
documents the same rule): `SHOW ...`, `DESCRIBE ...`, `MSCK REPAIR TABLE`, and `CREATE` / `ALTER` / `DROP`
of a database, schema, external table or table without a query go to Hive, which localglue answers from
and into the Glue catalog (localglue.athena.hive); `CREATE VIEW`, CTAS, queries, `INSERT`, `MERGE`,
`UPDATE`, `DELETE`, `EXPLAIN`, prepared statements, `UNLOAD`, `OPTIMIZE` and `VACUUM` go to Trino.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot.dialects.trino import Trino
from sqlglot.errors import TokenError
from sqlglot.tokens import TokenType

HIVE, TRINO = "hive", "trino"
_SKIP = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\S")
# Words that name the kind of a statement (not an object), for Athena's SubstatementType
_KIND_WORDS = {
    "CREATE", "ALTER", "DROP", "TABLE", "DATABASE", "SCHEMA", "VIEW", "ADD", "PARTITION", "PARTITIONS",
    "COLUMNS", "REPLACE", "SET", "TBLPROPERTIES", "DBPROPERTIES", "LOCATION", "RENAME", "SHOW", "TABLES",
    "DATABASES", "SCHEMAS", "VIEWS", "DESCRIBE", "MSCK", "REPAIR", "CHANGE", "COLUMN", "FUNCTIONS",
}  # fmt: skip
_TRINO_SHOWS = (("SHOW", "CREATE", "VIEW"), ("SHOW", "FUNCTIONS"), ("SHOW", "STATS"))


@dataclass(frozen=True)
class Route:
    engine: str  # HIVE or TRINO
    statement_type: str  # Athena's StatementType: DDL, DML or UTILITY
    substatement_type: str  # Athena's SubstatementType, e.g. SELECT, CREATE_TABLE_AS_SELECT, INSERT
    words: tuple[str, ...]  # the statement's first words, upper case


def first_words(sql: str, count: int = 8) -> tuple[str, ...]:
    """The statement's first words (or punctuation), upper case, past comments."""
    words: list[str] = []
    position = 0
    while len(words) < count:
        position = _SKIP.match(sql, position).end()  # type: ignore[union-attr]
        match = _WORD.match(sql, position)
        if match is None:
            break
        words.append(match.group(0).upper())
        position = match.end()
    return tuple(words)


def _has_query(sql: str) -> bool:
    """Whether a SELECT (or VALUES) appears outside strings, quoted names and comments."""
    try:
        found = Trino().tokenize(sql)
    except TokenError:
        return bool(re.search(r"\bselect\b", sql, re.I))
    return any(token.token_type in (TokenType.SELECT, TokenType.VALUES) for token in found)


def _kind(words: tuple[str, ...]) -> str:
    return "_".join(word for word in words if word in _KIND_WORDS)


def route(sql: str) -> Route:
    words = first_words(sql)
    first = words[0] if words else ""
    second = words[1] if len(words) > 1 else ""
    if first in ("SHOW", "DESCRIBE", "DESC"):
        if any(words[: len(show)] == show for show in _TRINO_SHOWS) or second in ("INPUT", "OUTPUT"):
            return Route(TRINO, "UTILITY", _kind(words), words)
        return Route(HIVE, "UTILITY", _kind(words) or first, words)
    if first == "MSCK":
        return Route(HIVE, "DDL", "MSCK_REPAIR_TABLE", words)
    if first in ("CREATE", "ALTER", "DROP"):
        if second in ("VIEW", "OR", "MATERIALIZED") or (second == "TABLE" and words[2:3] == ("VIEW",)):
            return Route(TRINO, "DDL", f"{first}_VIEW", words)
        if first == "CREATE" and second == "TABLE" and _has_query(sql):
            return Route(TRINO, "DDL", "CREATE_TABLE_AS_SELECT", words)
        if first == "ALTER":
            return Route(HIVE, "DDL", _kind(words), words)
        target = next((word for word in words[1:4] if word in ("TABLE", "DATABASE", "SCHEMA")), "TABLE")
        return Route(HIVE, "DDL", f"{first}_{target}", words)
    if first in ("EXPLAIN", "PREPARE", "DEALLOCATE", "USE", "SET", "RESET", "CALL"):
        return Route(TRINO, "UTILITY", first, words)
    if first in ("OPTIMIZE", "VACUUM"):
        return Route(TRINO, "DDL", first, words)
    kind = {"WITH": "SELECT", "VALUES": "SELECT", "TABLE": "SELECT", "(": "SELECT", "": "SELECT"}.get(
        first, first
    )
    return Route(TRINO, "DML", kind, words)
