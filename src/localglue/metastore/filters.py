"""Hive's partition filter language (`get_partitions_by_filter`), evaluated on Glue's partition values.

The grammar is Hive 2.3's metastore filter grammar (Filter.g): `or`/`and` over comparisons of a partition
key with a literal, in either order (`k = 'v'`, `3 < n`), `=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`,
`like`, `k [not] between a and b`, `k [not] in (a, b)` (also as Hive prints it, `(k) in (...)`), and
parentheses. Literals are strings in single or double quotes, integers, and dates (`2024-01-31`,
`date '2024-01-31'`). Keywords are case-insensitive. Spark's Hive client sends exactly this
(`HiveShim.convertFilters`): `(ds = "2024-01-01" and n > 3)`, dates unquoted, `like ".*x.*"` for contains.

As in Hive's metastore, a comparison follows the key's declared type: integral keys compare as numbers,
date keys as dates, every other type as text; a value that does not parse as the key's type (Hive's
`__HIVE_DEFAULT_PARTITION__` in an int column) matches nothing. `like` takes a Java-style regular
expression that must match the whole value, as Hive's metastore evaluates it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

INTEGRAL_TYPES = ("tinyint", "smallint", "int", "integer", "bigint")

_TOKEN = re.compile(
    r"""(?:
      (?P<string>(?:'[^']*'|"[^"]*")+)
    | (?P<date>\d{4}-\d{2}-\d{2}(?![\w-]))
    | (?P<integer>-?\d+(?![\w-]))
    | (?P<op><=|>=|<>|!=|=|<|>)
    | (?P<punct>[(),])
    | (?P<word>`[^`]+`|[A-Za-z0-9_]+)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "like", "between", "in", "date"}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!=", "<>": "<>"}


class FilterError(ValueError):
    """A filter that does not parse, or names something other than a partition key."""


@dataclass(frozen=True)
class _Token:
    kind: str  # string, date, integer, op, punct, word, keyword, end
    text: str
    position: int


@dataclass(frozen=True)
class Literal:
    kind: str  # "string", "integer" or "date"
    text: str  # the value, without quotes


def _tokens(text: str) -> list[_Token]:
    tokens, position = [], 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise FilterError(f"unexpected {text[position:][:20]!r} at character {position + 1}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        start = match.start(kind)
        if kind == "word" and value.lower() in _KEYWORDS:
            kind, value = "keyword", value.lower()
        elif kind == "word":
            value = value.strip("`")
        elif kind == "string":  # adjacent literals concatenate, as in Hive's grammar
            value = "".join(piece[1:-1] for piece in re.findall(r"'[^']*'|\"[^\"]*\"", value))
        tokens.append(_Token(kind, value, start))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.index = 0

    def peek(self, offset: int = 0) -> _Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.peek()
        self.index += 1
        return token

    def expect(self, kind: str, text: str | None = None) -> _Token:
        token = self.take()
        if token.kind != kind or (text is not None and token.text != text):
            wanted = text or kind
            found = token.text or "the end"
            raise FilterError(f"expected {wanted!r} at character {token.position + 1}, found {found!r}")
        return token

    def is_(self, kind: str, text: str | None = None, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token.kind == kind and (text is None or token.text == text)

    def parse(self) -> _Node:
        node = self.or_expression()
        if not self.is_("end"):
            token = self.peek()
            raise FilterError(f"unexpected {token.text!r} at character {token.position + 1}")
        return node

    def or_expression(self) -> _Node:
        nodes = [self.and_expression()]
        while self.is_("keyword", "or"):
            self.take()
            nodes.append(self.and_expression())
        return nodes[0] if len(nodes) == 1 else _Any(tuple(nodes))

    def and_expression(self) -> _Node:
        nodes = [self.expression()]
        while self.is_("keyword", "and"):
            self.take()
            nodes.append(self.expression())
        return nodes[0] if len(nodes) == 1 else _All(tuple(nodes))

    def expression(self) -> _Node:
        # `(key) in (...)`, as Hive prints IN, against a parenthesized sub-expression
        if self.is_("punct", "(") and self.is_("word", offset=1) and self.is_("punct", ")", offset=2):
            if self.is_("keyword", "in", offset=3) or self.is_("keyword", "not", offset=3):
                self.take()
                key = self.take().text
                self.take()
                return self.key_operation(key)
        if self.is_("punct", "("):
            self.take()
            node = self.or_expression()
            self.expect("punct", ")")
            return node
        if self.is_("word"):
            return self.key_operation(self.take().text)
        value = self.literal()
        token = self.take()
        if token.kind != "op":
            raise FilterError(f"expected a comparison at character {token.position + 1} after a literal")
        key = self.expect("word").text
        return _Compare(key, _FLIPPED[token.text], value)

    def key_operation(self, key: str) -> _Node:
        negated = False
        if self.is_("keyword", "not"):
            self.take()
            negated = True
            if not (self.is_("keyword", "in") or self.is_("keyword", "between")):
                raise FilterError(f"expected IN or BETWEEN after NOT at character {self.peek().position + 1}")
        if self.is_("keyword", "in"):
            self.take()
            self.expect("punct", "(")
            values = [self.literal()]
            while self.is_("punct", ","):
                self.take()
                values.append(self.literal())
            self.expect("punct", ")")
            return _In(key, tuple(values), negated)
        if self.is_("keyword", "between"):
            self.take()
            low = self.literal()
            self.expect("keyword", "and")
            return _Between(key, low, self.literal(), negated)
        if self.is_("keyword", "like"):
            self.take()
            return _Like(key, self.literal())
        token = self.take()
        if token.kind != "op":
            found = token.text or "the end"
            raise FilterError(
                f"expected a comparison after {key!r} at character {token.position + 1}, found {found!r}"
            )
        return _Compare(key, token.text, self.literal())

    def literal(self) -> Literal:
        token = self.take()
        if token.kind == "keyword" and token.text == "date":
            quoted = self.expect("string")
            return Literal("date", quoted.text)
        if token.kind in ("string", "integer", "date"):
            return Literal(token.kind, token.text)
        raise FilterError(
            f"expected a literal at character {token.position + 1}, found {token.text or 'the end'!r}"
        )


# ---- the parsed filter ----

Row = dict[str, str]  # partition key (lower case) -> value
Types = dict[str, str]  # partition key (lower case) -> Hive type


def _typed(text: str, kind: str) -> object | None:
    """The value as the key's kind compares it; None when it does not parse as that kind."""
    try:
        if kind == "integer":
            return int(text)
        if kind == "date":
            return date.fromisoformat(text)
    except ValueError:
        return None
    return text


def _kind(hive_type: str) -> str:
    base = hive_type.lower().split("(", 1)[0].strip()
    return "integer" if base in INTEGRAL_TYPES else "date" if base == "date" else "string"


def _literal_value(literal: Literal, kind: str, key: str) -> object:
    value = _typed(literal.text, kind)
    if value is None:
        raise FilterError(f"{literal.text!r} is not a valid {kind} for partition key {key!r}")
    return value


class _Node:
    def check(self, types: Types) -> None:
        raise NotImplementedError

    def matches(self, row: Row, types: Types) -> bool:
        raise NotImplementedError


def _check_key(key: str, types: Types) -> None:
    if key.lower() not in types:
        raise FilterError(f"{key!r} is not a partitioning key of the table ({', '.join(types) or 'none'})")


@dataclass(frozen=True)
class _Compare(_Node):
    key: str
    op: str
    value: Literal

    def check(self, types: Types) -> None:
        _check_key(self.key, types)
        _literal_value(self.value, _kind(types[self.key.lower()]), self.key)

    def matches(self, row: Row, types: Types) -> bool:
        kind = _kind(types[self.key.lower()])
        actual = _typed(row[self.key.lower()], kind)
        return actual is not None and _COMPARE[self.op](actual, _literal_value(self.value, kind, self.key))


@dataclass(frozen=True)
class _Like(_Node):
    key: str
    pattern: Literal

    def check(self, types: Types) -> None:
        _check_key(self.key, types)
        try:
            re.compile(self.pattern.text)
        except re.error as err:
            raise FilterError(f"invalid LIKE pattern {self.pattern.text!r}: {err}") from err

    def matches(self, row: Row, types: Types) -> bool:
        return re.fullmatch(self.pattern.text, row[self.key.lower()], re.DOTALL) is not None


@dataclass(frozen=True)
class _In(_Node):
    key: str
    values: tuple[Literal, ...]
    negated: bool

    def check(self, types: Types) -> None:
        _check_key(self.key, types)
        for value in self.values:
            _literal_value(value, _kind(types[self.key.lower()]), self.key)

    def matches(self, row: Row, types: Types) -> bool:
        kind = _kind(types[self.key.lower()])
        actual = _typed(row[self.key.lower()], kind)
        if actual is None:
            return False
        found = any(actual == _literal_value(value, kind, self.key) for value in self.values)
        return found != self.negated


@dataclass(frozen=True)
class _Between(_Node):
    key: str
    low: Literal
    high: Literal
    negated: bool

    def check(self, types: Types) -> None:
        _check_key(self.key, types)
        for value in (self.low, self.high):
            _literal_value(value, _kind(types[self.key.lower()]), self.key)

    def matches(self, row: Row, types: Types) -> bool:
        kind = _kind(types[self.key.lower()])
        actual = _typed(row[self.key.lower()], kind)
        if actual is None:
            return False
        low, high = (_literal_value(value, kind, self.key) for value in (self.low, self.high))
        return (low <= actual <= high) != self.negated  # type: ignore[operator]


@dataclass(frozen=True)
class _All(_Node):
    nodes: tuple[_Node, ...]

    def check(self, types: Types) -> None:
        for node in self.nodes:
            node.check(types)

    def matches(self, row: Row, types: Types) -> bool:
        return all(node.matches(row, types) for node in self.nodes)


@dataclass(frozen=True)
class _Any(_Node):
    nodes: tuple[_Node, ...]

    def check(self, types: Types) -> None:
        for node in self.nodes:
            node.check(types)

    def matches(self, row: Row, types: Types) -> bool:
        return any(node.matches(row, types) for node in self.nodes)


@dataclass(frozen=True)
class PartitionFilter:
    """A parsed filter bound to a table's partition keys; `matches(values)` takes a partition's values."""

    text: str
    keys: tuple[str, ...]
    types: Types
    tree: _Node | None  # None: an empty filter, which every partition passes

    @classmethod
    def parse(cls, text: str, partition_keys: list[tuple[str, str]]) -> PartitionFilter:
        """Parse `text` for a table whose partition keys are `(name, Hive type)`; raises FilterError."""
        types = {name.lower(): hive_type for name, hive_type in partition_keys}
        tree = _Parser(text).parse() if text.strip() else None
        if tree is not None:
            tree.check(types)
        return cls(text, tuple(name.lower() for name, _ in partition_keys), types, tree)

    def matches(self, values: list[str]) -> bool:
        if self.tree is None:
            return True
        return self.tree.matches(dict(zip(self.keys, values)), self.types)
