# The job's continuous logging goes to its own group (--continuous-log-logGroup), with a retention.
resource "aws_cloudwatch_log_group" "job" {
  name              = local.job_log_group_name
  retention_in_days = var.log_retention_days
}
