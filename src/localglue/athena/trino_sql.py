"""Athena's statements in Trino's words: CTAS, UNLOAD, OPTIMIZE, VACUUM and prepared statements.

Trino runs Athena's SQL as it is, except where Athena has syntax or properties of its own:

- CTAS takes Athena's table properties (`format`, `external_location`, `partitioned_by`, `bucketed_by`,
  `bucket_count`, `write_compression` / `parquet_compression` / `orc_compression`, `field_delimiter`,
  `table_type`, `location`, `partitioning`, `is_external`): they become the Hive or Iceberg connector's
  properties and session properties; a Hive CTAS without a location is written, as Athena writes it, to
  `<query result location>/tables/<query id>/`.
- `UNLOAD (query) TO 's3://...' WITH (...)` is a CTAS into that location of a table that is dropped at
  once (dropping a Hive table whose data Athena does not manage keeps the files).
- `OPTIMIZE t REWRITE DATA USING BIN_PACK [WHERE ...]` is Trino's `ALTER TABLE t EXECUTE optimize`;
  `VACUUM t` expires snapshots older than the table's `vacuum_max_snapshot_age_seconds` (5 days by
  default) and removes orphan files.
- `EXECUTE name USING ...` runs the workgroup's prepared statement through `EXECUTE IMMEDIATE`, and so do
  `ExecutionParameters` of StartQueryExecution (`?` placeholders).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from sqlglot.dialects.trino import Trino
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

from ..trino.catalogs import ATHENA_CATALOG, ATHENA_ICEBERG_PROPERTIES, ICEBERG_CATALOG
from .errors import QueryFailed, not_supported

# Athena's write_compression values -> the Hive and Iceberg connectors' compression_codec
_CODECS = {"GZIP": "GZIP", "ZLIB": "GZIP", "DEFLATE": "GZIP", "SNAPPY": "SNAPPY", "ZSTD": "ZSTD", "LZ4": "LZ4",
           "NONE": "NONE", "UNCOMPRESSED": "NONE"}  # fmt: skip
_COMPRESSION_PROPERTIES = ("write_compression", "parquet_compression", "orc_compression", "compression")


@dataclass
class TrinoStatement:
    """What to send Trino for one Athena statement, and what to do around it."""

    sql: str
    session: dict[str, str] = field(default_factory=dict)
    written_location: str | None = None  # where a CTAS / UNLOAD writes: its files go to the manifest
    writes_table: tuple[str, str, str] | None = None  # (catalog, database, table) a CTAS/INSERT writes
    cleanup: list[str] = field(default_factory=list)  # statements to run after it, whatever happened
    then: list[str] = field(default_factory=list)  # statements to run after it succeeded (VACUUM's second)
    # Trino's EXPLAIN (TYPE IO) cannot take ALTER TABLE ... EXECUTE: OPTIMIZE and VACUUM read and write
    # `writes_table` alone
    explainable: bool = True


def _tokens(sql: str) -> list[Token]:
    try:
        return Trino().tokenize(sql)
    except TokenError as err:
        raise QueryFailed("SYNTAX_ERROR", str(err)) from None


def _tokens_after_keyword(sql: str) -> list[Token]:
    """The tokens after the statement's first word (which Trino's tokenizer would read as a command that
    swallows the rest), at their offsets in `sql`."""
    match = re.match(r"(?:\s+|--[^\n]*\n|/\*.*?\*/)*([A-Za-z_]+)", sql, re.S)
    if match is None:
        raise QueryFailed("SYNTAX_ERROR", "the statement is empty")
    return _tokens(sql[: match.start(1)] + " " * len(match.group(1)) + sql[match.end(1) :])


def _close(tokens: list[Token], open_index: int) -> int:
    """The index of the parenthesis closing the one at `open_index`."""
    depth = 0
    for index in range(open_index, len(tokens)):
        kind = tokens[index].token_type
        if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
        elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
            if depth == 0:
                return index
    raise QueryFailed("SYNTAX_ERROR", "mismatched input '<EOF>': a parenthesis is never closed")


def _properties(sql: str, tokens: list[Token], start: int, end: int) -> dict[str, str]:
    """`name = value, ...` between tokens `start` and `end` (exclusive): lower-case names, raw value text."""
    found: dict[str, str] = {}
    index = start
    while index < end:
        name = tokens[index].text.lower()
        if index + 1 >= end or tokens[index + 1].token_type != TokenType.EQ:
            raise QueryFailed("SYNTAX_ERROR", f"a table property needs a value: {name}")
        value_start = index + 2
        depth, value_end = 0, value_start
        while value_end < end:
            kind = tokens[value_end].token_type
            if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
                depth += 1
            elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
                depth -= 1
            elif kind == TokenType.COMMA and depth == 0:
                break
            value_end += 1
        found[name] = sql[tokens[value_start].start : tokens[value_end - 1].end + 1]
        index = value_end + 1
    return found


def _string(value: str) -> str:
    """The text of a SQL string literal (or the value itself when it is not one)."""
    match = re.fullmatch(r"'((?:[^']|'')*)'", value.strip())
    return match.group(1).replace("''", "'") if match else value.strip()


def string_map(entries: dict[str, str]) -> str:
    """A Trino `map(varchar, varchar)` of `entries`."""
    keys, values = ", ".join(literal(k) for k in entries), ", ".join(literal(v) for v in entries.values())
    return f"MAP(ARRAY[{keys}], ARRAY[{values}])"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal of `text`, quotes doubled: catalog and user text never closes it."""
    return "'" + text.replace("'", "''") + "'"


