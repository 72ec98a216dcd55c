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

variable "quarantine_prefix" {
  description = "Key prefix in the source bucket where the job moves the files it cannot read (reason in each object's metadata)."
  type        = string
  default     = "quarantine/"
}

variable "ledger_prefix" {
  description = "Key prefix in the source bucket for the job's claims on input files, run manifests and input snapshots."
  type        = string
  default     = "ledger/"
}

variable "ledger_retention_days" {
  description = "Days the job's run records (manifests) are kept under ledger_prefix."
  type        = number
  default     = 90

  validation {
    condition     = var.ledger_retention_days >= 1
    error_message = "ledger_retention_days must be at least 1."
  }
}

variable "athena_results_prefix" {
  description = "Key prefix in the source bucket for Athena query results (the workgroup enforces it)."
  type        = string
  default     = "athena/"
}

variable "target_prefix" {
  description = "Key prefix in the target bucket under which the job publishes its output (folders as output_partitions)."
  type        = string
  default     = "output/"
}

variable "staging_prefix" {
  description = "Key prefix in the target bucket where a job run writes its output before its commit."
  type        = string
  default     = "staging/"
}

variable "output_format" {
  description = "Format of the job's output: \"csv\" (with a header; event_time a string) or \"parquet\" (snappy; event_time a timestamp). Switching it on a deployed pipeline: give it a new target_prefix, as one table holds one format."
  type        = string
  default     = "csv"

  validation {
    condition     = contains(["csv", "parquet"], var.output_format)
    error_message = "output_format must be \"csv\" or \"parquet\"."
  }
}

variable "output_partitions" {
  description = "Folders (and so partition columns of the target table) of the output, in this order: \"run_id\" (one per job run), \"event_date\" (the UTC date of event_time); [] for none."
  type        = list(string)
  default     = ["run_id"]

  validation {
    condition     = alltrue([for name in var.output_partitions : contains(["run_id", "event_date"], name)]) && length(distinct(var.output_partitions)) == length(var.output_partitions)
    error_message = "output_partitions must list \"run_id\" and/or \"event_date\", each at most once."
  }
}

variable "schedule" {
  description = "With start_on = \"schedule\": when the workflow starts, as AWS 6-field cron in UTC (minutes hours day-of-month month day-of-week year)."
  type        = string
  default     = "cron(0 2 * * ? *)"

  validation {
    condition     = can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.schedule))
    error_message = "schedule must be an AWS cron expression with 6 fields, e.g. cron(0 2 * * ? *)."
  }
}

variable "start_on" {
  description = "What starts the workflow: \"schedule\" (the SCHEDULED trigger on `schedule`) or \"event\" (an EVENT trigger fed by EventBridge with the source bucket's Object Created events under incoming_prefix, batched by event_batch_size and event_batch_window_seconds)."
  type        = string
  default     = "schedule"

  validation {
    condition     = contains(["schedule", "event"], var.start_on)
    error_message = "start_on must be \"schedule\" or \"event\"."
  }
}

variable "event_batch_size" {
  description = "With start_on = \"event\": how many new files start a run at once (the EVENT trigger's BatchSize)."
  type        = number
  default     = 1

  validation {
    condition     = var.event_batch_size >= 1 && var.event_batch_size <= 100 && floor(var.event_batch_size) == var.event_batch_size
    error_message = "event_batch_size must be a whole number between 1 and 100 (Glue's limits)."
  }
}

variable "event_batch_window_seconds" {
  description = "With start_on = \"event\": seconds after the first new file when a run starts even if fewer than event_batch_size files came (the EVENT trigger's BatchWindow)."
  type        = number
  default     = 900

  validation {
    condition     = var.event_batch_window_seconds >= 1 && var.event_batch_window_seconds <= 900 && floor(var.event_batch_window_seconds) == var.event_batch_window_seconds
    error_message = "event_batch_window_seconds must be a whole number between 1 and 900 (Glue's limits)."
  }
}

