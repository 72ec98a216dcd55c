"""Running one query execution to its end: Hive DDL on the catalog or a statement on Trino, then the
result files, the manifest of written files and the statistics, as Athena reports them."""

from __future__ import annotations

import functools
import json
import logging
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from moto.backends import get_backend

from ..trino.catalogs import ATHENA_CATALOG, ICEBERG_CATALOG
from ..trino.server import TrinoStartError
from .. import wire
from . import access, catalog, iceberg_properties, results, trino_sql, views
from .errors import QueryFailed, ScanLimitExceeded
from .hive import ddl
from .hive.context import DdlContext
from .models import QueryExecution, QueryStore
from .results import QueryResult
from .routing import HIVE, without_leading_comments
from .trino_run import Outcome, TrinoRun, TrinoUnreachable

if TYPE_CHECKING:
    from .service import AthenaEngine

log = logging.getLogger("localglue.athena")
WRITE_UPDATE_TYPES = ("CREATE TABLE", "INSERT", "MERGE", "UPDATE", "DELETE")


def run(engine: AthenaEngine, queries: QueryStore, record: QueryExecution) -> None:
    if not record.advance("RUNNING"):
        return  # stopped while queued: never runs
    try:
        result = _execute(engine, record)
        if record.state != "RUNNING":
            return  # cancelled meanwhile: no result is written
        _write_results(record, result)
        if record.succeed(result):
            queries.keep_recent_results()
    except QueryFailed as failure:
        record.fail(failure)
    except ScanLimitExceeded as limit:
        record.advance("CANCELLED", limit.reason)
    except TrinoStartError as err:
        record.fail(
            QueryFailed("GENERIC_INTERNAL_ERROR", f"localglue's Athena engine (Trino) is not running: {err}")
        )
    except Exception as err:  # a bug of ours still ends the query, FAILED with what happened
        log.exception("query %s failed", record.query_id)
        record.fail(QueryFailed("GENERIC_INTERNAL_ERROR", f"{type(err).__name__}: {err}"))


def _execute(engine: AthenaEngine, record: QueryExecution) -> QueryResult:
    sql = _without_trailing_semicolon(record.query)
    engine.ensure_default_database(record.account_id, record.region, record.database)
    if record.route.engine == HIVE:
        context = DdlContext(
            record.account_id,
            record.region,
            record.database,
            without_leading_comments(sql),
            record.caller,
            lambda statement: _trino_rows(engine, record, statement),
        )
        return ddl.run(context)
    kind = record.route.substatement_type
    if kind == "PREPARE":
        return _prepare(record, sql)
    if kind == "DEALLOCATE":
        return _deallocate(record, sql)
    statement = _trino_statement(engine, record, sql)
    return _run_on_trino(engine, record, statement)


def _without_trailing_semicolon(sql: str) -> str:
    stripped = sql.rstrip()
    return stripped[:-1] if stripped.endswith(";") else sql


def _trino_statement(engine: AthenaEngine, record: QueryExecution, sql: str) -> trino_sql.TrinoStatement:
    kind = record.route.substatement_type
    if kind == "CREATE_TABLE_AS_SELECT":
        default = f"{record.output_root.rstrip('/')}/tables/{record.query_id}/"
        return trino_sql.create_table_as(sql, record.database, default)
    if kind == "UNLOAD":
        return trino_sql.unload(sql, record.database)
    if kind == "OPTIMIZE":
        return trino_sql.optimize(sql, record.database)
    if kind == "VACUUM":
        age = iceberg_properties.vacuum_age_seconds(
            lambda statement: _trino_rows(engine, record, statement),
            *trino_sql.vacuum_table(sql, record.database),
        )
        return trino_sql.vacuum(sql, record.database, age)
    if kind == "EXECUTE":
        return trino_sql.TrinoStatement(trino_sql.execute_prepared(sql, lambda name: _prepared(record, name)))
    if record.parameters:
        return trino_sql.TrinoStatement(trino_sql.execute_immediate(sql, record.parameters))
    return trino_sql.TrinoStatement(sql)


# --- prepared statements: kept in the workgroup (moto), run through EXECUTE IMMEDIATE ----------------


def _athena(record: QueryExecution) -> Any:
    return get_backend("athena")[record.account_id][record.region]


def _prepared(record: QueryExecution, name: str) -> str:
    backend = _athena(record)
    found = backend.get_prepared_statement(name, backend.work_groups[record.workgroup])
    if found is None:
        raise QueryFailed("NOT_FOUND", f"Prepared statement not found: {name}")
    trino_sql.refuse_table_functions(str(found.query_statement))
    return str(found.query_statement)


def _prepare(record: QueryExecution, sql: str) -> QueryResult:
    """PREPARE name FROM statement: a prepared statement of the query's workgroup."""
    words = sql.split(None, 3)
    if len(words) < 4 or words[2].upper() != "FROM":
        raise QueryFailed("SYNTAX_ERROR", "PREPARE takes a name, FROM and a statement")
    backend = _athena(record)
    backend.create_prepared_statement(words[1], backend.work_groups[record.workgroup], words[3], "")
    return results.no_result()


