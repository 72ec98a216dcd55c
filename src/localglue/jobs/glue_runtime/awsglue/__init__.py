"""`awsglue` for local job runs: these modules first, then AWS's installed package."""

import sys
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

_here = Path(__file__).resolve().parent


def _installed_package() -> Path:
    # AWS's package has utils.py (getResolvedOptions); an overlay does not: another copy of this one (an
    # installed localglue beside a checkout's) must not stand in for AWS's
    for entry in sys.path:
        candidate = Path(entry or ".").resolve() / "awsglue"
        if candidate != _here and (candidate / "utils.py").is_file():
            return candidate
    raise ImportError("AWS's awsglue package (AWSGlueDataplanePython) is not installed")


_installed = _installed_package()
__path__.append(str(_installed))


def installed_path(*parts: str) -> Path:
    """A file or folder of AWS's installed package."""
    return _installed.joinpath(*parts)


def load_installed(module: str):
    """AWS's own version of a module this overlay replaces (`context`, `transforms.union`), loaded under a
    private name."""
    name = "awsglue._installed_" + module.replace(".", "_")
    if name not in sys.modules:
        loader = SourceFileLoader(name, str(installed_path(*module.split(".")).with_suffix(".py")))
        sys.modules[name] = module_from_spec(spec_from_loader(name, loader))
        loader.exec_module(sys.modules[name])
    return sys.modules[name]


from .dynamicframe import DynamicFrame  # noqa: E402  (as AWS's __init__ does)

__all__ = ["DynamicFrame"]