variable "schedule_enabled" {
  description = "With start_on = \"schedule\": whether the scheduled trigger is activated (false creates it deactivated)."
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
  description = "Glue worker type of the job (G.1X = 1 DPU: 4 vCPU, 16 GB)."
  type        = string
  default     = "G.1X"

  validation {
    condition     = contains(["G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "G.12X", "G.16X"], var.worker_type)
    error_message = "worker_type must be one of Glue's Spark worker types: G.025X, G.1X, G.2X, G.4X, G.8X, G.12X, G.16X."
  }
}

variable "number_of_workers" {
  description = "Number of Glue workers of the job (Glue's minimum is 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.number_of_workers >= 2 && floor(var.number_of_workers) == var.number_of_workers
    error_message = "number_of_workers must be a whole number of at least 2."
  }
}

variable "job_timeout_minutes" {
  description = "Minutes after which a job run is stopped and reported TIMEOUT."
  type        = number
  default     = 60

  validation {
    condition     = var.job_timeout_minutes >= 1 && var.job_timeout_minutes <= 10080 && floor(var.job_timeout_minutes) == var.job_timeout_minutes
    error_message = "job_timeout_minutes must be a whole number of minutes from 1 to 10080 (7 days), as Glue accepts."
  }
}

variable "max_concurrent_runs" {
  description = "How many runs of the job may go at once; each input file is processed by one run only, whatever the number."
  type        = number
  default     = 1

  validation {
    condition     = var.max_concurrent_runs >= 1 && floor(var.max_concurrent_runs) == var.max_concurrent_runs
    error_message = "max_concurrent_runs must be a whole number of at least 1."
  }
}

variable "job_max_retries" {
  description = "How many times Glue retries a failed job run."
  type        = number
  default     = 0

  validation {
    condition     = var.job_max_retries >= 0 && var.job_max_retries <= 10 && floor(var.job_max_retries) == var.job_max_retries
    error_message = "job_max_retries must be a whole number from 0 to 10 (the range Glue's console offers)."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the job's log events (one of the periods CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition = contains(
      [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
      var.log_retention_days,
    )
    error_message = "log_retention_days must be a period CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "kms_deletion_window_days" {
  description = "Days a deleted pipeline KMS key can still be recovered before it and everything it encrypts is gone."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30 (KMS's limits)."
  }
}

variable "athena_results_retention_days" {
  description = "Days Athena query results are kept under athena_results_prefix in the source bucket."
  type        = number
  default     = 30

  validation {
    condition     = var.athena_results_retention_days >= 1
    error_message = "athena_results_retention_days must be at least 1."
  }
}

variable "temp_files_retention_days" {
  description = "Days Glue's temporary files are kept under temp/ in the scripts bucket."
  type        = number
  default     = 7

  validation {
    condition     = var.temp_files_retention_days >= 1
    error_message = "temp_files_retention_days must be at least 1."
  }
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted object version stays recoverable in the pipeline's buckets."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_retention_days >= 1
    error_message = "noncurrent_version_retention_days must be at least 1."
  }
}

variable "access_log_retention_days" {
  description = "Days the S3 server access logs of the pipeline's buckets are kept."
  type        = number
  default     = 365

  validation {
    condition     = var.access_log_retention_days >= 1
    error_message = "access_log_retention_days must be at least 1."
  }
}

variable "alert_emails" {
  description = "Email addresses subscribed to the alerts topic (failed or timed-out job runs, failed crawls); each confirms its subscription."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alert_emails must be email addresses."
  }
}

variable "dq_min_completeness" {
  description = "Data Quality of the input: the least share of rows with a user_id, and with an event_time."
  type        = number
  default     = 0.95

  validation {
    condition     = var.dq_min_completeness >= 0 && var.dq_min_completeness <= 1
    error_message = "dq_min_completeness must be between 0 and 1."
  }
}

variable "dq_event_types" {
  description = "Data Quality of the input: the event_type values expected."
  type        = list(string)
  default     = ["login", "logout", "click", "purchase"]

  validation {
    condition     = length(var.dq_event_types) > 0
    error_message = "dq_event_types must list at least one event type."
  }
}

variable "dq_min_event_type_ratio" {
  description = "Data Quality of the input: the least share of rows whose event_type is one of dq_event_types."
  type        = number
  default     = 0.9

  validation {
    condition     = var.dq_min_event_type_ratio >= 0 && var.dq_min_event_type_ratio <= 1
    error_message = "dq_min_event_type_ratio must be between 0 and 1."
  }
}

variable "dq_min_rows" {
  description = "Data Quality of the input: the least number of rows a run must read."
  type        = number
  default     = 1

  validation {
    condition     = var.dq_min_rows >= 0 && floor(var.dq_min_rows) == var.dq_min_rows
    error_message = "dq_min_rows must be a whole number of at least 0."
  }
}

variable "dq_max_event_age_hours" {
  description = "Data Quality of the input (freshness): how many hours old an event_time may be. A backfill of older events needs it larger."
  type        = number
  default     = 48

  validation {
    condition     = var.dq_max_event_age_hours > 0
    error_message = "dq_max_event_age_hours must be positive."
  }
}

variable "dq_min_fresh_ratio" {
  description = "Data Quality of the input (freshness): the least share of rows whose event_time is within dq_max_event_age_hours."
  type        = number
  default     = 0.9

  validation {
    condition     = var.dq_min_fresh_ratio >= 0 && var.dq_min_fresh_ratio <= 1
    error_message = "dq_min_fresh_ratio must be between 0 and 1."
  }
}

variable "job_bookmarks" {
  description = "Run the job incrementally with a Glue job bookmark (files stay in incoming, each read once by a committed run; at least once across a failure between the write and the commit) instead of the default exactly-once claim-and-archive (see the job's section of the README)."
  type        = bool
  default     = false
}
