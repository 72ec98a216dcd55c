"""AWS's 6-field cron expressions, as Glue SCHEDULED triggers take them: `cron(0 2 * * ? *)`, in UTC.

Fields: minutes, hours, day-of-month, month, day-of-week, year. Wildcards: `,` `-` `*` `/` everywhere,
`?` `L` `W` in day-of-month, `?` `L` `#` in day-of-week (1 = SUN ... 7 = SAT), names JAN-DEC and SUN-SAT.
One of day-of-month and day-of-week must be `?`, as AWS requires.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MONTHS = {
    name: number for number, name in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)
}
WEEKDAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
MIN_YEAR, MAX_YEAR = 1970, 2199
_EXPRESSION = re.compile(r"^\s*cron\((.*)\)\s*$", re.IGNORECASE)

DaySelector = Callable[[int, int], set[int]]  # (year, month) -> days of that month


class CronError(ValueError):
    """A schedule that is not a valid AWS cron expression; the message names the field."""


def aws_weekday(day: date) -> int:
    """1 = Sunday ... 7 = Saturday, AWS's numbering."""
    return (day.weekday() + 1) % 7 + 1


def _number(text: str, field: str, low: int, high: int, names: dict[str, int] | None = None) -> int:
    value = (names or {}).get(text.upper())
    if value is None:
        if not text.isdigit():
            raise CronError(f"{field}: {text!r} is not a number{' or a name' if names else ''}")
        value = int(text)
    if not low <= value <= high:
        raise CronError(f"{field}: {value} is outside {low}-{high}")
    return value


def _values(spec: str, field: str, low: int, high: int, names: dict[str, int] | None = None) -> set[int]:
    """The numbers a plain field (`*`, `5`, `1-5`, `0/15`, `MON-FRI`, `1,3,5`, `*/10`) selects."""
    selected: set[int] = set()
    for item in spec.split(","):
        if not item:
            raise CronError(f"{field}: empty item in {spec!r}")
        base, slash, step_text = item.partition("/")
        step = _number(step_text, field, 1, high) if slash else 1
        if base == "*":
            first, last = low, high
        elif "-" in base:
            start, _, end = base.partition("-")
            first, last = _number(start, field, low, high, names), _number(end, field, low, high, names)
            if first > last:
                raise CronError(f"{field}: range {base!r} runs backwards")
        else:
            first = _number(base, field, low, high, names)
            last = high if slash else first
        selected.update(range(first, last + 1, step))
    return selected


def _nearest_weekday(year: int, month: int, day: int) -> int | None:
    """`W`: the weekday (Mon-Fri) nearest to `day`, without leaving the month."""
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return None
    weekday = date(year, month, day).weekday()
    if weekday == 5:  # Saturday -> Friday, or Monday when Friday is in the previous month
        return day - 1 if day > 1 else day + 2
    if weekday == 6:  # Sunday -> Monday, or Friday when Monday is in the next month
        return day + 1 if day < last else day - 2
    return day


def _day_of_month(spec: str) -> DaySelector:
    parts = spec.upper().split(",")
    special = [part for part in parts if "L" in part or "W" in part]
    plain = [part for part in parts if part not in special]
    numbers = _values(",".join(plain), "day-of-month", 1, 31) if plain else set()
    for part in special:
        if part not in ("L", "LW") and not re.fullmatch(r"\d{1,2}W", part):
            raise CronError(f"day-of-month: {part!r} is not L, LW or <day>W")
        if part.endswith("W") and part != "LW":
            _number(part[:-1], "day-of-month", 1, 31)

    def select(year: int, month: int) -> set[int]:
        last = calendar.monthrange(year, month)[1]
        days = {day for day in numbers if day <= last}
        for part in special:
            if part == "L":
                days.add(last)
            elif part == "LW":
                days.add(_nearest_weekday(year, month, last) or last)
            else:
                nearest = _nearest_weekday(year, month, int(part[:-1]))
                if nearest is not None:
                    days.add(nearest)
        return days

    return select


def _day_of_week(spec: str) -> DaySelector:
    parts = spec.upper().split(",")
    special = [part for part in parts if "L" in part or "#" in part]
    plain = [part for part in parts if part not in special]
    weekdays = _values(",".join(plain), "day-of-week", 1, 7, WEEKDAYS) if plain else set()
    last_of: set[int] = set()  # `5L`: the last Thursday of the month
    nth_of: set[tuple[int, int]] = set()  # `3#2`: the second Tuesday
    for part in special:
        if part == "L":
            weekdays.add(7)  # `L` alone is the last day of the week, Saturday
        elif part.endswith("L"):
            last_of.add(_number(part[:-1], "day-of-week", 1, 7, WEEKDAYS))
        elif "#" in part:
            weekday, _, nth = part.partition("#")
            nth_of.add((_number(weekday, "day-of-week", 1, 7, WEEKDAYS), _number(nth, "day-of-week #", 1, 5)))
        else:
            raise CronError(f"day-of-week: {part!r} is not L, <day>L or <day>#<n>")

    def select(year: int, month: int) -> set[int]:
        last = calendar.monthrange(year, month)[1]
        days = set()
        for day in range(1, last + 1):
            weekday = aws_weekday(date(year, month, day))
            if (
                weekday in weekdays
                or (weekday in last_of and day + 7 > last)
                or (weekday, (day - 1) // 7 + 1) in nth_of
            ):
                days.add(day)
        return days

    return select


@dataclass(frozen=True)
class CronSchedule:
    expression: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    months: tuple[int, ...]
    years: tuple[int, ...]
    days: DaySelector

    @classmethod
    def parse(cls, expression: str) -> CronSchedule:
        match = _EXPRESSION.match(expression or "")
        if not match:
            raise CronError(f"schedule {expression!r} is not of the form cron(<6 fields>)")
        fields = match.group(1).split()
        if len(fields) != 6:
            raise CronError(f"schedule {expression!r} has {len(fields)} fields, AWS cron takes 6")
        minute, hour, day_of_month, month, day_of_week, year = fields
        if (day_of_month == "?") == (day_of_week == "?"):
            raise CronError(
                f"schedule {expression!r}: exactly one of day-of-month and day-of-week must be '?'"
            )
        days = _day_of_week(day_of_week) if day_of_month == "?" else _day_of_month(day_of_month)
        return cls(
            expression=expression,
            minutes=tuple(sorted(_values(minute, "minutes", 0, 59))),
            hours=tuple(sorted(_values(hour, "hours", 0, 23))),
            months=tuple(sorted(_values(month, "month", 1, 12, MONTHS))),
            years=tuple(sorted(_values(year, "year", MIN_YEAR, MAX_YEAR))),
            days=days,
        )

    def next_after(self, moment: datetime) -> datetime | None:
        """The first fire time strictly after `moment` (UTC), or None when the schedule has no more."""
        start = moment.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        for year in self.years:
            if year < start.year:
                continue
            for month in self.months:
                if (year, month) < (start.year, start.month):
                    continue
                for day in sorted(self.days(year, month)):
                    if (year, month, day) < (start.year, start.month, start.day):
                        continue
                    for hour in self.hours:
                        for minute in self.minutes:
                            candidate = datetime(year, month, day, hour, minute, tzinfo=UTC)
                            if candidate >= start:
                                return candidate
        return None


def next_fire_time(expression: str, after: datetime) -> datetime | None:
    return CronSchedule.parse(expression).next_after(after)
