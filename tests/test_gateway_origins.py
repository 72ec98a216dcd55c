"""Browser origins (origins.OriginPolicy): refused unless allowed, CORS answers only for those allowed."""

from __future__ import annotations

import pytest

from localglue.gateway.origins import OriginPolicy, normalize_origin


def test_a_request_without_origin_is_served():
    assert OriginPolicy().refusal({}) is None
    assert OriginPolicy().refusal({"HTTP_SEC_FETCH_SITE": "same-origin"}) is None
    assert OriginPolicy().refusal({"HTTP_SEC_FETCH_SITE": "none"}) is None


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:4566", "not a url"])
def test_any_origin_not_allowed_is_refused_naming_the_option(origin):
    refusal = OriginPolicy(["https://app.example"]).refusal({"HTTP_ORIGIN": origin})

    assert refusal is not None and refusal.status == 403
    assert f"--cors-origin {origin}" in refusal.message


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_browser_request_for_another_site_without_origin_is_refused(site):
    assert OriginPolicy().refusal({"HTTP_SEC_FETCH_SITE": site}).status == 403


def test_an_allowed_origin_is_matched_as_browsers_send_it():
    policy = OriginPolicy(["HTTPS://App.Example/"])
    assert policy.refusal({"HTTP_ORIGIN": "https://app.example"}) is None
    assert policy.refusal({"HTTP_ORIGIN": "https://app.example:8443"}) is not None
    assert policy.refusal({"HTTP_ORIGIN": "http://app.example"}) is not None


@pytest.mark.parametrize(
    "text", ["app.example", "ftp://app.example", "https://app.example/path", "https://u@app.example"]
)
def test_a_malformed_cors_origin_is_refused(text):
    with pytest.raises(ValueError, match="--cors-origin"):
        normalize_origin(text)


def test_preflight_answer_for_an_allowed_origin():
    environ = {
        "REQUEST_METHOD": "OPTIONS",
        "HTTP_ORIGIN": "https://app.example",
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PUT",
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "authorization,x-amz-date",
    }
    seen = {}
    policy = OriginPolicy(["https://app.example"])
    assert policy.is_preflight(environ)
    policy.preflight(environ, lambda status, headers: seen.update(status=status, headers=dict(headers)))

    assert seen["status"] == "200 OK"
    assert seen["headers"]["Access-Control-Allow-Origin"] == "https://app.example"
    assert seen["headers"]["Access-Control-Allow-Headers"] == "authorization,x-amz-date"
    assert seen["headers"]["Vary"] == "Origin"


def test_answers_lose_motos_cors_headers_and_gain_ours_for_an_allowed_origin():
    moto_headers = [
        ("Content-Type", "application/xml"),
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "DELETE, GET"),
        ("Vary", "Origin"),
        ("Vary", "Accept-Encoding"),
    ]
    for origin, expected in ((None, None), ("https://app.example", "https://app.example")):
        seen = {}
        environ = {"HTTP_ORIGIN": origin} if origin else {}
        wrapped = OriginPolicy(["https://app.example"]).wrap(
            environ, lambda s, h, e=None: seen.update(headers=h)
        )
        wrapped("200 OK", list(moto_headers))

        names = [name for name, _ in seen["headers"]]
        assert "Access-Control-Allow-Methods" not in names
        assert ("Vary", "Accept-Encoding") in seen["headers"]
        assert dict(seen["headers"]).get("Access-Control-Allow-Origin") == expected
