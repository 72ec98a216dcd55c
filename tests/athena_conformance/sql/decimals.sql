-- decimal_literal_type
SELECT DECIMAL '1.50', typeof(DECIMAL '1.50');

-- decimal_number_literal
-- a literal with a point is a decimal in Trino (and Athena engine 3), not a double
SELECT 1.5, typeof(1.5), typeof(1.50e0);

-- decimal_columns
SELECT id, d2, d4, d0, d38 FROM numbers ORDER BY id;

-- decimal_add_scales
SELECT id, d2 + d4, typeof(d2 + d4) FROM numbers WHERE id IN (1, 9, 12) ORDER BY id;

-- decimal_subtract
SELECT DECIMAL '1.10' - DECIMAL '0.015';

-- decimal_multiply_scale
SELECT DECIMAL '1.25' * DECIMAL '0.4', typeof(DECIMAL '1.25' * DECIMAL '0.4');

-- decimal_divide
SELECT DECIMAL '10.00' / DECIMAL '3', typeof(DECIMAL '10.00' / DECIMAL '3');

-- decimal_divide_rounds_half_up
SELECT DECIMAL '2.00' / DECIMAL '3.00';

-- decimal_divide_column
SELECT id, d2 / 3 FROM numbers WHERE id IN (1, 2, 9, 13, 14) ORDER BY id;

-- decimal_divide_by_zero
SELECT DECIMAL '1.00' / DECIMAL '0.00';

-- decimal_modulo
SELECT DECIMAL '10.5' % DECIMAL '3', DECIMAL '-10.5' % DECIMAL '3';

-- decimal_negate
SELECT id, -d2 FROM numbers WHERE id IN (1, 2, 5) ORDER BY id;

-- sum_decimal
SELECT sum(salary), typeof(sum(salary)) FROM people;

-- avg_decimal
SELECT avg(salary), typeof(avg(salary)) FROM people;

-- avg_decimal_rounding
SELECT avg(x) FROM (VALUES DECIMAL '1.00', DECIMAL '2.00', DECIMAL '2.00') AS t(x);

-- avg_decimal_by_group
SELECT dept_id, avg(salary) FROM people GROUP BY dept_id ORDER BY dept_id NULLS LAST;

-- min_max_decimal
SELECT min(d2), max(d2), min(d38), max(d38) FROM numbers;

-- sum_decimal_partitions
SELECT region, sum(price * qty) FROM sales GROUP BY region ORDER BY region;

-- decimal_times_integer
SELECT id, price * qty, typeof(price * qty) FROM sales WHERE qty IS NOT NULL ORDER BY id;

-- round_decimal_half_up
SELECT round(DECIMAL '2.5'), round(DECIMAL '-2.5'), round(DECIMAL '0.125', 2);

-- round_decimal_column
SELECT id, round(d4, 2), round(d2, 1), round(d2) FROM numbers WHERE d2 IS NOT NULL ORDER BY id;

-- round_decimal_negative_digits
SELECT round(DECIMAL '1234.56', -2);

-- truncate_decimal
SELECT truncate(DECIMAL '2.789', 1), truncate(DECIMAL '-2.789');

-- floor_ceil_decimal
SELECT floor(DECIMAL '-2.5'), ceil(DECIMAL '-2.5'), floor(DECIMAL '2.5'), ceiling(DECIMAL '2.01');

-- abs_decimal
SELECT abs(DECIMAL '-3.50');

-- sign_decimal
SELECT sign(DECIMAL '-3.50'), sign(DECIMAL '0.00');

-- cast_decimal_to_integer_rounds
SELECT CAST(DECIMAL '2.5' AS integer), CAST(DECIMAL '-2.5' AS integer), CAST(DECIMAL '2.4' AS bigint);

-- cast_decimal_to_double
SELECT id, CAST(d2 AS double) FROM numbers WHERE id IN (1, 9, 15) ORDER BY id;

-- cast_decimal_to_varchar
SELECT CAST(DECIMAL '1.50' AS varchar), CAST(DECIMAL '-0.05' AS varchar);

