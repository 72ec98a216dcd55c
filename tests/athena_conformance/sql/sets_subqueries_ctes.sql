-- union_distinct
SELECT city FROM people UNION SELECT city FROM departments;

-- union_all_keeps_duplicates
SELECT city FROM people WHERE id <= 3 UNION ALL SELECT city FROM departments WHERE id <= 20;

-- union_ordered
SELECT id, 'p' AS src FROM people WHERE id <= 2 UNION ALL SELECT id, 'd' FROM departments WHERE id <= 20 ORDER BY id, src;

-- union_type_coercion
SELECT 1 AS v UNION ALL SELECT 2.5 UNION ALL SELECT NULL;

-- union_column_names_from_first
SELECT 1 AS a, 2 AS b UNION ALL SELECT 3 AS x, 4 AS y ORDER BY a;

-- union_column_count_mismatch_fails
SELECT 1, 2 UNION SELECT 1;

-- union_type_mismatch_fails
SELECT 1 UNION SELECT 'a';

-- intersect_distinct
SELECT city FROM people INTERSECT SELECT city FROM departments;

-- intersect_all
SELECT v FROM (VALUES 1, 1, 2, 3) AS t(v) INTERSECT ALL SELECT v FROM (VALUES 1, 1, 1, 3) AS u(v);

-- except_distinct
SELECT city FROM departments EXCEPT SELECT city FROM people;

-- except_all
SELECT v FROM (VALUES 1, 1, 2, 3) AS t(v) EXCEPT ALL SELECT v FROM (VALUES 1, 3) AS u(v);

-- union_nulls_are_equal
SELECT CAST(NULL AS integer) UNION SELECT CAST(NULL AS integer);

-- set_operation_precedence
SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 2;

-- union_then_aggregate
SELECT count(*), count(DISTINCT c) FROM (SELECT city AS c FROM people UNION ALL SELECT city FROM departments);

-- union_with_limit_ordered
(SELECT id FROM people ORDER BY id DESC LIMIT 2) UNION ALL (SELECT id FROM departments ORDER BY id LIMIT 1) ORDER BY id;

-- scalar_subquery
SELECT id, age - (SELECT min(age) FROM people) FROM people ORDER BY id;

-- scalar_subquery_multiple_rows_fails
SELECT (SELECT id FROM people) FROM departments;

-- scalar_subquery_empty_is_null
SELECT (SELECT id FROM people WHERE id < 0);

-- correlated_scalar_subquery
SELECT d.id, (SELECT max(p.age) FROM people p WHERE p.dept_id = d.id) FROM departments d ORDER BY d.id;

-- correlated_exists
SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = p.id AND e.kind = 'buy') ORDER BY p.id;

-- in_subquery
SELECT id FROM events WHERE user_id IN (SELECT id FROM people WHERE active) ORDER BY id;

-- not_in_subquery
SELECT id FROM people WHERE id NOT IN (SELECT user_id FROM events) ORDER BY id;

-- subquery_in_from
SELECT t.c, t.n FROM (SELECT city AS c, count(*) AS n FROM people GROUP BY city) t WHERE t.n > 1 ORDER BY t.c;

-- subquery_without_alias
SELECT max(n) FROM (SELECT count(*) AS n FROM people GROUP BY city);

-- quantified_all
SELECT id FROM people WHERE age > ALL (SELECT age FROM people WHERE city = 'Paris') ORDER BY id;

-- quantified_any
SELECT id FROM people WHERE age = ANY (SELECT id * 10 + 4 FROM departments) ORDER BY id;

-- cte_basic
WITH adults AS (SELECT * FROM people WHERE age >= 40) SELECT id, name FROM adults ORDER BY id;

-- cte_multiple
WITH a AS (SELECT dept_id, count(*) AS n FROM people GROUP BY dept_id), b AS (SELECT max(n) AS m FROM a) SELECT a.dept_id FROM a, b WHERE a.n = b.m ORDER BY 1;

-- cte_used_twice
WITH x AS (SELECT id, age FROM people) SELECT x1.id, x2.id FROM x x1 JOIN x x2 ON x1.age + 1 = x2.age ORDER BY x1.id;

-- cte_column_aliases
WITH t(a, b) AS (SELECT id, name FROM departments) SELECT a, b FROM t ORDER BY a;

-- cte_shadows_table
WITH people AS (SELECT 1 AS id) SELECT * FROM people;

-- recursive_cte
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT n FROM t ORDER BY n;

-- recursive_cte_hierarchy
WITH RECURSIVE chain(id, depth) AS (SELECT id, 0 FROM people WHERE manager_id IS NULL UNION ALL SELECT p.id, c.depth + 1 FROM people p JOIN chain c ON p.manager_id = c.id) SELECT id, depth FROM chain ORDER BY id;

-- cte_unknown_fails
WITH a AS (SELECT 1) SELECT * FROM b;

-- nested_subqueries
SELECT id FROM (SELECT id FROM (SELECT id, age FROM people WHERE age > 30) WHERE age < 50) ORDER BY id;

-- exists_uncorrelated
SELECT count(*) FROM people WHERE EXISTS (SELECT 1 FROM departments WHERE id = 60);

-- subquery_in_select_with_case
SELECT id, CASE WHEN age > (SELECT avg(age) FROM people) THEN 'older' ELSE 'younger' END FROM people ORDER BY id;

-- subquery_in_having
SELECT city FROM people GROUP BY city HAVING count(*) >= (SELECT count(*) FROM people WHERE city = 'Berlin') ORDER BY city NULLS LAST;

-- derived_table_column_aliases
SELECT a, b FROM (SELECT id, name FROM departments) AS t(a, b) ORDER BY a;

-- union_all_partitions
SELECT region, count(*) FROM (SELECT region FROM sales WHERE dt = '2024-01-01' UNION ALL SELECT region FROM sales WHERE dt = '2024-01-02') GROUP BY region ORDER BY region;

-- except_partitions
SELECT DISTINCT product FROM sales WHERE region = 'eu' EXCEPT SELECT product FROM sales WHERE region = 'us';

-- intersect_products
SELECT product FROM sales WHERE region = 'apac' INTERSECT SELECT product FROM sales WHERE region = 'us' ORDER BY product;

-- union_of_arrays
SELECT nums FROM collections WHERE id = 1 UNION SELECT nums FROM collections WHERE id = 1;

-- correlated_subquery_in_where_with_aggregate
SELECT id FROM sales s WHERE qty > (SELECT avg(qty) FROM sales t WHERE t.region = s.region) ORDER BY id;
