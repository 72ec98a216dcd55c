"""The suite's statements: `sql/<area>.sql` files, one statement per `;`-terminated block.

A block opens with a comment line naming the case (`-- split_part_past_end`, a unique word in its file);
further comment lines describe it. The SQL sent is the block without those leading comments, so error
positions (`line 1:15`) are the same on every engine. A statement's rows are compared as a list when its
outermost query has an ORDER BY, else as a bag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SQL_FOLDER = Path(__file__).parent / "sql"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StatementFileError(ValueError):
    """A statement file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Statement:
    area: str
    name: str
    sql: str
    line: int

    @property
    def key(self) -> str:
        return f"{self.area}/{self.name}"

    @property
    def ordered(self) -> bool:
        return has_top_level_order_by(self.sql)


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each `;`-terminated block; quotes and comments may hold a `;`."""
    blocks, start, i, depth_quote = [], 0, 0, ""
    while i < len(text):
        char = text[i]
        if depth_quote:
            if char == depth_quote:
                depth_quote = ""
        elif char in "'\"":
            depth_quote = char
        elif text.startswith("--", i):
            i = text.find("\n", i)
            if i < 0:
                break
        elif text.startswith("/*", i):
            i = text.find("*/", i) + 1
        elif char == ";":
            blocks.append((text.count("\n", 0, start) + 1, text[start:i]))
            start = i + 1
        i += 1
    blocks.append((text.count("\n", 0, start) + 1, text[start:]))
    return blocks


def parse_statements(path: Path) -> list[Statement]:
    area = path.stem
    statements: list[Statement] = []
    seen: dict[str, int] = {}
    blocks = _blocks(path.read_text(encoding="utf-8"))
    for number, (first_line, block) in enumerate(blocks):
        lines = block.split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
            first_line += 1
        comments = []
        while lines and lines[0].strip().startswith("--"):
            comments.append(lines.pop(0).strip()[2:].strip())
        sql = "\n".join(lines).strip()
        if not sql:
            if number == len(blocks) - 1:
                break  # the text after the last statement: comments or nothing
            raise StatementFileError(f"{path}:{first_line}: a block without SQL")
        name = comments[0].split()[0] if comments and comments[0] else ""
        if not _NAME.fullmatch(name):
            raise StatementFileError(f"{path}:{first_line}: a statement needs a first comment naming it")
        if name in seen:
            raise StatementFileError(
                f"{path}:{first_line}: {name!r} already names the statement of line {seen[name]}"
            )
        seen[name] = first_line
        statements.append(Statement(area, name, sql, first_line))
    return statements


def load_statements(folder: Path = SQL_FOLDER) -> list[Statement]:
    return [statement for path in sorted(folder.glob("*.sql")) for statement in parse_statements(path)]


def has_top_level_order_by(sql: str) -> bool:
    """True when ORDER BY appears outside every parenthesis, quote and comment: the result's order."""
    depth, i, words = 0, 0, []
    while i < len(sql):
        char = sql[i]
        if char in "'\"":
            i = sql.find(char, i + 1)
            if i < 0:
                break
        elif sql.startswith("--", i):
            i = sql.find("\n", i)
            if i < 0:
                break
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and (word := _WORD.match(sql, i)):
            words.append(word.group().lower())
            i = word.end()
            continue
        i += 1
    return any(a == "order" and b == "by" for a, b in zip(words, words[1:]))