def _table_name(tokens: list[Token], start: int, database: str) -> tuple[tuple[str, str], int]:
    """((database, table), index after the name) of a possibly qualified name starting at `start`."""
    parts, index = [], start
    while index < len(tokens):
        parts.append(tokens[index].text)
        if index + 1 < len(tokens) and tokens[index + 1].token_type == TokenType.DOT:
            index += 2
            continue
        index += 1
        break
    names = [part.lower() for part in parts]
    if len(names) == 3:
        if names[0] not in (ATHENA_CATALOG, ICEBERG_CATALOG):
            raise QueryFailed("CATALOG_NOT_FOUND", f"Catalog '{names[0]}' does not exist")
        names = names[1:]
    return ((names[0], names[1]) if len(names) == 2 else (database, names[0])), index


def _compression(properties: dict[str, str], catalog: str) -> dict[str, str]:
    given = [name for name in _COMPRESSION_PROPERTIES if name in properties]
    if len(given) > 1:
        raise QueryFailed("INVALID_TABLE_PROPERTY", f"Only one of {', '.join(given)} can be set")
    if not given:
        return {}
    value = _string(properties.pop(given[0])).upper()
    codec = _CODECS.get(value)
    if codec is None:
        raise not_supported(f"Unsupported compression {value}; localglue writes {', '.join(sorted(_CODECS))}")
    return {f"{catalog}.compression_codec": codec}


