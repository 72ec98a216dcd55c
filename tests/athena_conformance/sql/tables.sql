-- people_all
-- every column type of a plain table, as stored
SELECT * FROM people ORDER BY id;

-- departments_all
SELECT * FROM departments ORDER BY id;

-- numbers_all
SELECT * FROM numbers ORDER BY id;

-- events_all
SELECT * FROM events ORDER BY id;

-- collections_all
SELECT * FROM collections ORDER BY id;

-- sales_all
-- partition keys come after the data columns
SELECT * FROM sales ORDER BY id;

-- sparse_all
SELECT * FROM sparse ORDER BY id;

-- series_count
SELECT count(*), count(DISTINCT grp), min(ts), max(ts), sum(x) FROM series;

-- series_head
SELECT * FROM series ORDER BY id LIMIT 5;

-- people_bag
-- no ORDER BY: compared as a bag
SELECT id, name FROM people;

-- partition_columns_only
SELECT DISTINCT region FROM sales;

-- partition_pruning_count
SELECT count(*) FROM sales WHERE region = 'apac';

-- partition_key_types
SELECT typeof(region), typeof(dt) FROM sales LIMIT 1;

-- partition_filter_on_data_and_key
SELECT id FROM sales WHERE region = 'eu' AND qty > 2 ORDER BY id;

-- numbers_types
SELECT typeof(t), typeof(s), typeof(i), typeof(b), typeof(r), typeof(d), typeof(d2), typeof(d38) FROM numbers WHERE id = 1;

-- collections_types
SELECT typeof(tags), typeof(attrs), typeof(point), typeof(items) FROM collections WHERE id = 1;

-- events_types
SELECT typeof(ts), typeof(day), typeof(amount) FROM events WHERE id = 1;

-- people_binary_type
SELECT typeof(token) FROM people WHERE id = 1;

-- select_columns_reordered
SELECT birth, id, name FROM people ORDER BY id;

-- select_column_twice
SELECT id, id, id + 1 AS id FROM departments ORDER BY 1;

-- table_alias_star
SELECT d.* FROM departments AS d ORDER BY d.id;

-- qualified_table_name
SELECT count(*) FROM conformance.people;

-- quoted_identifiers
SELECT "id", "name" AS "Display Name" FROM people WHERE id = 1;

-- column_names_case_insensitive
SELECT ID, Name FROM People WHERE Id = 2;

-- generated_column_names
SELECT 1, 'a', id + 1 FROM people WHERE id = 1;

-- show_tables
SHOW TABLES;

-- describe_table
DESCRIBE people;

-- show_columns_sales
SHOW COLUMNS FROM sales;

-- information_schema_columns
SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'conformance' AND table_name = 'collections' ORDER BY ordinal_position;

-- information_schema_tables
SELECT table_name FROM information_schema.tables WHERE table_schema = 'conformance' ORDER BY table_name;

-- series_tail
SELECT * FROM series ORDER BY id DESC LIMIT 3;

-- sparse_not_null_counts
SELECT count(a), count(b), count(f) FROM sparse;

-- events_payload_raw
SELECT id, payload FROM events ORDER BY id;
