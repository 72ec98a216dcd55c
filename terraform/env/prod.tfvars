# Production: data kept on destroy, longer log retention, one retry of a failed job run.
aws_region          = "us-east-1"
name_prefix         = "user-event-lag-prod"
database_name       = "user_events"
schedule            = "cron(0 2 * * ? *)"
log_retention_days  = 365
force_destroy       = false
number_of_workers   = 4
job_timeout_minutes = 120
job_max_retries     = 1
tags = {
  project     = "user-event-lag"
  environment = "prod"
}
