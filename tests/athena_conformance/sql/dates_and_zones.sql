-- date_literal
SELECT DATE '2024-02-29';

-- timestamp_literal_millis
SELECT TIMESTAMP '2024-01-02 03:04:05.678';

-- timestamp_literal_seconds
SELECT TIMESTAMP '2024-01-02 03:04:05';

-- timestamp_literal_micros
SELECT TIMESTAMP '2024-01-02 03:04:05.123456';

-- timestamp_with_zone_literal
SELECT TIMESTAMP '2024-01-02 03:04:05.000 UTC';

-- timestamp_with_named_zone_literal
SELECT TIMESTAMP '2024-07-01 12:00:00 Europe/Paris';

-- timestamp_with_offset_literal
SELECT TIMESTAMP '2024-07-01 12:00:00 +05:30';

-- at_time_zone_new_york
SELECT ts AT TIME ZONE 'America/New_York' FROM events WHERE id = 1;

-- at_time_zone_before_us_dst
-- one second before the US springs forward: still EST
SELECT ts AT TIME ZONE 'America/New_York' FROM events WHERE id = 4;

-- at_time_zone_after_us_dst
SELECT ts AT TIME ZONE 'America/New_York' FROM events WHERE id = 5;

-- at_time_zone_before_eu_dst
SELECT ts AT TIME ZONE 'Europe/Berlin' FROM events WHERE id = 6;

-- at_time_zone_after_eu_dst
SELECT ts AT TIME ZONE 'Europe/Berlin' FROM events WHERE id = 7;

-- at_time_zone_eu_fall_back_first
SELECT ts AT TIME ZONE 'Europe/Berlin' FROM events WHERE id = 8;

-- at_time_zone_eu_fall_back_second
SELECT ts AT TIME ZONE 'Europe/Berlin' FROM events WHERE id = 9;

-- at_time_zone_us_fall_back
SELECT id, ts AT TIME ZONE 'America/Los_Angeles' FROM events WHERE id IN (10, 11) ORDER BY id;

-- at_time_zone_offset
SELECT ts AT TIME ZONE '+09:00' FROM events WHERE id = 3;

-- at_time_zone_negative_offset
SELECT ts AT TIME ZONE '-03:30' FROM events WHERE id = 3;

-- at_time_zone_kolkata
SELECT ts AT TIME ZONE 'Asia/Kolkata' FROM events WHERE id = 18;

-- at_time_zone_all_events
SELECT id, ts AT TIME ZONE 'Australia/Sydney' AS sydney FROM events ORDER BY id;

-- at_time_zone_then_cast_to_timestamp
SELECT CAST(ts AT TIME ZONE 'America/New_York' AS timestamp) FROM events WHERE id = 5;

-- at_time_zone_then_cast_to_date
SELECT CAST(ts AT TIME ZONE 'Asia/Tokyo' AS date) FROM events WHERE id = 2;

-- at_time_zone_unknown_zone
SELECT ts AT TIME ZONE 'Mars/Olympus' FROM events WHERE id = 1;

-- with_timezone_paris
SELECT with_timezone(ts, 'Europe/Paris') FROM events WHERE id = 1;

-- with_timezone_in_dst_gap
-- 02:30 does not exist in New York on 2024-03-10
SELECT with_timezone(TIMESTAMP '2024-03-10 02:30:00', 'America/New_York');

-- with_timezone_ambiguous
SELECT with_timezone(TIMESTAMP '2024-11-03 01:30:00', 'America/New_York');

-- with_timezone_to_unixtime
SELECT to_unixtime(with_timezone(TIMESTAMP '2024-01-01 00:00:00', 'Asia/Tokyo'));

-- at_timezone_function
SELECT at_timezone(TIMESTAMP '2024-06-01 12:00:00 UTC', 'America/Chicago');

-- timezone_hour_minute
SELECT timezone_hour(TIMESTAMP '2024-06-01 12:00:00 +05:45'), timezone_minute(TIMESTAMP '2024-06-01 12:00:00 +05:45');

-- zone_of_timestamp_with_zone
SELECT format_datetime(TIMESTAMP '2024-06-01 12:00:00 Europe/Paris', 'ZZZ');

-- date_trunc_year
SELECT date_trunc('year', ts) FROM events WHERE id = 3;

