"""localglue's Athena: Athena's API over Trino 476 (the engine of Athena engine version 3) on the Glue catalog.

Where localglue's Athena answers differently from plain Trino, it does so because Athena does, each from
AWS's documentation (https://docs.aws.amazon.com/athena/latest/ug/<page>):

- DDL runs in Athena's Hive engine, not Trino's: `SHOW TABLES` / `DATABASES` / `COLUMNS` / `PARTITIONS` /
  `TBLPROPERTIES` / `CREATE TABLE`, `DESCRIBE`, `MSCK REPAIR TABLE`, `CREATE EXTERNAL TABLE`, `ALTER TABLE
  ... ADD|DROP PARTITION`, `SET LOCATION`, `SET TBLPROPERTIES`, `ADD|REPLACE COLUMNS`, answered in Hive's
  words: a `tab_name` column, DESCRIBE's tab-separated `col_name`, `data_type`, `comment` lines, Hive's
  `SemanticException` errors (ddl-reference.html, describe-table.html, show-tables.html). hive/, routing.py
- CTAS takes Athena's table properties (`format`, `external_location`, `partitioned_by`, `bucketed_by`,
  `write_compression`, `field_delimiter`, `table_type`...), writes Parquet with GZIP by default, and without
  a location writes under `<query result location>/tables/<query id>/` (create-table-as.html). trino_sql.py
- `UNLOAD (query) TO 's3://...' WITH (format = ...)` (unload.html), `OPTIMIZE t REWRITE DATA USING
  BIN_PACK` (optimize-statement.html) and `VACUUM t` (vacuum-statement.html) are Athena's statements;
  Trino has none of them. trino_sql.py
- Iceberg tables take Athena's table properties only (`vacuum_max_snapshot_age_seconds`, 5 days by default,
  `vacuum_min_snapshots_to_keep`, `vacuum_max_metadata_files_to_keep`, `optimize_rewrite_*_threshold`;
  querying-iceberg-creating-tables.html), kept in the table's metadata; VACUUM expires by the first, with no
  7-day floor (Trino's own `min-retention`). iceberg_properties.py, trino/catalogs.py
- Glue columns of an Iceberg table carry `iceberg.field.id` / `optional` / `current`, as Athena's Iceberg
  catalog writes them (Trino writes its own parameters only). iceberg_glue.py
- Prepared statements live in the workgroup: `PREPARE`, `EXECUTE ... USING`, `DEALLOCATE PREPARE` and
  StartQueryExecution's `ExecutionParameters` (querying-with-prepared-statements.html). execute.py
- One catalog, `AwsDataCatalog` (Trino's `awsdatacatalog`); Trino's `system` catalog (other queries, nodes)
  is closed (data-sources-managing.html). trino/catalogs.py
- No table functions: Athena's function list names none (functions-env3.html), so `TABLE(sequence(...))`,
  `TABLE(exclude_columns(...))` and a connector's `TABLE(system.query(...))` fail as unknown. trino_sql.py
- Values print as Athena's result files and GetQueryResults do (creating-row.html, querying.html): rows as
  `{a=1, b=x}`, a nameless field `field0=`, varbinary as hex pairs; the session time zone is UTC. values.py
- Athena's catalog APIs (ListDataCatalogs, GetDataCatalog, ListDatabases, GetDatabase, ListTableMetadata,
  GetTableMetadata) answer from Glue in Athena's shapes
  (https://docs.aws.amazon.com/athena/latest/APIReference/API_TableMetadata.html). catalog_api.py
- A query acts with its caller's permissions (--enforce-iam) on every table and location Trino's EXPLAIN
  (TYPE IO) reports it reads (security-iam-athena.html). access.py, execute.py

Not done as Athena does (Trino's behaviour stays): VACUUM keeps every snapshot younger than its age, not at
least `vacuum_min_snapshots_to_keep`, and old metadata files by Trino's own rule, not
`vacuum_max_metadata_files_to_keep`; OPTIMIZE ignores `optimize_rewrite_*_threshold`; SHOW CREATE TABLE
of an Iceberg table prints the Hive form; an OpenCSVSerde table's columns read as varchar, the file's text
(Trino's Hive connector takes every column of such a table as a string; Athena parses each into its
declared type, csv-serde.html). tests/athena_conformance/known_differences.toml holds the
differences the conformance suite measures.
"""
