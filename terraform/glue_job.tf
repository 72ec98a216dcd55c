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
    max_concurrent_runs = var.max_concurrent_runs
  }

  default_arguments = {
    "--job-language"                     = "python"
    "--extra-py-files"                   = join(",", [for module in aws_s3_object.job_module : "s3://${module.bucket}/${module.key}"])
    "--TempDir"                          = local.glue_temp_dir
    "--enable-continuous-cloudwatch-log" = "true"
    "--continuous-log-logGroup"          = aws_cloudwatch_log_group.job.name
    "--enable-metrics"                   = "true"
    "--source_bucket"                    = aws_s3_bucket.source.id
    "--target_bucket"                    = aws_s3_bucket.target.id
    "--incoming_prefix"                  = var.incoming_prefix
    "--archive_prefix"                   = var.archive_prefix
    "--quarantine_prefix"                = var.quarantine_prefix
    "--ledger_prefix"                    = var.ledger_prefix
    "--target_prefix"                    = var.target_prefix
    "--staging_prefix"                   = var.staging_prefix
    "--output_format"                    = var.output_format
    "--output_partitions"                = length(var.output_partitions) > 0 ? join(",", var.output_partitions) : "none"
    "--output_kms_key_arn"               = aws_kms_key.pipeline.arn
    "--dq_ruleset_name"                  = aws_glue_data_quality_ruleset.input.name
    "--job-bookmark-option"              = var.job_bookmarks ? "job-bookmark-enable" : "job-bookmark-disable"
  }
}
