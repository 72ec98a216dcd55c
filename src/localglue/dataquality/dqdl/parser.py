"""DQDL text -> `Ruleset`, by hand, after AWS's grammar (awslabs/dqdl DataQualityDefinitionLanguage.g4).

A document is `[Metadata = {...}] [DataSources = {...}] [name = value ...] [DefaultLabels = [...]]`
followed by `Rules = [...]` and/or `Analyzers = [...]`. A condition is read the way AWS's grammar reads
it, trying number, string, date, duration then size conditions; the rule type then decides whether
that kind of condition is allowed. Refusals use AWS's words (`Parsing Error: Rule Type: X is not valid`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from . import model, rule_types
from .lexer import DATE, END, NUMBER, STRING, SYMBOL, TIME, WORD, DqdlSyntaxError, Token, tokenize
from .model import (
    BETWEEN,
    EQUALS,
    GREATER,
    GREATER_EQUAL,
    IN,
    LESS,
    LESS_EQUAL,
    MATCHES,
    NOT_BETWEEN,
    NOT_EQUALS,
    NOT_IN,
    NOT_MATCHES,
)

# Words that are tokens of their own in AWS's grammar, never an unquoted parameter.
_RESERVED = {
    "Metadata", "DataSources", "Rules", "Analyzers", "DefaultLabels", "labels", "matches", "with", "where",
    "between", "in", "not", "and", "AND", "or", "OR", "of", "OF", "null", "NULL", "empty", "EMPTY",
    "whitespaces_only", "WHITESPACES_ONLY", "days", "hours", "minutes", "B", "KB", "MB", "GB", "TB",
}  # fmt: skip
_DURATION_UNITS = ("days", "hours", "minutes")
_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")
_COMPARISONS = {">": GREATER, ">=": GREATER_EQUAL, "<": LESS, "<=": LESS_EQUAL}
_CONDITION_KINDS = (
    (rule_types.NUMBER, model.NumberCondition),
    (rule_types.STRING, model.StringCondition),
    (rule_types.DATE, model.DateCondition),
    (rule_types.DURATION, model.DurationCondition),
    (rule_types.SIZE, model.SizeCondition),
)


class InvalidRuleset(ValueError):
    """A ruleset Glue refuses; the message is Glue's `Parsing Error: ...`."""


class _Backtrack(Exception):
    """This reading of a condition does not fit; try the next kind."""


