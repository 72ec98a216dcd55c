-- unnest_array
SELECT x FROM UNNEST(ARRAY[3, 1, 2]) AS t(x) ORDER BY x;

-- unnest_with_ordinality
SELECT x, n FROM UNNEST(ARRAY['a', 'b', 'c']) WITH ORDINALITY AS t(x, n) ORDER BY n;

-- unnest_column_with_ordinality
SELECT c.id, t.tag, t.pos FROM collections c CROSS JOIN UNNEST(c.tags) WITH ORDINALITY AS t(tag, pos) ORDER BY c.id, t.pos;

-- unnest_empty_and_null_arrays_drop_rows
SELECT c.id, count(*) FROM collections c CROSS JOIN UNNEST(c.nums) AS t(n) GROUP BY c.id ORDER BY c.id;

-- unnest_left_join_keeps_rows
SELECT c.id, t.n FROM collections c LEFT JOIN UNNEST(c.nums) AS t(n) ON true ORDER BY c.id, t.n NULLS FIRST;

-- unnest_map
SELECT c.id, t.k, t.v FROM collections c CROSS JOIN UNNEST(c.attrs) AS t(k, v) ORDER BY c.id, t.k;

-- unnest_array_of_rows
SELECT c.id, t.k, t.v FROM collections c CROSS JOIN UNNEST(c.items) AS t(k, v) ORDER BY c.id, t.k;

-- unnest_two_arrays_zip
SELECT a, b FROM UNNEST(ARRAY[1, 2, 3], ARRAY['x', 'y']) AS t(a, b) ORDER BY a;

-- unnest_nested_arrays
SELECT c.id, i.pos, cardinality(i.inner_array) FROM collections c CROSS JOIN UNNEST(c.nested) WITH ORDINALITY AS i(inner_array, pos) ORDER BY c.id, i.pos;

-- unnest_then_aggregate
SELECT t.tag, count(*) FROM collections c CROSS JOIN UNNEST(c.tags) AS t(tag) GROUP BY t.tag ORDER BY t.tag NULLS FIRST;

-- unnest_sequence
SELECT n, n * n FROM UNNEST(sequence(1, 5)) AS t(n) ORDER BY n;

-- unnest_split
SELECT w, p FROM UNNEST(split('to be or not', ' ')) WITH ORDINALITY AS t(w, p) ORDER BY p;

-- unnest_json_array
SELECT x FROM UNNEST(CAST(json_parse('[10, 20, 30]') AS array(integer))) AS t(x) ORDER BY x;

-- unnest_date_sequence
SELECT d, day_of_week(d) FROM UNNEST(sequence(DATE '2024-02-26', DATE '2024-03-03')) AS t(d) ORDER BY d;

-- values_single_column
SELECT * FROM (VALUES 1, 2, 3) AS t(x) ORDER BY x;

-- values_multiple_columns
SELECT * FROM (VALUES (1, 'a', true), (2, 'b', NULL)) AS t(n, s, b) ORDER BY n;

-- values_without_alias
VALUES (1, 'a'), (2, 'b');

-- values_type_coercion
SELECT x, typeof(x) FROM (VALUES 1, 2.5, NULL) AS t(x) ORDER BY x NULLS LAST;

-- values_mixed_types_fails
SELECT * FROM (VALUES 1, 'a') AS t(x);

-- values_join_table
SELECT v.k, d.name FROM (VALUES 10, 30, 99) AS v(k) LEFT JOIN departments d ON d.id = v.k ORDER BY v.k;

-- values_in_cte
WITH v(k, label) AS (VALUES (1, 'one'), (2, 'two')) SELECT label FROM v WHERE k = 2;

-- values_timestamps
SELECT * FROM (VALUES TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-06-01 12:30:00.5') AS t(ts) ORDER BY ts;

-- values_arrays
SELECT a, cardinality(a) FROM (VALUES ARRAY[1, 2], ARRAY[3]) AS t(a) ORDER BY cardinality(a);

-- unnest_without_alias_columns
SELECT * FROM UNNEST(ARRAY[1, 2]) ORDER BY 1;

-- unnest_map_with_ordinality
SELECT k, v, o FROM UNNEST(MAP(ARRAY['a'], ARRAY[1])) WITH ORDINALITY AS t(k, v, o);
