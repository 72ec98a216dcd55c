-- row_number_by_dept
SELECT id, dept_id, row_number() OVER (PARTITION BY dept_id ORDER BY age) AS rn FROM people ORDER BY id;

-- rank_dense_rank_ties
SELECT id, score, rank() OVER (ORDER BY score DESC NULLS LAST), dense_rank() OVER (ORDER BY score DESC NULLS LAST) FROM people ORDER BY id;

-- percent_rank_cume_dist
SELECT id, percent_rank() OVER (ORDER BY age), cume_dist() OVER (ORDER BY age) FROM people ORDER BY id;

-- ntile_function
SELECT id, ntile(4) OVER (ORDER BY id) FROM people ORDER BY id;

-- ntile_more_buckets_than_rows
SELECT id, ntile(20) OVER (ORDER BY id) FROM departments ORDER BY id;

-- lag_lead
SELECT id, lag(age) OVER (ORDER BY id), lead(age) OVER (ORDER BY id) FROM people ORDER BY id;

-- lag_offset_default
SELECT id, lag(age, 2, -1) OVER (ORDER BY id), lead(name, 3, 'none') OVER (ORDER BY id) FROM people ORDER BY id;

-- lag_ignore_nulls
SELECT id, lag(a) IGNORE NULLS OVER (ORDER BY id) FROM sparse ORDER BY id;

-- first_last_value
SELECT id, first_value(name) OVER (PARTITION BY city ORDER BY id), last_value(name) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM people ORDER BY id;

-- last_value_default_frame
-- the default frame ends at the current row
SELECT id, last_value(id) OVER (ORDER BY id) FROM departments ORDER BY id;

-- nth_value_function
SELECT id, nth_value(name, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM departments ORDER BY id;

-- first_value_ignore_nulls
SELECT id, first_value(b) IGNORE NULLS OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM sparse ORDER BY id;

-- running_sum
SELECT id, sum(val) OVER (ORDER BY id) FROM series WHERE id <= 20 ORDER BY id;

-- running_sum_by_group
SELECT id, grp, sum(val) OVER (PARTITION BY grp ORDER BY id) FROM series WHERE id <= 20 ORDER BY id;

-- moving_average_rows
SELECT id, avg(val) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM series WHERE id <= 20 ORDER BY id;

-- centered_window
SELECT id, sum(val) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM series WHERE id <= 12 ORDER BY id;

-- range_frame_ties
SELECT id, qty, sum(qty) OVER (ORDER BY qty RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM sales ORDER BY id;

-- range_frame_numeric_offset
SELECT id, val, count(*) OVER (ORDER BY val RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM series WHERE id <= 30 ORDER BY id;

-- range_frame_interval
SELECT id, count(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '2' HOUR PRECEDING AND CURRENT ROW) FROM series WHERE id <= 10 ORDER BY id;

-- groups_frame
SELECT id, qty, sum(id) OVER (ORDER BY qty GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM sales WHERE qty IS NOT NULL ORDER BY id;

-- window_count_partition
SELECT id, count(*) OVER (PARTITION BY region), count(qty) OVER (PARTITION BY region) FROM sales ORDER BY id;

-- window_total_share
SELECT id, qty, round(100.0 * qty / sum(qty) OVER (), 2) FROM sales WHERE qty IS NOT NULL ORDER BY id;

-- window_max_per_partition_key
SELECT id, region, dt, max(price) OVER (PARTITION BY region, dt) FROM sales ORDER BY id;

-- window_min_decimal
SELECT id, min(salary) OVER (PARTITION BY dept_id) FROM people ORDER BY id;

-- window_over_empty_partition_order
SELECT id, row_number() OVER (ORDER BY id DESC) FROM departments ORDER BY id;

-- top_n_per_group
SELECT region, id, price FROM (SELECT region, id, price, row_number() OVER (PARTITION BY region ORDER BY price DESC NULLS LAST, id) AS rn FROM sales) WHERE rn <= 2 ORDER BY region, rn;

-- dedup_latest_event
SELECT user_id, id, ts FROM (SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY ts DESC) AS rn FROM events) WHERE rn = 1 ORDER BY user_id;

-- event_lag_seconds
SELECT id, user_id, date_diff('second', lag(ts) OVER (PARTITION BY user_id ORDER BY ts), ts) FROM events ORDER BY id;

-- session_gap_flag
SELECT id, CASE WHEN date_diff('day', lag(ts) OVER (PARTITION BY user_id ORDER BY ts), ts) > 30 THEN 1 ELSE 0 END FROM events ORDER BY id;

-- window_named
SELECT id, sum(age) OVER w, avg(age) OVER w FROM people WINDOW w AS (PARTITION BY city ORDER BY id) ORDER BY id;

-- window_in_order_by
SELECT id, name FROM people ORDER BY row_number() OVER (ORDER BY age DESC);

-- rank_partition_key
SELECT id, dense_rank() OVER (ORDER BY region, dt) FROM sales ORDER BY id;

-- window_with_group_by
SELECT region, sum(qty) AS q, rank() OVER (ORDER BY sum(qty) DESC) FROM sales GROUP BY region ORDER BY region;

-- window_array_agg_frame
SELECT id, array_agg(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM departments ORDER BY id;

-- window_bool_and
SELECT id, bool_and(active) OVER (PARTITION BY dept_id) FROM people ORDER BY id;

-- window_count_if
SELECT id, count_if(active) OVER (ORDER BY id) FROM people ORDER BY id;

-- window_lead_timestamp
SELECT id, lead(ts) OVER (ORDER BY ts) FROM events ORDER BY id;

-- window_diff_from_avg
SELECT id, age - avg(age) OVER () FROM people ORDER BY id;

-- window_percentile_via_ntile
SELECT bucket, min(val), max(val), count(*) FROM (SELECT val, ntile(4) OVER (ORDER BY val, id) AS bucket FROM series) GROUP BY bucket ORDER BY bucket;

-- window_rows_unbounded_following
SELECT id, sum(val) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM series WHERE id <= 10 ORDER BY id;

-- window_frame_start_after_end_fails
SELECT id, sum(val) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM series;

-- window_function_without_over_fails
SELECT row_number() FROM people;

-- window_in_where_fails
SELECT id FROM people WHERE row_number() OVER (ORDER BY id) = 1;

-- window_lag_partition_nulls
SELECT id, dept_id, lag(id) OVER (PARTITION BY dept_id ORDER BY id) FROM people ORDER BY id;

-- window_cumulative_distinct_cities
SELECT id, cardinality(array_distinct(array_agg(city) OVER (ORDER BY id))) FROM people ORDER BY id;

-- window_rank_with_nulls_first
SELECT id, rank() OVER (ORDER BY c NULLS FIRST) FROM sparse ORDER BY id;

-- window_sum_decimal
SELECT id, sum(amount) OVER (ORDER BY id) FROM events ORDER BY id;

-- window_min_max_over_days
SELECT d, min(val), max(val), sum(sum(val)) OVER (ORDER BY d) FROM (SELECT CAST(ts AS date) AS d, val FROM series) GROUP BY d ORDER BY d;
