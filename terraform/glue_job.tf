resource "aws_glue_job" "user_event_lag" {
  name              = local.job_name
  description       = "Lag in minutes between consecutive events of each user."
  role_arn          = aws_iam_role.glue.arn
  glue_version      = var.glue_version
  worker_type       = var.worker_type
  number_of_workers = var.number_of_workers
  timeout           = var.job_timeout_minutes
  max_retries       = var.job_max_retries
  # Stated explicitly: it is the default, and reading it back otherwise shows a permanent diff.
  execution_class        = "STANDARD"
  security_configuration = aws_glue_security_configuration.this.name

  command {
    name            = "glueetl"
    python_version  = "3"
    script_location = "s3://${aws_s3_object.job_script.bucket}/${aws_s3_object.job_script.key}"
  }

  execution_property {
    max_concurrent_runs = 1
  }

  default_arguments = {
    "--job-language"                     = "python"
    "--extra-py-files"                   = "s3://${aws_s3_object.job_module.bucket}/${aws_s3_object.job_module.key}"
    "--TempDir"                          = local.glue_temp_dir
    "--enable-continuous-cloudwatch-log" = "true"
    "--continuous-log-logGroup"          = aws_cloudwatch_log_group.job.name
    "--enable-metrics"                   = "true"
    "--database_name"                    = aws_glue_catalog_database.this.name
    "--source_table"                     = local.source_table
    "--athena_workgroup"                 = aws_athena_workgroup.this.name
    "--athena_output_location"           = local.athena_output_location
    "--athena_timeout_seconds"           = tostring(var.athena_timeout_seconds)
    "--source_bucket"                    = aws_s3_bucket.source.id
    "--target_bucket"                    = aws_s3_bucket.target.id
    "--incoming_prefix"                  = var.incoming_prefix
    "--archive_prefix"                   = var.archive_prefix
    "--target_prefix"                    = var.target_prefix
  }
}
