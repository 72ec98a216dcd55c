-- count_all_tables
SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM events), (SELECT count(*) FROM series), (SELECT count(*) FROM sales);

-- group_by_dept
SELECT dept_id, count(*), sum(age), min(age), max(age) FROM people GROUP BY dept_id ORDER BY dept_id NULLS FIRST;

-- avg_double
SELECT avg(score), sum(score) FROM people;

-- avg_integer_by_city
SELECT city, avg(age) FROM people GROUP BY city ORDER BY city NULLS LAST;

-- having_clause
SELECT dept_id, count(*) FROM people GROUP BY dept_id HAVING count(*) > 2 ORDER BY dept_id;

-- having_without_group_by_column
SELECT city FROM people GROUP BY city HAVING max(age) > 40 ORDER BY city;

-- group_by_ordinal
SELECT kind, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST;

-- group_by_expression
SELECT age / 10 * 10 AS decade, count(*) FROM people GROUP BY age / 10 * 10 ORDER BY decade;

-- count_if_function
SELECT count_if(active), count_if(NOT active), count_if(age > 40) FROM people;

-- bool_and_or
SELECT bool_and(active), bool_or(active), every(age > 20) FROM people;

-- bool_and_by_dept
SELECT dept_id, bool_and(active), bool_or(active) FROM people GROUP BY dept_id ORDER BY dept_id NULLS LAST;

-- array_agg_ordered
SELECT array_agg(name ORDER BY id) FROM people WHERE dept_id = 20;

-- array_agg_ordered_desc_nulls
SELECT array_agg(nickname ORDER BY id DESC) FROM people;

-- array_agg_by_group
SELECT grp, array_agg(val ORDER BY id) FROM series WHERE id <= 15 GROUP BY grp ORDER BY grp;

-- array_agg_distinct
SELECT array_sort(array_agg(DISTINCT city)) FROM people WHERE city IS NOT NULL;

-- array_agg_filter
SELECT array_agg(id ORDER BY id) FILTER (WHERE active) FROM people;

-- count_filter
SELECT count(*) FILTER (WHERE age > 35), sum(age) FILTER (WHERE city = 'Paris') FROM people;

-- map_agg_function
SELECT array_sort(map_entries(map_agg(id, name))) FROM departments WHERE id < 40;

-- map_agg_in_group
SELECT region, map_agg(id, product)[min(id)] FROM sales GROUP BY region ORDER BY region;

-- multimap_agg_function
SELECT element_at(multimap_agg(product, qty), 'apple') IS NOT NULL FROM sales;

-- map_union_function
SELECT map_union(m) FROM (VALUES MAP(ARRAY['a'], ARRAY[1]), MAP(ARRAY['b'], ARRAY[2])) AS t(m);

-- max_by_min_by
SELECT max_by(name, age), min_by(name, age) FROM people;

-- max_by_n
SELECT max_by(id, val, 3), min_by(id, val, 2) FROM series WHERE id <= 20;

-- max_n_min_n
SELECT max(val, 3), min(val, 2) FROM series;

-- arbitrary_single_value
SELECT arbitrary(name) FROM people WHERE id = 3;

-- any_value_single
SELECT any_value(city) FROM people WHERE id = 4;

-- stddev_variance
SELECT round(stddev(val), 9), round(stddev_pop(val), 9), round(variance(val), 6), round(var_pop(val), 6) FROM series;

-- corr_covar
SELECT round(corr(val, x), 12), round(covar_pop(val, x), 6), round(covar_samp(val, x), 6) FROM series;

-- regression
SELECT round(regr_slope(val, x), 9), round(regr_intercept(val, x), 9) FROM series;

-- geometric_mean
SELECT round(geometric_mean(x), 9) FROM series WHERE id IN (1, 2, 4, 8);

-- checksum_aggregate
SELECT checksum(val) FROM series;

-- approx_distinct_small_exact
-- HyperLogLog is exact for this few distinct values
SELECT approx_distinct(grp), approx_distinct(city) FROM series CROSS JOIN (SELECT city FROM people WHERE id = 1);

-- approx_percentile_single_value
SELECT approx_percentile(age, 0.5) FROM people WHERE id = 1;

