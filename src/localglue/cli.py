"""`localglue`: a local AWS for Glue projects: serve it, point Terraform and tests at it, watch what runs."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import aws, daemon, demo, deploy, doctor, endpoint, status, terraform
from .report import command as report
from .athena import commands as athena_commands
from .console import CommandError, GatewayUnreachable, line
from .gateway_client import health
from .gateway import unimplemented
from .gateway.hosts import ALLOW_HOST_OPTION
from .gateway.origins import CORS_ORIGIN_OPTION
from .jobs import commands as job_commands
from .server import DEFAULT_HOST, DEFAULT_PORT, GatewayServer, load_providers
from .workflows import commands as workflow_commands


def package_version() -> str:
    try:
        return version("localglue")
    except PackageNotFoundError:
        return "unknown (not installed)"


def cmd_up(args: argparse.Namespace) -> int:
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.allow_remote:
        raise CommandError(
            f"refusing to bind {args.host}: localglue serves loopback only unless --allow-remote", 2
        )
    try:
        server = GatewayServer(
            args.host,
            args.port,
            persist_dir=args.persist,
            enforce_iam=args.enforce_iam,
            allowed_hosts=args.allow_host,
            cors_origins=args.cors_origin,
        )
    except ValueError as err:
        raise CommandError(str(err), 2) from err
    # werkzeug would print its own advice and exit; the option to change is --port
    if args.port and not daemon.port_is_free(args.host, args.port):
        raise daemon.busy_port_error(args.host, args.port)
    # Before anything can be reported ready: a stop asked for at any moment after is a clean stop.
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    server.start()
    print(f"{daemon.READY_PREFIX}{server.url}", flush=True)
    stopped.wait()
    url, work = server.url, server.runtime.running_work()
    server.stop()
    for item in [*work, f"the gateway at {url}"]:
        print(f"{daemon.STOPPED_PREFIX}{item}", flush=True)
    return 0


def cmd_operations(args: argparse.Namespace) -> int:
    load_providers()
    print(unimplemented.readme_section())
    return 0


def add_gateway_options(parser: argparse.ArgumentParser) -> None:
    """The options of a gateway, the same for `up` (foreground) and `start` (background)."""
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("LOCALGLUE_PORT", DEFAULT_PORT)),
        help="port (0 takes a free one; default $LOCALGLUE_PORT or %(default)s)",
    )
    parser.add_argument("--allow-remote", action="store_true", help="allow binding a non-loopback address")
    parser.add_argument(
        "--persist", type=Path, metavar="DIR", help="restore API state from DIR on start, save it on stop"
    )
    parser.add_argument(
        "--enforce-iam",
        action="store_true",
        help="authorize every request with IAM policies (administrator keys: see localglue.gateway.iam)",
    )
    parser.add_argument(
        ALLOW_HOST_OPTION,
        action="append",
        default=[],
        metavar="NAME[:PORT]",
        help="also serve requests whose Host is NAME (.NAME: and its subdomains; * any); repeatable. "
        "Served anyway: the bound address, localhost, *.localhost and loopback addresses, "
        "on the gateway's port",
    )
    parser.add_argument(
        CORS_ORIGIN_OPTION,
        action="append",
        default=[],
        metavar="ORIGIN",
        help="serve browser requests from this web page origin (e.g. https://app.example), with CORS "
        "headers; repeatable. Without it every request from a web page is refused",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="localglue", description=__doc__)
    parser.add_argument("--version", action="version", version=f"localglue {package_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser("up", help="serve the local AWS endpoint in the foreground until Ctrl-C")
    add_gateway_options(up)
    up.set_defaults(func=cmd_up)
    daemon.add_commands(commands, add_gateway_options)
    status.add_commands(commands)
    operations = commands.add_parser(
        "operations", help="list the operations of each served service that localglue answers (README's list)"
    )
    operations.set_defaults(func=cmd_operations)
    deploy.add_commands(commands)
    aws.add_commands(commands)
    demo.add_commands(commands)
    doctor.add_commands(commands)
    workflow_commands.add_commands(commands)
    athena_commands.add_commands(commands)
    job_commands.add_commands(commands)
    report.add_commands(commands)
    return parser


def _gateway_url(args: argparse.Namespace) -> str:
    return endpoint.endpoint_url(getattr(args, "endpoint_url", None))


def run_command(args: argparse.Namespace) -> int:
    """The command, with one way to fail for all of them: one line on stderr and an exit code."""
    from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

    words = [args.command, getattr(args, "trigger_command", None), getattr(args, "clock_command", None)]
    name = "localglue " + " ".join(word for word in words if word)
    try:
        if getattr(args, "needs_gateway", False):
            health(_gateway_url(args))
        return args.func(args)
    except KeyboardInterrupt:
        line(f"{name}: interrupted")
        return 130
    except terraform.TerraformInterrupted as err:
        line(f"{name}: interrupted: {err}")
        return 130
    except GatewayUnreachable as err:
        line(f"{name}: {err}", style="red")
        return err.exit_code
    except CommandError as err:
        line(f"{name}: {err}", style="red")
        return err.exit_code
    except terraform.TerraformError as err:
        line(f"{name}: {err}", style="red")
        return 1
    except (EndpointConnectionError, ConnectionClosedError) as err:
        url = err.kwargs.get("endpoint_url") or _gateway_url(args)
        line(f"{name}: {GatewayUnreachable(_base_url(url), 'connection refused')}", style="red")
        return 2
    except ClientError as err:
        error = err.response.get("Error", {})
        line(f"{name}: {error.get('Code', 'Error')}: {error.get('Message') or err}", style="red")
        return 1


def _base_url(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


TF_OWN_OPTIONS = ("--endpoint-url", "--workspace")


def terraform_arguments_apart(argv: list[str]) -> list[str]:
    """`tf`'s arguments after its own options belong to Terraform, `-chdir=DIR` and all: a `--` keeps
    argparse from reading them as options of localglue's."""
    command = next((number for number, word in enumerate(argv) if not word.startswith("-")), None)
    if command is None or argv[command] != "tf":
        return argv
    position = command + 1
    while position < len(argv) and argv[position].split("=", 1)[0] in TF_OWN_OPTIONS:
        position += 1 if "=" in argv[position] else 2
    if position < len(argv) and argv[position] != "--":
        return [*argv[:position], "--", *argv[position:]]
    return argv


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(terraform_arguments_apart(list(sys.argv[1:] if argv is None else argv)))
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    # One access-log line per request drowns what matters; -v brings them back.
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.WARNING)
    if threading.current_thread() is not threading.main_thread():
        return run_command(args)
    # SIGTERM (a service manager, a CI runner's cancel) stops a command as Ctrl-C does: what it started
    # is stopped, Terraform's override removed. `up` installs handlers of its own.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return run_command(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