def parse(text: str) -> model.Ruleset:
    try:
        return _Parser(text).document()
    except DqdlSyntaxError as err:
        raise InvalidRuleset(str(err)) from None


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.position = 0
        self.variables: dict[str, str | list[str]] = {}
        self.default_labels: dict[str, str] = {}

    # --- tokens ---

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.position + offset, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.position = min(self.position + 1, len(self.tokens) - 1)
        return token

    def syntax_error(self, expecting: str) -> DqdlSyntaxError:
        token = self.peek()
        found = "mismatched input" if token.kind != END else "missing input at"
        return DqdlSyntaxError(
            f"Parsing Error: line {token.line}:{token.column} {found} {token.describe()} expecting {expecting}"
        )

    def expect_symbol(self, symbol: str) -> Token:
        if not self.peek().is_symbol(symbol):
            raise self.syntax_error(f"'{symbol}'")
        return self.take()

    def expect_word(self, *words: str) -> Token:
        if not self.peek().is_word(*words):
            raise self.syntax_error(" or ".join(f"'{word}'" for word in words))
        return self.take()

    def expect_kind(self, kind: str, expecting: str) -> Token:
        if self.peek().kind != kind:
            raise self.syntax_error(expecting)
        return self.take()

    def at_assignment(self, word: str | None = None) -> bool:
        token = self.peek()
        return (token.kind == WORD and (word is None or token.text == word)) and self.peek(1).is_symbol("=")

    # --- document ---

    def document(self) -> model.Ruleset:
        metadata = self.dictionary("Metadata") if self.at_assignment("Metadata") else {}
        if set(metadata) - {"Version"}:
            raise InvalidRuleset("Parsing Error: Unsupported key provided in Metadata section")
        sources = self.dictionary("DataSources") if self.at_assignment("DataSources") else {}
        if set(sources) - {"Primary", "AdditionalDataSources"}:
            raise InvalidRuleset("Parsing Error: Unsupported key provided in Sources section")
        additional = sources.get("AdditionalDataSources", [])
        if not isinstance(additional, list):
            raise InvalidRuleset("Parsing Error: Additional sources must be an array of values.")
        while self.at_assignment() and self.peek().text not in ("Rules", "Analyzers", "DefaultLabels"):
            self.variable_declaration()
        if self.at_assignment("DefaultLabels"):
            self.take()
            self.take()
            self.default_labels = self.label_list()
        rules: list[model.RuleNode] = []
        analyzers: list[model.Rule] = []
        if self.at_assignment("Rules"):
            rules = self.section("Rules", self.top_level_rule)
        if self.at_assignment("Analyzers"):
            analyzers = self.section("Analyzers", self.analyzer)
        if self.peek().is_word("Rules", "Analyzers"):
            self.take()
            self.expect_symbol("=")
        if self.peek().kind != END:
            raise self.syntax_error("'Rules' or 'Analyzers'" if not rules and not analyzers else "<EOF>")
        if not rules and not analyzers:
            raise InvalidRuleset("Parsing Error: No rules or analyzers provided.")
        primary = sources.get("Primary")
        return model.Ruleset(
            rules=tuple(rules),
            analyzers=tuple(analyzers),
            metadata=metadata,
            primary_source=primary if isinstance(primary, str) else None,
            additional_sources=tuple(additional),
            default_labels=dict(self.default_labels),
        )

    def dictionary(self, section: str) -> dict[str, str | list[str]]:
        self.expect_word(section)
        self.expect_symbol("=")
        self.expect_symbol("{")
        if self.peek().is_symbol("}"):
            raise InvalidRuleset("Parsing Error: Empty dictionary provided")
        pairs: dict[str, str | list[str]] = {}
        while True:
            key = self.expect_kind(STRING, "a quoted key").text
            self.expect_symbol(":")
            if self.peek().is_symbol("["):
                pairs[key] = self.quoted_list()
            else:
                pairs[key] = self.expect_kind(STRING, "a quoted value").text
            if not self.peek().is_symbol(","):
                break
            self.take()
        self.expect_symbol("}")
        return pairs

    def quoted_list(self) -> list[str]:
        self.expect_symbol("[")
        values = [self.expect_kind(STRING, "a quoted string").text]
        while self.peek().is_symbol(","):
            self.take()
            values.append(self.expect_kind(STRING, "a quoted string").text)
        self.expect_symbol("]")
        return values

    def variable_declaration(self) -> None:
        name = self.take().text
        self.expect_symbol("=")
        if name.startswith((".", "_")):
            raise InvalidRuleset(f"Parsing Error: Variable name '{name}' cannot start with '.' or '_'")
        if name in self.variables:
            raise InvalidRuleset(f"Parsing Error: Variable '{name}' is already defined")
        if self.peek().is_symbol("["):
            self.take()
            values = [self.variable_value()]
            while self.peek().is_symbol(","):
                self.take()
                values.append(self.variable_value())
            self.expect_symbol("]")
            self.variables[name] = values
        else:
            self.variables[name] = self.variable_value()

    def variable_value(self) -> str:
        token = self.peek()
        if token.kind == STRING:
            return self.take().text
        if token.is_word(*(w for k in model.KEYWORDS for w in (k, k.lower()))):
            return self.take().text
        if token.is_symbol("$"):
            raise InvalidRuleset("Parsing Error: Nested variables are not supported")
        raise self.syntax_error("a quoted string, NULL, EMPTY or WHITESPACES_ONLY")

    def section(self, name: str, item) -> list:
        self.expect_word(name)
        self.expect_symbol("=")
        self.expect_symbol("[")
        items = []
        if not self.peek().is_symbol("]"):
            items.append(item())
            while self.peek().is_symbol(","):
                self.take()
                items.append(item())
        self.expect_symbol("]")
        return items

    def label_list(self) -> dict[str, str]:
        self.expect_symbol("[")
        labels: dict[str, str] = {}
        while not self.peek().is_symbol("]"):
            key = self.expect_kind(STRING, "a quoted label key").text
            self.expect_symbol("=")
            value = self.expect_kind(STRING, "a quoted label value").text
            if not key or not value:
                raise InvalidRuleset("Parsing Error: Label key or value cannot be empty")
            labels[key] = value
            if not self.peek().is_symbol(","):
                break
            self.take()
        self.expect_symbol("]")
        return labels

    # --- rules ---

    def top_level_rule(self) -> model.RuleNode:
        left = self.and_rule()
        while self.peek().is_word("or", "OR"):
            self.take()
            left = model.CompositeRule("OR", (left, self.and_rule()))
        return left

    def and_rule(self) -> model.RuleNode:
        left = self.grouped_rule()
        while self.peek().is_word("and", "AND"):
            self.take()
            left = model.CompositeRule("AND", (left, self.grouped_rule()))
        return left

    def grouped_rule(self) -> model.RuleNode:
        if not self.peek().is_symbol("("):
            return self.rule()
        self.take()
        inner = self.top_level_rule()
        self.expect_symbol(")")
        if self.peek().is_word("labels"):
            self.take()
            self.expect_symbol("=")
            labels = self.label_list()
            inner = (
                model.CompositeRule(inner.operator, inner.rules, labels)
                if isinstance(inner, model.CompositeRule)
                else _with_labels(inner, labels)
            )
        return inner

    def parameters(self) -> list[model.Parameter]:
        found: list[model.Parameter] = []
        while True:
            connector = ""
            if self.peek().is_word("of", "OF", "and", "AND") and self._parameter_start(self.peek(1)):
                connector = self.take().text
            token = self.peek()
            if token.kind == STRING:
                found.append(model.Parameter(self.take().text, True, connector))
            elif token.kind == WORD and token.text not in _RESERVED and not self._is_now():
                found.append(model.Parameter(self.take().text, False, connector))
            elif token.is_symbol("$") and self.peek(1).kind == WORD:
                self.take()
                name = self.take().text
                found.append(model.Parameter(self.string_variable(name), True, connector, variable=name))
            else:
                if connector:
                    raise self.syntax_error("a parameter")
                return found

    def _parameter_start(self, token: Token) -> bool:
        return (
            token.kind == STRING
            or token.is_symbol("$")
            or (token.kind == WORD and token.text not in _RESERVED)
        )

    def string_variable(self, name: str) -> str:
        if name not in self.variables:
            raise InvalidRuleset(f"Parsing Error: Variable not found: {name}")
        value = self.variables[name]
        if not isinstance(value, str):
            raise InvalidRuleset(
                f"Parsing Error: Invalid variable type for '{name}': expected STRING, but got STRING_ARRAY"
            )
        return value

    def analyzer(self) -> model.Rule:
        name = self.expect_kind(WORD, "an analyzer type").text
        parameters = self.parameters()
        rule_type = rule_types.find(name, len(parameters))
        if rule_type is None:
            raise InvalidRuleset(f"Parsing Error: Analyzer Type: {name} is not valid")
        if rule_type.returns == (rule_types.BOOLEAN,):
            raise InvalidRuleset(f"Parsing Error: Analyzer Type: {name} is not supported")
        return model.Rule(name, tuple(parameters))

    def rule(self) -> model.Rule:
        name = self.expect_kind(WORD, "a rule type").text
        parameters = self.parameters()
        rule_type = rule_types.find(name, len(parameters))
        if rule_type is None:
            raise InvalidRuleset(f"Parsing Error: Rule Type: {name} is not valid")
        if rule_type.analyzer_only:
            raise InvalidRuleset(f"Parsing Error: Analyzer Type: {name} is not supported in rules section")
        condition = self.condition()
        where = None
        if self.peek().is_word("where"):
            self.take()
            where = self.expect_kind(STRING, "a quoted where clause").text
            if not rule_type.where:
                raise InvalidRuleset(f"Parsing Error: Where clause is not supported for rule type: {name}")
            if not where:
                raise InvalidRuleset(f"Parsing Error: Empty where condition provided for rule type: {name}")
        labels: dict[str, str] = {}
        if self.peek().is_word("labels"):
            self.take()
            self.expect_symbol("=")
            labels = self.label_list()
        threshold, tags = self.tags(rule_type)
        condition = _condition_for(rule_type, condition, _time_zone(tags))
        return model.Rule(name, tuple(parameters), condition, where, threshold, tuple(tags), labels)

    def tags(
        self, rule_type: rule_types.RuleType
    ) -> tuple[model.NumberCondition | None, list[tuple[str, str]]]:
        threshold = None
        tags: list[tuple[str, str]] = []
        while self.peek().is_word("with"):
            self.take()
            key = self.expect_kind(WORD, "a tag name").text
            condition = self.condition()
            if key.lower() == "threshold" and isinstance(condition, model.NumberCondition):
                if not rule_type.threshold:
                    raise InvalidRuleset(
                        f"Parsing Error: Threshold condition not supported for rule type: {rule_type.name}"
                    )
                if threshold is not None:
                    raise InvalidRuleset(
                        "Parsing Error: Only one threshold condition at a time is supported."
                    )
                threshold = condition
            elif isinstance(condition, model.StringCondition):
                if condition.operator != EQUALS:
                    raise InvalidRuleset("Parsing Error: String tags only support the equality operator.")
                tags.append((key, str(condition.operands[0])))
            elif isinstance(condition, model.NumberCondition):
                if condition.operator != EQUALS:
                    raise InvalidRuleset("Parsing Error: Number tags only support the equality operator.")
                tags.append((key, str(condition.operands[0])))
            else:
                raise InvalidRuleset(f"Parsing Error: Invalid tag provided for rule type: {rule_type.name}")
        return threshold, tags

    # --- conditions ---

    def condition(self) -> model.Condition | _DateDraft | None:
        """The condition at this point, read as the first kind that fits, or None when there is none."""
        start = furthest = self.position
        if not self._condition_start():
            return None
        for reader in (self.number_condition, self.string_condition, self.date_condition,
                       self.duration_condition, self.size_condition):  # fmt: skip
            self.position = start
            try:
                return reader()
            except _Backtrack:
                furthest = max(furthest, self.position - 1)
        self.position = furthest  # where the likeliest reading went wrong
        raise self.syntax_error("a condition")

    def _condition_start(self) -> bool:
        token = self.peek()
        return token.is_word("not", "between", "in", "matches") or token.is_symbol(
            ">", ">=", "<", "<=", "=", "!"
        )

    def _operator(self, allow_matches: bool) -> str:
        """The operator at this point; raises _Backtrack when it does not suit this kind of condition."""
        negated = False
        if self.peek().is_word("not"):
            self.take()
            negated = True
        token = self.take()
        if token.is_word("between") and not allow_matches:
            return NOT_BETWEEN if negated else BETWEEN
        if token.is_word("in"):
            return NOT_IN if negated else IN
        if token.is_word("matches") and allow_matches:
            return NOT_MATCHES if negated else MATCHES
        if negated:
            raise _Backtrack
        if token.is_symbol("!"):
            if not self.take().is_symbol("="):
                raise _Backtrack
            return NOT_EQUALS
        if token.is_symbol("="):
            return EQUALS
        if token.kind == SYMBOL and token.text in _COMPARISONS and not allow_matches:
            return _COMPARISONS[token.text]
        raise _Backtrack

    def _operands(self, operator: str, operand) -> tuple:
        if operator in (BETWEEN, NOT_BETWEEN):
            first = operand()
            if not self.take().is_word("and", "AND"):
                raise _Backtrack
            return (first, operand())
        if operator in (IN, NOT_IN):
            if not self.take().is_symbol("["):
                raise _Backtrack
            values = [operand()]
            while self.peek().is_symbol(","):
                self.take()
                values.append(operand())
            if not self.take().is_symbol("]"):
                raise _Backtrack
            return tuple(values)
        return (operand(),)

    def number_condition(self) -> model.NumberCondition:
        operator = self._operator(allow_matches=False)
        return model.NumberCondition(operator, self._operands(operator, self.number))

    def number(self) -> model.NumberOperand:
        left = self.number_atom()
        while self.peek().is_symbol("+", "-", "*", "/"):
            operator = self.take().text
            left = model.Arithmetic(left, operator, self.number_atom())
        return left

    def number_atom(self) -> model.NumberOperand:
        token = self.peek()
        if token.is_symbol("("):
            self.take()
            inner = self.number()
            if not self.take().is_symbol(")"):
                raise _Backtrack
            return _parenthesized(inner)
        if token.is_symbol("-") and self.peek(1).kind == NUMBER:
            self.take()
            return model.Number("-" + self.take().text)
        if token.kind == NUMBER and not self._unit_follows():
            return model.Number(self.take().text)
        if token.is_word("null", "NULL"):
            self.take()
            return model.NullNumber()
        if token.kind == WORD and self.peek(1).is_symbol("(") and not self._is_now():
            name = self.take().text
            self.take()
            arguments: list[model.NumberOperand] = []
            if not self.peek().is_symbol(")"):
                arguments.append(self.number())
                while self.peek().is_symbol(","):
                    self.take()
                    arguments.append(self.number())
            if not self.take().is_symbol(")"):
                raise _Backtrack
            return model.FunctionCall(name, tuple(arguments))
        raise _Backtrack

    def _unit_follows(self) -> bool:
        return self.peek(1).is_word(*_DURATION_UNITS, *_SIZE_UNITS)

    def _is_now(self) -> bool:
        return self.peek().is_word("now") and self.peek(1).is_symbol("(") and self.peek(2).is_symbol(")")

    def string_condition(self) -> model.StringCondition:
        operator = self._operator(allow_matches=True)
        if operator in (MATCHES, NOT_MATCHES):
            pattern = self.take()
            if pattern.kind != STRING:
                raise _Backtrack
            return model.StringCondition(operator, (model.Text(pattern.text),))
        if operator in (IN, NOT_IN) and self.peek().is_symbol("$"):
            self.take()
            name = self.expect_kind(WORD, "a variable name").text
            return model.StringCondition(
                operator, tuple(self.list_variable(name)), model.VariableReference(name)
            )
        if operator not in (EQUALS, NOT_EQUALS, IN, NOT_IN):
            raise _Backtrack
        operands = self._operands(operator, self.string_value)
        return model.StringCondition(operator, tuple(o for group in operands for o in group))

    def string_value(self) -> tuple[model.StringOperand, ...]:
        token = self.take()
        if token.kind == STRING:
            return (model.Text(token.text),)
        if token.kind == WORD and token.text.upper() in model.KEYWORDS and token.text in _RESERVED:
            return (model.Keyword(token.text.upper()),)
        if token.is_symbol("$") and self.peek().kind == WORD:
            value = self.variables.get(self.take().text)
            if value is None:
                raise _Backtrack
            return tuple(_string_operand(item) for item in ([value] if isinstance(value, str) else value))
        raise _Backtrack

    def list_variable(self, name: str) -> list[model.StringOperand]:
        if name not in self.variables:
            raise InvalidRuleset(f"Parsing Error: Variable not found: {name}")
        value = self.variables[name]
        return [_string_operand(item) for item in ([value] if isinstance(value, str) else value)]

    def date_condition(self) -> _DateDraft:
        operator = self._operator(allow_matches=False)
        return _DateDraft(operator, self._operands(operator, self.date))

    def date(self) -> model.DateOperand | Token:
        token = self.peek()
        if token.kind == DATE:
            self.take()
            try:
                datetime.strptime(token.text, "%Y-%m-%d")
            except ValueError:
                raise InvalidRuleset(f"Parsing Error: Error Parsing Date: {token.text}.") from None
            return model.StaticDate(token.text)
        if token.kind == TIME:
            return self.take()  # resolved once the rule's timeZone tag is known
        if token.is_word("null", "NULL"):
            self.take()
            return model.NullDate()
        if self._is_now():
            self.position += 3
            return model.Now()
        if token.is_symbol("(") and self.peek(1).is_word("now"):
            self.take()
            if not self._is_now():
                raise _Backtrack
            self.position += 3
            sign = self.take()
            if not sign.is_symbol("+", "-"):
                raise _Backtrack
            duration = self.duration()
            if not self.take().is_symbol(")"):
                raise _Backtrack
            return model.NowOffset(sign.text, duration)
        raise _Backtrack

    def duration_condition(self) -> model.DurationCondition:
        operator = self._operator(allow_matches=False)
        return model.DurationCondition(operator, self._operands(operator, self.duration))

    def duration(self) -> model.Duration:
        amount, unit = self.take(), self.take()
        if amount.kind != NUMBER or not amount.text.isdigit() or not unit.is_word(*_DURATION_UNITS):
            raise _Backtrack
        return model.Duration(int(amount.text), unit.text)

    def size_condition(self) -> model.SizeCondition:
        operator = self._operator(allow_matches=False)
        return model.SizeCondition(operator, self._operands(operator, self.size))

    def size(self) -> model.Size:
        amount, unit = self.take(), self.take()
        if amount.kind != NUMBER or not amount.text.isdigit() or not unit.is_word(*_SIZE_UNITS):
            raise _Backtrack
        return model.Size(int(amount.text), unit.text)


