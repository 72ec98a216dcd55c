"""Guarded patches: applied only when a gateway starts, once however many start, undone by the last to
stop, and refused loudly when their target changed."""

from __future__ import annotations

import pytest

from localglue.gateway import patches
from localglue.gateway.patches import Patch, PatchError


class Target:
    LIMIT = 10.0

    def greet(self, name: str) -> str:
        return f"hello {name}"


def shout(original, self, name: str) -> str:
    return original(self, name).upper()


def test_a_patch_wraps_the_original_and_undo_restores_it():
    declared = Patch(Target, "greet", shout, reason="test")
    original = Target.greet
    declared.apply()
    assert Target().greet("moto") == "HELLO MOTO"
    declared.undo()
    assert Target.greet is original and Target().greet("moto") == "hello moto"


def test_a_missing_target_fails_loudly():
    with pytest.raises(PatchError, match="is gone from moto"):
        Patch(Target, "wave", shout, reason="test").apply()


def test_a_changed_signature_fails_loudly():
    def written_for_another_moto(original, self, name: str, loud: bool) -> str:
        return original(self, name)

    with pytest.raises(PatchError, match=r"takes \(self, name\)"):
        Patch(Target, "greet", written_for_another_moto, reason="test").apply()


def test_a_setting_is_set_and_undone_and_refused_when_its_type_changed():
    declared = Patch(Target, "LIMIT", 0.0, reason="test")
    declared.apply()
    assert Target.LIMIT == 0.0
    declared.undo()
    assert Target.LIMIT == 10.0
    with pytest.raises(PatchError, match="is a float in this moto, but the patch sets a str"):
        Patch(Target, "LIMIT", "0", reason="test").apply()


def test_adding_what_moto_grew_meanwhile_fails_loudly():
    def greet(original, self, name: str) -> str:
        return name

    with pytest.raises(PatchError, match="patch that adds it is obsolete"):
        Patch(Target, "greet", greet, reason="test", adds=True).apply()


def test_patches_apply_once_for_many_gateways_and_stay_until_the_last_stops(monkeypatch):
    declared = Patch(Target, "greet", shout, reason="test")
    monkeypatch.setattr(patches, "_declared", [declared])
    monkeypatch.setattr(patches, "_users", 0)
    original = Target.greet
    patches.apply_all()
    patched = Target.greet
    patches.apply_all()  # a second gateway: not wrapped twice
    assert Target.greet is patched and Target().greet("x") == "HELLO X"
    patches.undo_all()
    assert Target.greet is patched  # one gateway still serves
    patches.undo_all()
    assert Target.greet is original


def test_a_failing_patch_leaves_none_applied(monkeypatch):
    good = Patch(Target, "greet", shout, reason="test")
    bad = Patch(Target, "missing", shout, reason="test")
    monkeypatch.setattr(patches, "_declared", [good, bad])
    monkeypatch.setattr(patches, "_users", 0)
    original = Target.greet
    with pytest.raises(PatchError):
        patches.apply_all()
    assert Target.greet is original and patches._users == 0


def test_every_declared_moto_patch_applies_to_the_installed_moto():
    from localglue import server

    server.load_providers()
    checked = patches.declared()
    assert len(checked) >= 7
    for declared in checked:
        declared.check()  # raises PatchError naming the patch if moto changed under it


def test_gateways_starting_at_once_apply_each_patch_once(monkeypatch):
    import threading

    declared = Patch(Target, "greet", shout, reason="test")
    monkeypatch.setattr(patches, "_declared", [declared])
    monkeypatch.setattr(patches, "_users", 0)
    original = Target.greet
    go = threading.Barrier(8)

    def start() -> None:
        go.wait()
        patches.apply_all()

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert declared.original is original  # wrapping moto's own, never a patch of a patch
    for _ in threads:
        patches.undo_all()
    assert Target.greet is original
