-- regexp_like_basic
SELECT id FROM people WHERE regexp_like(name, '^[A-Z][a-z]+$') ORDER BY id;

-- regexp_like_unicode_class
SELECT id FROM people WHERE regexp_like(name, '\p{L}+\p{M}*é') ORDER BY id;

-- regexp_like_partial_match
SELECT regexp_like('abc123', '\d+'), regexp_like('abc', '^b');

-- regexp_like_case_insensitive_flag
SELECT regexp_like('Paris', '(?i)^paris$');

-- regexp_extract_whole
SELECT regexp_extract('order-1234-x', '\d+');

-- regexp_extract_group
SELECT regexp_extract('key=value', '(\w+)=(\w+)', 2);

-- regexp_extract_no_match
SELECT regexp_extract('abc', '\d+');

-- regexp_extract_group_no_match
SELECT regexp_extract('abc', '(\d+)', 1);

-- regexp_extract_optional_group_unmatched
SELECT regexp_extract('ab', 'a(x)?b', 1);

-- regexp_extract_bad_group
SELECT regexp_extract('abc', '(a)', 2);

-- regexp_extract_all_numbers
SELECT regexp_extract_all('a1b22c333', '\d+');

-- regexp_extract_all_none
SELECT regexp_extract_all('abc', '\d');

-- regexp_extract_all_group
SELECT regexp_extract_all('k1=v1,k2=v2', '(\w+)=(\w+)', 1);

-- regexp_replace_remove
SELECT regexp_replace('a1b2c3', '\d');

-- regexp_replace_with_group
SELECT regexp_replace('2024-01-31', '(\d+)-(\d+)-(\d+)', '$3/$2/$1');

-- regexp_replace_named_group
SELECT regexp_replace('john smith', '(?<first>\w+) (?<last>\w+)', '${last}, ${first}');

-- regexp_replace_escaped_dollar
SELECT regexp_replace('cost 5', '(\d)', '\$$1');

-- regexp_replace_lambda
SELECT regexp_replace('new york city', '(\w)(\w*)', x -> upper(x[1]) || x[2]);

-- regexp_replace_column
SELECT id, regexp_replace(name, '[aeiou]', '*') FROM people ORDER BY id;

-- lookahead
SELECT regexp_extract('price: 100USD', '\d+(?=USD)');

-- negative_lookahead
SELECT regexp_extract_all('foo1 foo2 bar3', 'foo(?!1)\d');

-- lookbehind
SELECT regexp_extract('total=42', '(?<=total=)\d+');

-- negative_lookbehind
SELECT regexp_extract_all('a1 b2 c3', '(?<!b)\d');

-- non_greedy
SELECT regexp_extract('<a><b>', '<.+?>'), regexp_extract('<a><b>', '<.+>');

-- backreference
SELECT regexp_like('abab', '^(ab)\1$'), regexp_like('abac', '^(ab)\1$');

-- possessive_quantifier
SELECT regexp_like('aaa', 'a++a');

-- word_boundary
SELECT regexp_extract_all('cat concat cat', '\bcat\b');

-- dot_does_not_match_newline
SELECT regexp_like(concat('a', chr(10), 'b'), 'a.b'), regexp_like(concat('a', chr(10), 'b'), '(?s)a.b');

-- multiline_anchor
SELECT regexp_extract_all(concat('x1', chr(10), 'x2'), '(?m)^x\d');

-- regexp_split_function
SELECT regexp_split('a1b22c', '\d+');

-- regexp_count_function
SELECT regexp_count('a1b22c333', '\d+');

-- regexp_position_function
SELECT regexp_position('abc123', '\d'), regexp_position('abc', '\d');

-- regexp_on_null
SELECT regexp_like(CAST(NULL AS varchar), 'a'), regexp_extract(CAST(NULL AS varchar), 'a');

-- regexp_invalid_pattern
SELECT regexp_like('a', '(');

-- regexp_unicode_emoji
SELECT regexp_extract('smile 😀 now', '[^\x00-\x7F]');

-- regexp_extract_from_json_text
SELECT id, regexp_extract(payload, '"a": (\d+)', 1) FROM events WHERE payload IS NOT NULL ORDER BY id;

-- regexp_like_filter_kind
SELECT count(*) FROM events WHERE regexp_like(kind, '^(click|buy)$');

-- regexp_quantifier_range
SELECT regexp_extract_all('a aa aaa aaaa', '\ba{2,3}\b');

-- regexp_alternation_groups
SELECT regexp_extract('2024-Q3', '(\d{4})-(Q[1-4])', 2);

-- regexp_character_class_subtraction
SELECT regexp_extract_all('abcdef', '[a-f&&[^bd]]');

-- regexp_replace_empty_matches
SELECT regexp_replace('abc', 'x*', '-');

-- regexp_replace_case_insensitive
SELECT regexp_replace('Paris PARIS paris', '(?i)paris', 'X');

-- regexp_like_on_city
SELECT city, regexp_like(city, 'on$') FROM people WHERE city IS NOT NULL GROUP BY city ORDER BY city;

-- regexp_extract_dates_from_text
SELECT regexp_extract_all('from 2024-01-02 to 2024-03-04', '\d{4}-\d{2}-\d{2}');
