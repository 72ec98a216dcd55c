output "source_bucket" {
  description = "Bucket receiving the raw event CSV files (under incoming_prefix)."
  value       = aws_s3_bucket.source.id
}

output "target_bucket" {
  description = "Bucket receiving the job's output."
  value       = aws_s3_bucket.target.id
}

output "scripts_bucket" {
  description = "Bucket holding the job's code and temporary directory."
  value       = aws_s3_bucket.scripts.id
}

output "access_logs_bucket" {
  description = "Bucket receiving the S3 server access logs of the other three (prefix = their role: source/, target/, scripts/)."
  value       = aws_s3_bucket.access_logs.id
}

output "kms_key_arn" {
  description = "The pipeline's customer-managed KMS key (buckets, Athena results, logs, Glue security configuration)."
  value       = aws_kms_key.pipeline.arn
}

output "glue_security_configuration" {
  description = "Glue security configuration of the job and both crawlers."
  value       = aws_glue_security_configuration.this.name
}

output "incoming_location" {
  description = "Where to drop new event files."
  value       = "s3://${aws_s3_bucket.source.id}/${var.incoming_prefix}"
}

output "archive_location" {
  description = "Where the job moves the files it processed."
  value       = "s3://${aws_s3_bucket.source.id}/${var.archive_prefix}"
}

output "output_location" {
  description = "Where the job publishes its output (run_id=<JOB_RUN_ID>/ and/or event_date=<date>/ folders, as output_partitions)."
  value       = "s3://${aws_s3_bucket.target.id}/${var.target_prefix}"
}

output "glue_role_arn" {
  description = "Role of the crawlers and the job."
  value       = aws_iam_role.glue.arn
}

output "database_name" {
  description = "Glue Data Catalog database of the pipeline."
  value       = aws_glue_catalog_database.this.name
}

output "source_table" {
  description = "Table the source crawler writes and the job queries."
  value       = local.source_table
}

output "target_table" {
  description = "Table the target crawler writes over the job's output."
  value       = local.target_table
}

output "source_crawler_name" {
  description = "Crawler on the incoming events."
  value       = aws_glue_crawler.source.name
}

output "target_crawler_name" {
  description = "Crawler on the job's output."
  value       = aws_glue_crawler.target.name
}

output "job_name" {
  description = "The Glue job computing the lags."
  value       = aws_glue_job.user_event_lag.name
}

output "job_script_location" {
  description = "S3 location of the job's entrypoint script."
  value       = aws_glue_job.user_event_lag.command[0].script_location
}

output "workflow_name" {
  description = "The Glue workflow chaining crawler, job and crawler."
  value       = aws_glue_workflow.this.name
}

output "trigger_names" {
  description = "The workflow's triggers: its start (key schedule or event, as start_on), after the source crawl, after the job."
  value = merge(
    { for trigger in aws_glue_trigger.schedule : "schedule" => trigger.name },
    { for trigger in aws_glue_trigger.on_new_files : "event" => trigger.name },
    {
      source_crawled = aws_glue_trigger.source_crawled.name
      job_succeeded  = aws_glue_trigger.job_succeeded.name
    },
  )
}

output "event_rule_name" {
  description = "With start_on = \"event\": the EventBridge rule sending new incoming files to the workflow; else null."
  value       = one(aws_cloudwatch_event_rule.new_files[*].name)
}

output "athena_workgroup" {
  description = "Athena workgroup for queries of the pipeline's tables."
  value       = aws_athena_workgroup.this.name
}

output "athena_output_location" {
  description = "Enforced location of the workgroup's query results."
  value       = local.athena_output_location
}

output "job_log_group" {
  description = "CloudWatch log group of the job's continuous logging."
  value       = aws_cloudwatch_log_group.job.name
}

output "aws_region" {
  description = "Region the pipeline is deployed in."
  value       = var.aws_region
}

output "quarantine_location" {
  description = "Where the job moves the files it cannot read, each with its reason in the object's metadata."
  value       = "s3://${aws_s3_bucket.source.id}/${var.quarantine_prefix}"
}

output "ledger_location" {
  description = "The job's claims on input files and its run manifests (runs/<JobRunId>/manifest.json)."
  value       = "s3://${aws_s3_bucket.source.id}/${var.ledger_prefix}"
}

output "alerts_topic_arn" {
  description = "SNS topic of the pipeline's alerts: failed or timed-out job runs, failed crawls, the job's failure alarm."
  value       = aws_sns_topic.alerts.arn
}

output "alert_rule_names" {
  description = "EventBridge rules sending Glue's failure events to the alerts topic (job-failed, crawler-failed)."
  value       = { for key, rule in aws_cloudwatch_event_rule.alerts : key => rule.name }
}

output "job_failure_alarm" {
  description = "CloudWatch alarm on the job rule's matches (AWS/Events TriggeredRules)."
  value       = aws_cloudwatch_metric_alarm.job_failed.alarm_name
}

output "data_quality_ruleset" {
  description = "Data Quality ruleset the job evaluates on its input (target table: the source table)."
  value       = aws_glue_data_quality_ruleset.input.name
}
