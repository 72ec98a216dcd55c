"""Glue's errors as the Hive metastore's Thrift exceptions, mapped as AWS's Glue catalog client maps them
(BaseCatalogToHiveConverter): EntityNotFoundException -> NoSuchObjectException, AlreadyExistsException ->
AlreadyExistsException, InvalidInputException -> InvalidObjectException, anything else -> MetaException.

A Thrift call can only answer the exceptions its IDL declares; one it does not declare reaches the client
as a MetaException with the same message (every call that touches the catalog declares MetaException).
"""

from __future__ import annotations

from thrift.Thrift import TApplicationException, TException

from hmsclient.genthrift.hive_metastore import ThriftHiveMetastore
from hmsclient.genthrift.hive_metastore.ttypes import (
    AlreadyExistsException,
    InvalidObjectException,
    MetaException,
    NoSuchObjectException,
)

_FROM_GLUE: dict[str, type[TException]] = {
    "EntityNotFoundException": NoSuchObjectException,
    "AlreadyExistsException": AlreadyExistsException,
    "InvalidInputException": InvalidObjectException,
}


def from_glue(code: str, message: str) -> TException:
    """The Hive exception for a Glue error code."""
    return _FROM_GLUE.get(code, MetaException)(message=message)


def unsupported(call: str) -> MetaException:
    return MetaException(
        message=f"{call} is not supported by localglue's Hive metastore over the Glue Data Catalog"
    )


def declared_exceptions(call: str) -> tuple[type[TException], ...]:
    """The exception types the IDL lets `call` answer (its result struct's fields after `success`)."""
    result = getattr(ThriftHiveMetastore, f"{call}_result", None)
    spec = getattr(result, "thrift_spec", None) or ()
    return tuple(field[3][0] for field in spec if field and field[2] != "success" and field[3])


def answerable(call: str, error: TException) -> TException:
    """`error` if `call` may answer it, else the same message in an exception the call declares."""
    declared = declared_exceptions(call)
    if isinstance(error, declared) or isinstance(error, TApplicationException):
        return error
    message = getattr(error, "message", None) or str(error)
    if MetaException in declared:
        return MetaException(message=message)
    return TApplicationException(TApplicationException.INTERNAL_ERROR, message)
