-- length_unicode
SELECT id, name, length(name) FROM people ORDER BY id;

-- upper_lower_unicode
SELECT id, upper(name), lower(name) FROM people ORDER BY id;

-- upper_sharp_s
SELECT upper('straße'), lower('İSTANBUL');

-- concat_function
SELECT concat(name, '-', city) FROM people WHERE id IN (1, 6, 8) ORDER BY id;

-- concat_operator_null
SELECT id, name || ' from ' || city FROM people ORDER BY id;

-- concat_ws_skips_null
SELECT concat_ws('/', name, city, nickname) FROM people WHERE id IN (3, 6, 8) ORDER BY id;

-- substr_from
SELECT substr('Athena', 3);

-- substr_from_length
SELECT substr('Athena', 2, 3);

-- substr_negative
SELECT substr('Athena', -3, 2);

-- substr_past_end
SELECT substr('Athena', 10), substr('Athena', 4, 100);

-- substr_zero_start
SELECT substr('Athena', 0, 2);

-- substring_from_for
SELECT substring('Athena' FROM 2 FOR 3);

-- substr_unicode
SELECT substr('Zoë "Z"', 3, 1), substr('😀ab', 1, 1);

-- left_pad_right_pad
SELECT lpad('7', 3, '0'), rpad('ab', 5, '.-'), lpad('abcdef', 3, 'x');

-- lpad_empty_pad_fails
SELECT lpad('a', 3, '');

-- trim_functions
SELECT '[' || trim('  a b  ') || ']', '[' || ltrim('  a ') || ']', '[' || rtrim(' a  ') || ']';

-- trim_characters
SELECT trim(BOTH 'x' FROM 'xxaxx'), trim(LEADING '0' FROM '00120'), trim(TRAILING '.' FROM 'a...');

-- replace_function
SELECT replace('a-b-c', '-', '+'), replace('a-b-c', '-'), replace('aaa', 'a', 'bb');

-- reverse_unicode
SELECT reverse('Åsa'), reverse('');

-- strpos_function
SELECT strpos('banana', 'an'), strpos('banana', 'an', 2), strpos('banana', 'x');

-- position_in
SELECT position('na' IN 'banana');

-- split_function
SELECT split('a,b,,c', ',');

-- split_limit
SELECT split('a,b,c,d', ',', 2);

-- split_part_middle
SELECT split_part('a.b.c', '.', 2);

-- split_part_past_end
SELECT split_part('a.b.c', '.', 5);

-- split_part_empty_field
SELECT split_part('a..c', '.', 2);

-- split_part_zero_fails
SELECT split_part('a.b', '.', 0);

-- split_to_map_function
SELECT split_to_map('a=1;b=2', ';', '=');

-- starts_with_function
SELECT id, starts_with(city, 'P') FROM people ORDER BY id;

-- like_patterns
SELECT id FROM people WHERE name LIKE '%o%' ORDER BY id;

-- like_underscore
SELECT id FROM people WHERE name LIKE '_ob' ORDER BY id;

-- like_escape
SELECT 'a_b' LIKE 'a\_b' ESCAPE '\', 'axb' LIKE 'a\_b' ESCAPE '\';

-- like_case_sensitive
SELECT id FROM people WHERE city LIKE 'p%' ORDER BY id;

-- not_like_with_null
SELECT id FROM people WHERE nickname NOT LIKE 'B%' ORDER BY id;

-- ilike_emulated_with_lower
SELECT id FROM people WHERE lower(city) = 'paris' ORDER BY id;

-- equality_is_case_sensitive
SELECT count(*) FROM people WHERE city = 'paris';

-- empty_string_is_not_null
SELECT id, name = '', name IS NULL FROM people WHERE id IN (7, 8) ORDER BY id;

-- quote_in_literal
SELECT 'it''s', length('it''s');

-- double_quote_in_value
SELECT name FROM people WHERE name LIKE '%"%';

-- apostrophe_in_value
SELECT id FROM people WHERE name = 'O''Brien';

-- unicode_escape_literal
SELECT U&'\00e9\00df', U&'\+01F600';

-- chr_codepoint
SELECT chr(233), codepoint('é'), chr(128512);

-- to_utf8_bytes
SELECT to_utf8('é'), length(to_utf8('😀'));

-- from_utf8_roundtrip
SELECT from_utf8(to_utf8('Chloé'));

