"""Run every benchmark module of this package (or the ones named): each exposes `main()`. Those that
take `results` add their figures to it; the run's figures are written to bench/results/ at the end."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import sys

import localglue.bench as package

from .results import Results

HELPERS = ("results",)


def main(argv: list[str]) -> None:
    names = argv or sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if not m.name.startswith("_") and m.name not in HELPERS
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the figures
    results = Results()
    for name in names:
        print(f"== {name}", flush=True)
        run = importlib.import_module(f"{package.__name__}.{name}").main
        if "results" in inspect.signature(run).parameters:
            run([], results)
        else:
            run([])
    if results.figures:
        for path in results.write():
            print(f"written: {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