-- date_trunc_quarter
SELECT date_trunc('quarter', ts) FROM events WHERE id = 8;

-- date_trunc_month
SELECT date_trunc('month', ts) FROM events WHERE id = 3;

-- date_trunc_week
-- weeks start on Monday
SELECT date_trunc('week', ts) FROM events WHERE id = 1;

-- date_trunc_day
SELECT date_trunc('day', ts) FROM events WHERE id = 19;

-- date_trunc_hour
SELECT date_trunc('hour', ts) FROM events WHERE id = 16;

-- date_trunc_minute
SELECT date_trunc('minute', ts) FROM events WHERE id = 16;

-- date_trunc_second
SELECT date_trunc('second', ts) FROM events WHERE id = 16;

-- date_trunc_date
SELECT date_trunc('month', day) FROM events WHERE id = 15;

-- date_trunc_before_epoch
SELECT date_trunc('second', ts) FROM events WHERE id = 13;

-- date_trunc_with_zone
SELECT date_trunc('day', ts AT TIME ZONE 'America/New_York') FROM events WHERE id = 2;

-- date_trunc_group_by_month
SELECT date_trunc('month', ts) AS m, count(*) FROM events GROUP BY 1 ORDER BY m;

-- date_add_day
SELECT date_add('day', 1, DATE '2024-02-28');

-- date_add_day_leap
SELECT date_add('day', 1, DATE '2024-02-29');

-- date_add_month_end
SELECT date_add('month', 1, DATE '2024-01-31');

-- date_add_month_leap_to_non_leap
SELECT date_add('year', 1, DATE '2024-02-29');

-- date_add_negative_month
SELECT date_add('month', -1, DATE '2024-03-31');

-- date_add_hour_timestamp
SELECT date_add('hour', 25, ts) FROM events WHERE id = 2;

-- date_add_millisecond
SELECT date_add('millisecond', 1, ts) FROM events WHERE id = 2;

-- date_add_week
SELECT date_add('week', 2, ts) FROM events WHERE id = 3;

-- date_add_quarter
SELECT date_add('quarter', 1, DATE '2024-11-30');

-- date_add_across_dst_in_zone
-- one day later in New York across the spring change: same wall clock
SELECT date_add('day', 1, TIMESTAMP '2024-03-09 12:00:00 America/New_York');

-- date_add_hours_across_dst_in_zone
SELECT date_add('hour', 24, TIMESTAMP '2024-03-09 12:00:00 America/New_York');

-- date_diff_days
SELECT date_diff('day', DATE '2024-01-01', DATE '2024-12-31');

-- date_diff_days_negative
SELECT date_diff('day', DATE '2024-03-01', DATE '2024-02-01');

-- date_diff_months_partial
SELECT date_diff('month', DATE '2024-01-31', DATE '2024-02-29');

-- date_diff_years
SELECT date_diff('year', DATE '2000-02-29', DATE '2024-02-28');

-- date_diff_hours
SELECT date_diff('hour', TIMESTAMP '2024-03-10 00:00:00', TIMESTAMP '2024-03-11 00:00:00');

-- date_diff_seconds_events
SELECT a.id, b.id, date_diff('second', a.ts, b.ts) FROM events a JOIN events b ON b.id = a.id + 1 ORDER BY a.id;

-- date_diff_millisecond
SELECT date_diff('millisecond', TIMESTAMP '1969-12-31 23:59:59.500', TIMESTAMP '1970-01-01 00:00:00.000');

-- date_diff_week
SELECT date_diff('week', DATE '2024-01-01', DATE '2024-03-01');

-- date_diff_quarter
SELECT date_diff('quarter', DATE '2024-01-15', DATE '2024-10-14');

-- date_diff_across_dst_zone
SELECT date_diff('hour', TIMESTAMP '2024-03-10 00:00:00 America/New_York', TIMESTAMP '2024-03-11 00:00:00 America/New_York');

-- format_datetime_basic
SELECT format_datetime(ts, 'yyyy-MM-dd HH:mm:ss') FROM events WHERE id = 16;

-- format_datetime_millis
SELECT format_datetime(ts, 'yyyy-MM-dd''T''HH:mm:ss.SSS') FROM events WHERE id = 16;

