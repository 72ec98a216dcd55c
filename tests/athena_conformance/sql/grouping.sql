-- grouping_sets_basic
SELECT region, product, sum(qty) FROM sales GROUP BY GROUPING SETS ((region), (product), ()) ORDER BY region NULLS LAST, product NULLS LAST;

-- grouping_sets_with_grouping_function
SELECT region, product, grouping(region, product), sum(qty) FROM sales GROUP BY GROUPING SETS ((region, product), (region)) ORDER BY 1, 3, 2 NULLS FIRST;

-- rollup_two_levels
SELECT region, dt, count(*) FROM sales GROUP BY ROLLUP (region, dt) ORDER BY region NULLS LAST, dt NULLS LAST;

-- rollup_totals_only
SELECT region, sum(qty) FROM sales GROUP BY ROLLUP (region) ORDER BY region NULLS LAST;

-- cube_two_columns
SELECT region, product, count(*) FROM sales WHERE product IN ('apple', 'kiwi') GROUP BY CUBE (region, product) ORDER BY region NULLS LAST, product NULLS LAST;

-- cube_grouping_id
SELECT grouping(region), grouping(product), region, product, count(*) FROM sales GROUP BY CUBE (region, product) ORDER BY 1, 2, 3, 4;

-- rollup_with_nulls_in_data
-- a NULL key and a total row: grouping() tells them apart
SELECT city, grouping(city), count(*) FROM people GROUP BY ROLLUP (city) ORDER BY 2, 1 NULLS FIRST;

-- grouping_sets_mixed_with_group_by
SELECT region, dt, product, count(*) FROM sales GROUP BY region, GROUPING SETS ((dt), (product)) ORDER BY region, dt NULLS LAST, product NULLS LAST;

-- rollup_decimal_sum
SELECT region, dt, sum(price) FROM sales GROUP BY ROLLUP (region, dt) ORDER BY region NULLS LAST, dt NULLS LAST;

-- cube_on_people
SELECT dept_id, active, count(*) FROM people GROUP BY CUBE (dept_id, active) ORDER BY dept_id NULLS FIRST, active NULLS FIRST, count(*);

-- group_by_all_distinct_sets
SELECT region, product, count(*) FROM sales GROUP BY DISTINCT ROLLUP (region, product), ROLLUP (region) ORDER BY region NULLS LAST, product NULLS LAST;

-- grouping_sets_empty_only
SELECT count(*), sum(qty) FROM sales GROUP BY GROUPING SETS (());

-- rollup_three_levels
SELECT region, dt, product, sum(qty) FROM sales WHERE region = 'eu' GROUP BY ROLLUP (region, dt, product) ORDER BY region NULLS LAST, dt NULLS LAST, product NULLS LAST;

-- grouping_requires_group_by_column_fails
SELECT grouping(product) FROM sales GROUP BY region;

-- group_by_rollup_with_having
SELECT region, sum(qty) AS q FROM sales GROUP BY ROLLUP (region) HAVING sum(qty) > 25 ORDER BY region NULLS LAST;

-- grouping_sets_expression_fails
SELECT count(*) FROM series GROUP BY GROUPING SETS ((grp), (val % 2));

-- grouping_sets_on_series
SELECT grp, parity, count(*) FROM (SELECT grp, val % 2 AS parity FROM series) GROUP BY GROUPING SETS ((grp), (parity)) ORDER BY grp NULLS LAST, parity NULLS LAST;

-- rollup_events_by_month_kind
SELECT m, kind, count(*) FROM (SELECT date_trunc('month', ts) AS m, kind FROM events WHERE year(ts) = 2024) GROUP BY ROLLUP (m, kind) ORDER BY m NULLS LAST, kind NULLS FIRST, count(*);

-- cube_grouping_bits
SELECT g, count(*) FROM (SELECT grouping(region, dt, product) AS g FROM sales GROUP BY CUBE (region, dt, product)) GROUP BY g ORDER BY g;

-- group_by_distinct_keyword_rows
SELECT count(*) FROM (SELECT region FROM sales GROUP BY DISTINCT region);

-- rollup_order_of_sum
SELECT product, sum(qty) FROM sales GROUP BY ROLLUP (product) ORDER BY sum(qty) DESC, product NULLS FIRST;
