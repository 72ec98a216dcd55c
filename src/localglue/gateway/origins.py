"""Browser pages: no cross-site request is served unless its origin was allowed with `--cors-origin`.

AWS SDKs and the CLI send no `Origin`; browsers send one with every cross-origin request (and with POSTs)
and, with fetch metadata, `Sec-Fetch-Site` even where they send no `Origin` (a link, an image, a form).
A page from another site could otherwise upload a script, create a job and start a run on the user's
machine. So a request carrying an `Origin` not on the list, or that a browser marks as cross-site, is
refused before anything runs; moto's permissive CORS headers are removed from every answer, and an
allowed origin gets CORS headers of its own, preflights included
(https://fetch.spec.whatwg.org/#http-cors-protocol).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from .errors import AwsError
from .protocols import StartResponse

CORS_ORIGIN_OPTION = "--cors-origin"
_ALLOWED_METHODS = "GET, PUT, POST, DELETE, HEAD"
# What a browser client of AWS's APIs reads from an answer beyond the CORS-safelisted headers
_EXPOSED_HEADERS = (
    "ETag, x-amz-request-id, x-amz-id-2, x-amz-version-id, x-amz-delete-marker, "
    "x-amz-server-side-encryption, "
    "x-amzn-RequestId, x-amzn-ErrorType, Content-Length, Date"
)
_PREFLIGHT_MAX_AGE = "600"
_CROSS_SITE = ("cross-site", "same-site")


def normalize_origin(text: str) -> str:
    """`scheme://host[:port]` in lower case, as browsers send it; ValueError for anything else."""
    if text == "null":
        return text
    parts = urlsplit(text.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"{CORS_ORIGIN_OPTION} {text!r}: expected an origin such as https://app.example")
    if parts.query or parts.fragment or parts.username:
        raise ValueError(f"{CORS_ORIGIN_OPTION} {text!r}: an origin has no path, query or credentials")
    return f"{parts.scheme}://{parts.netloc}"


class OriginPolicy:
    def __init__(self, allowed: Sequence[str] = ()):
        self.allowed = frozenset(normalize_origin(text) for text in allowed)

    def _allowed_origin(self, environ: dict[str, Any]) -> str | None:
        origin = environ.get("HTTP_ORIGIN")
        if origin is None:
            return None
        try:
            normalized = normalize_origin(origin)
        except ValueError:
            return None
        return origin if normalized in self.allowed else None

    def refusal(self, environ: dict[str, Any]) -> AwsError | None:
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None:
            if self._allowed_origin(environ):
                return None
            return AwsError(
                "AccessDenied",
                f"localglue does not serve requests from the web page origin {origin!r}: a page of another "
                f"site could act on this machine. To allow a browser client of your own, start localglue "
                f"with `localglue up {CORS_ORIGIN_OPTION} {origin}`",
                403,
            )
        site = environ.get("HTTP_SEC_FETCH_SITE")
        if site in _CROSS_SITE:
            return AwsError(
                "AccessDenied",
                f"localglue does not serve requests a browser sends on behalf of another site "
                f"(Sec-Fetch-Site: {site}); allowed browser origins are given with {CORS_ORIGIN_OPTION}",
                403,
            )
        return None

    @staticmethod
    def is_preflight(environ: dict[str, Any]) -> bool:
        return (
            environ.get("REQUEST_METHOD") == "OPTIONS"
            and "HTTP_ORIGIN" in environ
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        )

    def preflight(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """The answer to a preflight of an allowed origin (`refusal` has refused the others)."""
        headers = [
            ("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]),
            ("Access-Control-Allow-Methods", _ALLOWED_METHODS),
            ("Access-Control-Max-Age", _PREFLIGHT_MAX_AGE),
            ("Vary", "Origin"),
            ("Content-Length", "0"),
        ]
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")
        if requested:
            headers.append(("Access-Control-Allow-Headers", requested))
        start_response("200 OK", headers)
        return [b""]

    def wrap(self, environ: dict[str, Any], start_response: StartResponse) -> StartResponse:
        """`start_response` with moto's CORS headers taken out and, for an allowed origin, ours put in."""
        origin = self._allowed_origin(environ)

        def cors_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(name, value) for name, value in headers if not _is_cors_header(name, value)]
            if origin:
                kept += [
                    ("Access-Control-Allow-Origin", origin),
                    ("Access-Control-Expose-Headers", _EXPOSED_HEADERS),
                    ("Vary", "Origin"),
                ]
            return start_response(status, kept, exc_info)

        return cors_start_response


def _is_cors_header(name: str, value: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("access-control-") or (lowered == "vary" and value.lower() == "origin")
