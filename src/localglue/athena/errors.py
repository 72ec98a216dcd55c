"""Athena's query failures: the Trino error name, the position in the SQL, and the AthenaError codes."""

from __future__ import annotations

# AthenaError.ErrorCategory: 1 SYSTEM, 2 USER, 3 OTHER (Athena error catalog).
SYSTEM, USER = 1, 2
# AthenaError.ErrorType values of the Athena error catalog used here.
USER_ERROR = 1000
DDL_TASK_FAILED = 1003
SCHEMA_ERROR = 1004
SYNTAX_ERROR_TYPE = 1006
INTERNAL_ERROR = 200


class QueryFailed(Exception):
    """A query that ends FAILED; `reason` is Athena's StateChangeReason, e.g.
    `TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist`."""

    def __init__(
        self,
        name: str | None,
        message: str,
        *,
        position: tuple[int, int] | None = None,
        category: int = USER,
        error_type: int = SYNTAX_ERROR_TYPE,
    ):
        where = f"line {position[0]}:{position[1]}: " if position else ""
        self.reason = f"{name}: {where}{message}" if name else f"{where}{message}"
        super().__init__(self.reason)
        self.category = category
        self.error_type = error_type

    def athena_error(self) -> dict:
        return {
            "ErrorCategory": self.category,
            "ErrorType": self.error_type,
            "Retryable": self.category == SYSTEM,
            "ErrorMessage": self.reason,
        }


def position_of(sql: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a 0-based character offset, as Trino reports it."""
    line = sql.count("\n", 0, offset) + 1
    line_start = sql.rfind("\n", 0, offset) + 1
    return line, offset - line_start + 1


def table_not_found(sql: str, offset: int | None, catalog: str, database: str, table: str) -> QueryFailed:
    return QueryFailed(
        "TABLE_NOT_FOUND",
        f"Table '{catalog}.{database}.{table}' does not exist",
        position=position_of(sql, offset) if offset is not None else None,
    )


def schema_not_found(sql: str, offset: int | None, catalog: str, database: str) -> QueryFailed:
    return QueryFailed(
        "SCHEMA_NOT_FOUND",
        f"Schema '{database}' does not exist",
        position=position_of(sql, offset) if offset is not None else None,
    )


def column_not_found(sql: str, offset: int | None, column: str) -> QueryFailed:
    return QueryFailed(
        "COLUMN_NOT_FOUND",
        f"Column '{column}' cannot be resolved or requester is not authorized to access requested resources",
        position=position_of(sql, offset) if offset is not None else None,
    )


def syntax_error(line: int, col: int, message: str) -> QueryFailed:
    return QueryFailed("SYNTAX_ERROR", message, position=(line, col))


def not_supported(message: str) -> QueryFailed:
    return QueryFailed("NOT_SUPPORTED", message, error_type=USER_ERROR)


def ddl_failed(message: str) -> QueryFailed:
    """Athena's wording for a failed Hive DDL task."""
    return QueryFailed(None, f"FAILED: {message}", error_type=DDL_TASK_FAILED)
