-- order_by_asc_desc
SELECT id, age FROM people ORDER BY age DESC;

-- order_by_two_keys
SELECT city, id FROM people ORDER BY city NULLS FIRST, id DESC;

-- order_by_nulls_first_asc
SELECT id, nickname FROM people ORDER BY nickname NULLS FIRST, id;

-- order_by_nulls_last_desc
SELECT id, nickname FROM people ORDER BY nickname DESC NULLS LAST, id;

-- order_by_desc_nulls_first_default
-- descending puts NULL first by default
SELECT id, score FROM people ORDER BY score DESC, id;

-- order_by_expression
SELECT id FROM people ORDER BY age % 10, id;

-- order_by_alias
SELECT id, age * 2 AS twice FROM people ORDER BY twice;

-- order_by_ordinal
SELECT name, id FROM people ORDER BY 2 DESC;

-- order_by_ordinal_out_of_range_fails
SELECT id FROM people ORDER BY 2;

-- order_by_column_not_selected
SELECT name FROM people ORDER BY age;

-- order_by_boolean
SELECT id, active FROM people ORDER BY active NULLS FIRST, id;

-- order_by_date_desc
SELECT id, birth FROM people ORDER BY birth DESC;

-- order_by_timestamp
SELECT id, ts FROM events ORDER BY ts;

-- order_by_decimal
SELECT id, salary FROM people ORDER BY salary NULLS FIRST, id;

-- order_by_unicode_strings
SELECT name FROM people WHERE name IS NOT NULL ORDER BY name DESC;

-- order_by_array_with_null_elements_fails
SELECT id, nums FROM collections WHERE nums IS NOT NULL ORDER BY nums, id;

-- order_by_array
SELECT id, nums FROM collections WHERE nums IS NOT NULL AND id <> 4 ORDER BY nums, id;

-- limit_after_order
SELECT id FROM people ORDER BY age LIMIT 3;

-- limit_zero
SELECT id FROM people ORDER BY id LIMIT 0;

-- limit_larger_than_rows
SELECT id FROM departments ORDER BY id LIMIT 100;

-- offset_and_limit
SELECT id FROM people ORDER BY id OFFSET 3 LIMIT 4;

-- offset_rows_fetch_first
SELECT id FROM people ORDER BY id OFFSET 2 ROWS FETCH FIRST 2 ROWS ONLY;

-- offset_past_end
SELECT id FROM people ORDER BY id OFFSET 50;

-- fetch_first_with_ties
SELECT id, score FROM people ORDER BY score DESC NULLS LAST FETCH FIRST 4 ROWS WITH TIES;

-- limit_all
SELECT count(*) FROM (SELECT id FROM people LIMIT ALL);

-- limit_in_subquery_then_order
SELECT id FROM (SELECT id FROM people ORDER BY age DESC LIMIT 5) ORDER BY id;

-- top_n_by_group_size
SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY n DESC, city NULLS LAST LIMIT 3;

-- limit_negative_fails
SELECT id FROM people LIMIT -1;

-- order_by_series_val_id
SELECT id, val FROM series ORDER BY val DESC, id LIMIT 10;

-- order_by_case
SELECT id, kind FROM events ORDER BY CASE kind WHEN 'buy' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, id;

-- order_by_partition_keys
SELECT region, dt, id FROM sales ORDER BY region DESC, dt, id;

-- order_by_nan_nulls
SELECT id, d FROM numbers ORDER BY d DESC NULLS LAST, id;

-- order_by_collation_case
SELECT s FROM (VALUES 'b', 'B', 'a', 'A', '_', '0') AS t(s) ORDER BY s;

-- order_by_lower_tie_break
SELECT s FROM (VALUES 'b', 'B', 'a', 'A') AS t(s) ORDER BY lower(s), s;

-- distinct_order_by
SELECT DISTINCT city FROM people ORDER BY city NULLS FIRST;

-- distinct_order_by_not_selected_fails
SELECT DISTINCT city FROM people ORDER BY age;
