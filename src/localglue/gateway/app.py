"""One WSGI application for every client: localglue's handlers first, moto for the rest."""

from __future__ import annotations

import json
import logging
import os
import traceback
from typing import TYPE_CHECKING, Any

from moto.core.exceptions import JsonRESTError

from . import iam, patches, registry
from .context import RequestContext
from .errors import AwsError
from .lifecycle import serving
from .moto_bridge import moto_app
from .protocols import REST_XML, json_response, protocol_of

if TYPE_CHECKING:
    from ..runtime import Runtime

log = logging.getLogger("localglue.gateway")

HEALTH_PATH = "/_localglue/health"
# Served on the one endpoint, listed by the health check and kept by `--persist`.
SERVICES = ("s3", "iam", "sts", "glue", "athena", "logs", "events", "kms", "sns", "sqs", "cloudwatch")


class Gateway:
    """Dispatches JSON-protocol actions to registered handlers; passes everything else to moto.

    It answers requests the front door (frontdoor.FrontDoor) has admitted."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def __call__(self, environ: dict[str, Any], start_response):
        with serving(self.runtime):  # moto's hooks find this gateway's engines
            if environ.get("PATH_INFO") == HEALTH_PATH:
                return self._health(start_response)
            return self._dispatch(environ, start_response)

    def _dispatch(self, environ: dict[str, Any], start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        prefix, _, action_name = target.partition(".")
        service = registry.TARGET_PREFIXES.get(prefix)
        handler = registry.handler_for(service, action_name) if service else None
        if service is None or handler is None:
            if protocol_of(environ) == REST_XML:
                self.runtime.s3_usage.record(environ)
            return moto_app()(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        ctx = RequestContext.from_environ(environ, service, action_name, body, self.runtime)
        content_type = environ.get("CONTENT_TYPE") or "application/x-amz-json-1.1"
        try:
            params = json.loads(body) if body.strip() else {}
            if self.runtime.enforce_iam:
                iam.authorize(ctx, params)
            return json_response(start_response, 200, handler(ctx, params), content_type)
        except AwsError as err:
            return json_response(start_response, err.status, err.body(), content_type)
        except JsonRESTError as err:  # a moto backend call refused the request: answer as moto would
            error = AwsError(err.error_type, err.message, err.code)
            return json_response(start_response, error.status, error.body(), content_type)
        except Exception as err:  # a bug of ours must still answer in AWS's shape, and be logged
            log.error("%s.%s failed:\n%s", service, action_name, traceback.format_exc())
            return json_response(
                start_response,
                500,
                AwsError("InternalFailure", f"{type(err).__name__}: {err}").body(),
                content_type,
            )

    def _health(self, start_response):
        body = {
            "status": "running",
            "endpoint": self.runtime.endpoint_url,
            "services": {name: "available" for name in SERVICES},
            "engines": {engine.name: engine.describe() for engine in self.runtime.engines},
            "pid": os.getpid(),
            "persist_dir": str(self.runtime.persist_dir) if self.runtime.persist_dir else None,
            "executed_actions": registry.handled_actions(),
            "moto_patches": [declared.describe() for declared in patches.declared()],
            "s3_requests": self.runtime.s3_usage.counts(),
        }
        return json_response(start_response, 200, body, "application/json")
