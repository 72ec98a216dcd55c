"""Every change localglue makes to moto's behaviour: declared in one place, checked, undoable, listed.

LocalStack's `utils/patch.py` is the model. A module declares a patch with the `patch` decorator at
import; nothing changes until the gateway starts and `apply_all` applies every declared patch (once per
process, however many gateways start; undone when the last one stops). Applying fails loudly, naming
the patch, when moto changed under it:

- the target attribute is missing (a moto rename), or, for a patch that adds what moto lacks
  (`adds=True`), is now present (moto grew it: the patch is obsolete);
- the original's parameters differ from the replacement's (the replacement receives the original
  first, then exactly the original's parameters), so a changed signature cannot go unnoticed;
- for a `setting` (a value of moto's, such as one of `moto.settings`), the original's type differs.

`declared()` lists them all for the health endpoint, so a moto upgrade shows at once what broke.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class PatchError(RuntimeError):
    """moto no longer has what a patch was written against."""


def _parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


@dataclass
class Patch:
    target: Any  # a class or module of moto
    name: str
    replacement: Any  # a function receiving the original first (None when the patch adds), or a value
    reason: str
    adds: bool = False
    original: Any = field(default=None, repr=False)
    applied: bool = False

    @property
    def qualified_name(self) -> str:
        owner = getattr(self.target, "__qualname__", getattr(self.target, "__name__", repr(self.target)))
        return f"{getattr(self.target, '__module__', '')}.{owner}.{self.name}".lstrip(".")

    def check(self) -> None:
        """Raise PatchError when the target is not what the replacement was written against."""
        # on a class, the attribute must be its own: moto moving it elsewhere is a change to look at
        present = (
            self.name in vars(self.target)
            if isinstance(self.target, type)
            else hasattr(self.target, self.name)
        )
        if self.adds:
            if present:
                raise PatchError(
                    f"{self.qualified_name} now exists in moto: the patch that adds it is obsolete"
                )
            return
        if not present:
            raise PatchError(f"{self.qualified_name} is gone from moto: the patch cannot apply")
        original = getattr(self.target, self.name)
        if not callable(self.replacement):
            if type(original) is not type(self.replacement):
                raise PatchError(
                    f"{self.qualified_name} is a {type(original).__name__} in this moto, but the patch sets a "
                    f"{type(self.replacement).__name__}"
                )
        elif callable(original):
            expected = _parameters(original)
            given = _parameters(self.replacement)[1:]
            if expected != given:
                raise PatchError(
                    f"{self.qualified_name} takes ({', '.join(expected)}) in this moto, but the patch was "
                    f"written for ({', '.join(given)})"
                )

    def apply(self) -> None:
        if self.applied:
            return
        self.check()
        self.original = None if self.adds else getattr(self.target, self.name)
        original, replacement = self.original, self.replacement
        if not callable(replacement):
            setattr(self.target, self.name, replacement)
            self.applied = True
            return

        @functools.wraps(replacement)
        def patched(*args: Any, **kwargs: Any) -> Any:
            return replacement(original, *args, **kwargs)

        setattr(self.target, self.name, patched)
        self.applied = True

    def undo(self) -> None:
        if not self.applied:
            return
        if self.adds:
            delattr(self.target, self.name)
        else:
            setattr(self.target, self.name, self.original)
        self.applied = False

    def describe(self) -> dict[str, str]:
        return {"target": self.qualified_name, "reason": self.reason, "applied": str(self.applied).lower()}


_declared: list[Patch] = []
_users = 0
_lock = threading.Lock()


def patch(target: Any, name: str | None = None, *, reason: str, adds: bool = False):
    """Declare `replacement(original, *args, **kwargs)` as the new `target.name` (the decorated function's
    name by default); it takes effect when a gateway starts."""

    def declare(replacement: Callable[..., Any]) -> Callable[..., Any]:
        _declared.append(Patch(target, name or replacement.__name__, replacement, reason, adds))
        return replacement

    return declare


def setting(target: Any, name: str, value: Any, *, reason: str) -> None:
    """Declare `value` as moto's `target.name` while a gateway runs (checked to be of the original's type)."""
    _declared.append(Patch(target, name, value, reason))


def declared() -> list[Patch]:
    return list(_declared)


def apply_all() -> None:
    """Apply every declared patch; all or none (a failing check undoes the ones applied)."""
    global _users
    with _lock:
        _users += 1
        if _users > 1:
            return
        try:
            for declared_patch in _declared:
                declared_patch.apply()
        except Exception:
            for declared_patch in reversed(_declared):
                declared_patch.undo()
            _users -= 1
            raise


def undo_all() -> None:
    """The last gateway to stop gives moto back its own behaviour."""
    global _users
    with _lock:
        if _users == 0:
            return
        _users -= 1
        if _users == 0:
            for declared_patch in reversed(_declared):
                declared_patch.undo()
