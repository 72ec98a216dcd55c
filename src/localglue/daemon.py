"""`localglue start | stop | wait`: a gateway in the background, as `localstack start -d` runs one.

`start` runs `localglue up` detached (its own session, output to a log file), waits until it answers its
health check, records it (pid, port, URL, log, persist dir) in `paths.run_dir()` and prints the endpoint
with `export` lines to paste (or `eval "$(localglue start)"`). `stop` sends that process SIGTERM, which
stops it as Ctrl-C does (job runs and their Spark processes, Trino, then the state saved), and shows what
it stopped.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from . import endpoint, paths
from .console import CommandError, GatewayUnreachable, add_output_option, line, print_json
from .gateway_client import health
from .records import Record, alive, record_for, records

READY_PREFIX = "localglue ready at "
STOPPED_PREFIX = "stopped "
STOP_PATIENCE_SECONDS = 60.0


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def busy_port_error(host: str, port: int) -> CommandError:
    return CommandError(
        f"port {port} on {host} is already in use: choose another with --port (--port 0 takes a free one)",
        exit_code=2,
    )


def up_arguments(args: argparse.Namespace) -> list[str]:
    """The `localglue up` options that `start` was given."""
    argv = ["--host", args.host, "--port", str(args.port)]
    if args.allow_remote:
        argv.append("--allow-remote")
    if args.persist is not None:
        argv += ["--persist", str(Path(args.persist).resolve())]
    if args.enforce_iam:
        argv.append("--enforce-iam")
    for name in args.allow_host:
        argv += ["--allow-host", name]
    for origin in args.cors_origin:
        argv += ["--cors-origin", origin]
    return argv


def _log_tail(log: Path, lines: int = 8) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def export_lines(url: str) -> list[str]:
    return [
        f"export AWS_ENDPOINT_URL={url}",
        f"export LOCALGLUE_ENDPOINT={url}",
        f"export AWS_ACCESS_KEY_ID={endpoint.LOCAL_CREDENTIALS['AWS_ACCESS_KEY_ID']}",
        f"export AWS_SECRET_ACCESS_KEY={endpoint.LOCAL_CREDENTIALS['AWS_SECRET_ACCESS_KEY']}",
        f"export AWS_DEFAULT_REGION={endpoint.DEFAULT_REGION}",
    ]


def start(args: argparse.Namespace) -> Record:
    """Start `localglue up` in the background and return its record once it answers."""
    if args.port and not port_is_free(args.host, args.port):
        raise busy_port_error(args.host, args.port)
    log = paths.run_dir() / f"gateway-{args.port or 'new'}-{os.getpid()}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "localglue", "up", *up_arguments(args)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in this terminal later must not reach it
        )
    deadline = time.monotonic() + args.timeout
    url = None
    while url is None:
        for text in log.read_text(errors="replace").splitlines():
            if text.startswith(READY_PREFIX):
                url = text.removeprefix(READY_PREFIX).strip()
        if url is not None:
            break
        if process.poll() is not None:
            raise CommandError(
                f"localglue up exited with {process.returncode} before it was ready; its log {log}:\n"
                + _log_tail(log),
                exit_code=1,
            )
        if time.monotonic() > deadline:
            _stop_process(process.pid)
            raise CommandError(f"localglue was not ready after {args.timeout:g} s (stopped it); log {log}")
        time.sleep(0.1)
    port = int(url.rsplit(":", 1)[-1])
    final_log = paths.run_dir() / f"gateway-{port}.log"
    os.replace(log, final_log)  # the open file follows the rename
    record = Record(
        pid=process.pid,
        port=port,
        url=url,
        log=str(final_log),
        persist_dir=str(Path(args.persist).resolve()) if args.persist is not None else None,
        started=time.time(),
    )
    record.save()
    return record


def _stop_process(pid: int) -> bool:
    """SIGTERM, then SIGKILL to its whole session after STOP_PATIENCE_SECONDS; True if it had to be killed."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + STOP_PATIENCE_SECONDS
    while alive(pid):
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            return True
        time.sleep(0.1)
    return False


def stopped_lines(log: Path, since: int) -> list[str]:
    """What the gateway said it stopped, from its log after `since` bytes."""
    try:
        with log.open(errors="replace") as text:
            text.seek(since)
            return [entry.strip() for entry in text if entry.startswith(STOPPED_PREFIX)]
    except OSError:
        return []


def cmd_start(args: argparse.Namespace) -> int:
    url = f"http://{args.host}:{args.port}" if args.port else None
    if url is not None:
        try:
            health(url, timeout=2)
        except GatewayUnreachable:
            pass
        else:
            record = record_for(url)
            line(f"localglue is already running at {url}" + (f" (pid {record.pid})" if record else ""))
            print("\n".join(export_lines(url)))
            return 0
    record = start(args)
    if args.output == "json":
        print_json(
            {
                **asdict(record),
                "environment": dict(
                    e.removeprefix("export ").split("=", 1) for e in export_lines(record.url)
                ),
            }
        )
        return 0
    line(
        f"localglue running at {record.url} (pid {record.pid}; log {record.log}). Stop it with `localglue stop`."
    )
    line('Point your tools at it (or run: eval "$(localglue start)"):')
    print("\n".join(export_lines(record.url)))
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    url = endpoint.endpoint_url(args.endpoint_url) if args.endpoint_url or len(records()) != 1 else None
    record = record_for(url)
    if record is None:
        where = url or endpoint.endpoint_url(None)
        raise CommandError(
            f"no background localglue at {where} to stop (`localglue start` records the ones it starts)", 2
        )
    since = Path(record.log).stat().st_size if Path(record.log).exists() else 0
    killed = _stop_process(record.pid)
    record.path.unlink(missing_ok=True)
    for entry in stopped_lines(Path(record.log), since):
        line(f"  {entry}")
    how = "killed after it did not stop within 60 s" if killed else "stopped"
    line(f"localglue at {record.url} {how} (pid {record.pid})")
    return 0


def cmd_wait(args: argparse.Namespace) -> int:
    url = endpoint.endpoint_url(args.endpoint_url)
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            health(url, timeout=2)
        except GatewayUnreachable as err:
            if time.monotonic() > deadline:
                raise CommandError(f"still {err} after {args.timeout:g} s", exit_code=2) from None
            time.sleep(0.2)
            continue
        line(f"localglue is up at {url}")
        return 0


def add_commands(
    commands: argparse._SubParsersAction, add_gateway_options: Callable[[argparse.ArgumentParser], None]
) -> None:
    start_parser = commands.add_parser(
        "start", help="start localglue in the background, wait until it is ready, print export lines"
    )
    add_gateway_options(start_parser)
    start_parser.add_argument(
        "--timeout", type=float, default=120, help="seconds to wait until ready (default %(default)s)"
    )
    add_output_option(start_parser)
    start_parser.set_defaults(func=cmd_start)

    stop_parser = commands.add_parser("stop", help="stop the localglue that `localglue start` started")
    stop_parser.add_argument(
        "--endpoint-url", default=None, help="which one, when several run (default: the only one)"
    )
    stop_parser.set_defaults(func=cmd_stop)

    wait_parser = commands.add_parser("wait", help="wait until localglue answers (exit 2 after --timeout)")
    endpoint.add_endpoint_option(wait_parser)
    wait_parser.add_argument(
        "--timeout", type=float, default=60, help="seconds to wait (default %(default)s)"
    )
    wait_parser.set_defaults(func=cmd_wait)
