# start_on = "event": each file created under incoming_prefix in the source bucket reaches the workflow
# through EventBridge (the bucket sends its events there, see s3.tf), and the EVENT trigger starts a run
# once event_batch_size files came or event_batch_window_seconds passed since the first of them.
locals {
  on_events = var.start_on == "event" ? 1 : 0
}

resource "aws_cloudwatch_event_rule" "new_files" {
  count = local.on_events

  name        = "${var.name_prefix}-new-files"
  description = "New event files in the source bucket's ${var.incoming_prefix}, for the pipeline's workflow."
  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail = {
      bucket = { name = [aws_s3_bucket.source.id] }
      object = { key = [{ prefix = var.incoming_prefix }] }
    }
  })
}

resource "aws_cloudwatch_event_target" "workflow" {
  count = local.on_events

  rule      = aws_cloudwatch_event_rule.new_files[0].name
  target_id = "glue-workflow"
  arn       = aws_glue_workflow.this.arn
  role_arn  = aws_iam_role.events[0].arn
}

resource "aws_glue_trigger" "on_new_files" {
  count = local.on_events

  name          = "${var.name_prefix}-on-new-files"
  description   = "Starts the workflow by crawling the incoming events, once enough new files came."
  workflow_name = aws_glue_workflow.this.name
  type          = "EVENT"

  event_batching_condition {
    batch_size   = var.event_batch_size
    batch_window = var.event_batch_window_seconds
  }

  actions {
    crawler_name = aws_glue_crawler.source.name
  }
}

# EventBridge delivers to the workflow with this role, which may notify this workflow and nothing else.
data "aws_iam_policy_document" "events_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "events" {
  count = local.on_events

  name               = "${var.name_prefix}-events"
  description        = "Lets EventBridge start the user event lag workflow on new files."
  assume_role_policy = data.aws_iam_policy_document.events_assume_role.json
}

data "aws_iam_policy_document" "notify_workflow" {
  statement {
    sid       = "NotifyThePipelineWorkflow"
    actions   = ["glue:notifyEvent"]
    resources = [aws_glue_workflow.this.arn]
  }
}

resource "aws_iam_role_policy" "events" {
  count = local.on_events

  name   = "${var.name_prefix}-notify-workflow"
  role   = aws_iam_role.events[0].id
  policy = data.aws_iam_policy_document.notify_workflow.json
}
