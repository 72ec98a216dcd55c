"""Athena's query failures: the Trino error name, the position in the SQL, and the AthenaError codes."""

from __future__ import annotations

# AthenaError.ErrorCategory: 1 SYSTEM, 2 USER, 3 OTHER (Athena error catalog).
SYSTEM, USER, OTHER = 1, 2, 3
# AthenaError.ErrorType of the Athena error catalog, by the error's name; any other user error is 1000.
USER_ERROR = 1000
DDL_TASK_FAILED = 1003
ERROR_TYPES = {
    "SYNTAX_ERROR": 1006,  # Syntax error; Athena files analysis errors (unknown column...) there too
    "COLUMN_NOT_FOUND": 1006,
    "TYPE_MISMATCH": 1006,
    "EXPRESSION_NOT_AGGREGATABLE": 1006,
    "INVALID_CAST_ARGUMENT": 1001,  # Data error
    "HIVE_BAD_DATA": 1001,
    "DIVISION_BY_ZERO": 1001,
    "NUMERIC_VALUE_OUT_OF_RANGE": 1001,
    "INVALID_FUNCTION_ARGUMENT": 1100,
    "PERMISSION_DENIED": 1005,  # Permission error
    "INVALID_PARAMETER_USAGE": 1100,  # Invalid argument provided
    "VIEW_IS_RECURSIVE": 1107,  # Invalid view
    "TABLE_NOT_FOUND": 1110,  # Provided table or view does not exist
    "SCHEMA_NOT_FOUND": 1301,  # General entity not found
    "CATALOG_NOT_FOUND": 1301,
    "FUNCTION_NOT_FOUND": 1303,  # Provided function or function implementation not found
    "NOT_SUPPORTED": 1200,  # Query not supported
    "TABLE_ALREADY_EXISTS": DDL_TASK_FAILED,
    "GENERIC_INTERNAL_ERROR": 200,  # Query engine had an internal error
}
BUCKET_NOT_FOUND = 1306


class QueryFailed(Exception):
    """A query that ends FAILED; `reason` is Athena's StateChangeReason, e.g.
    `TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist`."""

    def __init__(
        self,
        name: str | None,
        message: str,
        *,
        position: tuple[int, int] | None = None,
        category: int | None = None,
        error_type: int | None = None,
    ):
        where = f"line {position[0]}:{position[1]}: " if position else ""
        self.reason = f"{name}: {where}{message}" if name else f"{where}{message}"
        super().__init__(self.reason)
        self.error_type = error_type or ERROR_TYPES.get(name or "", USER_ERROR)
        self.category = category or (SYSTEM if name == "GENERIC_INTERNAL_ERROR" else USER)

    def athena_error(self) -> dict:
        return {
            "ErrorCategory": self.category,
            "ErrorType": self.error_type,
            "Retryable": self.category == SYSTEM,
            "ErrorMessage": self.reason,
        }


def syntax_error(line: int, col: int, message: str) -> QueryFailed:
    return QueryFailed("SYNTAX_ERROR", message, position=(line, col))


def not_supported(message: str) -> QueryFailed:
    return QueryFailed("NOT_SUPPORTED", message)


def ddl_failed(message: str) -> QueryFailed:
    """Athena's wording for a failed Hive DDL task."""
    return QueryFailed(None, f"FAILED: {message}", error_type=DDL_TASK_FAILED)


class ScanLimitExceeded(Exception):
    """The workgroup's BytesScannedCutoffPerQuery would be passed: Athena cancels such a query."""

    reason = "Bytes scanned limit was exceeded"
