# Alerts: a failed or timed-out job run, or a failed crawl, reaches the alerts topic through EventBridge
# (Glue's "Glue Job State Change" and "Glue Crawler State Change" events), and a CloudWatch alarm watches the
# job rule's matches (AWS/Events TriggeredRules: the job's failure metric). alert_emails subscribe to it.
locals {
  alert_rules = {
    job-failed = {
      description = "Runs of the pipeline's job that failed or timed out."
      pattern = {
        source      = ["aws.glue"]
        detail-type = ["Glue Job State Change"]
        detail      = { jobName = [local.job_name], state = ["FAILED", "TIMEOUT"] }
      }
    }
    crawler-failed = {
      description = "Crawls of the pipeline's crawlers that failed."
      pattern = {
        source      = ["aws.glue"]
        detail-type = ["Glue Crawler State Change"]
        detail      = { crawlerName = [local.source_crawler_name, local.target_crawler_name], state = ["Failed"] }
      }
    }
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.name_prefix}-alerts"
  kms_master_key_id = aws_kms_key.pipeline.arn
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_event_rule" "alerts" {
  for_each = local.alert_rules

  name          = "${var.name_prefix}-${each.key}"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)
}

resource "aws_cloudwatch_event_target" "alerts" {
  for_each = local.alert_rules

  rule      = aws_cloudwatch_event_rule.alerts[each.key].name
  target_id = "alerts-topic"
  arn       = aws_sns_topic.alerts.arn
}

resource "aws_cloudwatch_metric_alarm" "job_failed" {
  alarm_name          = "${var.name_prefix}-job-failed"
  alarm_description   = "A run of ${local.job_name} failed or timed out (matches of the ${aws_cloudwatch_event_rule.alerts["job-failed"].name} rule)."
  namespace           = "AWS/Events"
  metric_name         = "TriggeredRules"
  dimensions          = { RuleName = aws_cloudwatch_event_rule.alerts["job-failed"].name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

# Only the pipeline's rules and alarm may publish to the topic.
data "aws_iam_policy_document" "alerts_topic" {
  statement {
    sid       = "PipelineRulesPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for rule in aws_cloudwatch_event_rule.alerts : rule.arn]
    }
  }

  statement {
    sid       = "PipelineAlarmPublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name_prefix}-job-failed"]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts_topic.json
}
