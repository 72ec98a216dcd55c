"""localglue's crawlers engine: crawls S3 targets, classifies, infers schemas and writes the Data Catalog."""
