"""AWS error shapes for the JSON-protocol services the gateway answers itself."""

from __future__ import annotations

from typing import Any


class AwsError(Exception):
    """An error answered as AWS does: `{"__type": code, "message": ...}` with an HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400, **extra: object):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.extra = extra

    def body(self) -> dict:
        return {"__type": self.code, "message": self.message, "Message": self.message, **self.extra}


def entity_not_found(message: str) -> AwsError:
    return AwsError("EntityNotFoundException", message)


def invalid_input(message: str) -> AwsError:
    return AwsError("InvalidInputException", message)


def invalid_request(message: str) -> AwsError:
    """Athena's client error for a request it refuses."""
    return AwsError("InvalidRequestException", message)


def required(params: dict[str, Any], member: str) -> Any:
    """The request's `member`, or Glue's refusal when it is missing or empty."""
    value = params.get(member)
    if not value:
        raise invalid_input(f"{member} should not be null or empty")
    return value
