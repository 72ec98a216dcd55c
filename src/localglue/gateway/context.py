"""What a handler knows about the request it answers: who, where, and how to ask moto."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import get_account_id_from

from .errors import AwsError

_CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/")
DEFAULT_REGION = "us-east-1"


@dataclass
class RequestContext:
    account_id: str
    region: str
    service: str
    action: str
    endpoint_url: str
    environ: dict[str, Any] = field(repr=False, default_factory=dict)
    body: bytes = field(repr=False, default=b"")
    access_key_id: str = ""  # of the request's signature; "" when unsigned

    @classmethod
    def from_environ(cls, environ: dict[str, Any], service: str, action: str, body: bytes, endpoint_url: str):
        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        access_key, region = (match.group(1), match.group(2)) if match else ("", DEFAULT_REGION)
        account_id = environ.get("HTTP_X_MOTO_ACCOUNT_ID") or (
            get_account_id_from(access_key) if access_key else DEFAULT_ACCOUNT_ID
        )
        return cls(account_id, region, service, action, endpoint_url, environ, body, access_key)

    def backend(self, service: str | None = None) -> Any:
        """moto's backend object for this request's account and region."""
        return get_backend(service or self.service)[self.account_id][self.region]

    def forward(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Ask moto the same action (optionally with other parameters) and return its parsed answer.

        moto's errors come back as AwsError so a handler can let them propagate unchanged.
        """
        from . import iam
        from .app import moto_app

        body = self.body if params is None else json.dumps(params).encode()
        environ = dict(self.environ)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        if params is not None and iam.enforcement_enabled():
            environ["HTTP_AUTHORIZATION"] = iam.signed_for_body(self, environ, body)
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list, exc_info=None):
            captured["status"] = int(status.split()[0])

        chunks = moto_app()(environ, start_response)
        payload = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        try:
            data = json.loads(payload) if payload.strip() else {}
        except json.JSONDecodeError:  # an XML or plain-text refusal: keep its words
            data = {"message": payload.decode(errors="replace").strip()[:1000]}
        if captured["status"] >= 300:
            code = str(data.get("__type", "InternalFailure")).split("#")[-1]
            raise AwsError(code, data.get("message") or data.get("Message") or "", captured["status"])
        return data
