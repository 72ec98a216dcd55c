"""What a handler knows about the request it answers: who, where, and which gateway's engines serve it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import get_account_id_from

from . import moto_bridge

if TYPE_CHECKING:
    from ..runtime import Runtime

_CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/")
DEFAULT_REGION = "us-east-1"


@dataclass
class RequestContext:
    account_id: str
    region: str
    service: str
    action: str
    runtime: Runtime = field(repr=False)
    environ: dict[str, Any] = field(repr=False, default_factory=dict)
    body: bytes = field(repr=False, default=b"")
    access_key_id: str = ""  # of the request's signature; "" when unsigned

    @classmethod
    def from_environ(
        cls, environ: dict[str, Any], service: str, action: str, body: bytes, runtime: Runtime
    ) -> RequestContext:
        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        access_key, region = (match.group(1), match.group(2)) if match else ("", DEFAULT_REGION)
        account_id = environ.get("HTTP_X_MOTO_ACCOUNT_ID") or (
            get_account_id_from(access_key) if access_key else DEFAULT_ACCOUNT_ID
        )
        return cls(account_id, region, service, action, runtime, environ, body, access_key)

    @property
    def endpoint_url(self) -> str:
        return self.runtime.endpoint_url

    def backend(self, service: str | None = None) -> Any:
        """moto's backend object for this request's account and region."""
        return moto_bridge.backends_of(service or self.service)[self.account_id][self.region]

    def forward(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """moto's answer to this request (see `moto_bridge.forward`)."""
        return moto_bridge.forward(self, params)
