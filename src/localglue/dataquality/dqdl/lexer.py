"""DQDL's tokens, as AWS's grammar (awslabs/dqdl, CommonLexerRules.g4) cuts a ruleset into them.

Quoted strings keep their raw text, escapes included, as AWS's parser does; a quoted `"2024-01-01"` is a
DATE, `"14:30"` or `"2:30 PM"` a TIME. Words cover identifiers and keywords alike (AWS's identifiers
may contain `_` and `.`); numbers are digits with an optional fraction. `#` starts a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRING, DATE, TIME, NUMBER, WORD, SYMBOL, END = "string", "date", "time", "number", "word", "symbol", "end"

_DATE = re.compile(r'"\d{4}-\d{2}-\d{2}"')
_TIME = re.compile(r'"(\d{1,2}:\d{2} (AM|PM)|\d{2}:\d{2})"')
_NUMBER = re.compile(r"\d+(\.\d+)?")
_WORD = re.compile(r"[A-Za-z0-9_.]+")
_SYMBOLS = (">=", "<=", "!", ">", "<", "=", "[", "]", "(", ")", ",", "{", "}", ":", "$", "+", "-", "*", "/")


class DqdlSyntaxError(ValueError):
    """A ruleset that is not DQDL; the message is AWS's `Parsing Error: ...` wording."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # as written; for strings, without the enclosing quotes
    line: int
    column: int

    def is_word(self, *words: str) -> bool:
        return self.kind == WORD and self.text in words

    def is_symbol(self, *symbols: str) -> bool:
        return self.kind == SYMBOL and self.text in symbols

    def describe(self) -> str:
        if self.kind == END:
            return "<EOF>"
        return f'"{self.text}"' if self.kind in (STRING, DATE, TIME) else f"'{self.text}'"


def _quoted_end(text: str, start: int) -> int:
    """Index just past the closing quote of the string opening at `start` (`\\"` and `\\\\` escape)."""
    position = start + 1
    while position < len(text):
        if text[position] == "\\" and position + 1 < len(text) and text[position + 1] in '"\\':
            position += 2
        elif text[position] == '"':
            return position + 1
        else:
            position += 1
    return -1


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position, line, line_start = 0, 1, 0
    while position < len(text):
        char = text[position]
        column = position - line_start
        if char == "\n":
            position, line, line_start = position + 1, line + 1, position + 1
        elif char in " \t\r":
            position += 1
        elif char == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
        elif char == '"':
            end = _quoted_end(text, position)
            if end < 0:
                raise DqdlSyntaxError(f"Parsing Error: line {line}:{column} unterminated quoted string")
            raw = text[position:end]
            kind = DATE if _DATE.fullmatch(raw) else TIME if _TIME.fullmatch(raw) else STRING
            tokens.append(Token(kind, raw[1:-1], line, column))
            newlines = raw.count("\n")
            if newlines:
                line, line_start = line + newlines, position + raw.rfind("\n") + 1
            position = end
        else:
            word = _WORD.match(text, position)
            number = _NUMBER.match(text, position)
            if number and (not word or number.end() >= word.end()):
                tokens.append(Token(NUMBER, number.group(), line, column))
                position = number.end()
            elif word:
                tokens.append(Token(WORD, word.group(), line, column))
                position = word.end()
            else:
                symbol = next((s for s in _SYMBOLS if text.startswith(s, position)), None)
                if symbol is None:
                    raise DqdlSyntaxError(
                        f"Parsing Error: line {line}:{column} token recognition error at: '{char}'"
                    )
                tokens.append(Token(SYMBOL, symbol, line, column))
                position += len(symbol)
    tokens.append(Token(END, "", line, position - line_start))
    return tokens
