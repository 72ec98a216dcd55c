"""Which Host headers the gateway serves (hosts.HostPolicy), on requests as werkzeug describes them."""

from __future__ import annotations

import pytest

from localglue.gateway.hosts import HostPattern, HostPolicy, split_host


def environ(host: str | None, bound: str = "127.0.0.1", port: int = 4566) -> dict:
    values = {"SERVER_NAME": bound, "SERVER_PORT": str(port)}
    if host is not None:
        values["HTTP_HOST"] = host
    return values


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("localhost:4566", ("localhost", 4566)),
        ("LocalHost.:80", ("localhost", 80)),
        ("[::1]:4566", ("::1", 4566)),
        ("example.com", ("example.com", None)),
        ("a b:1", None),
        ("host:port", None),
        ("host:1234567", None),
        ("[::1", None),
        ("", None),
    ],
)
def test_split_host(header, expected):
    assert split_host(header) == expected


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:4566",
        "localhost:4566",
        "bucket.localhost:4566",
        "a.b.localhost:4566",
        "127.8.9.1:4566",
        "[::1]:4566",
    ],
)
def test_loopback_names_on_the_gateways_port_are_served(host):
    assert HostPolicy().refusal(environ(host)) is None


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:4566",  # DNS rebinding: the page's own name, resolved to 127.0.0.1
        "localhost.evil.example:4566",
        "localhost:8080",  # another port
        "localhost",  # port 80
        "10.0.0.5:4566",
        None,
        "bad host:4566",
    ],
)
def test_other_hosts_are_refused_with_a_403_naming_the_option(host):
    refusal = HostPolicy().refusal(environ(host))

    assert refusal is not None and (refusal.code, refusal.status) == ("AccessDenied", 403)
    assert "--allow-host" in refusal.message
    assert "127.0.0.1:4566, localhost:4566, *.localhost:4566" in refusal.message


def test_the_bound_address_is_served_and_a_wildcard_bind_serves_loopback_only():
    assert HostPolicy().refusal(environ("192.168.1.20:4566", bound="192.168.1.20")) is None
    assert HostPolicy().refusal(environ("192.168.1.20:4566", bound="0.0.0.0")) is not None
    assert HostPolicy().refusal(environ("127.0.0.1:4566", bound="0.0.0.0")) is None


@pytest.mark.parametrize(
    ("allowed", "host", "served"),
    [
        ("localglue", "localglue:4566", True),
        ("localglue", "localglue:5000", False),
        ("localglue:5000", "localglue:5000", True),
        ("LocalGlue", "localglue:4566", True),
        (".example.internal", "example.internal:4566", True),
        (".example.internal", "s3.example.internal:4566", True),
        (".example.internal", "example.internal.evil:4566", False),
        ("example.internal", "s3.example.internal:4566", False),
        ("*", "anything.at.all:1", True),
    ],
)
def test_allow_host_patterns(allowed, host, served):
    assert (HostPolicy([allowed]).refusal(environ(host)) is None) is served


@pytest.mark.parametrize("text", ["two words", "host:port", "", "a/b"])
def test_a_malformed_allow_host_is_refused_naming_it(text):
    with pytest.raises(ValueError, match="--allow-host"):
        HostPattern.parse(text)
