"""Athena's Hive DDL, answered from and into the Glue catalog: CREATE [EXTERNAL] TABLE, CREATE / DROP
DATABASE, DROP TABLE, ALTER TABLE (partitions, properties, columns, location), MSCK REPAIR TABLE, SHOW
and DESCRIBE. An Iceberg table's DDL goes to Trino's Iceberg connector."""
