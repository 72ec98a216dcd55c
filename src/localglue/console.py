"""What a person sees from the `localglue` command: results on stdout, progress and errors on stderr.

Colours and live progress only on a terminal (rich decides; `NO_COLOR` is honoured); elsewhere plain
lines, one per step, that read well in a CI log. `--output json` prints a command's result as one JSON
document for scripts. Every command fails the same way: a `CommandError` is one line on stderr and its
exit code (2: the gateway is not there or the command was misused; 1: what was asked did not succeed).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

_PLAN = re.compile(r"^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy")
_RESOURCE_DONE = re.compile(r"^(\S+): (Creation|Modifications|Destruction) complete after (\S+)")
_RESOURCE_STARTED = re.compile(r"^(\S+): (Creating|Modifying|Destroying)\.\.\.")


class CommandError(Exception):
    """What went wrong, in one line for the person who typed the command, and the exit code."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class GatewayUnreachable(CommandError):
    def __init__(self, url: str, reason: object):
        super().__init__(
            f"no localglue at {url} ({reason}): start one with `localglue start`, "
            "or point --endpoint-url / LOCALGLUE_ENDPOINT at yours",
            exit_code=2,
        )


def add_output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or one JSON document for scripts",
    )


def print_json(data: Any) -> None:
    """One JSON document on stdout; datetimes as ISO 8601."""
    print(json.dumps(data, indent=2, default=lambda value: value.isoformat()))


def line(text: str, *, style: str | None = None) -> None:
    """A progress line on stderr, styled on a terminal only."""
    err.print(text, style=style, markup=False)


@contextmanager
def terraform_progress(title: str) -> Iterator[Callable[[str], None]]:
    """A callback for Terraform's output lines: a bar of resources done out of planned on a terminal, a
    line per resource done elsewhere."""
    if not err.is_terminal:

        def plain(text: str) -> None:
            if _PLAN.match(text) or _RESOURCE_DONE.match(text):
                line(f"  {text}")

        yield plain
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(title, total=None, current="planning")

        def live(text: str) -> None:
            if plan := _PLAN.match(text):
                progress.update(task, total=sum(int(count) for count in plan.groups()), current="")
            elif started := _RESOURCE_STARTED.match(text):
                progress.update(task, current=started.group(1))
            elif _RESOURCE_DONE.match(text):
                progress.advance(task)

        yield live


class RunWatch:
    """While a job runs: its elapsed time and last log line, refreshed in place on a terminal (and
    printed when the line changes, at most every few seconds, elsewhere). Shown from creation to `stop`."""

    PLAIN_INTERVAL_SECONDS = 10.0

    def __init__(self, label: str):
        self.label = label
        self.started = time.monotonic()
        self._status = err.status(label) if err.is_terminal else None
        self._last_plain = 0.0
        self._last_line = ""
        if self._status is not None:
            self._status.start()

    def update(self, last_log_line: str) -> None:
        elapsed = int(time.monotonic() - self.started)
        shown = last_log_line.strip().splitlines()[-1][:160] if last_log_line.strip() else ""
        text = f"{self.label} {elapsed // 60}m{elapsed % 60:02d}s" + (f"  {shown}" if shown else "")
        if self._status is not None:
            self._status.update(text)
        elif shown != self._last_line and time.monotonic() - self._last_plain >= self.PLAIN_INTERVAL_SECONDS:
            line(f"  {text}")
            self._last_plain, self._last_line = time.monotonic(), shown

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
