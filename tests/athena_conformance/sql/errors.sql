-- unknown_table
SELECT * FROM no_such_table;

-- unknown_table_in_join
SELECT * FROM people p JOIN missing m ON p.id = m.id;

-- unknown_schema
SELECT * FROM no_such_schema.people;

-- unknown_column
SELECT no_such_column FROM people;

-- unknown_column_in_where
SELECT id FROM people WHERE agee > 3;

-- unknown_column_qualified
SELECT p.nope FROM people p;

-- unknown_function
SELECT no_such_function(1);

-- wrong_argument_types
SELECT length(42);

-- wrong_argument_count
SELECT substr('abc');

-- type_mismatch_comparison
SELECT id FROM people WHERE name = 1;

-- type_mismatch_arithmetic
SELECT name + 1 FROM people;

-- type_mismatch_date_comparison
SELECT id FROM events WHERE day = '2024-01-01';

-- type_mismatch_in_case
SELECT CASE WHEN id = 1 THEN 1 ELSE 'x' END FROM people;

-- type_mismatch_coalesce
SELECT coalesce(id, name) FROM people;

-- where_not_boolean
SELECT id FROM people WHERE age;

-- division_by_zero_column
SELECT age / (age - age) FROM people;

-- division_by_zero_in_aggregate
SELECT sum(age / 0) FROM people;

-- division_by_zero_decimal_column
SELECT salary / 0 FROM people WHERE id = 1;

-- bad_cast_column
SELECT CAST(name AS integer) FROM people;

-- bad_cast_date_column
SELECT CAST(city AS date) FROM people;

-- bad_cast_literal_timestamp
SELECT CAST('yesterday' AS timestamp);

-- bad_cast_boolean_column
SELECT CAST(city AS boolean) FROM people WHERE id = 1;

-- syntax_error_missing_from_item
SELECT * FROM;

-- syntax_error_misspelled_keyword
SELEC 1;

-- syntax_error_trailing_comma
SELECT id, FROM people;

-- syntax_error_adjacent_strings
SELECT 'abc' 'def';

-- syntax_error_unbalanced_parenthesis
SELECT (1 + 2;

-- syntax_error_reserved_word_alias
SELECT 1 AS select;

-- syntax_error_second_line
SELECT id
FROM people
WHERE id = = 1;

-- empty_statement_like
SELECT;

-- mismatched_union_types
SELECT id FROM people UNION SELECT name FROM people;

-- group_by_missing_column
SELECT city, age FROM people GROUP BY city;

-- order_by_aggregate_not_grouped
SELECT city FROM people GROUP BY city ORDER BY age;

-- having_without_aggregate_column
SELECT count(*) FROM people HAVING age > 3;

-- invalid_interval_unit
SELECT date_add('fortnight', 1, DATE '2024-01-01');

-- invalid_date_literal
SELECT DATE '2024-02-30';

-- invalid_timestamp_literal
SELECT TIMESTAMP '2024-01-01 25:00:00';

-- invalid_zone_literal
SELECT TIMESTAMP '2024-01-01 00:00:00 Nowhere/City';

-- array_index_out_of_range
SELECT ARRAY[1, 2, 3][4];

-- negative_sqrt_is_nan_not_error
SELECT sqrt(-4);

-- json_extract_bad_path
SELECT json_extract('{"a": 1}', '$$');

-- invalid_regex
SELECT regexp_extract('abc', '[');

-- integer_overflow_literal
SELECT 9223372036854775808;

-- bigint_overflow_arithmetic
SELECT 9223372036854775807 + 1;

-- value_too_large_for_decimal
SELECT CAST(1e40 AS decimal(38, 0));

-- ambiguous_column
SELECT id FROM people, departments;

-- star_with_group_by_fails
SELECT * FROM people GROUP BY city;

-- lambda_type_mismatch
SELECT transform(ARRAY[1, 2], x -> x || 'a');

-- map_key_not_found
SELECT MAP(ARRAY['a'], ARRAY[1])['b'];

-- duplicate_cte_name
WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a;

-- table_function_unknown
SELECT * FROM TABLE(no_such_table_function());

-- insert_into_unknown_table
INSERT INTO no_such_table VALUES (1);

-- show_columns_unknown_table
SHOW COLUMNS FROM no_such_table;

-- describe_unknown_table
DESCRIBE no_such_table;

-- fail_function
SELECT fail('custom failure');

-- subscript_on_varchar
SELECT name[1] FROM people;