def _writer_properties(
    properties: dict[str, str], default_location: str
) -> tuple[str, dict[str, str], dict[str, str], str]:
    """(catalog, Trino table properties, session properties, location) for Athena's CTAS properties."""
    properties = dict(properties)
    properties.pop("compression_level", None)  # ZSTD levels: Trino's writer has no such setting
    iceberg = _string(properties.pop("table_type", "'HIVE'")).upper() == "ICEBERG"
    catalog = ICEBERG_CATALOG if iceberg else ATHENA_CATALOG
    session = _compression(properties, catalog)
    table: dict[str, str] = {}
    if "format" in properties:
        table["format"] = literal(_string(properties.pop("format")).upper())
    if iceberg:
        location = _string(
            properties.pop("location", properties.pop("external_location", literal(default_location)))
        )
        table["location"] = literal(location)
        if "partitioning" in properties:
            table["partitioning"] = properties.pop("partitioning")
        properties.pop("is_external", None)
        settings = {n: _string(properties.pop(n)) for n in ATHENA_ICEBERG_PROPERTIES if n in properties}
        if settings:
            table["extra_properties"] = string_map(settings)
    else:
        location = _string(properties.pop("external_location", literal(default_location)))
        table["external_location"] = literal(location)
        for name in ("partitioned_by", "bucketed_by", "bucket_count"):
            if name in properties:
                table[name] = properties.pop(name)
        if "field_delimiter" in properties:
            table["textfile_field_separator"] = properties.pop("field_delimiter")
        properties.pop("is_external", None)
    table.update(properties)  # anything else: Trino names what it does not know
    return catalog, table, session, location


def _with_clause(table: dict[str, str]) -> str:
    return "WITH (" + ", ".join(f"{name} = {value}" for name, value in table.items()) + ")"


def create_table_as(sql: str, database: str, default_location: str) -> TrinoStatement:
    tokens = _tokens(sql)
    index = 2  # CREATE TABLE
    if tokens[index].text.upper() == "IF":
        index += 3  # IF NOT EXISTS
    name_start = index
    (schema, table), index = _table_name(tokens, index, database)
    properties: dict[str, str] = {}
    if tokens[index].token_type == TokenType.WITH:
        close = _close(tokens, index + 1)
        properties = _properties(sql, tokens, index + 2, close)
        index = close + 1
    if tokens[index].token_type != TokenType.ALIAS:
        raise QueryFailed("SYNTAX_ERROR", "CREATE TABLE needs AS followed by a query here")
    catalog, table_properties, session, location = _writer_properties(properties, default_location)
    head = sql[: tokens[name_start].start]
    target = f"{quote(catalog)}.{quote(schema)}.{quote(table)}"
    rewritten = f"{head}{target} {_with_clause(table_properties)} AS {sql[tokens[index].end + 1 :].lstrip()}"
    return TrinoStatement(rewritten, session, location, (catalog, schema, table))


def unload(sql: str, database: str) -> TrinoStatement:
    tokens = _tokens(sql)
    if len(tokens) < 2 or tokens[1].token_type != TokenType.L_PAREN:
        raise QueryFailed("SYNTAX_ERROR", "UNLOAD needs (query) TO 's3://...' WITH (format = ...)")
    close = _close(tokens, 1)
    query = sql[tokens[2].start : tokens[close].start].strip()
    index = close + 1
    if (
        index + 1 >= len(tokens)
        or tokens[index].text.upper() != "TO"
        or tokens[index + 1].token_type != TokenType.STRING
    ):
        raise QueryFailed("SYNTAX_ERROR", "UNLOAD needs TO 's3://...' after its query")
    location = tokens[index + 1].text
    index += 2
    properties: dict[str, str] = {}
    if index < len(tokens) and tokens[index].token_type == TokenType.WITH:
        end = _close(tokens, index + 1)
        properties = _properties(sql, tokens, index + 2, end)
    if "format" not in properties:
        raise QueryFailed("INVALID_TABLE_PROPERTY", "UNLOAD requires the format property")
    properties.pop("table_type", None)
    properties["external_location"] = literal(location)
    catalog, table_properties, session, _ = _writer_properties(properties, location)
    temporary = f"localglue_unload_{secrets.token_hex(8)}"
    target = f"{quote(catalog)}.{quote(database)}.{quote(temporary)}"
    statement = f"CREATE TABLE {target} {_with_clause(table_properties)} AS {query}"
    return TrinoStatement(statement, session, location, None, cleanup=[f"DROP TABLE IF EXISTS {target}"])


