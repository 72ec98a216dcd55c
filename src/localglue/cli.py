"""`localglue`: run the local AWS and drive the pipeline from a terminal."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from . import aws, demo, deploy, doctor
from .athena import commands as athena_commands
from .server import DEFAULT_HOST, DEFAULT_PORT, GatewayServer
from .jobs import commands as job_commands
from .workflows import commands as workflow_commands


def cmd_up(args: argparse.Namespace) -> int:
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.allow_remote:
        print(
            f"refusing to bind {args.host}: localglue serves loopback only unless --allow-remote",
            file=sys.stderr,
        )
        return 2
    # Before anything can be reported ready: a stop asked for at any moment after is a clean stop.
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    server = GatewayServer(
        args.host, args.port, persist_dir=args.persist, enforce_iam=args.enforce_iam
    ).start()
    print(f"localglue ready at {server.url}", flush=True)
    stopped.wait()
    server.stop()
    print("localglue stopped", flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="localglue", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="serve the local AWS endpoint until interrupted")
    up.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)")
    up.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (0 takes a free one; default %(default)s)"
    )
    up.add_argument("--allow-remote", action="store_true", help="allow binding a non-loopback address")
    up.add_argument(
        "--persist", type=Path, metavar="DIR", help="restore API state from DIR on start, save it on stop"
    )
    up.add_argument(
        "--enforce-iam",
        action="store_true",
        help="authorize every request with IAM policies (administrator keys: see localglue.gateway.iam)",
    )
    up.set_defaults(func=cmd_up)
    deploy.add_commands(commands)
    aws.add_commands(commands)
    demo.add_commands(commands)
    doctor.add_commands(commands)
    workflow_commands.add_commands(commands)
    athena_commands.add_commands(commands)
    job_commands.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    # One access-log line per request drowns what matters; -v brings them back.
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.WARNING)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