-- format_datetime_month_names
SELECT format_datetime(ts, 'EEEE, MMMM d, yyyy') FROM events WHERE id = 3;

-- format_datetime_short_names
SELECT format_datetime(ts, 'EEE MMM dd') FROM events WHERE id = 18;

-- format_datetime_12_hour
SELECT format_datetime(ts, 'hh:mm a') FROM events WHERE id = 16;

-- format_datetime_week_year
SELECT format_datetime(DATE '2024-12-30', 'xxxx-''W''ww');

-- format_datetime_day_of_year
SELECT format_datetime(ts, 'D') FROM events WHERE id = 19;

-- format_datetime_zone
SELECT format_datetime(ts AT TIME ZONE 'America/New_York', 'yyyy-MM-dd HH:mm ZZ') FROM events WHERE id = 5;

-- format_datetime_zone_id
SELECT format_datetime(ts AT TIME ZONE 'Europe/London', 'HH:mm ZZZ') FROM events WHERE id = 18;

-- format_datetime_all_events
SELECT id, format_datetime(ts, 'yy/M/d H:m:s') FROM events ORDER BY id;

-- parse_datetime_basic
SELECT parse_datetime('2024-02-29 13:45:00', 'yyyy-MM-dd HH:mm:ss');

-- parse_datetime_with_zone
SELECT parse_datetime('2024-07-01 08:00 +0200', 'yyyy-MM-dd HH:mm Z');

-- parse_datetime_month_name
SELECT parse_datetime('15 March 2024', 'dd MMMM yyyy');

-- parse_datetime_bad_input
SELECT parse_datetime('2024-13-45', 'yyyy-MM-dd');

-- date_format_mysql
SELECT date_format(ts, '%Y-%m-%d %H:%i:%s') FROM events WHERE id = 16;

-- date_format_mysql_names
SELECT date_format(ts, '%W %M %e %Y') FROM events WHERE id = 3;

-- date_format_millis
SELECT date_format(ts, '%f') FROM events WHERE id = 16;

-- date_format_12_hour
SELECT date_format(ts, '%h:%i %p') FROM events WHERE id = 16;

-- date_format_day_of_year
SELECT date_format(ts, '%j') FROM events WHERE id = 19;

-- date_parse_mysql
SELECT date_parse('2024/02/29 07:08:09', '%Y/%m/%d %H:%i:%s');

-- date_parse_bad
SELECT date_parse('2024-02-30', '%Y-%m-%d');

-- from_unixtime_epoch
SELECT from_unixtime(0);

-- from_unixtime_fraction
SELECT from_unixtime(1700000000.5);

-- from_unixtime_negative
SELECT from_unixtime(-1);

-- from_unixtime_zone
SELECT from_unixtime(1700000000, 'Asia/Tokyo');

-- from_unixtime_hours_minutes
SELECT from_unixtime(1700000000, 5, 30);

-- to_unixtime_events
SELECT id, to_unixtime(ts) FROM events ORDER BY id;

-- to_unixtime_with_zone
SELECT to_unixtime(TIMESTAMP '2024-01-01 00:00:00 America/New_York');

-- from_unixtime_nanos
SELECT from_unixtime_nanos(1700000000123456789);

-- from_iso8601_timestamp
SELECT from_iso8601_timestamp('2024-02-29T10:11:12.345+01:00');

-- from_iso8601_date
SELECT from_iso8601_date('2024-W09-4');

-- to_iso8601_timestamp
SELECT to_iso8601(ts) FROM events WHERE id = 16;

-- to_iso8601_date
SELECT to_iso8601(day) FROM events WHERE id = 3;

-- day_of_week_events
SELECT id, day_of_week(ts), dow(day) FROM events ORDER BY id;

-- day_of_year_events
SELECT id, day_of_year(ts), doy(day) FROM events ORDER BY id;

-- week_of_year
SELECT week(DATE '2024-12-30'), week_of_year(DATE '2021-01-03'), year_of_week(DATE '2021-01-03');

-- extract_fields
SELECT extract(year FROM ts), extract(month FROM ts), extract(day FROM ts), extract(hour FROM ts), extract(minute FROM ts), extract(second FROM ts) FROM events WHERE id = 16;

