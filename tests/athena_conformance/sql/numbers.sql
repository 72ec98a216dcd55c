-- integer_columns
SELECT id, t, s, i, b FROM numbers ORDER BY id;

-- double_columns
SELECT id, r, d FROM numbers ORDER BY id;

-- double_text_forms
SELECT 1e10, 1e7, 9999999e0, 0.001e0, 0.0001e0, 1e-5, 123456789.123e0, 1e21, 1e22;

-- double_sum_inexact
SELECT 0.1e0 + 0.2e0, 1e0 / 3, 2e0 / 3;

-- double_negative_zero
SELECT -0e0, 0e0 * -1, d FROM numbers WHERE id = 5;

-- nan_comparisons
SELECT nan() = nan(), nan() < 1, nan() > 1, nan() <> nan(), is_nan(nan());

-- nan_in_where
SELECT id FROM numbers WHERE d <> d ORDER BY id;

-- nan_order_by_asc
-- NaN sorts after every other value, before NULL
SELECT id, d FROM numbers ORDER BY d, id;

-- nan_order_by_desc
SELECT id, d FROM numbers ORDER BY d DESC, id;

-- infinity_functions
SELECT infinity(), -infinity(), is_infinite(infinity()), is_finite(1e0), is_finite(infinity());

-- infinity_arithmetic
SELECT infinity() - infinity(), infinity() * 0, 1 / infinity();

-- max_min_with_nan
SELECT max(d), min(d) FROM numbers;

-- max_min_doubles_without_nan
SELECT max(d), min(d) FROM numbers WHERE NOT is_nan(d);

-- count_distinct_with_nan
SELECT count(DISTINCT d) FROM numbers;

-- group_by_nan
SELECT is_nan(d) AS nan_value, count(*) FROM numbers GROUP BY 1 ORDER BY 1 NULLS FIRST;

-- sum_with_infinity
SELECT sum(d) FROM numbers WHERE id IN (1, 7);

-- sum_inf_minus_inf
SELECT sum(d) FROM numbers WHERE id IN (7, 8);

-- real_arithmetic
SELECT REAL '0.1' + REAL '0.2', typeof(REAL '0.1' + REAL '0.2');

-- real_column
SELECT id, r * 2 FROM numbers WHERE id IN (1, 9, 12, 15) ORDER BY id;

-- abs_functions
SELECT abs(-5), abs(-2.5e0), abs(t) FROM numbers WHERE id = 2;

-- abs_min_overflow
SELECT abs(b) FROM numbers WHERE id = 4;

-- round_double
SELECT round(2.5e0), round(-2.5e0), round(0.5e0), round(1.5e0), round(2.675e0, 2);

-- round_integer
SELECT round(15), round(15, -1), round(25, -1);

-- round_double_column
SELECT id, round(d, 1) FROM numbers ORDER BY id;

-- floor_ceil_double
SELECT floor(-1.5e0), ceil(-1.5e0), floor(1.5e0), ceil(1.5e0), typeof(floor(1.5e0));

-- truncate_double
SELECT truncate(-1.7e0), truncate(1.7e0);

-- sqrt_functions
SELECT sqrt(16), sqrt(2), sqrt(-1), cbrt(27);

-- power_functions
SELECT power(2, 10), pow(2, -1), power(0, 0), power(-8, 1e0 / 3);

-- exp_ln_log
SELECT exp(0), ln(1), log10(1000), log2(8), log(2, 1024);

-- ln_zero_negative
SELECT ln(0), ln(-1);

-- trig_functions
SELECT sin(0), cos(0), tan(0), asin(1), acos(1), atan(1), atan2(1, 1);

-- pi_e_constants
SELECT pi(), e();

-- degrees_radians
SELECT degrees(pi()), radians(180);

-- sign_function
SELECT sign(-5), sign(0), sign(3.5e0), sign(nan());

-- mod_function
SELECT mod(10, 3), mod(-10, 3), mod(10.5e0, 3), mod(5, 0e0);

-- greatest_least_numbers
SELECT greatest(1, 2, 3), least(1, 2.5e0), greatest(1, NULL);

-- greatest_with_nan
SELECT greatest(1e0, nan());

-- width_bucket_function
SELECT width_bucket(5.3e0, 0, 10, 5), width_bucket(-1, 0, 10, 5), width_bucket(11, 0, 10, 5);

-- bit_functions
SELECT bitwise_and(12, 10), bitwise_or(12, 10), bitwise_xor(12, 10), bitwise_not(0), bit_count(255, 64);

-- shift_functions
SELECT bitwise_left_shift(1, 10), bitwise_right_shift(1024, 3), bitwise_right_shift_arithmetic(-8, 1);

-- to_base_from_base
SELECT to_base(255, 16), from_base('ff', 16), to_base(-5, 2);

-- integer_arithmetic_columns
SELECT id, i + 1, i - 1, i * 2 FROM numbers WHERE id IN (1, 2, 5, 9) ORDER BY id;

-- bigint_column_math
SELECT id, b / 1000, b % 7 FROM numbers WHERE b IS NOT NULL ORDER BY id;

-- integer_average_is_double
SELECT avg(i), typeof(avg(i)) FROM numbers WHERE id IN (1, 2, 9, 16);

-- sum_integers_is_bigint
SELECT sum(i), typeof(sum(i)), sum(t), typeof(sum(t)) FROM numbers WHERE id IN (1, 2, 9, 16);

-- sum_bigint_overflow
SELECT sum(b) FROM numbers WHERE id IN (3, 1);

-- double_equality_join
SELECT a.id, b.id FROM numbers a JOIN numbers b ON a.d = b.d AND a.id < b.id ORDER BY a.id, b.id;

-- double_group_by_zero_signs
SELECT d, count(*) FROM (VALUES 0e0, -0e0, 1e0) AS t(d) GROUP BY d ORDER BY d;

-- double_distinct
SELECT DISTINCT abs(d) FROM numbers WHERE id IN (1, 2, 13, 14);

-- numeric_literal_exponent
SELECT 1.5e3, -2E-2, typeof(1.5e3);

-- hex_literal_integer
SELECT 0x1F, 0b101, 0o17;

-- underscore_in_numbers
SELECT 1_000_000;

-- cosine_similarity
SELECT cosine_similarity(MAP(ARRAY['a', 'b'], ARRAY[1e0, 0e0]), MAP(ARRAY['a', 'b'], ARRAY[1e0, 1e0]));

-- normal_cdf
SELECT round(normal_cdf(0, 1, 1.96), 6), round(inverse_normal_cdf(0, 1, 0.975), 6);

-- sum_series_x
SELECT grp, sum(x), avg(x), min(x), max(x) FROM series GROUP BY grp ORDER BY grp;

-- series_val_stats
SELECT sum(val), avg(val), min(val), max(val), count(val) FROM series;

-- series_modular_buckets
SELECT val % 10 AS bucket, count(*) FROM series GROUP BY 1 ORDER BY 1;

-- integer_comparison_chain
SELECT id FROM numbers WHERE i BETWEEN -1 AND 10 ORDER BY id;

-- double_to_integer_in_predicate
SELECT id FROM numbers WHERE d > 1 AND d < 200 ORDER BY id;