def _deallocate(record: QueryExecution, sql: str) -> QueryResult:
    words = sql.split()
    if len(words) != 3 or words[1].upper() != "PREPARE":
        raise QueryFailed("SYNTAX_ERROR", "DEALLOCATE takes PREPARE and a name")
    _prepared(record, words[2])
    _athena(record).prepared_statements.pop(words[2], None)
    return results.no_result()


# --- Trino -----------------------------------------------------------------------------------------------


def _start(
    engine: AthenaEngine, record: QueryExecution, sql: str, session: dict[str, str] | None = None
) -> tuple[TrinoRun, Outcome]:
    """`sql` started on the account's Trino (the query's cancel stops it). A server that refused the
    connection before taking the statement had died: the statement goes to the restarted one."""
    server = engine.trino_for(record.account_id, record.region)
    launch = server.launches
    try:
        return _start_on(server.port, record, sql, session)
    except TrinoUnreachable:
        log.warning("Trino refused query %s: waiting for it to be restarted", record.query_id)
        server.wait_restarted(launch)
    return _start_on(server.port, record, sql, session)


def _start_on(
    port: int, record: QueryExecution, sql: str, session: dict[str, str] | None
) -> tuple[TrinoRun, Outcome]:
    trino = TrinoRun(port, record.database, session, record.scan_limit)
    record.cancel = trino.cancel
    try:
        return trino, trino.execute(sql)
    except BaseException:
        trino.close()
        raise


def _trino_rows(engine: AthenaEngine, record: QueryExecution, sql: str) -> list[list[str | None]]:
    """A statement Hive DDL hands to Trino (an Iceberg table's DDL), to its end."""
    trino, outcome = _start(engine, record, sql)
    try:
        return list(outcome.rows)
    finally:
        trino.close()


_SHOW_STATS = re.compile(r"\s*show\s+stats\s+for\s+(?P<target>.*?)\s*$", re.I | re.S)


def _explained(sql: str) -> str:
    """What EXPLAIN (TYPE IO) must take to see what `sql` reads: SHOW STATS shows values (a column's
    lowest and highest) of the query or table it names, which its own plan does not list as read."""
    stats = _SHOW_STATS.match(sql)
    if stats is None:
        return sql
    target = stats.group("target")
    return target[1:-1] if target.startswith("(") and target.endswith(")") else f"SELECT * FROM {target}"


def _inputs(
    engine: AthenaEngine, record: QueryExecution, statement: trino_sql.TrinoStatement
) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
    """The tables a statement reads, and the one it writes, as Trino's analyzer reports them. A statement
    EXPLAIN refuses is not run: its failure is the query's (nothing runs unchecked)."""
    if not statement.explainable:
        written = statement.writes_table[1:] if statement.writes_table else None
        return ([written] if written else []), written
    [[plan]] = _trino_rows(engine, record, f"EXPLAIN (TYPE IO, FORMAT JSON) {_explained(statement.sql)}")
    if not (plan or "").lstrip().startswith("{"):
        return [], None  # DDL (CREATE VIEW, DROP VIEW...): EXPLAIN prints the statement, nothing is read
    described = json.loads(plan or "{}")
    read = [
        # a metadata table ("t$snapshots", "t$partitions") is read from its table's files
        (item["table"]["schemaTable"]["schema"], item["table"]["schemaTable"]["table"].split("$")[0])
        for item in described.get("inputTableColumnInfos", [])
        if item["table"]["catalog"] in (ATHENA_CATALOG, ICEBERG_CATALOG)
    ]
    output = described.get("outputTable")
    written = (output["schemaTable"]["schema"], output["schemaTable"]["table"]) if output else None
    return read, written


def _check_permissions(
    engine: AthenaEngine, record: QueryExecution, statement: trino_sql.TrinoStatement
) -> None:
    """Under --enforce-iam: what the caller needs on every table the statement reads and writes."""
    caller = record.caller
    if caller is None:
        return
    read, written = _inputs(engine, record, statement)
    for database, name in dict.fromkeys(read):
        access.require_catalog(caller, record.account_id, record.region, database, name, "glue:GetTable")
        table = catalog.find_table(record.account_id, record.region, database, name)
        if table is None:
            continue
        if table.partition_keys:
            access.require_catalog(
                caller, record.account_id, record.region, database, name, "glue:GetPartitions"
            )
            for partition in table.partitions:
                access.require_reads(
                    caller, partition.location, catalog.list_files(record.account_id, partition.location)
                )
        else:
            access.require_reads(
                caller, table.location, catalog.list_files(record.account_id, table.location)
            )
    target = statement.writes_table[1:] if statement.writes_table else written
    if target is not None:
        exists = catalog.find_table(record.account_id, record.region, *target) is not None
        action = "glue:UpdateTable" if exists else "glue:CreateTable"
        access.require_catalog(caller, record.account_id, record.region, target[0], target[1], action)
    if statement.written_location:
        access.require_result_write(caller, [statement.written_location.rstrip("/") + "/"])