-- extract_quarter
SELECT id, quarter(ts) FROM events ORDER BY id;

-- millisecond_field
SELECT millisecond(ts) FROM events WHERE id = 15;

-- year_month_day_functions
SELECT year(day), month(day), day(day), day_of_month(day) FROM events WHERE id = 14;

-- last_day_of_month_leap
SELECT last_day_of_month(DATE '2024-02-10'), last_day_of_month(DATE '2100-02-10');

-- interval_day_to_second_literal
SELECT INTERVAL '2' DAY;

-- interval_hours
SELECT INTERVAL '36' HOUR;

-- interval_year_to_month
SELECT INTERVAL '3' MONTH + INTERVAL '1' YEAR;

-- timestamp_plus_interval
SELECT ts + INTERVAL '90' MINUTE FROM events WHERE id = 2;

-- date_plus_interval_day
SELECT DATE '2024-02-28' + INTERVAL '2' DAY;

-- date_minus_interval_month
SELECT DATE '2024-03-31' - INTERVAL '1' MONTH;

-- timestamp_difference_interval
SELECT TIMESTAMP '2024-03-01 00:00:00' - TIMESTAMP '2024-02-28 12:00:00';

-- date_difference_interval
SELECT DATE '2024-03-01' - DATE '2024-02-01';

-- interval_seconds_fraction
SELECT INTERVAL '1.5' SECOND;

-- parse_duration_function
SELECT parse_duration('1.5h');

-- human_readable_seconds
SELECT human_readable_seconds(93784);

-- cast_timestamp_to_date
SELECT id, CAST(ts AS date) FROM events ORDER BY id;

-- cast_date_to_timestamp
SELECT CAST(day AS timestamp) FROM events WHERE id = 3;

-- cast_varchar_to_timestamp
SELECT CAST('2024-02-29 23:59:59.999' AS timestamp);

-- cast_varchar_to_date_bad
SELECT CAST('2023-02-29' AS date);

-- cast_timestamp_to_varchar
SELECT CAST(ts AS varchar) FROM events WHERE id = 14;

-- cast_timestamp_with_zone_to_varchar
SELECT CAST(TIMESTAMP '2024-01-01 10:00:00 Europe/Paris' AS varchar);

-- cast_timestamp_precision_down
SELECT CAST(TIMESTAMP '2024-01-01 10:00:00.999' AS timestamp(0));

-- compare_timestamp_with_zones
SELECT TIMESTAMP '2024-01-01 12:00:00 Europe/Paris' = TIMESTAMP '2024-01-01 11:00:00 UTC';

-- filter_by_timestamp_range
SELECT id FROM events WHERE ts >= TIMESTAMP '2024-03-10 00:00:00' AND ts < TIMESTAMP '2024-04-01 00:00:00' ORDER BY id;

-- filter_by_date_between
SELECT id FROM events WHERE day BETWEEN DATE '2024-01-01' AND DATE '2024-06-30' ORDER BY id;

-- filter_leap_days
SELECT id, day FROM events WHERE month(day) = 2 AND day_of_month(day) = 29 ORDER BY id;

-- min_max_timestamps
SELECT min(ts), max(ts), min(day), max(day) FROM events;

-- current_date_is_a_date
-- true whatever the day
SELECT current_date > DATE '2020-01-01', typeof(current_date);

-- current_timestamp_type
SELECT typeof(current_timestamp), typeof(localtimestamp);

-- current_timezone_is_utc
SELECT current_timezone();

-- date_sequence
SELECT sequence(DATE '2024-02-27', DATE '2024-03-02');

-- date_sequence_by_month
SELECT sequence(DATE '2024-01-31', DATE '2024-05-31', INTERVAL '1' MONTH);

-- timestamp_sequence_hours
SELECT sequence(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 03:00:00', INTERVAL '1' HOUR);

-- time_literal
SELECT TIME '10:11:12.345';

-- time_plus_interval
SELECT TIME '23:30:00' + INTERVAL '45' MINUTE;

-- series_per_day
SELECT CAST(ts AS date) AS d, count(*), sum(val) FROM series GROUP BY 1 ORDER BY d;

-- series_hour_histogram
SELECT hour(ts) AS h, count(*) FROM series WHERE hour(ts) < 4 GROUP BY 1 ORDER BY h;
