-- array_literal
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'], ARRAY[], ARRAY[ARRAY[1], ARRAY[2, 3]];

-- array_of_doubles_text
SELECT ARRAY[1.0e0, 0.1e0, 1e10, nan(), -0e0];

-- array_of_decimals_text
SELECT ARRAY[DECIMAL '1.50', DECIMAL '2.25'];

-- array_of_dates_timestamps
SELECT ARRAY[DATE '2024-02-29'], ARRAY[TIMESTAMP '2024-01-01 10:00:00.123'];

-- array_of_booleans_nulls
SELECT ARRAY[true, NULL, false];

-- array_columns
SELECT id, tags, nums, nested FROM collections ORDER BY id;

-- cardinality_arrays
SELECT id, cardinality(tags), cardinality(nums), cardinality(attrs) FROM collections ORDER BY id;

-- subscript_one_based
SELECT id, nums[1], tags[2] FROM collections WHERE id IN (1, 5) ORDER BY id;

-- subscript_out_of_bounds_fails
SELECT nums[10] FROM collections WHERE id = 1;

-- subscript_zero_fails
SELECT ARRAY[1, 2][0];

-- element_at_out_of_bounds_null
SELECT id, element_at(nums, 10), element_at(nums, -1) FROM collections WHERE id IN (1, 5) ORDER BY id;

-- contains_function
SELECT id, contains(tags, 'a') FROM collections ORDER BY id;

-- array_position_function
SELECT id, array_position(tags, 'a') FROM collections ORDER BY id;

-- array_sort_function
SELECT id, array_sort(nums) FROM collections ORDER BY id;

-- array_sort_nulls_last
SELECT array_sort(ARRAY[3, NULL, 1]), array_sort(ARRAY['b', NULL, 'a']);

-- array_sort_lambda_desc
SELECT array_sort(ARRAY[3, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)));

-- array_sort_reversed
SELECT reverse(array_sort(ARRAY[3, 1, 2]));

-- array_distinct_function
SELECT id, array_distinct(tags), array_distinct(nums) FROM collections WHERE id IN (5, 6) ORDER BY id;

-- array_max_min
SELECT id, array_max(nums), array_min(nums) FROM collections ORDER BY id;

-- array_concat
SELECT ARRAY[1, 2] || ARRAY[3], concat(ARRAY['a'], ARRAY['b', 'c']), ARRAY[1] || 2;

-- array_union_intersect_except
SELECT array_union(ARRAY[1, 2, 2], ARRAY[2, 3]), array_intersect(ARRAY[1, 2, 2], ARRAY[2, 3]), array_except(ARRAY[1, 2, 3], ARRAY[2]);

-- arrays_overlap_function
SELECT arrays_overlap(ARRAY[1, 2], ARRAY[2, 3]), arrays_overlap(ARRAY[1], ARRAY[3]), arrays_overlap(ARRAY[1, NULL], ARRAY[3]);

-- array_remove_function
SELECT array_remove(ARRAY[1, 2, 1, 3], 1);

-- slice_function
SELECT slice(ARRAY[1, 2, 3, 4, 5], 2, 3), slice(ARRAY[1, 2, 3], -2, 2), slice(ARRAY[1, 2], 5, 1);

-- reverse_array
SELECT reverse(ARRAY[1, 2, 3]);

-- flatten_function
SELECT id, flatten(nested) FROM collections ORDER BY id;

-- repeat_function
SELECT repeat('x', 3), repeat(1, 0);

-- sequence_numbers
SELECT sequence(1, 5), sequence(5, 1), sequence(0, 10, 3);

-- sequence_bad_step_fails
SELECT sequence(1, 5, -1);

-- array_join_integers
SELECT array_join(ARRAY[1, 2, 3], ',');

-- transform_lambda
SELECT id, transform(nums, x -> x * 10) FROM collections ORDER BY id;

-- transform_with_null_elements
SELECT transform(ARRAY[1, NULL, 3], x -> coalesce(x, 0) + 1);

-- filter_lambda
SELECT id, filter(nums, x -> x % 2 = 0) FROM collections ORDER BY id;

-- reduce_lambda
SELECT id, reduce(nums, 0, (s, x) -> s + coalesce(x, 0), s -> s) FROM collections ORDER BY id;

