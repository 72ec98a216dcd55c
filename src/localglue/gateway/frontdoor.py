"""What every request meets before a handler or moto answers it, and the last word when they fail.

In order: the Host and the browser origin (hosts.py, origins.py); a readable body of a size AWS takes
(limits.py); the signature (authentication.py); an action the service has and that something here
answers (unimplemented.py); a body that is the JSON object of the operation's model (validation.py), or
the XML document S3 expects (s3_bodies.py); `iam:PassRole` under `--enforce-iam` (passrole.py). Each
refusal is AWS's error in the request's protocol (protocols.py), and so are moto's own refusals where it
names them otherwise (moto_errors.py). What moto cannot answer is a 501, and any other failure an
AWS-shaped 500, never an HTML page or a dropped connection.
"""

from __future__ import annotations

import gzip
import io
import logging
import traceback
import zlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from . import authentication, iam, limits, moto_errors, passrole, s3_bodies, unimplemented, validation
from .context import RequestContext
from .errors import AwsError
from .hosts import HostPolicy
from .origins import OriginPolicy
from .protocols import JSON, REST_XML, Operation, StartResponse, error_response, operation_of, protocol_of

if TYPE_CHECKING:
    from .app import Gateway

log = logging.getLogger("localglue.gateway")

WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class FrontDoor:
    """WSGI middleware in front of the gateway's application (`app`), with its host and origin policies."""

    def __init__(self, app: Gateway, hosts: HostPolicy, origins: OriginPolicy, health_path: str):
        self.app = app
        self.hosts = hosts
        self.origins = origins
        self.health_path = health_path

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        with iam.enforced(self.app.runtime.enforce_iam):
            return self._answer(environ, start_response)

    def _answer(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        operation = Operation("", protocol_of(environ))
        refusal = self.hosts.refusal(environ) or self.origins.refusal(environ)
        if refusal is not None:
            return error_response(environ, operation, refusal, start_response)
        if self.origins.is_preflight(environ):
            return self.origins.preflight(environ, start_response)
        start_response = self.origins.wrap(environ, start_response)
        if environ.get("PATH_INFO") == self.health_path:
            return self.app(environ, start_response)
        try:
            operation = self._admit(environ, operation.protocol)
            return moto_errors.answer(self.app, environ, operation, start_response)
        except AwsError as err:
            return error_response(environ, operation, err, start_response)
        except NotImplementedError:  # moto's answer for what it lacks, S3's included
            described = operation.action or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
            error = unimplemented.not_implemented(operation.service or "moto", described)
            return error_response(environ, operation, error, start_response)
        except Exception as err:  # a failure of ours or moto's: logged, and still answered in AWS's shape
            log.error("%s %s failed:\n%s", operation.service, operation.action, traceback.format_exc())
            code = "InternalError" if operation.protocol == REST_XML else "InternalFailure"
            return error_response(
                environ, operation, AwsError(code, f"{type(err).__name__}: {err}", 500), start_response
            )

    def _admit(self, environ: dict[str, Any], protocol: str) -> Operation:
        """The request's operation once every check passed; the check's AwsError otherwise."""
        enforcing = self.app.runtime.enforce_iam
        declared = limits.content_length(environ, protocol)
        if protocol == REST_XML:
            operation = Operation("s3", REST_XML)
            authentication.check(environ, operation, b"", enforcing)
            unimplemented.check_s3(environ)
            documents = s3_bodies.expected_documents(environ)
            if documents is None:
                limits.check_object_size(declared)
            else:
                body = _replace_body(environ, limits.read_body(environ, protocol, declared))
                s3_bodies.check(body, documents)
            return operation
        body = _replace_body(environ, limits.read_body(environ, protocol, declared))
        operation = operation_of(environ, body)
        authentication.check(environ, operation, body, enforcing)
        unimplemented.check(operation)
        if operation.protocol == JSON and operation.service:
            params = validation.parse_body(_decoded(environ, body))
            if operation.service in unimplemented.LISTED_SERVICES:
                validation.check(operation.service, operation.action, params)
            if enforcing:
                ctx = RequestContext.from_environ(
                    environ, operation.service, operation.action, body, self.app.runtime
                )
                passrole.check(ctx, params)
        return operation


def _replace_body(environ: dict[str, Any], body: bytes) -> bytes:
    """Put the body read back, for whoever answers the request."""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _decoded(environ: dict[str, Any], body: bytes) -> bytes:
    """The body as the client wrote it, before the `Content-Encoding: gzip` some SDKs apply."""
    if environ.get("HTTP_CONTENT_ENCODING", "").strip().lower() != "gzip":
        return body
    try:
        return gzip.decompress(body)
    except (OSError, EOFError, zlib.error) as err:
        raise AwsError(
            "MalformedHttpRequestException", f"The gzip request body cannot be read: {err}"
        ) from None
