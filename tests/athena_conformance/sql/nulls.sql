-- null_arithmetic
SELECT 1 + NULL, NULL * 2, NULL / 0;

-- null_comparison
SELECT NULL = NULL, NULL <> 1, NULL IS NULL, NULL IS NOT NULL;

-- is_distinct_from
SELECT NULL IS DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1;

-- null_and_or
SELECT NULL AND false, NULL AND true, NULL OR true, NULL OR false, NOT CAST(NULL AS boolean);

-- where_null_excluded
SELECT count(*) FROM people WHERE manager_id <> 1;

-- where_is_null
SELECT id FROM people WHERE manager_id IS NULL OR dept_id IS NULL ORDER BY id;

-- in_list_with_null
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL);

-- not_in_subquery_with_null
SELECT count(*) FROM departments WHERE id NOT IN (SELECT dept_id FROM people);

-- not_in_subquery_without_null
SELECT id FROM departments WHERE id NOT IN (SELECT dept_id FROM people WHERE dept_id IS NOT NULL) ORDER BY id;

-- not_exists_with_null
SELECT id FROM departments d WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.dept_id = d.id) ORDER BY id;

-- coalesce_function
SELECT coalesce(NULL, NULL, 3), coalesce(CAST(NULL AS varchar), 'x');

-- nullif_function
SELECT nullif(1, 1), nullif(1, 2), nullif('', '');

-- if_function_null
SELECT if(NULL, 'yes', 'no'), if(true, NULL, 1);

-- case_null
SELECT CASE NULL WHEN NULL THEN 'match' ELSE 'no match' END;

-- case_when_null_column
SELECT id, CASE WHEN a IS NULL THEN 'none' WHEN a > 0 THEN 'pos' ELSE 'neg' END FROM sparse ORDER BY id;

-- count_star_vs_column
SELECT count(*), count(a), count(b), count(c), count(d), count(e), count(f), count(g) FROM sparse;

-- aggregates_all_null
SELECT sum(a), avg(c), min(d), max(b), bool_and(e) FROM sparse WHERE id IN (1, 9, 10);

-- aggregates_skip_null
SELECT sum(a), avg(a), min(a), max(a) FROM sparse;

-- count_distinct_null
SELECT count(DISTINCT a), count(DISTINCT b) FROM sparse;

-- group_by_null_key
SELECT a, count(*) FROM sparse GROUP BY a ORDER BY a NULLS FIRST;

-- distinct_with_nulls
SELECT DISTINCT e FROM sparse;

-- order_nulls_default_asc
-- ascending puts NULL last by default
SELECT id, a FROM sparse ORDER BY a, id;

-- order_nulls_default_desc
SELECT id, a FROM sparse ORDER BY a DESC, id;

-- order_nulls_first
SELECT id, c FROM sparse ORDER BY c NULLS FIRST, id;

-- order_nulls_last_desc
SELECT id, d FROM sparse ORDER BY d DESC NULLS LAST, id;

-- null_in_array
SELECT ARRAY[1, NULL, 3], cardinality(ARRAY[NULL]), contains(ARRAY[1, NULL], 2);

-- contains_null_element
SELECT contains(ARRAY[1, NULL], 1);

-- array_position_null
SELECT array_position(ARRAY[1, NULL, 3], 3);

-- null_string_functions
SELECT length(NULL), upper(NULL), concat('a', NULL), 'a' || NULL;

-- null_join_keys_do_not_match
SELECT count(*) FROM sparse s1 JOIN sparse s2 ON s1.a = s2.a;

-- null_safe_join
SELECT count(*) FROM sparse s1 JOIN sparse s2 ON s1.a IS NOT DISTINCT FROM s2.a;

-- null_sparse_all_columns
SELECT * FROM sparse WHERE a IS NULL AND b IS NULL ORDER BY id;

-- null_sum_over_empty
SELECT sum(a), count(a), count(*) FROM sparse WHERE id > 100;

-- null_max_by
SELECT max_by(b, id), min_by(b, id) FROM sparse;

-- null_typed_union
SELECT NULL UNION ALL SELECT 1;

-- null_coalesce_sparse
SELECT id, coalesce(b, CAST(a AS varchar), CAST(c AS varchar), 'nothing') FROM sparse ORDER BY id;

-- null_array_functions
SELECT id, cardinality(f), array_max(f), element_at(f, 1) FROM sparse WHERE f IS NOT NULL ORDER BY id;

-- null_boolean_filters
SELECT id FROM sparse WHERE e ORDER BY id;

-- null_not_boolean_filter
SELECT id FROM sparse WHERE NOT e ORDER BY id;

-- null_greatest_least
SELECT greatest(1, NULL, 3), least(NULL, 2);

-- null_arithmetic_columns
SELECT id, a + c FROM sparse ORDER BY id;

-- null_nullif_division
SELECT id, 10 / nullif(a, 5) FROM sparse WHERE a IS NOT NULL ORDER BY id;
