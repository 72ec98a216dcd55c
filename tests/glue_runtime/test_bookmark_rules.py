"""Glue's job bookmark rules for S3 sources: the high-water mark, the band before it, files changed again."""

from __future__ import annotations

import json

from localglue.jobs.glue_runtime import bookmarks
from localglue.jobs.glue_runtime.storage import DataFile

BAND = 900_000  # Glue's default maxBand: 15 minutes


def file(name: str, modified_ms: int) -> DataFile:
    return DataFile(f"s3://b/in/{name}", 1, modified_ms)


def test_a_first_run_reads_everything_and_remembers_the_band():
    listed = [file("a", 1_000_000), file("b", 2_000_000), file("c", 2_000_000)]
    assert all(bookmarks.is_new(f, None) for f in listed)
    state = bookmarks.next_state(None, listed, BAND)
    assert state.high_water_ms == 2_000_000
    # files modified in the 15 minutes up to the mark: b and c (a is 1,000 s older)
    assert state.files_in_band == {"s3://b/in/b", "s3://b/in/c"}


def test_later_files_and_unseen_files_within_the_band_are_new():
    state = bookmarks.SourceState(2_000_000, BAND, frozenset({"s3://b/in/b"}))
    assert bookmarks.is_new(file("later", 2_000_001), state)
    assert bookmarks.is_new(file("same-second-unseen", 2_000_000), state)  # in the band, not in the list
    assert not bookmarks.is_new(file("b", 2_000_000), state)
    assert not bookmarks.is_new(file("old", 2_000_000 - BAND), state)  # before the band: processed


def test_a_file_modified_again_is_new_again():
    state = bookmarks.next_state(None, [file("a", 1_000)], BAND)
    assert not bookmarks.is_new(file("a", 1_000), state)
    assert bookmarks.is_new(file("a", 5_000), state)


def test_session_selects_per_context_and_states_for_commit():
    committed = json.dumps({"src": bookmarks.SourceState(2_000, BAND, frozenset({"s3://b/in/a"})).as_json()})
    session = bookmarks.BookmarkSession(bookmarks.ENABLE, "job", "jr_1", committed)
    listed = [file("a", 2_000), file("b", 3_000)]
    assert session.select("src", listed, BAND) == [file("b", 3_000)]
    assert session.select("", listed, BAND) == listed  # no transformation_ctx: no bookmark
    assert session.select("other", listed, BAND) == listed
    saved = json.loads(session.state_json())
    assert saved["src"] == {
        "highWaterMarkMillis": 3_000,
        "maxBandMillis": BAND,
        "filesInBand": ["s3://b/in/a", "s3://b/in/b"],
    }
    assert saved["other"]["highWaterMarkMillis"] == 3_000


def test_disabled_reads_all_and_a_range_reads_what_the_runs_between_processed():
    listed = [file("a", 1_000), file("b", 2_000_000), file("c", 4_000_000)]
    assert (
        bookmarks.BookmarkSession(bookmarks.DISABLE, "job", "jr", None).select("src", listed, BAND) == listed
    )
    after_a = json.dumps({"src": bookmarks.next_state(None, listed[:1], BAND).as_json()})
    after_b = json.dumps({"src": bookmarks.next_state(None, listed[:2], BAND).as_json()})
    paused = bookmarks.BookmarkSession(
        bookmarks.PAUSE, "job", "jr", after_b, range_from=after_a, range_to=after_b
    )
    assert paused.select("src", listed, BAND) == [file("b", 2_000_000)]


def test_commit_happens_only_with_enable(monkeypatch):
    sent = []
    monkeypatch.setattr(bookmarks, "_call_gateway", lambda action, body: sent.append((action, body)) or {})
    for option in (bookmarks.PAUSE, bookmarks.DISABLE):
        bookmarks.BookmarkSession(option, "job", "jr_1", None).commit()
    assert sent == []
    enabled = bookmarks.BookmarkSession(bookmarks.ENABLE, "job", "jr_1", None)
    enabled.select("src", [file("a", 7)], BAND)
    enabled.commit()
    ((action, body),) = sent
    assert action == "CommitJobBookmark" and (body["JobName"], body["RunId"]) == ("job", "jr_1")
    assert json.loads(body["JobBookmark"])["src"]["filesInBand"] == ["s3://b/in/a"]
