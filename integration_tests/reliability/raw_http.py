"""Requests as a careless client or an attacker sends them: raw HTTP, signed with SigV4 or not at all."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGION = "us-east-1"
TEST_KEYS = ("testing", "testing")
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)

    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


def send(
    url: str, method: str = "GET", path: str = "/", body: bytes = b"", headers: dict | None = None, timeout=15
) -> Answer:
    """One request on a new connection; `headers` may set Host (else the URL's host:port)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        headers = dict(headers or {})
        headers.setdefault("Host", parts.netloc)
        if body or method in ("POST", "PUT"):
            headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body or None)
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def signed_headers(
    url: str,
    service: str,
    method: str = "POST",
    path: str = "/",
    body: bytes = b"",
    headers: dict | None = None,
    keys: tuple[str, str] = TEST_KEYS,
) -> dict[str, str]:
    """`headers` with the SigV4 Authorization, X-Amz-Date (and payload hash) a client with `keys` sends."""
    request = AWSRequest(method=method, url=url.rstrip("/") + path, data=body, headers=dict(headers or {}))
    signer = SigV4Auth(Credentials(*keys), service, REGION)
    signer.add_auth(request)
    return dict(request.headers.items())


def json_call(
    url: str, service: str, target: str, body: bytes | str, keys: tuple[str, str] = TEST_KEYS, **extra
) -> Answer:
    """A signed JSON-protocol request (X-Amz-Target `target`) with `body` as given, valid or not."""
    data = body.encode() if isinstance(body, str) else body
    headers = {"X-Amz-Target": target, "Content-Type": JSON_CONTENT_TYPE, **extra}
    return send(url, "POST", "/", data, signed_headers(url, service, "POST", "/", data, headers, keys))


def error_code(answer: Answer) -> str:
    """The AWS error code of an answer, whatever its protocol."""
    if "json" in (answer.header("Content-Type") or ""):
        return str(answer.json().get("__type", "")).rpartition("#")[2]
    text = answer.body.decode(errors="replace")
    start = text.find("<Code>")
    return text[start + 6 : text.find("</Code>")] if start >= 0 else ""
