"""The container path cannot run here (no Docker engine): check what can be checked without one."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from localglue.cli import build_parser
from localglue.gateway.hosts import HostPolicy

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "docker" / "Dockerfile").read_text()


def cli_commands() -> set[str]:
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    return set(subparsers.choices)


def test_build_context_and_dockerfile_exist():
    build = COMPOSE["services"]["localglue"]["build"]
    context = ROOT / build["context"]
    assert context.is_dir()
    assert (context / build["dockerfile"]).is_file()


def test_services_depend_on_services_that_exist_and_share_the_built_image():
    services = COMPOSE["services"]
    built_image = services["localglue"]["image"]
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown service {dependency}"
        assert service["image"] == built_image, f"{name} runs an image nobody builds"


def test_published_port_is_loopback_only_and_matches_the_gateway():
    ports = COMPOSE["services"]["localglue"]["ports"]
    assert ports == ["127.0.0.1:4566:4566"]
    assert "EXPOSE 4566" in DOCKERFILE


def test_commands_name_real_cli_subcommands():
    commands = cli_commands()
    pipeline = COMPOSE["services"]["pipeline"]
    assert pipeline["command"][0] in commands
    cmd = re.search(r'^CMD \["(\w+)"', DOCKERFILE, re.MULTILINE)
    assert cmd and cmd.group(1) in commands


def test_dockerfile_copies_nothing_the_repo_lacks():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".localglue" in ignored
    assert (ROOT / "Makefile").is_file()  # `make setup` runs inside the image


def test_the_gateway_serves_the_names_the_other_containers_use():
    """The pipeline's endpoint and the healthcheck's are Hosts the gateway's own command serves."""
    localglue = COMPOSE["services"]["localglue"]
    args = build_parser().parse_args(localglue["command"])
    policy = HostPolicy(args.allow_host)
    endpoints = [
        COMPOSE["services"]["pipeline"]["environment"]["LOCALGLUE_ENDPOINT"],
        next(word for word in localglue["healthcheck"]["test"] if word.startswith("http")),
    ]
    for endpoint in endpoints:
        environ = {
            "HTTP_HOST": urlsplit(endpoint).netloc,
            "SERVER_NAME": args.host,
            "SERVER_PORT": str(args.port),
        }
        assert policy.refusal(environ) is None, endpoint
    refused = {"HTTP_HOST": "rebound.example:4566", "SERVER_NAME": args.host, "SERVER_PORT": str(args.port)}
    assert policy.refusal(refused) is not None