-- approx_percentile_small_set
SELECT approx_percentile(v, 0.5) FROM (VALUES 1, 2, 3, 4, 5) AS t(v);

-- approx_percentile_array
SELECT approx_percentile(v, ARRAY[0e0, 1e0]) FROM (VALUES 10, 20, 30) AS t(v);

-- approx_most_frequent
SELECT array_sort(map_entries(approx_most_frequent(2, product, 100))) FROM sales;

-- histogram_function
SELECT array_sort(map_entries(histogram(kind))) FROM events WHERE kind IS NOT NULL;

-- numeric_histogram_count
SELECT cardinality(numeric_histogram(2, val)) FROM series;

-- sum_distinct
SELECT sum(DISTINCT qty), count(DISTINCT product), avg(DISTINCT qty) FROM sales;

-- aggregate_empty_input
SELECT count(*), count(id), sum(id), avg(id), max(name), array_agg(id), bool_and(active) FROM people WHERE id < 0;

-- aggregate_empty_group_by
SELECT city, count(*) FROM people WHERE id < 0 GROUP BY city;

-- nested_aggregate_fails
SELECT sum(count(*)) FROM people;

-- aggregate_in_where_fails
SELECT id FROM people WHERE count(*) > 1;

-- column_not_grouped_fails
SELECT city, name FROM people GROUP BY city;

-- group_by_partition_key
SELECT dt, count(*), sum(qty) FROM sales GROUP BY dt ORDER BY dt;

-- group_by_two_partition_keys
SELECT region, dt, count(*) FROM sales GROUP BY region, dt ORDER BY region, dt;

-- filter_partition_key
SELECT id, product FROM sales WHERE region = 'us' AND dt = '2024-01-03' ORDER BY id;

-- partition_key_in_list
SELECT count(*) FROM sales WHERE dt IN ('2024-01-01', '2024-01-03');

-- distinct_partitions
SELECT DISTINCT region, dt FROM sales ORDER BY region, dt;

-- sum_qty_by_product
SELECT product, sum(qty), count(qty), count(*) FROM sales GROUP BY product ORDER BY product;

-- series_group_stats
SELECT grp, count(*), sum(val), min(val), max(val), avg(val) FROM series GROUP BY grp ORDER BY grp;

-- series_having
SELECT grp FROM series GROUP BY grp HAVING sum(val) > 2400 ORDER BY grp;

-- series_count_distinct_vals
SELECT count(DISTINCT val), count(DISTINCT val % 10) FROM series;

-- events_by_user
SELECT user_id, count(*), count(kind), min(ts), max(ts) FROM events GROUP BY user_id ORDER BY user_id;

-- events_kinds_per_user
SELECT user_id, array_sort(array_agg(DISTINCT kind)) FROM events WHERE kind IS NOT NULL GROUP BY user_id ORDER BY user_id;

-- reduce_agg_function
SELECT reduce_agg(val, 0, (a, b) -> a + b, (a, b) -> a + b) FROM series;

-- array_distinct_of_agg
SELECT array_sort(array_distinct(array_agg(grp))) FROM series;

-- listagg_distinct_groups
SELECT listagg(DISTINCT grp, ',') WITHIN GROUP (ORDER BY grp) FROM series;

-- aggregate_with_order_by_expression
SELECT dept_id, max(salary) AS top FROM people GROUP BY dept_id ORDER BY top DESC NULLS LAST, dept_id NULLS LAST;

-- count_star_from_values
SELECT count(*) FROM (VALUES 1, 2, 3) AS t(v);

-- avg_of_booleans_fails
SELECT avg(active) FROM people;

-- sum_of_varchar_fails
SELECT sum(name) FROM people;

-- min_of_array
SELECT min(nums), max(tags) FROM collections WHERE id IN (1, 5);

-- kurtosis_skewness
SELECT round(skewness(val), 9), round(kurtosis(val), 9) FROM series;

-- bitwise_aggregates
SELECT bitwise_and_agg(val), bitwise_or_agg(val) FROM series WHERE id <= 10;

-- unknown_aggregate_fails
SELECT entropy(qty) FROM sales;
