"""terraform/ against a gateway of this process: init, clean apply, no-change plan, destroy, in seconds.

Most of each figure is the aws provider (a ~700 MB binary) starting and refreshing every resource;
ARCHITECTURE.md measured ~24 s apply, ~18 s plan, ~28 s destroy against plain moto on this machine.
`python -m localglue.bench.terraform --rounds 1` (the default)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ..server import GatewayServer
from ..terraform import Workspace

STEPS = ("init", "apply", "no-change plan", "destroy")


def one_round(endpoint_url: str, folder: Path) -> dict[str, float]:
    workspace = Workspace(endpoint_url, root=folder)
    timings: dict[str, float] = {}

    def timed(step: str, action) -> None:
        started = time.perf_counter()
        action()
        timings[step] = time.perf_counter() - started

    timed("init", lambda: workspace.init(capture=True))
    timed("apply", lambda: workspace.apply(capture=True))
    plan_exit_codes: list[int] = []
    timed("no-change plan", lambda: plan_exit_codes.append(workspace.plan().returncode))
    if plan_exit_codes != [0]:
        raise RuntimeError("the plan after a clean apply is not empty: the bench measures nothing useful")
    timed("destroy", lambda: workspace.destroy(capture=True))
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv if argv is not None else [])
    rounds: list[dict[str, float]] = []
    with GatewayServer(port=0) as gateway, tempfile.TemporaryDirectory(prefix="localglue-tf-bench-") as tmp:
        for index in range(args.rounds):
            rounds.append(one_round(gateway.url, Path(tmp) / f"round{index}"))
    print(f"terraform/ on localglue, {args.rounds} round(s), median seconds:")
    for step in STEPS:
        values = [timings[step] for timings in rounds]
        print(
            f"  {step:15} {statistics.median(values):6.1f}   (min {min(values):.1f}, max {max(values):.1f})"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
