-- inner_join
SELECT p.id, p.name, d.name FROM people p JOIN departments d ON p.dept_id = d.id ORDER BY p.id;

-- inner_join_same_column_names
-- two output columns named `name`
SELECT p.name, d.name FROM people p JOIN departments d ON p.dept_id = d.id ORDER BY p.id;

-- select_star_over_join
SELECT * FROM departments d JOIN people p ON p.dept_id = d.id WHERE p.id <= 4 ORDER BY p.id;

-- select_table_star
SELECT d.*, p.id FROM departments d JOIN people p ON p.dept_id = d.id WHERE p.id IN (1, 2) ORDER BY p.id;

-- left_join
SELECT p.id, d.name FROM people p LEFT JOIN departments d ON p.dept_id = d.id ORDER BY p.id;

-- right_join
SELECT p.id, d.id FROM people p RIGHT JOIN departments d ON p.dept_id = d.id ORDER BY d.id, p.id;

-- full_outer_join
SELECT p.id, d.id FROM people p FULL OUTER JOIN departments d ON p.dept_id = d.id ORDER BY d.id NULLS FIRST, p.id NULLS FIRST;

-- cross_join_count
SELECT count(*) FROM people CROSS JOIN departments;

-- cross_join_rows
SELECT d1.id, d2.id FROM departments d1, departments d2 WHERE d1.id < d2.id ORDER BY 1, 2;

-- self_join_manager
SELECT e.id, e.name, m.name AS manager FROM people e LEFT JOIN people m ON e.manager_id = m.id ORDER BY e.id;

-- join_using
SELECT id, d.name FROM departments d JOIN (SELECT dept_id AS id, count(*) AS n FROM people GROUP BY dept_id) c USING (id) ORDER BY id;

-- join_using_star
SELECT * FROM departments JOIN (SELECT dept_id AS id, count(*) AS n FROM people GROUP BY dept_id) USING (id) ORDER BY id;

-- natural_join_is_not_supported
SELECT * FROM departments NATURAL JOIN people;

-- join_on_expression
SELECT p.id, d.id FROM people p JOIN departments d ON p.dept_id = d.id AND p.age > 40 ORDER BY p.id;

-- join_with_where_on_outer_side
SELECT p.id FROM people p LEFT JOIN departments d ON p.dept_id = d.id WHERE d.id IS NULL ORDER BY p.id;

-- join_condition_in_on_vs_where
SELECT d.id, count(p.id) FROM departments d LEFT JOIN people p ON p.dept_id = d.id AND p.active GROUP BY d.id ORDER BY d.id;

-- join_non_equi
SELECT s.id, d.id FROM sales s JOIN departments d ON s.qty * 10 BETWEEN d.id - 5 AND d.id + 5 ORDER BY s.id, d.id;

-- join_three_tables
SELECT e.id, p.name, d.name FROM events e JOIN people p ON e.user_id = p.id JOIN departments d ON p.dept_id = d.id ORDER BY e.id;

-- join_aggregate
SELECT d.name, count(e.id) FROM departments d LEFT JOIN people p ON p.dept_id = d.id LEFT JOIN events e ON e.user_id = p.id GROUP BY d.name ORDER BY d.name;

-- join_ambiguous_column_fails
SELECT name FROM people p JOIN departments d ON p.dept_id = d.id;

-- join_unknown_alias_fails
SELECT x.id FROM people p JOIN departments d ON p.dept_id = d.id;

-- join_on_partition_key
SELECT a.id, b.id FROM sales a JOIN sales b ON a.region = b.region AND a.dt = b.dt AND a.id + 1 = b.id ORDER BY a.id;

-- join_lateral_unnest
SELECT c.id, t.tag FROM collections c CROSS JOIN UNNEST(c.tags) AS t(tag) ORDER BY c.id, t.tag;

-- left_join_lateral
SELECT d.id, x.n FROM departments d LEFT JOIN LATERAL (SELECT count(*) AS n FROM people p WHERE p.dept_id = d.id) x ON true ORDER BY d.id;

-- join_with_nulls_in_keys
SELECT s1.id, s2.id FROM sparse s1 JOIN sparse s2 ON s1.e = s2.e ORDER BY s1.id, s2.id;

-- semi_join_in
SELECT id FROM people WHERE dept_id IN (SELECT id FROM departments WHERE budget > 100000) ORDER BY id;

-- semi_join_exists
SELECT d.id FROM departments d WHERE EXISTS (SELECT 1 FROM people p WHERE p.dept_id = d.id AND p.age > 50) ORDER BY d.id;

-- anti_join_left
SELECT d.id FROM departments d LEFT JOIN people p ON p.dept_id = d.id WHERE p.id IS NULL ORDER BY d.id;

-- join_duplicated_column_alias
SELECT p.id AS x, d.id AS x FROM people p JOIN departments d ON p.dept_id = d.id WHERE p.id = 1;

-- join_double_keys
SELECT a.id, b.id FROM people a JOIN people b ON a.score = b.score AND a.id < b.id ORDER BY a.id;

-- join_varchar_keys_unicode
SELECT a.id, b.id FROM people a JOIN people b ON lower(a.city) = lower(b.city) AND a.id < b.id ORDER BY a.id, b.id;

-- join_date_keys
SELECT e.id, s.id FROM events e JOIN series s ON CAST(s.ts AS date) = e.day AND hour(s.ts) = 0 ORDER BY e.id, s.id;

-- join_subquery_aggregate
SELECT p.id, p.age - a.avg_age FROM people p JOIN (SELECT dept_id, avg(age) AS avg_age FROM people GROUP BY dept_id) a ON p.dept_id = a.dept_id ORDER BY p.id;

-- join_array_column_contains
SELECT c.id, p.id FROM collections c JOIN people p ON contains(c.nums, p.id) ORDER BY c.id, p.id;

-- implicit_join_where
SELECT p.id, d.city FROM people p, departments d WHERE p.dept_id = d.id AND p.city = d.city ORDER BY p.id;

-- full_join_coalesce_keys
SELECT coalesce(a.k, b.k) AS k, a.v, b.v FROM (VALUES (1, 'a'), (2, 'b')) AS a(k, v) FULL JOIN (VALUES (2, 'x'), (3, 'y')) AS b(k, v) ON a.k = b.k ORDER BY k;

-- join_type_mismatch_fails
SELECT * FROM people p JOIN departments d ON p.name = d.id;