class _DateDraft:
    """A date condition whose times of day wait for the rule's `timeZone` tag."""

    def __init__(self, operator: str, operands: tuple) -> None:
        self.operator = operator
        self.operands = operands

    def resolve(self, zone: str) -> model.DateCondition:
        return model.DateCondition(self.operator, tuple(_resolve_time(o, zone) for o in self.operands))


def _resolve_time(operand: model.DateOperand | Token, zone: str) -> model.DateOperand:
    if not isinstance(operand, Token):
        return operand
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    pattern = "%H:%M" if " " not in operand.text else "%I:%M %p"
    try:
        at = datetime.strptime(operand.text, pattern).time()
    except ValueError:
        raise InvalidRuleset(f"Parsing Error: Error Parsing Date: {operand.text}.") from None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidRuleset(f"Parsing Error: Error Parsing Time Zone: {zone}.") from None
    return model.TimeOfDay(operand.text, at, zone)


def _time_zone(tags: list[tuple[str, str]]) -> str:
    return next((value.strip('"') for key, value in tags if key == "timeZone"), "UTC")


def _condition_for(
    rule_type: rule_types.RuleType, condition: model.Condition | _DateDraft | None, zone: str
) -> model.Condition | None:
    """The condition if the rule type takes that kind of condition, else AWS's refusal."""
    if isinstance(condition, _DateDraft):
        condition = condition.resolve(zone)
    kind = next((kind for kind, cls in _CONDITION_KINDS if isinstance(condition, cls)), None)
    if condition is None and rule_types.BOOLEAN in rule_type.returns:
        return None
    if kind is not None and kind in rule_type.returns:
        return condition
    if isinstance(condition, model.NumberCondition) and rule_types.SIZE in rule_type.returns:
        return _as_size(condition, rule_type.name)
    first = rule_type.returns[0]
    words = {rule_types.BOOLEAN: "boolean", rule_types.NUMBER: "number", rule_types.STRING: "string",
             rule_types.DATE: "date", rule_types.DURATION: "duration", rule_types.SIZE: "size"}  # fmt: skip
    raise InvalidRuleset(
        f"Parsing Error: Unexpected condition for rule of type {rule_type.name} with {words[first]} return type"
    )


def _as_size(condition: model.NumberCondition, rule_type: str) -> model.SizeCondition:
    """`FileSize > 5`: plain numbers are bytes."""
    sizes = []
    for operand in condition.operands:
        if not isinstance(operand, model.Number) or not operand.text.isdigit():
            raise InvalidRuleset(
                f"Parsing Error: Unexpected condition for rule of type {rule_type} with size return type"
            )
        sizes.append(model.Size(int(operand.text), "B"))
    return model.SizeCondition(condition.operator, tuple(sizes))


def _string_operand(value: str) -> model.StringOperand:
    return model.Keyword(value.upper()) if value.upper() in model.KEYWORDS else model.Text(value)


def _parenthesized(operand: model.NumberOperand) -> model.NumberOperand:
    return operand if isinstance(operand, model.NullNumber) else replace(operand, parenthesized=True)


def _with_labels(rule: model.Rule, labels: dict[str, str]) -> model.Rule:
    return replace(rule, labels=labels)
