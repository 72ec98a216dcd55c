resource "aws_glue_crawler" "source" {
  name          = local.source_crawler_name
  description   = var.source_crawler_description
  role          = aws_iam_role.glue.arn
  database_name = aws_glue_catalog_database.this.name
  table_prefix  = var.table_prefix
  classifiers   = [aws_glue_classifier.csv_with_header.name]

  security_configuration = aws_glue_security_configuration.this.name

  s3_target {
    path = "s3://${aws_s3_bucket.source.id}/${var.incoming_prefix}"
  }

  # The job archives every input out of incoming/, so the next crawl often finds the prefix empty:
  # LOG keeps the table (and its schema) instead of deleting it when its files are gone.
  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }
}

# The output folders are run_id=<JOB_RUN_ID>/, so the target table is partitioned by run_id.
resource "aws_glue_crawler" "target" {
  name          = local.target_crawler_name
  description   = "Catalogs the lag per user event written by the job."
  role          = aws_iam_role.glue.arn
  database_name = aws_glue_catalog_database.this.name
  table_prefix  = var.table_prefix
  classifiers   = [aws_glue_classifier.csv_with_header.name]

  security_configuration = aws_glue_security_configuration.this.name

  s3_target {
    path = "s3://${aws_s3_bucket.target.id}/${var.target_prefix}"
  }

  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }
}
