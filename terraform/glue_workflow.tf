resource "aws_glue_workflow" "this" {
  name                = local.workflow_name
  description         = "Crawl the new events, compute the lags, crawl the output."
  max_concurrent_runs = 1
}

# One start trigger, chosen by start_on: the schedule, or new files (events.tf).
resource "aws_glue_trigger" "schedule" {
  count = var.start_on == "schedule" ? 1 : 0

  name          = "${var.name_prefix}-start"
  description   = "Starts the workflow by crawling the incoming events."
  workflow_name = aws_glue_workflow.this.name
  type          = "SCHEDULED"
  schedule      = var.schedule
  enabled       = var.schedule_enabled

  actions {
    crawler_name = aws_glue_crawler.source.name
  }
}

resource "aws_glue_trigger" "source_crawled" {
  name          = "${var.name_prefix}-source-crawled"
  description   = "Runs the job once the source table is up to date."
  workflow_name = aws_glue_workflow.this.name
  type          = "CONDITIONAL"

  predicate {
    conditions {
      crawler_name = aws_glue_crawler.source.name
      crawl_state  = "SUCCEEDED"
    }
  }

  actions {
    job_name = aws_glue_job.user_event_lag.name
  }
}

resource "aws_glue_trigger" "job_succeeded" {
  name          = "${var.name_prefix}-job-succeeded"
  description   = "Catalogs the job's output once it has been written."
  workflow_name = aws_glue_workflow.this.name
  type          = "CONDITIONAL"

  predicate {
    conditions {
      job_name = aws_glue_job.user_event_lag.name
      state    = "SUCCEEDED"
    }
  }

  actions {
    crawler_name = aws_glue_crawler.target.name
  }
}
