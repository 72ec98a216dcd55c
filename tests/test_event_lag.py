"""event_lag.transform on small DataFrames; every expected row and count below is worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from chispa import assert_approx_df_equality

import event_lag
from event_lag import CleaningCounts
from lag_reference import read_rows, reference_lag
from user_event_lag_job import SOURCE_FILE, read_inputs

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
INPUT_SCHEMA = "user_id string, event_type string, event_time string"
OUTPUT_SCHEMA = "user_id string, event_type string, event_time string, lag_minutes double"


@pytest.fixture(scope="module")
def lag_session(spark):
    event_lag.configure_session(spark)
    return spark


def transform(spark, rows):
    result, counts = event_lag.transform(spark.createDataFrame(rows, INPUT_SCHEMA))
    return result, counts


def assert_rows(spark, actual, expected_rows):
    expected = spark.createDataFrame(expected_rows, OUTPUT_SCHEMA)
    assert_approx_df_equality(actual, expected, precision=1e-9, ignore_nullable=True, ignore_row_order=True)


def test_whitespace_is_trimmed_in_every_column(lag_session):
    result, counts = transform(
        lag_session,
        [
            (" u1 ", "\tlogin ", " 2024-03-05 10:00:00\r"),
            ("u1\u00a0", " click", "2024-03-05 10:02:30 "),
            ("u1", "purchase", "2024-03-05 10:05:00"),
            ("\ufeffu1", "logout\n", "\x0b2024-03-05 10:12:30"),
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "login", "2024-03-05 10:00:00.000", None),
            ("u1", "click", "2024-03-05 10:02:30.000", 2.5),
            ("u1", "purchase", "2024-03-05 10:05:00.000", 2.5),
            ("u1", "logout", "2024-03-05 10:12:30.000", 7.5),
        ],
    )
    assert counts == CleaningCounts(
        rows_read=4, rows_trimmed=3, null=0, unparseable=0, duplicate=0, rows_out=4
    )


def test_unpadded_dates_and_times(lag_session):
    result, counts = transform(
        lag_session,
        [
            ("u1", "login", "2024-3-5 9:05:00"),
            ("u1", "click", "2024-03-5 9:7:30"),
            ("u1", "logout", "2024-3-05 10:7:30"),
            ("u2", "login", "2024-2-29 23:59:00"),
            ("u2", "logout", "2024-3-1 0:1:0"),
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "login", "2024-03-05 09:05:00.000", None),
            ("u1", "click", "2024-03-05 09:07:30.000", 2.5),
            ("u1", "logout", "2024-03-05 10:07:30.000", 60.0),
            ("u2", "login", "2024-02-29 23:59:00.000", None),
            ("u2", "logout", "2024-03-01 00:01:00.000", 2.0),
        ],
    )
    assert counts.rows_out == 5 and counts.unparseable == 0


def test_iso_timestamps_with_t_and_zones_become_utc(lag_session):
    result, counts = transform(
        lag_session,
        [
            ("u1", "login", "2024-03-05T10:00:00Z"),
            ("u1", "click", "2024-03-05T11:30:00+01:00"),  # 10:30 UTC
            ("u1", "click", "2024-03-05T05:45:00-05:00"),  # 10:45 UTC
            ("u1", "click", "2024-03-05T10:50:00"),  # no zone: UTC
            ("u1", "click", "2024-03-05T11:55:30.250+0100"),  # 10:55:30.250 UTC
            ("u1", "purchase", "2024-03-05T16:00:00+05"),  # 11:00 UTC
            ("u1", "logout", "2024-03-05T11:20:00.123456789Z"),  # kept to the millisecond
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "login", "2024-03-05 10:00:00.000", None),
            ("u1", "click", "2024-03-05 10:30:00.000", 30.0),
            ("u1", "click", "2024-03-05 10:45:00.000", 15.0),
            ("u1", "click", "2024-03-05 10:50:00.000", 5.0),
            ("u1", "click", "2024-03-05 10:55:30.250", 330.25 / 60),
            ("u1", "purchase", "2024-03-05 11:00:00.000", 269.75 / 60),
            ("u1", "logout", "2024-03-05 11:20:00.123", 1200.123 / 60),
        ],
    )
    assert counts.rows_out == 7 and counts.unparseable == 0


def test_null_and_empty_user_id_or_time_are_dropped_and_null_type_is_kept(lag_session):
    result, counts = transform(
        lag_session,
        [
            (None, "login", "2024-03-05 10:00:00"),
            ("", "login", "2024-03-05 10:00:00"),
            ("   ", "login", "2024-03-05 10:00:00"),
            ("NULL", "login", "2024-03-05 10:00:00"),
            ("n/a", "login", "2024-03-05 10:00:00"),
            ("u1", "login", None),
            ("u1", "click", "  "),
            ("u1", "click", "null"),
            (None, "click", "not a time"),  # null user_id wins over the unparseable time
            ("u1", "logout", "2024-03-05 10:01:00"),
            ("u1", None, "2024-03-05 10:03:00"),
            ("u1", "  ", "2024-03-05 10:04:00"),
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "logout", "2024-03-05 10:01:00.000", None),
            ("u1", None, "2024-03-05 10:03:00.000", 2.0),
            ("u1", None, "2024-03-05 10:04:00.000", 1.0),
        ],
    )
    assert counts == CleaningCounts(
        rows_read=12, rows_trimmed=3, null=9, unparseable=0, duplicate=0, rows_out=3
    )


def test_unparseable_times_are_dropped_and_counted(lag_session):
    result, counts = transform(
        lag_session,
        [
            ("u1", "login", "2024-03-05 10:00:00"),
            ("u1", "click", "yesterday"),
            ("u1", "click", "2024-02-30 10:00:00"),
            ("u1", "click", "05/03/2024 10:00"),
            ("u1", "click", "2024-03-05"),
            ("u1", "click", "2024-03-05 25:00:00"),
            ("u1", "click", "1709632800"),
            ("u1", "logout", "2024-03-05 10:20:00"),
        ],
    )

    assert_rows(
        lag_session,
        result,
        [("u1", "login", "2024-03-05 10:00:00.000", None), ("u1", "logout", "2024-03-05 10:20:00.000", 20.0)],
    )
    assert counts == CleaningCounts(
        rows_read=8, rows_trimmed=0, null=0, unparseable=6, duplicate=0, rows_out=2
    )


def test_exact_duplicates_are_kept_once(lag_session):
    result, counts = transform(
        lag_session,
        [
            ("u1", "login", "2024-03-05 10:00:00"),
            ("u1", "login", "2024-03-05 10:00:00"),
            ("u1", "login", "2024-03-05 10:00:00"),
            ("u1", "click", "2024-03-05 10:05:00"),
            (" u1", "click", "2024-03-05T10:05:00Z"),  # the same event, other spelling
            ("u1", "click", "2024-03-05T11:05:00+01:00"),  # and again
            ("u1", "purchase", "2024-03-05 10:05:00"),  # same second, other type: not a duplicate
            ("u2", "login", "2024-03-05 10:00:00"),  # other user: not a duplicate
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "login", "2024-03-05 10:00:00.000", None),
            ("u1", "click", "2024-03-05 10:05:00.000", 5.0),
            ("u1", "purchase", "2024-03-05 10:05:00.000", 0.0),
            ("u2", "login", "2024-03-05 10:00:00.000", None),
        ],
    )
    assert counts == CleaningCounts(
        rows_read=8, rows_trimmed=1, null=0, unparseable=0, duplicate=4, rows_out=4
    )


SAME_SECOND = [
    ("u1", "logout", "2024-03-05 10:00:07"),
    ("u1", "purchase", "2024-03-05 10:00:07"),
    ("u1", "click", "2024-03-05 10:00:05"),
    ("u1", "login", "2024-03-05 10:00:05"),
    ("u1", "add_to_cart", "2024-03-05 10:00:07"),
    ("u1", None, "2024-03-05 10:00:05"),
]
SAME_SECOND_EXPECTED = [  # null type, login, others by name, logout
    ("u1", None, "2024-03-05 10:00:05.000", None),
    ("u1", "login", "2024-03-05 10:00:05.000", 0.0),
    ("u1", "click", "2024-03-05 10:00:05.000", 0.0),
    ("u1", "add_to_cart", "2024-03-05 10:00:07.000", 2 / 60),
    ("u1", "purchase", "2024-03-05 10:00:07.000", 0.0),
    ("u1", "logout", "2024-03-05 10:00:07.000", 0.0),
]


@pytest.mark.parametrize("order", ["as_given", "reversed"])
def test_events_in_the_same_second_follow_the_tie_breaker(lag_session, order):
    rows = SAME_SECOND if order == "as_given" else SAME_SECOND[::-1]
    events = lag_session.createDataFrame(rows, INPUT_SCHEMA).repartition(2)

    result, counts = event_lag.transform(events)

    assert_rows(lag_session, result, SAME_SECOND_EXPECTED)
    assert counts.duplicate == 0 and counts.rows_out == 6


def test_lag_across_daylight_saving_changes_is_elapsed_time(lag_session):
    result, _ = transform(
        lag_session,
        [
            ("u1", "login", "2024-03-10T01:30:00-05:00"),  # New York, just before spring forward: 06:30 UTC
            ("u1", "click", "2024-03-10T03:30:00-04:00"),  # one hour later: 07:30 UTC
            ("u2", "login", "2024-03-10 01:30:00"),  # plain times are UTC, which has no DST gap
            ("u2", "logout", "2024-03-10 03:30:00"),
            ("u3", "login", "2024-10-27T02:30:00+02:00"),  # Paris, fall back: 00:30 UTC
            ("u3", "logout", "2024-10-27T02:30:00+01:00"),  # same wall clock, an hour later: 01:30 UTC
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "login", "2024-03-10 06:30:00.000", None),
            ("u1", "click", "2024-03-10 07:30:00.000", 60.0),
            ("u2", "login", "2024-03-10 01:30:00.000", None),
            ("u2", "logout", "2024-03-10 03:30:00.000", 120.0),
            ("u3", "login", "2024-10-27 00:30:00.000", None),
            ("u3", "logout", "2024-10-27 01:30:00.000", 60.0),
        ],
    )


def test_single_event_user_has_null_lag(lag_session):
    result, counts = transform(
        lag_session,
        [
            ("solo", "login", "2024-03-05 10:00:00"),
            ("pair", "login", "2024-03-05 09:00:00"),
            ("pair", "logout", "2024-03-05 11:00:00"),
        ],
    )

    assert_rows(
        lag_session,
        result,
        [
            ("solo", "login", "2024-03-05 10:00:00.000", None),
            ("pair", "login", "2024-03-05 09:00:00.000", None),
            ("pair", "logout", "2024-03-05 11:00:00.000", 120.0),
        ],
    )
    assert counts.rows_out == 3


def test_empty_input_gives_empty_output(lag_session):
    result, counts = transform(lag_session, [])

    assert_rows(lag_session, result, [])
    assert counts == CleaningCounts(
        rows_read=0, rows_trimmed=0, null=0, unparseable=0, duplicate=0, rows_out=0
    )


def test_header_only_file_gives_empty_output(lag_session, tmp_path):
    events_file = tmp_path / "events.csv"
    events_file.write_text("user_id,event_type,event_time\n")

    result, counts = event_lag.transform_by_file(
        read_inputs(lag_session, {"incoming/events.csv": str(events_file)}), SOURCE_FILE
    )

    assert_rows(lag_session, result, [])
    assert counts == {}


def test_counts_per_file_and_a_duplicate_kept_by_the_first_file(lag_session):
    rows = [
        ("u1", "login", "2024-03-05 10:00:00", "incoming/b.csv"),
        ("u1", "click", "2024-03-05 10:01:00", "incoming/b.csv"),
        (" u1", "click", "2024-03-05T10:01:00Z", "incoming/a.csv"),  # the same event as b's click
        (None, "click", "2024-03-05 10:02:00", "incoming/a.csv"),
        ("u2", "login", "yesterday", "incoming/a.csv"),
        ("u2", "login", "2024-03-05 09:00:00", "incoming/c.csv"),
    ]
    events = lag_session.createDataFrame(rows, INPUT_SCHEMA + ", file string")

    result, counts = event_lag.transform_by_file(events, "file")

    assert_rows(
        lag_session,
        result,
        [
            ("u1", "login", "2024-03-05 10:00:00.000", None),
            ("u1", "click", "2024-03-05 10:01:00.000", 1.0),
            ("u2", "login", "2024-03-05 09:00:00.000", None),
        ],
    )
    assert counts == {
        "incoming/a.csv": CleaningCounts(
            rows_read=3, rows_trimmed=1, null=1, unparseable=1, duplicate=0, rows_out=1
        ),
        "incoming/b.csv": CleaningCounts(
            rows_read=2, rows_trimmed=0, null=0, unparseable=0, duplicate=1, rows_out=1
        ),
        "incoming/c.csv": CleaningCounts(
            rows_read=1, rows_trimmed=0, null=0, unparseable=0, duplicate=0, rows_out=1
        ),
    }
    assert sum(counts.values(), event_lag.NO_ROWS).rows_out == 3


def test_output_columns_and_types(lag_session):
    result, _ = transform(lag_session, [("u1", "login", "2024-03-05 10:00:00")])

    assert [(f.name, f.dataType.simpleString()) for f in result.schema.fields] == [
        ("user_id", "string"),
        ("event_type", "string"),
        ("event_time", "string"),
        ("lag_minutes", "double"),
    ]


def test_refuses_a_session_that_is_not_utc(lag_session):
    events = lag_session.createDataFrame([("u1", "login", "2024-03-10 01:30:00")], INPUT_SCHEMA)
    lag_session.conf.set("spark.sql.session.timeZone", "America/New_York")
    try:
        with pytest.raises(
            ValueError, match="spark.sql.session.timeZone='America/New_York' \\(needs 'UTC'\\)"
        ):
            event_lag.transform(events)
    finally:
        event_lag.configure_session(lag_session)


def test_missing_column_is_named(lag_session):
    events = lag_session.createDataFrame([("u1", "2024-03-05 10:00:00")], "user_id string, event_time string")

    with pytest.raises(ValueError, match="lack column\\(s\\) event_type"):
        event_lag.transform(events)


def test_sample_data_matches_an_independent_reading_of_the_rules(lag_session):
    paths = sorted(str(path) for path in SAMPLE_DATA.glob("*.csv"))
    expected_rows, expected_counts = reference_lag(read_rows(paths))
    events = lag_session.read.csv(paths, header=True, schema=INPUT_SCHEMA)

    result, counts = event_lag.transform(events)

    assert_rows(lag_session, result, expected_rows)
    assert counts.as_dict() == {key: expected_counts[key] for key in counts.as_dict()}
    assert min(counts.as_dict().values()) > 0, "the sample data exercises every cleaning step"
