-- cast_varchar_decimal_to_integer_fails
SELECT CAST('12.5' AS integer);

-- cast_varchar_to_integer
SELECT CAST('12' AS integer), CAST('-7' AS bigint), CAST('+3' AS smallint);

-- cast_varchar_with_spaces_to_integer
SELECT CAST(' 12 ' AS integer);

-- cast_varchar_overflow_integer
SELECT CAST('2147483648' AS integer);

-- cast_empty_to_integer
SELECT CAST('' AS integer);

-- cast_integer_overflow_tinyint
SELECT CAST(200 AS tinyint);

-- cast_bigint_to_integer_overflow
SELECT CAST(b AS integer) FROM numbers WHERE id = 10;

-- try_cast_bad_integer
SELECT try_cast('12.5' AS integer), try_cast('abc' AS bigint), try_cast('12' AS integer);

-- try_cast_overflow
SELECT try_cast(300 AS tinyint), try_cast('99999999999' AS integer);

-- try_cast_date
SELECT try_cast('2024-02-30' AS date), try_cast('2024-02-29' AS date);

-- try_function_division
SELECT try(1 / 0), try(CAST('x' AS integer));

-- cast_double_to_integer_rounds
SELECT CAST(2.5e0 AS integer), CAST(-2.5e0 AS integer), CAST(3.5e0 AS integer), CAST(2.4999e0 AS bigint);

-- cast_nan_to_integer
SELECT CAST(nan() AS integer);

-- cast_infinity_to_bigint
SELECT CAST(infinity() AS bigint);

-- cast_double_to_varchar
SELECT CAST(1.0e10 AS varchar), CAST(0.1e0 AS varchar), CAST(100e0 AS varchar), CAST(1e-5 AS varchar), CAST(123456.789e0 AS varchar);

-- cast_double_columns_to_varchar
SELECT id, CAST(d AS varchar) FROM numbers ORDER BY id;

-- cast_real_to_varchar
SELECT CAST(REAL '1.1' AS varchar), CAST(REAL '1e10' AS varchar);

-- cast_varchar_to_double
SELECT CAST('1e3' AS double), CAST('-0.5' AS double), CAST('NaN' AS double), CAST('Infinity' AS double);

-- cast_varchar_to_double_bad
SELECT CAST('1,5' AS double);

-- cast_integer_to_varchar
SELECT CAST(42 AS varchar), CAST(-9223372036854775808 AS varchar);

-- cast_boolean_to_varchar
SELECT CAST(true AS varchar), CAST(false AS varchar);

-- cast_varchar_to_boolean
SELECT CAST('true' AS boolean), CAST('FALSE' AS boolean), CAST('1' AS boolean), CAST('f' AS boolean);

-- cast_varchar_to_boolean_bad
SELECT CAST('yes' AS boolean);

-- cast_integer_to_boolean
SELECT CAST(0 AS boolean), CAST(5 AS boolean);

-- cast_boolean_to_integer
SELECT CAST(true AS integer), CAST(false AS bigint);

-- cast_varchar_to_date
SELECT CAST('2024-02-29' AS date), CAST('2024-2-9' AS date);

-- cast_varchar_to_date_with_time_fails
SELECT CAST('2024-02-29 10:00:00' AS date);

-- cast_varchar_to_timestamp_variants
SELECT CAST('2024-02-29' AS timestamp), CAST('2024-02-29 10:00' AS timestamp);

-- cast_varchar_iso_t_to_timestamp_fails
SELECT CAST('2024-02-29T10:00:00' AS timestamp);

-- cast_varchar_to_timestamp_with_zone
SELECT CAST('2024-02-29 10:00:00 America/New_York' AS timestamp with time zone);

-- cast_timestamp_to_timestamp_with_zone
SELECT CAST(TIMESTAMP '2024-02-29 10:00:00' AS timestamp with time zone);

-- cast_timestamp_with_zone_to_timestamp
SELECT CAST(TIMESTAMP '2024-02-29 10:00:00 America/New_York' AS timestamp);

-- cast_date_to_varchar
SELECT id, CAST(birth AS varchar) FROM people ORDER BY id;

-- cast_json_object_to_varchar_fails
SELECT CAST(json_parse('{"a":1}') AS varchar);

