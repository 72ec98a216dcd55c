"""moto's answers in AWS's words where moto names an error differently: its pager refuses a NextToken it did
not write as `InvalidToken`, which no served service answers; each says it with its own code for an invalid
parameter (Glue InvalidInputException, Athena InvalidRequestException, Logs InvalidParameterException, KMS
InvalidMarkerException, EventBridge ValidationException)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .errors import AwsError
from .protocols import JSON, Operation, StartResponse, error_response
from .validation import CONSTRAINT_ERRORS

# KMS has an error of its own for a pager's Marker; the others refuse it as any invalid parameter
INVALID_TOKEN_CODES = {**CONSTRAINT_ERRORS, "kms": "InvalidMarkerException", "events": "ValidationException"}
_MOTO_INVALID_TOKEN = b'"InvalidToken"'


def answer(
    app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]],
    environ: dict[str, Any],
    operation: Operation,
    start_response: StartResponse,
) -> Iterable[bytes]:
    """`app`'s answer to the request, its pager refusal in the service's words."""
    code = INVALID_TOKEN_CODES.get(operation.service) if operation.protocol == JSON else None
    if code is None:
        return app(environ, start_response)
    answered: dict[str, Any] = {}

    def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answered.update(status=status, headers=headers)

    chunks = app(environ, keep)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    if answered["status"].startswith("400") and _MOTO_INVALID_TOKEN in body:
        message = "Invalid pagination token: pass the token of the previous answer"
        return error_response(environ, operation, AwsError(code, message), start_response)
    start_response(answered["status"], answered["headers"])
    return [body]
