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