-- reduce_to_double
SELECT reduce(ARRAY[1, 2, 3, 4], CAST(ROW(0.0e0, 0) AS row(sum double, count integer)), (s, x) -> CAST(ROW(x + s.sum, s.count + 1) AS row(sum double, count integer)), s -> s.sum / s.count);

-- zip_function
SELECT zip(ARRAY[1, 2], ARRAY['a', 'b', 'c']);

-- zip_with_function
SELECT zip_with(ARRAY[1, 2, 3], ARRAY[10, 20, 30], (a, b) -> a + b);

-- any_all_none_match
SELECT id, any_match(nums, x -> x > 5), all_match(nums, x -> x > 0), none_match(nums, x -> x = 3) FROM collections ORDER BY id;

-- lambda_capture_column
SELECT id, transform(nums, x -> x + id) FROM collections WHERE id IN (1, 5) ORDER BY id;

-- nested_lambda
SELECT transform(ARRAY[ARRAY[1, 2], ARRAY[3]], a -> transform(a, x -> x * x));

-- array_agg_of_arrays
SELECT array_agg(nums ORDER BY id) FROM collections WHERE id IN (1, 2);

-- array_equality
SELECT ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] = ARRAY[2, 1], ARRAY[1, NULL] = ARRAY[1, NULL];

-- array_compare_order
SELECT ARRAY[1, 2] < ARRAY[1, 3], ARRAY[2] > ARRAY[1, 9];

-- array_type_mismatch_fails
SELECT ARRAY[1, 'a'];

-- array_ngrams
SELECT ngrams(ARRAY['a', 'b', 'c'], 2);

-- array_combinations
SELECT combinations(ARRAY[1, 2, 3], 2);

-- array_trim
SELECT trim_array(ARRAY[1, 2, 3], 1);

-- array_of_rows_column
SELECT id, items FROM collections ORDER BY id;

-- array_of_rows_field_access
SELECT id, transform(items, i -> i.k) FROM collections ORDER BY id;

-- map_literal
SELECT MAP(ARRAY['a', 'b'], ARRAY[1, 2]);

-- map_from_entries
SELECT map_from_entries(ARRAY[('x', 1), ('y', 2)]);

-- map_duplicate_key_fails
SELECT MAP(ARRAY['a', 'a'], ARRAY[1, 2]);

-- map_null_key_fails
SELECT MAP(ARRAY[NULL], ARRAY[1]);

-- map_columns
SELECT id, attrs FROM collections ORDER BY id;

-- map_subscript
SELECT id, attrs['x'] FROM collections WHERE id = 1;

-- map_subscript_missing_fails
SELECT attrs['nope'] FROM collections WHERE id = 1;

-- map_element_at_missing
SELECT id, element_at(attrs, 'nope'), element_at(attrs, 'k2') FROM collections ORDER BY id;

-- map_keys_values
SELECT id, array_sort(map_keys(attrs)), array_sort(map_values(attrs)) FROM collections ORDER BY id;

-- map_entries_sorted
SELECT id, array_sort(map_entries(attrs)) FROM collections WHERE id IN (1, 5) ORDER BY id;

-- map_concat_overrides
SELECT map_concat(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), MAP(ARRAY['b'], ARRAY[3]));

-- map_filter_function
SELECT id, map_filter(attrs, (k, v) -> v > 10) FROM collections WHERE id = 5;

-- transform_values_function
SELECT transform_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> v * 100);

-- transform_keys_function
SELECT transform_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> upper(k));

-- map_zip_with_function
SELECT map_zip_with(MAP(ARRAY['a'], ARRAY[1]), MAP(ARRAY['a'], ARRAY[2]), (k, v1, v2) -> v1 + v2);

-- map_with_integer_keys
SELECT MAP(ARRAY[1, 2], ARRAY['one', 'two']), MAP(ARRAY[1.5e0], ARRAY[true]);

-- map_with_array_values
SELECT MAP(ARRAY['a'], ARRAY[ARRAY[1, 2]]);

-- map_cardinality_empty
SELECT cardinality(MAP()), MAP();

-- map_contains_key
SELECT id, contains(map_keys(attrs), 'x') FROM collections ORDER BY id;

