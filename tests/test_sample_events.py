"""The sample-event generator and the committed sample_data/ it produced, checked with plain Python."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from localglue import sample_events

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"


def data_lines(paths) -> list[str]:
    lines = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8").splitlines()
        assert text[0] == "user_id,event_type,event_time", path
        lines += text[1:]
    return lines


def test_committed_sample_data_is_the_generator_output(tmp_path):
    generated = sample_events.generate(tmp_path)

    committed = sorted(SAMPLE_DATA.glob("*.csv"))
    assert [path.name for path in committed] == [path.name for path in generated]
    for mine, theirs in zip(committed, generated, strict=True):
        assert mine.read_bytes() == theirs.read_bytes(), f"{mine} differs from the generator output"


def test_sample_data_carries_the_dirt_of_real_logs():
    lines = data_lines(sorted(SAMPLE_DATA.glob("*.csv")))
    rows = [line.split(",") for line in lines]
    assert all(len(row) == 3 for row in rows)
    users = {row[0].strip() for row in rows}
    times = [row[2] for row in rows]

    assert len(lines) == 6000
    assert 250 <= len(users) <= 400
    assert {row[1].strip() for row in rows} == {"login", "click", "purchase", "logout"}
    assert any(value != value.strip() for row in rows for value in row), "padded values"
    assert any(re.fullmatch(r"\d{4}-\d-\d{1,2} \d{1,2}:\d\d:\d{1,2}", t) for t in times), "unpadded dates"
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t) for t in times), "ISO with Z"
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", t) for t in times), "ISO with millis"
    assert any(t.startswith("2024-03-09T") and t.endswith("-05:00") for t in times), "New York before DST"
    assert any(t.startswith("2024-03-11T") and t.endswith("-04:00") for t in times), "New York after DST"
    assert {row[0] for row in rows} >= {"", "null"}, "missing user ids"
    assert any(t in ("not a date", "2024-02-30 10:00:00", "09/03/2024 10:00", "2024-03-09") for t in times)
    assert any(count > 1 for count in Counter(lines).values()), "exact duplicates"
    same_second = Counter((row[0], row[2]) for row in rows if row[2].startswith("2024-03-") and " " in row[2])
    assert any(count > 1 for key, count in same_second.items()), "events of one user in the same second"
    days = {t[:10] for t in times if re.match(r"2024-03-\d\d", t)}
    assert days >= {"2024-03-08", "2024-03-09", "2024-03-10", "2024-03-11", "2024-03-12"}


def test_generate_writes_exactly_the_rows_asked_and_is_seeded(tmp_path):
    first = sample_events.generate(tmp_path / "a", 1001, users=7, files=3, seed=1)
    again = sample_events.generate(tmp_path / "b", 1001, users=7, files=3, seed=1)
    other = sample_events.generate(tmp_path / "c", 1001, users=7, files=3, seed=2)

    assert len(first) == 3 and len(data_lines(first)) == 1001
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]
    assert len({line.split(",")[0].strip() for line in data_lines(first)} - {"", "null", "NULL"}) == 7


def test_new_york_offset_matches_the_time_zone_database_through_2024():
    new_york = ZoneInfo("America/New_York")
    moment = datetime(2024, 1, 1, tzinfo=timezone.utc)
    while moment.year == 2024:
        expected = moment.astimezone(new_york).utcoffset() // timedelta(hours=1)
        assert sample_events._new_york_offset_hours(int(moment.timestamp())) == expected, moment
        moment += timedelta(minutes=30)


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="files=0"):
        sample_events.generate(tmp_path, 10, files=0)
