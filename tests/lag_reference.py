"""An independent reading, in plain Python, of the rules documented in `glue_jobs/event_lag.py`.

It shares no code with the job: the unit tests compare the Spark transformation with it on the sample
files, and the end-to-end tests compare the pipeline's output with it on the files they upload.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

STRIP = " \t\n\x0b\x0c\r\u00a0\ufeff"
NULL_TOKENS = {"", "null", "none", "nan", "n/a"}
TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:( )|[Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?"
    r"([Zz]|[+-]\d\d(?::?\d\d)?)?"
)


def reference_time(text: str) -> datetime | None:
    match = TIME.fullmatch(text)
    if not match or (match[4] and match[9]):  # a zone only after a T
        return None
    year, month, day, _, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc
        )
    except ValueError:
        return None
    moment += timedelta(milliseconds=int((fraction or "0")[:3].ljust(3, "0")))
    if zone and zone not in "Zz":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return moment


def reference_lag(rows):
    counts = Counter(rows_read=len(rows))
    events = set()
    for row in rows:
        values = [None if v is None else v.strip(STRIP) for v in row]
        counts["rows_trimmed"] += any(v is not None and v != raw for v, raw in zip(values, row))
        user, kind, text = (None if v is None or v.lower() in NULL_TOKENS else v for v in values)
        if user is None or text is None:
            counts["null"] += 1
        elif (moment := reference_time(text)) is None:
            counts["unparseable"] += 1
        elif (user, kind, moment) in events:
            counts["duplicate"] += 1
        else:
            events.add((user, kind, moment))
    rank = {"login": 1, "logout": 3}

    def order(event):
        user, kind, moment = event
        return user, moment, 0 if kind is None else rank.get(kind.lower(), 2), kind or ""

    result, previous = [], None
    for user, kind, moment in sorted(events, key=order):
        lag = (moment - previous[1]).total_seconds() / 60 if previous and previous[0] == user else None
        result.append(
            (user, kind, moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}", lag)
        )
        previous = (user, moment)
    counts["rows_out"] = len(result)
    return result, counts


def read_rows(paths) -> list[tuple[str, ...]]:
    """Every data row of the CSV files at `paths` (each file's header skipped)."""
    rows = []
    for path in paths:
        with open(path, newline="") as events:
            rows.extend(tuple(row) for row in list(csv.reader(events))[1:])
    return rows
