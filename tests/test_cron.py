"""AWS 6-field cron: next fire times checked against dates read off a calendar by hand."""

from datetime import UTC, datetime, timedelta

import pytest

from localglue.schedule.cron import CronError, CronSchedule, next_fire_time


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        # daily at 02:00; strictly after, so a fire time itself moves on to the next day
        ("cron(0 2 * * ? *)", utc(2026, 11, 25, 21, 50), utc(2026, 11, 26, 2, 0)),
        ("cron(0 2 * * ? *)", utc(2026, 11, 26, 2, 0), utc(2026, 11, 27, 2, 0)),
        # steps and ranges with steps
        ("cron(0/15 * * * ? *)", utc(2026, 11, 25, 10, 7, 30), utc(2026, 11, 25, 10, 15)),
        ("cron(5-30/10 * * * ? *)", utc(2026, 11, 25, 10, 26), utc(2026, 11, 25, 11, 5)),
        ("cron(*/20 8 * * ? *)", utc(2026, 11, 25, 8, 41), utc(2026, 11, 26, 8, 0)),
        # weekday names: Friday 2026-11-27 10:00 -> Monday 2026-11-30
        ("cron(0 9 ? * MON-FRI *)", utc(2026, 11, 27, 10, 0), utc(2026, 11, 30, 9, 0)),
        ("cron(30 6 ? * 1,7 *)", utc(2026, 11, 25), utc(2026, 11, 28, 6, 30)),
        # month names and lists
        ("cron(0 0 1 MAR,SEP ? *)", utc(2026, 3, 1, 0, 0), utc(2026, 9, 1)),
        # L: last day of February in a leap year
        ("cron(0 0 L * ? *)", utc(2028, 2, 1), utc(2028, 2, 29)),
        # W: the 15th of August 2026 is a Saturday -> Friday 14th
        ("cron(0 0 15W * ? *)", utc(2026, 8, 1), utc(2026, 8, 14)),
        # W never leaves the month: Saturday 1st -> Monday 3rd; Sunday 31st -> Friday 29th
        ("cron(0 0 1W * ? *)", utc(2026, 7, 31), utc(2026, 8, 3)),
        ("cron(0 0 31W 5 ? *)", utc(2026, 5, 1), utc(2026, 5, 29)),
        # LW: last weekday of January 2027 (the 31st is a Sunday)
        ("cron(0 0 LW 1 ? *)", utc(2026, 12, 31), utc(2027, 1, 29)),
        # #: second Tuesday of December 2026; 6L: its last Friday; L alone in day-of-week: Saturday
        ("cron(0 12 ? * 3#2 *)", utc(2026, 12, 1), utc(2026, 12, 8, 12, 0)),
        ("cron(0 12 ? * 6L *)", utc(2026, 12, 1), utc(2026, 12, 25, 12, 0)),
        ("cron(0 12 ? * L *)", utc(2026, 12, 1), utc(2026, 12, 5, 12, 0)),
        # years
        ("cron(0 0 1 JAN ? 2027)", utc(2026, 6, 1), utc(2027, 1, 1)),
        ("cron(0 0 1 JAN ? 2027)", utc(2027, 1, 1), None),
    ],
)
def test_next_fire_time(expression, after, expected):
    assert next_fire_time(expression, after) == expected


def test_plain_fields_agree_with_a_minute_by_minute_scan():
    """Every fire time in a week equals the minutes whose fields all match, checked one minute at a time."""
    schedule = CronSchedule.parse("cron(10-40/15 1,13 ? * TUE-THU *)")
    start = utc(2026, 11, 23)  # a Monday
    scanned = [
        minute
        for minute in (start + timedelta(minutes=offset) for offset in range(7 * 24 * 60))
        if minute.minute in (10, 25, 40)
        and minute.hour in (1, 13)
        and minute.strftime("%a") in ("Tue", "Wed", "Thu")
    ]
    fired, moment = [], start - timedelta(minutes=1)
    while (moment := schedule.next_after(moment)) < start + timedelta(days=7):
        fired.append(moment)
    assert fired == scanned and len(fired) == 18


@pytest.mark.parametrize(
    ("expression", "named"),
    [
        ("rate(5 minutes)", "cron(<6 fields>)"),
        ("cron(0 2 * * *)", "5 fields"),
        ("cron(0 2 * * * *)", "exactly one of day-of-month and day-of-week"),
        ("cron(0 2 1 * MON *)", "exactly one of day-of-month and day-of-week"),
        ("cron(60 2 * * ? *)", "minutes: 60 is outside 0-59"),
        ("cron(0 2 ? * FUN *)", "day-of-week: 'FUN' is not a number or a name"),
        ("cron(0 2 ? * 2#6 *)", "day-of-week #: 6 is outside 1-5"),
        ("cron(0 20-3 * * ? *)", "hours: range '20-3' runs backwards"),
        ("cron(0 2 15X * ? *)", "day-of-month"),
    ],
)
def test_invalid_expressions_name_the_field(expression, named):
    with pytest.raises(CronError, match=named.replace("(", r"\(").replace(")", r"\)")):
        CronSchedule.parse(expression)