-- cast_varchar_to_json
SELECT CAST('abc' AS json), CAST('[1,2]' AS json);

-- cast_json_to_array
SELECT CAST(json_parse('[1, 2, 3]') AS array(integer));

-- cast_json_to_map
SELECT CAST(json_parse('{"a": 1, "b": 2}') AS map(varchar, integer));

-- cast_json_to_row
SELECT CAST(json_parse('{"x": 1, "y": "s"}') AS row(x integer, y varchar));

-- cast_json_mismatch
SELECT CAST(json_parse('{"a": "x"}') AS map(varchar, integer));

-- cast_array_to_json
SELECT CAST(ARRAY[1, NULL, 3] AS json), CAST(MAP(ARRAY['k'], ARRAY[1.5e0]) AS json);

-- cast_row_to_json
SELECT CAST(CAST(ROW(1, 'a') AS row(x integer, y varchar)) AS json);

-- cast_array_of_varchar_to_integer
SELECT CAST(ARRAY['1', '2'] AS array(integer));

-- cast_array_element_fails
SELECT CAST(ARRAY['1', 'x'] AS array(integer));

-- cast_map_values
SELECT CAST(MAP(ARRAY['a'], ARRAY[1]) AS map(varchar, double));

-- cast_varchar_to_varbinary
SELECT CAST('abc' AS varbinary);

-- cast_tinyint_smallint_widen
SELECT id, CAST(t AS bigint) + CAST(s AS bigint) FROM numbers ORDER BY id;

-- implicit_integer_widen
SELECT t + s, typeof(t + s), typeof(t + i), typeof(i + b), typeof(t + t) FROM numbers WHERE id = 1;

-- implicit_integer_to_double
SELECT i + d, typeof(i + d), typeof(r + i), typeof(r + d) FROM numbers WHERE id = 1;

-- integer_division_truncates
SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3;

-- integer_division_by_zero
SELECT 1 / 0;

-- integer_modulo_by_zero
SELECT 1 % 0;

-- column_division_by_zero
SELECT i / (i - i) FROM numbers WHERE id = 1;

-- double_division_by_zero
SELECT 1e0 / 0, -1e0 / 0, 0e0 / 0;

-- integer_overflow_add
SELECT b + 1 FROM numbers WHERE id = 3;

-- integer_overflow_multiply
SELECT i * 2 FROM numbers WHERE id = 3;

-- integer_negate_min_overflow
SELECT -b FROM numbers WHERE id = 4;

-- tinyint_overflow_add
SELECT t + t FROM numbers WHERE id = 3;

-- typeof_literals
SELECT typeof(1), typeof(2147483648), typeof(1e0), typeof(true), typeof(NULL), typeof(DATE '2024-01-01'), typeof(X'00');

-- cast_real_to_double
SELECT id, CAST(r AS double) FROM numbers WHERE id IN (1, 9, 15) ORDER BY id;

-- cast_double_to_real
SELECT CAST(0.1e0 AS real), CAST(1e40 AS real);

-- cast_interval_to_varchar
SELECT CAST(INTERVAL '90' MINUTE AS varchar);

-- cast_null_to_types
SELECT CAST(NULL AS integer), CAST(NULL AS array(varchar)), CAST(NULL AS row(a integer));

-- cast_uuid
SELECT CAST('12151fd2-7586-11e9-8f9e-2a86e4085a59' AS uuid);

-- cast_uuid_bad
SELECT CAST('not-a-uuid' AS uuid);

-- cast_ipaddress
SELECT CAST('10.0.0.1' AS ipaddress), CAST('::ffff:1.2.3.4' AS ipaddress);

-- try_cast_column
SELECT id, try_cast(nickname AS integer) FROM people ORDER BY id;

-- cast_varchar_numbers_column
SELECT id, try_cast(regexp_extract(payload, '\d+') AS integer) FROM events ORDER BY id;

-- cast_timestamp_to_time
SELECT CAST(ts AS time) FROM events WHERE id = 16;

-- cast_varchar_to_time
SELECT CAST('10:11:12' AS time);

-- cast_to_unknown_type
SELECT CAST(1 AS number);
