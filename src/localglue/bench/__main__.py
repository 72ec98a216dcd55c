"""Run every benchmark module of this package (or the ones named): each exposes `main()`."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import localglue.bench as package


def main(argv: list[str]) -> None:
    names = argv or sorted(
        m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")
    )
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"{package.__name__}.{name}").main([])


if __name__ == "__main__":
    main(sys.argv[1:])