-- normalize_forms
SELECT length(normalize('é', NFD)), length(normalize(U&'e\0301', NFC));

-- levenshtein_distance
SELECT levenshtein_distance('kitten', 'sitting'), hamming_distance('abc', 'abd');

-- soundex_function
SELECT soundex('Robert'), soundex('Rupert');

-- word_stem_english
SELECT word_stem('running', 'en');

-- translate_function
SELECT translate('abcd', 'bd', 'xy'), translate('abc', 'abc', 'x');

-- format_function
SELECT format('%s has %d items costing %.2f', 'cart', 3, 9.5);

-- format_number_function
SELECT format_number(1234567), format_number(1500);

-- lower_of_null
SELECT lower(CAST(NULL AS varchar));

-- luhn_check
SELECT luhn_check('79927398713'), luhn_check('79927398710');

-- string_compare
SELECT 'a' < 'b', 'Z' < 'a', 'é' > 'z', '' < 'a';

-- order_by_varchar_binary
SELECT name FROM people WHERE name IS NOT NULL ORDER BY name;

-- distinct_cities
SELECT DISTINCT city FROM people;

-- group_by_city_nulls
SELECT city, count(*) FROM people GROUP BY city ORDER BY city NULLS LAST;

-- string_agg_listagg
SELECT listagg(name, ', ') WITHIN GROUP (ORDER BY id) FROM people WHERE dept_id = 10;

-- listagg_overflow_default
SELECT city, listagg(nickname, '|') WITHIN GROUP (ORDER BY nickname) FROM people GROUP BY city ORDER BY city NULLS FIRST;

-- varchar_type_of_literal
SELECT typeof('abc'), typeof(concat('a', 'bc'));

-- cast_char_padding
SELECT CAST('ab' AS char(4)), length(CAST('ab' AS char(4)));

-- char_comparison_padding
SELECT CAST('ab' AS char(4)) = CAST('ab  ' AS char(4));

-- varchar_length_limit_cast
SELECT CAST('abcdef' AS varchar(3));

-- lower_in_where
SELECT count(*) FROM people WHERE lower(name) = 'bob';

-- md5_hex
SELECT to_hex(md5(to_utf8('abc')));

-- sha256_hex
SELECT lower(to_hex(sha256(to_utf8('abc'))));

-- crc32_value
SELECT crc32(to_utf8('abc'));

-- xxhash64_value
SELECT to_hex(xxhash64(to_utf8('abc')));

-- base64_roundtrip
SELECT to_base64(to_utf8('héllo')), from_utf8(from_base64('aMOpbGxv'));

-- url_encode_decode
SELECT url_encode('a b&c=é'), url_decode('a%20b%26c');

-- url_extract_parts
SELECT url_extract_host('https://example.com:8080/p/a?x=1&y=2#f'), url_extract_port('https://example.com:8080/p/a'), url_extract_path('https://example.com/p/a?x=1'), url_extract_parameter('https://example.com/p?x=1&y=2', 'y'), url_extract_fragment('https://e.com/#frag'), url_extract_protocol('https://e.com/');

-- to_hex_binary_column
SELECT id, to_hex(token) FROM people ORDER BY id;

-- binary_column_as_is
SELECT id, token FROM people WHERE token IS NOT NULL ORDER BY id;

-- length_of_binary
SELECT id, length(token) FROM people ORDER BY id;

-- varbinary_literal
SELECT X'48656C6C6F', from_utf8(X'48656C6C6F');

-- varbinary_concat
SELECT X'01' || X'0203';

-- nickname_coalesce
SELECT id, coalesce(nickname, name, '?') FROM people ORDER BY id;

-- strings_in_values_order
SELECT s FROM (VALUES 'b', 'a', 'B', 'á', '1', '') AS t(s) ORDER BY s;

-- string_max_min
SELECT max(name), min(name), max(city) FROM people;

-- count_distinct_names
SELECT count(DISTINCT name), approx_distinct(name) FROM people;

-- repeat_string_via_array
SELECT array_join(repeat('ab', 3), '');

-- array_join_with_null_replacement
SELECT array_join(ARRAY['a', NULL, 'c'], '-', 'N'), array_join(ARRAY['a', NULL, 'c'], '-');

-- string_to_array_and_back
SELECT array_join(split('x y z', ' '), '+');
