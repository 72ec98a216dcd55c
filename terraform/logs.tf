# The job's continuous logging goes to its own group (--continuous-log-logGroup), with a retention, encrypted
# with the pipeline's key (as the Glue security configuration asks of Glue's own log groups).
resource "aws_cloudwatch_log_group" "job" {
  name              = local.job_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.pipeline.arn
}
