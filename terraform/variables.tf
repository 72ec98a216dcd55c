variable "aws_region" {
  description = "AWS region every resource of the pipeline lives in."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name (buckets, role, crawlers, job, workflow, triggers, workgroup)."
  type        = string
  default     = "user-event-lag"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lowercase letters, digits or hyphens (it becomes part of S3 bucket names)."
  }
}

variable "tags" {
  description = "Tags added to every resource that supports them."
  type        = map(string)
  default = {
    project = "user-event-lag"
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete buckets that still hold objects (data, archives, query results)."
  type        = bool
  default     = false
}

variable "glue_jobs_dir" {
  description = "Directory holding the job entrypoint and its module; null means ../glue_jobs next to this module."
  type        = string
  default     = null
}

variable "database_name" {
  description = "Glue Data Catalog database the crawlers write to and the job reads from."
  type        = string
  default     = "user_events"
}

variable "table_prefix" {
  description = "Prefix the crawlers put before table names: the source table is <table_prefix>incoming."
  type        = string
  default     = "events_"
}

variable "incoming_prefix" {
  description = "Key prefix in the source bucket where new event CSV files land."
  type        = string
  default     = "incoming/"
}

variable "archive_prefix" {
  description = "Key prefix in the source bucket where the job moves the files it processed."
  type        = string
  default     = "archive/"
}

variable "athena_results_prefix" {
  description = "Key prefix in the source bucket for Athena query results (the workgroup enforces it)."
  type        = string
  default     = "athena/"
}

variable "target_prefix" {
  description = "Key prefix in the target bucket under which the job writes run_id=<JOB_RUN_ID>/ folders."
  type        = string
  default     = "output/"
}

variable "schedule" {
  description = "When the workflow starts: AWS 6-field cron in UTC (minutes hours day-of-month month day-of-week year)."
  type        = string
  default     = "cron(0 2 * * ? *)"

  validation {
    condition     = can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.schedule))
    error_message = "schedule must be an AWS cron expression with 6 fields, e.g. cron(0 2 * * ? *)."
  }
}

variable "schedule_enabled" {
  description = "Whether the scheduled trigger is activated (false creates it deactivated)."
  type        = bool
  default     = true
}

variable "source_crawler_description" {
  description = "Description of the crawler on the incoming events."
  type        = string
  default     = "Catalogs the raw user event CSV files waiting in incoming/."
}

variable "glue_version" {
  description = "Glue runtime of the job (5.0 = Spark 3.5, Python 3.11)."
  type        = string
  default     = "5.0"
}

variable "worker_type" {
  description = "Glue worker type of the job."
  type        = string
  default     = "G.1X"
}

variable "number_of_workers" {
  description = "Number of Glue workers of the job."
  type        = number
  default     = 2
}

variable "job_timeout_minutes" {
  description = "Minutes after which a job run is stopped and reported TIMEOUT."
  type        = number
  default     = 60
}

variable "job_max_retries" {
  description = "How many times Glue retries a failed job run."
  type        = number
  default     = 0
}

variable "athena_timeout_seconds" {
  description = "How long the job waits for its Athena query before failing."
  type        = number
  default     = 600
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the job's log events."
  type        = number
  default     = 30
}
