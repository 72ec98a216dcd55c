"""Cleaning and per-user lag of user events: DataFrame in, DataFrame out, plus what each step removed.

Input: a DataFrame with string columns ``user_id``, ``event_type``, ``event_time`` (other columns are
ignored). Output: ``user_id`` (string), ``event_type`` (string), ``event_time`` (string in
``OUTPUT_TIME_FORMAT``, UTC) and ``lag_minutes`` (double).

Rules, in the order they are applied:

- **Whitespace.** Leading and trailing whitespace is removed from every column: spaces, tabs, CR/LF,
  form feeds, no-break spaces and byte-order marks (Spark's ``trim`` removes spaces only).
- **Null and empty.** After trimming, an empty value or one of the tokens ``null``, ``none``, ``nan``,
  ``n/a`` (any case) is null. A row whose ``user_id`` or ``event_time`` is null is dropped and counted
  as ``null``. A null ``event_type`` is kept (the event still happened).
- **Time formats.** ``event_time`` must match one of (``M``, ``d``, ``H``, ``m``, ``s`` may be unpadded,
  e.g. ``2024-3-5 7:05:03``):

  - ``yyyy-M-d H:m:s[.fraction]`` — read as UTC;
  - ISO-8601 ``yyyy-M-dTH:m:s[.fraction][zone]`` — zone ``Z``, ``+hh``, ``+hhmm`` or ``+hh:mm``;
    without a zone it is read as UTC.

  The fraction may have 1 to 9 digits; times are kept to the millisecond (Athena's timestamp
  precision), finer digits are truncated. Anything else (a date alone, ``dd/MM/yyyy``, a 13th month,
  Feb 30, ...) is dropped and counted as ``unparseable``. A row with a null ``user_id`` is counted as
  ``null`` even when its time is also unparseable.
- **Duplicates.** Rows equal in ``user_id``, ``event_type`` and the parsed instant (so the same event
  written as ``2024-03-05 10:00:00`` and ``2024-03-05T11:00:00+01:00`` is one event) are kept once and
  the rest counted as ``duplicate``; counted per file (``transform_by_file``), the event is kept by the
  file first in name order and counted as a duplicate in the others.
- **Lag.** ``lag_minutes`` = (this event's instant - the same user's previous event's instant) in
  minutes, as a double with millisecond precision; null for a user's first event. Events are ordered by
  ``event_time`` and, for events of one user at the same instant, by the **tie-breaker**: ``login``
  first, ``logout`` last, any other type in between in alphabetical order, null type before all.
  After duplicate removal that order is total, so the result does not depend on partitioning.
- **UTC.** Every instant is computed and printed in UTC whatever the machine's zone: the Spark session
  must run with ``spark.sql.session.timeZone=UTC`` and ``spark.sql.legacy.timeParserPolicy=CORRECTED``
  (else one odd time string fails the whole job); ``configure_session`` sets both and ``transform``
  refuses a session without them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F

COLUMNS = ("user_id", "event_type", "event_time")
OUTPUT_COLUMNS = ("user_id", "event_type", "event_time", "lag_minutes")
OUTPUT_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss.SSS"
SESSION_SETTINGS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
}
PLAIN_TIME_FORMAT = "yyyy-M-d H:m:s[.SSSSSSSSS]"
ISO_TIME_FORMAT = "yyyy-M-d'T'H:m:s[.SSSSSSSSS][XXX][XX][X]"
NULL_TOKENS = ("null", "none", "nan", "n/a")
# Spark SQL escapes for space, tab, LF, VT, FF, CR, no-break space, byte-order mark.
_EDGE_WHITESPACE = r"\u0020\u0009\u000A\u000B\u000C\u000D\u00A0\uFEFF"
_TIME = "_event_ts"
_FILE = "_source_file"


@dataclass(frozen=True)
class CleaningCounts:
    rows_read: int
    rows_trimmed: int  # rows where trimming changed at least one value (kept or not)
    null: int
    unparseable: int
    duplicate: int
    rows_out: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __add__(self, other: CleaningCounts) -> CleaningCounts:
        return CleaningCounts(**{name: value + getattr(other, name) for name, value in asdict(self).items()})


NO_ROWS = CleaningCounts(rows_read=0, rows_trimmed=0, null=0, unparseable=0, duplicate=0, rows_out=0)


def configure_session(spark: SparkSession) -> None:
    for key, value in SESSION_SETTINGS.items():
        spark.conf.set(key, value)


def transform(events: DataFrame) -> tuple[DataFrame, CleaningCounts]:
    """Clean ``events`` and add ``lag_minutes``; the counts are those of the whole input."""
    result, by_file = transform_by_file(events.withColumn(_FILE, F.lit("")), _FILE)
    return result, by_file.get("", NO_ROWS)


def transform_by_file(events: DataFrame, file_column: str) -> tuple[DataFrame, dict[str, CleaningCounts]]:
    """Clean ``events`` and add ``lag_minutes``, counting per value of ``file_column`` (the file each row
    came from) what was read, trimmed, dropped and kept. Of duplicates in several files, the file first in
    name order keeps the event. The result (without ``file_column``) is cached: counting each file's kept
    rows computes it, and writing it reads the cache."""
    _check_session(events.sparkSession)
    missing = [name for name in (*COLUMNS, file_column) if name not in events.columns]
    if missing:
        raise ValueError(f"event rows lack column(s) {', '.join(missing)}; columns are {events.columns}")

    normalised = _normalise(events, file_column)
    is_valid = ~F.col("_null") & F.col(_TIME).isNotNull()
    stats = (
        normalised.groupBy(_FILE)
        .agg(
            F.count(F.lit(1)).alias("rows_read"),
            F.count(F.when(F.col("_trimmed"), 1)).alias("rows_trimmed"),
            F.count(F.when(F.col("_null"), 1)).alias("null"),
            F.count(F.when(~F.col("_null") & F.col(_TIME).isNull(), 1)).alias("unparseable"),
            F.count(F.when(is_valid, 1)).alias("valid"),
        )
        .collect()
    )
    result = with_lag(normalised.filter(is_valid)).cache()
    kept = {row[_FILE]: row["count"] for row in result.groupBy(_FILE).count().collect()}
    counts = {
        row[_FILE]: CleaningCounts(
            rows_read=row["rows_read"],
            rows_trimmed=row["rows_trimmed"],
            null=row["null"],
            unparseable=row["unparseable"],
            duplicate=row["valid"] - kept.get(row[_FILE], 0),
            rows_out=kept.get(row[_FILE], 0),
        )
        for row in stats
    }
    return result.drop(_FILE), counts


def with_lag(valid: DataFrame) -> DataFrame:
    """Drop duplicates and compute the lag in one pass over rows sorted per user (one shuffle):
    a row equal to its predecessor in type and instant is a duplicate, then lag is taken again over
    the rows left, which keep the same partitioning and order."""
    by_user = Window.partitionBy("user_id").orderBy(_TIME, "_rank", "event_type", _FILE)
    previous_time = F.lag(_TIME).over(by_user)
    same_as_previous = previous_time.eqNullSafe(F.col(_TIME)) & F.lag("event_type").over(by_user).eqNullSafe(
        F.col("event_type")
    )
    unique = (
        valid.select("user_id", "event_type", _TIME, _FILE, _tie_breaker().alias("_rank"))
        .withColumn("_duplicate", F.coalesce(same_as_previous, F.lit(False)))
        .filter(~F.col("_duplicate"))
    )
    # Whole milliseconds as longs, so the difference is exact before the one division.
    lag_minutes = (F.unix_millis(F.col(_TIME)) - F.unix_millis(previous_time)) / 60_000.0
    return unique.select(
        "user_id",
        "event_type",
        F.date_format(_TIME, OUTPUT_TIME_FORMAT).alias("event_time"),
        lag_minutes.alias("lag_minutes"),
        _FILE,
    )


def _normalise(events: DataFrame, file_column: str) -> DataFrame:
    trimmed = {name: F.expr(f"trim(BOTH '{_EDGE_WHITESPACE}' FROM `{name}`)") for name in COLUMNS}
    changed = [F.coalesce(trimmed[name] != F.col(name), F.lit(False)) for name in COLUMNS]
    cleaned = {name: _null_if_empty(trimmed[name]) for name in COLUMNS}
    return events.select(
        cleaned["user_id"].alias("user_id"),
        cleaned["event_type"].alias("event_type"),
        _parse_time(cleaned["event_time"]).alias(_TIME),
        (changed[0] | changed[1] | changed[2]).alias("_trimmed"),
        (cleaned["user_id"].isNull() | cleaned["event_time"].isNull()).alias("_null"),
        F.col(file_column).alias(_FILE),
    )


def _null_if_empty(value: Column) -> Column:
    return F.when((value == "") | F.lower(value).isin(*NULL_TOKENS), F.lit(None)).otherwise(value)


def _parse_time(text: Column) -> Column:
    parsed = F.coalesce(F.to_timestamp(text, PLAIN_TIME_FORMAT), F.to_timestamp(text, ISO_TIME_FORMAT))
    return F.date_trunc("millisecond", parsed)


def _tie_breaker() -> Column:
    kind = F.lower(F.col("event_type"))
    return (
        F.when(F.col("event_type").isNull(), 0)
        .when(kind == "login", 1)
        .when(kind == "logout", 3)
        .otherwise(2)
    )


def _check_session(spark: SparkSession) -> None:
    wrong = {key: spark.conf.get(key, None) for key, value in SESSION_SETTINGS.items()}
    wrong = {key: actual for key, actual in wrong.items() if actual != SESSION_SETTINGS[key]}
    if wrong:
        settings = ", ".join(
            f"{key}={actual!r} (needs {SESSION_SETTINGS[key]!r})" for key, actual in wrong.items()
        )
        raise ValueError(f"Spark session not set up for event_lag: {settings}; call configure_session(spark)")
