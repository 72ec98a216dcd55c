"""Seeded generator of user-event CSVs (header ``user_id,event_type,event_time``) as real logs look.

Users have sessions (``login``, ``click``s, maybe a ``purchase``, ``logout``) spread over several days
starting 2024-03-08, so the span crosses the US daylight-saving change of 2024-03-10. The span is cut
into equal time slices, one file each, like periodic log drops; a session goes to the slice it starts
in. Most times are written ``yyyy-MM-dd HH:mm:ss`` in UTC; the rest carry the dirt the lag job handles:

- times unpadded (``2024-3-9 7:05:03``), ISO with ``Z``, with milliseconds, or with the New York offset
  of the moment (``-05:00`` before the change, ``-04:00`` after);
- values padded with spaces or tabs;
- ``user_id`` missing: empty, blanks, ``null``, ``NULL``;
- missing or unparseable times (empty, ``not a date``, Feb 30, ``dd/MM/yyyy``, a date alone);
- exact duplicate rows, and events of one user in the same second.

The same arguments give the same bytes. ``sample_data/`` holds the output of
``python -m localglue.sample_events sample_data`` (the defaults); benchmarks ask for millions of rows.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HEADER = "user_id,event_type,event_time\n"
START = date(2024, 3, 8)
DEFAULT_ROWS = 6000
DEFAULT_DAYS = 5
DEFAULT_FILES = 4
DEFAULT_SEED = 20240308
DAY = 86_400

# Share of rows given each kind of dirt (a row gets at most one time style and one id problem).
PADDED = 0.03
MISSING_ID = 0.005
UNPARSEABLE_TIME = 0.005
DUPLICATE = 0.01
SAME_SECOND = 0.03
TIME_STYLES = (
    ("plain", 0.80),
    ("unpadded", 0.04),
    ("iso_z", 0.06),
    ("iso_millis", 0.04),
    ("iso_new_york", 0.06),
)
MISSING_IDS = ("", "   ", "null", "NULL")
BAD_TIMES = ("not a date", "2024-02-30 10:00:00", "09/03/2024 10:00", "2024-03-09", "", "??")


def generate(
    out_dir: Path | str,
    rows: int = DEFAULT_ROWS,
    *,
    users: int | None = None,
    days: int = DEFAULT_DAYS,
    files: int = DEFAULT_FILES,
    seed: int = DEFAULT_SEED,
) -> list[Path]:
    """Write exactly ``rows`` data rows (duplicates included) over ``files`` CSV files in ``out_dir``.
    ``users`` defaults to one per 20 rows."""
    if rows < 0 or days < 1 or files < 1:
        raise ValueError(
            f"need rows >= 0, days >= 1, files >= 1; got rows={rows}, days={days}, files={files}"
        )
    users = users or max(1, rows // 20)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"events_{index + 1:02d}.csv" for index in range(files)]
    handles = [path.open("w", encoding="utf-8", newline="") for path in paths]
    try:
        for handle in handles:
            handle.write(HEADER)
        rng = random.Random(seed)
        writer = _RowWriter(rng, handles, days, files)
        for user in range(users):
            budget = rows // users + (1 if user < rows % users else 0)
            writer.user(f"user_{user:06d}", budget)
    finally:
        for handle in handles:
            handle.close()
    return paths


class _RowWriter:
    def __init__(self, rng: random.Random, handles, days: int, files: int):
        self.rng = rng
        self.handles = handles
        self.days = days
        self.files = files
        self.epoch = int(datetime(START.year, START.month, START.day, tzinfo=timezone.utc).timestamp())
        self.styles = [name for name, _ in TIME_STYLES]
        self.style_weights = [weight for _, weight in TIME_STYLES]

    def user(self, user_id: str, budget: int) -> None:
        rng = self.rng
        sessions = max(1, budget // 8)
        starts = sorted(rng.randrange(self.days * DAY - 3 * 3600) for _ in range(sessions))
        for index, start in enumerate(starts):
            left = sessions - index
            size = budget if left == 1 else min(budget, max(2, round(budget / left)))
            budget -= size
            self.session(
                user_id, self.epoch + start, size, self.handles[start * self.files // (self.days * DAY)]
            )
            if budget <= 0:
                return

    def session(self, user_id: str, start: int, size: int, handle) -> None:
        rng = self.rng
        moment = start
        written = 0
        while written < size:
            if written == 0:
                kind = "login"
            elif written == size - 1 and size > 2:
                kind = "logout"
            else:
                kind = "purchase" if rng.random() < 0.08 else "click"
            line = self.line(user_id, kind, moment)
            handle.write(line)
            written += 1
            if written < size and rng.random() < DUPLICATE:
                handle.write(line)
                written += 1
            if rng.random() >= SAME_SECOND:
                moment += 1 + int(rng.expovariate(1 / 45))

    def line(self, user_id: str, kind: str, moment: int) -> str:
        rng = self.rng
        when = self.time_text(moment)
        if rng.random() < MISSING_ID:
            user_id = rng.choice(MISSING_IDS)
        if rng.random() < UNPARSEABLE_TIME:
            when = rng.choice(BAD_TIMES)
        values = [user_id, kind, when]
        if rng.random() < PADDED:
            column = rng.randrange(3)
            values[column] = rng.choice((" ", "  ", "\t")) + values[column] + rng.choice(("", " ", "   "))
        return ",".join(values) + "\n"

    def time_text(self, moment: int) -> str:
        style = self.rng.choices(self.styles, self.style_weights)[0]
        if style == "iso_new_york":
            offset = _new_york_offset_hours(moment)
            y, mo, d, h, mi, s = _fields(moment + offset * 3600)
            return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{offset:+03d}:00"
        y, mo, d, h, mi, s = _fields(moment)
        if style == "unpadded":
            return f"{y}-{mo}-{d} {h}:{mi:02d}:{s}"
        if style == "iso_z":
            return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"
        if style == "iso_millis":
            return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{self.rng.randrange(1000):03d}Z"
        return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"


def _fields(moment: int) -> tuple[int, int, int, int, int, int]:
    day, seconds = divmod(moment, DAY)
    calendar = date(1970, 1, 1) + timedelta(days=day)
    hour, rest = divmod(seconds, 3600)
    return calendar.year, calendar.month, calendar.day, hour, *divmod(rest, 60)


def _new_york_offset_hours(moment: int) -> int:
    """US rule since 2007: daylight time from the 2nd Sunday of March 02:00 EST to the 1st Sunday of
    November 02:00 EDT (no time-zone database needed, so the output never depends on the machine's)."""
    year = (date(1970, 1, 1) + timedelta(days=moment // DAY)).year
    begins = _nth_sunday(year, 3, 2) + 2 * 3600 + 5 * 3600
    ends = _nth_sunday(year, 11, 1) + 2 * 3600 + 4 * 3600
    return -4 if begins <= moment < ends else -5


def _nth_sunday(year: int, month: int, n: int) -> int:
    first = date(year, month, 1)
    sunday = first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    return (sunday - date(1970, 1, 1)).days * DAY


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m localglue.sample_events", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument(
        "--rows", type=int, default=DEFAULT_ROWS, help=f"data rows in all (default {DEFAULT_ROWS})"
    )
    parser.add_argument("--users", type=int, help="default: one per 20 rows")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"default {DEFAULT_DAYS}")
    parser.add_argument("--files", type=int, default=DEFAULT_FILES, help=f"default {DEFAULT_FILES}")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    options = parser.parse_args(argv)
    for path in generate(
        options.out_dir,
        options.rows,
        users=options.users,
        days=options.days,
        files=options.files,
        seed=options.seed,
    ):
        print(path)


if __name__ == "__main__":
    main()
