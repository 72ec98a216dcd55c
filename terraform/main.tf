data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = var.aws_region

  # Bucket names are global: the account id keeps them unique across accounts.
  source_bucket_name      = "${var.name_prefix}-source-${local.account_id}"
  target_bucket_name      = "${var.name_prefix}-target-${local.account_id}"
  scripts_bucket_name     = "${var.name_prefix}-scripts-${local.account_id}"
  access_logs_bucket_name = "${var.name_prefix}-access-logs-${local.account_id}"

  source_table = "${var.table_prefix}incoming"
  target_table = "${var.table_prefix}output"

  job_name               = "${var.name_prefix}-job"
  source_crawler_name    = "${var.name_prefix}-source-crawler"
  target_crawler_name    = "${var.name_prefix}-target-crawler"
  workflow_name          = "${var.name_prefix}-workflow"
  athena_workgroup_name  = "${var.name_prefix}-workgroup"
  athena_output_location = "s3://${local.source_bucket_name}/${var.athena_results_prefix}"
  glue_jobs_dir          = coalesce(var.glue_jobs_dir, "${path.module}/../glue_jobs")
  job_script_key         = "glue_jobs/user_event_lag_job.py"
  # The job's modules, shipped beside the script through --extra-py-files
  job_modules            = toset(["event_lag.py", "event_files.py", "ledger.py", "exactly_once.py"])
  glue_temp_dir          = "s3://${local.scripts_bucket_name}/temp/"
  job_log_group_name     = "/aws-glue/jobs/${local.job_name}"
  crawler_log_group_name = "/aws-glue/crawlers"
}