-- cast_decimal_rescale_up
SELECT CAST(DECIMAL '1.5' AS decimal(10, 4));

-- cast_decimal_rescale_down_rounds
SELECT CAST(DECIMAL '1.555' AS decimal(10, 2)), CAST(DECIMAL '-1.555' AS decimal(10, 2));

-- cast_decimal_overflow
SELECT CAST(DECIMAL '123456.78' AS decimal(5, 2));

-- cast_double_to_decimal
SELECT CAST(0.1e0 AS decimal(10, 5)), CAST(2.675e0 AS decimal(10, 2));

-- cast_varchar_to_decimal
SELECT CAST('12.345' AS decimal(10, 2)), CAST('-7' AS decimal(3, 0));

-- cast_varchar_with_spaces_to_decimal_fails
SELECT CAST(' 7 ' AS decimal(3, 0));

-- cast_varchar_to_decimal_bad
SELECT CAST('12,5' AS decimal(10, 2));

-- cast_integer_to_decimal
SELECT CAST(42 AS decimal(4, 1));

-- decimal_compare_scales
SELECT DECIMAL '1.5' = DECIMAL '1.50', DECIMAL '1.5' > DECIMAL '1.49';

-- decimal_compare_to_double
SELECT DECIMAL '0.1' = 0.1e0;

-- decimal_plus_double_is_double
SELECT DECIMAL '0.1' + 0.2e0, typeof(DECIMAL '0.1' + 0.2e0);

-- decimal_plus_integer
SELECT DECIMAL '0.1' + 1, typeof(DECIMAL '0.1' + 1);

-- decimal_38_addition_overflow
SELECT d38 + d38 FROM numbers WHERE id = 3;

-- decimal_38_multiply
SELECT d38 * DECIMAL '1.0' FROM numbers WHERE id = 12;

-- decimal_long_arithmetic
SELECT DECIMAL '12345678901234567890.123456789' * 2;

-- decimal_order_by
SELECT id, d4 FROM numbers WHERE d4 IS NOT NULL ORDER BY d4, id;

-- decimal_group_by
SELECT price, count(*) FROM sales GROUP BY price ORDER BY price NULLS FIRST;

-- decimal_in_list
SELECT id FROM sales WHERE price IN (DECIMAL '0.50', 0.8, 2) ORDER BY id;

-- decimal_between
SELECT id FROM sales WHERE price BETWEEN 0.5 AND 1 ORDER BY id;

-- decimal_coalesce_scale
SELECT id, coalesce(salary, 0) FROM people WHERE id IN (4, 5) ORDER BY id;

-- decimal_case_scales
SELECT CASE WHEN id = 1 THEN DECIMAL '1.5' ELSE DECIMAL '2.25' END FROM people WHERE id IN (1, 2) ORDER BY id;

-- decimal_greatest_least
SELECT greatest(DECIMAL '1.5', DECIMAL '1.25'), least(DECIMAL '1.5', 2);

-- decimal_zero_scale_column
SELECT id, d0, d0 / 2 FROM numbers WHERE d0 IS NOT NULL ORDER BY id;

-- decimal_stddev
SELECT round(stddev_samp(price), 9), round(variance(price), 9) FROM sales;

-- sum_decimal_empty
SELECT sum(price), avg(price) FROM sales WHERE qty > 1000;

-- decimal_budget_ratio
SELECT id, budget / 1000 FROM departments ORDER BY id;

-- decimal_amount_sum_by_kind
SELECT kind, sum(amount), avg(amount), count(amount) FROM events GROUP BY kind ORDER BY kind NULLS FIRST;

-- decimal_percent
SELECT id, round(100 * salary / (SELECT sum(salary) FROM people), 2) FROM people WHERE salary IS NOT NULL ORDER BY id;

-- decimal_format
SELECT format('%.3f', DECIMAL '2.5'), format_number(DECIMAL '1234.5');

-- decimal_typeof_arithmetic
SELECT typeof(d2 * d4), typeof(d2 / d4), typeof(d2 % d0) FROM numbers WHERE id = 1;

-- sum_sparse_decimal
SELECT sum(g), avg(g), count(g) FROM sparse;