def optimize(sql: str, database: str) -> TrinoStatement:
    """OPTIMIZE t REWRITE DATA USING BIN_PACK [WHERE predicate]."""
    tokens = _tokens_after_keyword(sql)
    (schema, table), index = _table_name(tokens, 0, database)
    words = [token.text.upper() for token in tokens[index : index + 4]]
    if words != ["REWRITE", "DATA", "USING", "BIN_PACK"]:
        raise QueryFailed("SYNTAX_ERROR", "OPTIMIZE takes REWRITE DATA USING BIN_PACK [WHERE predicate]")
    rest = sql[tokens[index + 3].end + 1 :].strip()
    target = f"{quote(ICEBERG_CATALOG)}.{quote(schema)}.{quote(table)}"
    return TrinoStatement(
        f"ALTER TABLE {target} EXECUTE optimize {rest}".strip(),
        writes_table=(ICEBERG_CATALOG, schema, table),
        explainable=False,
    )


def vacuum_table(sql: str, database: str) -> tuple[str, str]:
    """(database, table) that `VACUUM [db.]t` names."""
    (schema, table), _ = _table_name(_tokens_after_keyword(sql), 0, database)
    return schema, table


def vacuum(sql: str, database: str, max_age_seconds: int) -> TrinoStatement:
    """VACUUM t: expire the snapshots older than `max_age_seconds` (the table's
    vacuum_max_snapshot_age_seconds), then remove orphan files as old."""
    schema, table = vacuum_table(sql, database)
    target = f"{quote(ICEBERG_CATALOG)}.{quote(schema)}.{quote(table)}"
    threshold = literal(f"{max_age_seconds}s")
    return TrinoStatement(
        f"ALTER TABLE {target} EXECUTE expire_snapshots(retention_threshold => {threshold})",
        writes_table=(ICEBERG_CATALOG, schema, table),
        then=[f"ALTER TABLE {target} EXECUTE remove_orphan_files(retention_threshold => {threshold})"],
        explainable=False,
    )


def refuse_table_functions(sql: str) -> None:
    """Athena has no table functions: `TABLE(sequence(...))`, `TABLE(exclude_columns(...))` or a
    connector's `TABLE(system.query(...))` are refused before Trino sees them, as Trino refuses a table
    function it does not know."""
    tokens = _tokens(sql)
    for index, token in enumerate(tokens[:-2]):
        if token.token_type == TokenType.TABLE and tokens[index + 1].token_type == TokenType.L_PAREN:
            name_end = index + 2
            while name_end + 2 < len(tokens) and tokens[name_end + 1].token_type == TokenType.DOT:
                name_end += 2
            name = ".".join(t.text for t in tokens[index + 2 : name_end + 1 : 2]).lower()
            raise QueryFailed(
                "FUNCTION_NOT_FOUND",
                f"Table function '{name}' not registered",
                position=(tokens[index + 2].line, tokens[index + 2].col - len(tokens[index + 2].text) + 1),
            )


def execute_immediate(statement: str, parameters: list[str]) -> str:
    """Run `statement` with its `?` placeholders bound to `parameters` (SQL literals, as Athena takes them)."""
    using = f" USING {', '.join(parameters)}" if parameters else ""
    return f"EXECUTE IMMEDIATE {literal(statement)}{using}"


def execute_prepared(sql: str, lookup) -> str:
    """`EXECUTE name [USING a, b]`: the prepared statement `lookup(name)` returns, with its parameters."""
    tokens = _tokens_after_keyword(sql)
    if not tokens:
        raise QueryFailed("SYNTAX_ERROR", "EXECUTE needs the name of a prepared statement")
    statement = lookup(tokens[0].text)
    parameters = ""
    if len(tokens) > 1:
        if tokens[1].text.upper() != "USING" or len(tokens) < 3:
            raise QueryFailed("SYNTAX_ERROR", "EXECUTE takes USING followed by its parameters")
        parameters = sql[tokens[2].start :].strip()
    return f"EXECUTE IMMEDIATE {literal(statement)}" + (f" USING {parameters}" if parameters else "")