def _run_on_trino(
    engine: AthenaEngine, record: QueryExecution, statement: trino_sql.TrinoStatement
) -> QueryResult:
    trino_sql.refuse_table_functions(record.query)
    _check_permissions(engine, record, statement)
    started = time.time()
    try:
        trino, outcome = _start(engine, record, statement.sql, statement.session)
        try:
            rows = list(outcome.rows)
            for follow_up in statement.then:
                trino.run_all(follow_up)
        finally:
            stats = trino.stats
            trino.close()
    finally:
        for cleanup in statement.cleanup:
            _quietly(functools.partial(_trino_rows, engine, record, cleanup))
    record.scanned_bytes = int(stats.get("physicalInputBytes") or 0)
    record.planning_ms = int(stats.get("planningTimeMillis") or 0)
    if trino.cancelled:
        raise QueryFailed(None, "Query cancelled by user")
    if record.scan_limit is not None and record.scanned_bytes > record.scan_limit:
        raise ScanLimitExceeded()  # a query too quick for Trino's own check: Athena cancels it all the same
    if record.route.substatement_type == "CREATE_VIEW":
        _record_view(record, statement.sql)
    update_type = (outcome.update_type or "").upper()
    if update_type in WRITE_UPDATE_TYPES or statement.written_location:
        count = int(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else 0
        result = QueryResult([], [], tabular=record.route.statement_type == "DML", update_count=count)
        result.written_files = _written_files(record, statement, trino.query_id, started)
        return result
    if record.route.statement_type == "DML":
        return QueryResult(outcome.columns, rows, tabular=True, row_count=len(rows))
    # DDL and utility statements print text lines (several columns tab-separated; EXPLAIN's plan is one
    # value of many lines, one row each)
    lines = [line for row in rows for line in "\t".join(value or "" for value in row).splitlines()]
    name = outcome.columns[0][0] if outcome.columns else "result"
    return results.text_result(name, lines)


def _record_view(record: QueryExecution, sql: str) -> None:
    """Athena's columns for the view the statement created (`CREATE [OR REPLACE] VIEW name ...`)."""
    match = re.match(r"\s*create\s+(?:or\s+replace\s+)?view\s+([^\s(]+)", sql, re.I)
    if match is None:
        return
    parts = [part.strip('"`').lower() for part in match.group(1).split(".")]
    database, name = (parts[-2], parts[-1]) if len(parts) > 1 else (record.database, parts[-1])
    views.record_view_columns(record.account_id, record.region, database, name)


def _quietly(action: Callable[[], object]) -> None:
    try:
        action()
    except Exception:  # clean-up after the statement: the statement's own outcome is what counts
        log.exception("clean-up after a query failed")


def _written_files(
    record: QueryExecution, statement: trino_sql.TrinoStatement, trino_query_id: str | None, started: float
) -> list[str]:
    """The data files a CTAS, INSERT or UNLOAD wrote: under its location, named after its Trino query
    (the Hive connector's writers) or, for Iceberg, created since it started."""
    location = statement.written_location
    if location is None and statement.writes_table is None:
        location = _insert_location(record, statement.sql)
    elif location is None and statement.writes_table is not None:
        found = catalog.find_table(record.account_id, record.region, *statement.writes_table[1:])
        location = found.location if found else None
    if not location:
        return []
    files = catalog.list_files(record.account_id, location)
    named = [f.path for f in files if trino_query_id and trino_query_id in f.path.rsplit("/", 1)[-1]]
    if named:
        return named
    return [f.path for f in files if wire.epoch(f.modified) >= started - 1 and "/metadata/" not in f.path]


def _insert_location(record: QueryExecution, sql: str) -> str | None:
    """The location of the table an INSERT INTO writes."""
    words = sql.split()
    if len(words) < 3 or words[0].upper() != "INSERT" or words[1].upper() != "INTO":
        return None
    name = words[2].split("(")[0]
    parts = [part.strip('"`').lower() for part in name.split(".")]
    database, table = (parts[-2], parts[-1]) if len(parts) > 1 else (record.database, parts[-1])
    found = catalog.find_table(record.account_id, record.region, database, table)
    return found.location if found else None


def _write_results(record: QueryExecution, result: QueryResult) -> None:
    path = record.output_location
    if result.tabular != path.endswith(".csv"):  # a statement whose kind only the engine could tell
        path = results.result_file(path.rsplit("/", 1)[0], record.query_id, result.tabular)
        record.output_location = path
    written = [path, path + ".metadata"] if result.tabular else [path]
    if (
        result.written_files
        or result.update_count is not None
        and record.route.substatement_type in ("CREATE_TABLE_AS_SELECT", "INSERT", "UNLOAD")
    ):
        record.manifest = results.manifest_file(record.output_root, record.query_id)
        written.append(record.manifest)
    access.require_result_write(record.caller, written)
    results.write(record.account_id, path, result)
    if record.manifest:
        results.write_manifest(record.account_id, record.manifest, result.written_files)
