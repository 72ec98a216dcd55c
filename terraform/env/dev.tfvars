# Development: runs daily at 02:00 UTC, short log retention, buckets emptied on destroy.
aws_region          = "us-east-1"
name_prefix         = "user-event-lag-dev"
database_name       = "user_events_dev"
schedule            = "cron(0 2 * * ? *)"
log_retention_days  = 14
force_destroy       = true
number_of_workers   = 2
job_timeout_minutes = 60
tags = {
  project     = "user-event-lag"
  environment = "dev"
}