-- row_literal
SELECT ROW(1, 'a', true);

-- row_cast_named
SELECT CAST(ROW(1, 'a') AS row(x integer, y varchar));

-- row_columns
SELECT id, point, person FROM collections ORDER BY id;

-- row_field_access
SELECT id, point.x, point.y, person.name, person.age FROM collections ORDER BY id;

-- row_field_dereference_in_where
SELECT id FROM collections WHERE person.age > 10 ORDER BY id;

-- row_comparison
SELECT ROW(1, 2) = ROW(1, 2), ROW(1, 2) < ROW(1, 3);

-- row_unknown_field_fails
SELECT point.z FROM collections;

-- json_extract_scalar_basic
SELECT id, json_extract_scalar(payload, '$.a') FROM events ORDER BY id;

-- json_extract_basic
SELECT id, json_extract(payload, '$.b') FROM events ORDER BY id;

-- json_extract_array_index
SELECT json_extract_scalar(payload, '$.b[1]'), json_extract(payload, '$.b[0]') FROM events WHERE id = 1;

-- json_extract_nested_path
SELECT json_extract(payload, '$.n.d'), json_extract_scalar(payload, '$.n.d.e') FROM events WHERE id = 8;

-- json_extract_scalar_of_object_is_null
SELECT json_extract_scalar(payload, '$.n') FROM events WHERE id = 8;

-- json_extract_bracket_key
SELECT json_extract_scalar(payload, '$["price"]') FROM events WHERE id = 6;

-- json_extract_unicode_escape
SELECT json_extract_scalar(payload, '$.u'), json_extract_scalar(payload, '$.e') FROM events WHERE id = 9;

-- json_extract_number_forms
SELECT json_extract_scalar(payload, '$.a'), json_extract(payload, '$.a') FROM events WHERE id IN (14, 19) ORDER BY id;

-- json_extract_invalid_json_is_null
SELECT json_extract(payload, '$.a') FROM events WHERE id = 4;

-- json_extract_invalid_path_fails
SELECT json_extract(payload, 'a[') FROM events WHERE id = 1;

-- json_parse_and_format
SELECT json_format(json_parse('{"b": 1, "a": [1, 2.50, "x"]}'));

-- json_parse_invalid_fails
SELECT json_parse('{oops');

-- json_parse_column
SELECT id, json_parse(payload) FROM events WHERE id IN (1, 2, 3, 10, 11, 12, 13) ORDER BY id;

-- json_array_length
SELECT id, json_array_length(json_extract(payload, '$.b')) FROM events WHERE id IN (1, 17, 18) ORDER BY id;

-- json_array_contains
SELECT json_array_contains('[1, 2, 3]', 2), json_array_contains('["a"]', 'b');

-- json_array_get
SELECT json_array_get('["a", "b"]', 1), json_array_get('[1, 2]', 5);

-- json_size_function
SELECT json_size('{"a": {"b": 1, "c": 2}}', '$.a'), json_size('[1, 2, 3]', '$');

-- is_json_scalar
SELECT is_json_scalar('1'), is_json_scalar('[1]');

-- json_format_of_cast
SELECT json_format(CAST(MAP(ARRAY['a'], ARRAY[ARRAY[1, 2]]) AS json));

-- json_cast_to_varchar_scalar
SELECT CAST(json_extract(payload, '$.a') AS varchar) FROM events WHERE id = 16;

-- json_cast_to_integer
SELECT CAST(json_extract(payload, '$.a') AS integer) FROM events WHERE id = 18;

-- json_array_of_objects
SELECT json_extract(payload, '$.k[1].x') FROM events WHERE id = 15;

-- json_value_function
SELECT json_value(payload, 'lax $.a') FROM events WHERE id = 1;

-- json_query_function
SELECT json_query(payload, 'lax $.b') FROM events WHERE id = 1;

-- json_exists_function
SELECT id, json_exists(payload, 'lax $.a') FROM events WHERE id IN (1, 2, 3) ORDER BY id;

-- json_object_constructor
SELECT json_object('a' VALUE 1, 'b' VALUE 'x');

-- json_array_constructor
SELECT json_array(1, 'two', true);

-- typeof_json
SELECT typeof(json_parse('1')), typeof(json_extract('{"a":1}', '$.a'));
