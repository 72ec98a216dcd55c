"""Running one Athena statement: catalog tables resolved to DuckDB relations over the local S3."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from . import access, catalog, ddl, information_schema, transpile
from .errors import QueryFailed, ScanLimitExceeded, column_not_found, schema_not_found, table_not_found
from .relation import PSEUDO_COLUMNS, duckdb_type, quote_ident, quote_str, scan_sql
from .results import QueryResult
from .storage import connect
from .types import athena_type, to_athena_text

if TYPE_CHECKING:
    from ..gateway.iam import Caller


@dataclass
class QueryContext:
    """What one execution needs from the request: who asks, where tables default to, where results go."""

    account_id: str
    region: str
    database: str = "default"
    query_id: str = ""
    output_location: str = ""
    scan_limit: int | None = None  # the workgroup's BytesScannedCutoffPerQuery
    caller: Caller | None = None  # whose permissions the query reads and writes with (--enforce-iam)
    cancelled: threading.Event = field(default_factory=threading.Event)


class Execution:
    """One statement's run; `stop()` interrupts DuckDB from another thread."""

    def __init__(self, sql: str, ctx: QueryContext, parameters: list[str] | None = None):
        self.sql = sql
        self.ctx = ctx
        self.parameters = parameters or []
        self.con: duckdb.DuckDBPyConnection | None = None
        self.scanned_bytes = 0
        self.finished = threading.Event()

    def stop(self, patience: float = 60) -> None:
        """Interrupt until the run ends: an interrupt that lands between two DuckDB statements is lost."""
        self.ctx.cancelled.set()

        def interrupt() -> None:
            deadline = time.monotonic() + patience
            while not self.finished.wait(0.02) and time.monotonic() < deadline:
                if self.con is not None:
                    self.con.interrupt()

        threading.Thread(target=interrupt, name="athena-stop", daemon=True).start()

    def run(self) -> QueryResult:
        try:
            tree = transpile.bind_parameters(transpile.parse(self.sql), self.parameters)
            self.con = connect(self.ctx.account_id)
            try:
                if self.ctx.cancelled.is_set():
                    raise duckdb.InterruptException("cancelled before it started")
                if isinstance(tree, exp.Select | exp.SetOperation | exp.Subquery):
                    return self.select(tree)
                return ddl.run(self, tree)
            except duckdb.InterruptException:
                raise
            except duckdb.Error as err:
                raise self.engine_error(tree, err) from None
            finally:
                self.con.close()
        finally:
            self.finished.set()

    # --- SELECT ---------------------------------------------------------------------------------------

    def relation_sql(self, tree: exp.Expression) -> str:
        """DuckDB SQL for a query tree: each catalog table becomes a temp view over its files, each
        Athena view the query it stands for."""
        tree = tree.copy()
        pseudo = any(name in transpile.referenced_names(tree) for name in PSEUDO_COLUMNS)
        schema: dict[str, dict[str, str]] = {}
        self.bind_tables(tree, self.ctx.database, schema, pseudo, outer=True)
        return transpile.to_duckdb(tree, schema)

    def bind_tables(
        self, tree: exp.Expression, database: str, schema: dict, pseudo: bool, outer: bool
    ) -> None:
        cte_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
        for node in list(tree.find_all(exp.Table)):
            if not node.name or (not node.args.get("db") and node.name.lower() in cte_names):
                continue
            if isinstance(node.this, exp.Func | exp.Unnest):
                continue
            alias = exp.TableAlias(this=exp.to_identifier(node.alias or node.name))
            if (node.db or database).lower() == information_schema.NAME:
                self.bind_information_schema(node, alias, schema, outer)
                continue
            table = self.catalog_table(node, database, outer)
            if table.view_sql is not None:
                if len(schema) > 100:
                    raise QueryFailed("VIEW_IS_RECURSIVE", f"View {table.database}.{table.name} is recursive")
                body = transpile.parse(table.view_sql)
                self.bind_tables(body, table.database, schema, pseudo, outer=False)
                node.replace(exp.Subquery(this=body, alias=alias))
                continue
            view = f"__lg_t{len(schema)}"
            self.con.execute(f"CREATE TEMP VIEW {view} AS {self.scan(table, tree, node, pseudo)}")
            # The `$` columns stay out of the schema, so that `*` does not expand to them (as in Athena).
            schema[view] = {name: hive for name, hive in table.columns + table.partition_keys}
            node.replace(exp.Table(this=exp.to_identifier(view), alias=alias))

    def bind_information_schema(
        self, node: exp.Table, alias: exp.TableAlias, schema: dict, outer: bool
    ) -> None:
        found = information_schema.relation(self.ctx.account_id, self.ctx.region, node.name.lower())
        if found is None:
            offset = node.parts[0].meta.get("start") if outer else None
            raise table_not_found(
                self.sql, offset, catalog.CATALOG, information_schema.NAME, node.name.lower()
            )
        view = f"__lg_t{len(schema)}"
        self.con.execute(f"CREATE TEMP VIEW {view} AS {found[0]}")
        schema[view] = found[1]
        node.replace(exp.Table(this=exp.to_identifier(view), alias=alias))

    def catalog_table(self, node: exp.Table, default_database: str, outer: bool) -> catalog.CatalogTable:
        """The catalog entry a table reference names; errors point into the query (not into a view's SQL)."""
        database = node.db or default_database
        first = node.parts[0]
        offset = first.meta.get("start") if outer and isinstance(first, exp.Identifier) else None
        if node.catalog and node.catalog.lower() != catalog.CATALOG:
            raise QueryFailed("CATALOG_NOT_FOUND", f"Catalog '{node.catalog}' does not exist")
        access.require_catalog(
            self.ctx.caller, self.ctx.account_id, self.ctx.region, database, node.name, "glue:GetTable"
        )
        if catalog.find_database(self.ctx.account_id, self.ctx.region, database) is None:
            raise schema_not_found(self.sql, offset, catalog.CATALOG, database.lower())
        table = catalog.find_table(self.ctx.account_id, self.ctx.region, database, node.name)
        if table is None:
            raise table_not_found(self.sql, offset, catalog.CATALOG, database.lower(), node.name.lower())
        if table.partition_keys:
            access.require_catalog(
                self.ctx.caller,
                self.ctx.account_id,
                self.ctx.region,
                database,
                node.name,
                "glue:GetPartitions",
            )
        return table

    def scan(self, table: catalog.CatalogTable, tree: exp.Expression, node: exp.Table, pseudo: bool) -> str:
        account = self.ctx.account_id
        partition_of: dict[str, list[str]] = {}
        if table.partition_keys:
            files = []
            for partition in self.prune(table, tree, node):
                in_partition = catalog.list_files(account, partition.location)
                access.require_reads(self.ctx.caller, partition.location, in_partition)
                for f in in_partition:
                    partition_of[f.path] = partition.values
                    files.append(f)
        else:
            files = catalog.list_files(account, table.location)
            access.require_reads(self.ctx.caller, table.location, files)
        self.scanned_bytes += sum(f.size for f in files)
        if self.ctx.scan_limit is not None and self.scanned_bytes > self.ctx.scan_limit:
            raise ScanLimitExceeded()
        return scan_sql(table, files, partition_of, pseudo)

    def prune(
        self, table: catalog.CatalogTable, tree: exp.Expression, node: exp.Table
    ) -> list[catalog.Partition]:
        """The partitions a query can touch: WHERE conjuncts on partition keys alone, evaluated per partition."""
        keys = [name for name, _ in table.partition_keys]
        select = node.find_ancestor(exp.Select)
        where = select.args.get("where") if select is not None else None
        if where is None or not table.partitions:
            return table.partitions
        names = {node.alias_or_name.lower(), node.name.lower()}
        conjuncts = list(where.this.flatten()) if isinstance(where.this, exp.And) else [where.this]
        usable = []
        for conjunct in conjuncts:
            columns = list(conjunct.find_all(exp.Column))
            if (
                columns
                and not conjunct.find(exp.Subquery, exp.Select)
                and all(c.name.lower() in keys and (not c.table or c.table.lower() in names) for c in columns)
            ):
                usable.append(
                    conjunct.transform(lambda n: exp.column(n.name) if isinstance(n, exp.Column) else n)
                )
        if not usable:
            return table.partitions
        rows = ", ".join(
            "(" + ", ".join([str(i)] + [quote_str(v) for v in p.values]) + ")"
            for i, p in enumerate(table.partitions)
        )
        casts = ", ".join(
            f"TRY_CAST(v{k} AS {duckdb_type(hive)}) AS {quote_ident(name)}"
            for k, (name, hive) in enumerate(table.partition_keys)
        )
        condition = " AND ".join(transpile.to_duckdb(c, {}) for c in usable)
        values_cols = ", ".join(["i"] + [f"v{k}" for k in range(len(keys))])
        sql = f"SELECT i FROM (SELECT i, {casts} FROM (VALUES {rows}) AS p({values_cols})) WHERE {condition}"
        try:
            kept = {row[0] for row in self.con.execute(sql).fetchall()}
        except duckdb.Error:  # a predicate we cannot evaluate alone: read every partition, filter later
            return table.partitions
        return [p for i, p in enumerate(table.partitions) if i in kept]

    def select(self, tree: exp.Expression) -> QueryResult:
        sql = self.relation_sql(tree)
        relation = self.con.sql(sql)
        names, types = relation.columns, [str(t) for t in relation.types]
        formatted = ", ".join(
            f"{to_athena_text(quote_ident(n), t)} AS {quote_ident(n)}"
            for n, t in zip(names, types, strict=True)
        )
        rows = self.con.sql(f"SELECT {formatted} FROM ({sql})").fetch_arrow_table()
        return QueryResult(
            [(n, *athena_type(t)) for n, t in zip(names, types, strict=True)], rows, self.scanned_bytes
        )

    def engine_error(self, tree: exp.Expression, err: duckdb.Error) -> QueryFailed:
        text = str(err)
        if "must appear in the GROUP BY clause" in text:
            return QueryFailed("EXPRESSION_NOT_AGGREGATABLE", _first_line(text))
        missing = re.search(r'[Cc]olumn "([^"]+)" (?:not found|referenced)|column named "([^"]+)"', text)
        if missing:
            name = missing.group(1) or missing.group(2)
            offset = next(
                (
                    c.this.meta.get("start")
                    for c in tree.find_all(exp.Column)
                    if c.name.lower() == name.lower()
                ),
                None,
            )
            return column_not_found(self.sql, offset, name)
        function = re.search(r"Function with name (\w+) does not exist", text)
        if function:
            return QueryFailed("FUNCTION_NOT_FOUND", f"Function '{function.group(1)}' not registered")
        bad_file = re.search(
            r"CSV Error on Line: (\d+)\n(?:Original Line: .*\n)?(.*)\n[\s\S]*?file = (\S+)", text
        )
        if bad_file:
            line, problem, path = bad_file.groups()
            return QueryFailed("HIVE_BAD_DATA", f"{problem.strip()} (file {path}, line {line})")
        if isinstance(err, duckdb.ConversionException):
            return QueryFailed("INVALID_CAST_ARGUMENT", _first_line(text))
        if isinstance(err, duckdb.BinderException | duckdb.ParserException):
            return QueryFailed("TYPE_MISMATCH", _first_line(text))
        return QueryFailed("GENERIC_INTERNAL_ERROR", text)


def _first_line(message: str) -> str:
    """DuckDB's message without its error class prefix and the SQL excerpt it appends."""
    return message.split(": ", 1)[-1].split("\n", 1)[0]
