# One customer-managed key encrypts what the pipeline writes besides the raw files: the job's output and
# bookmarks and Glue's logs (security configuration), the job's log group, the Athena results. Its policy,
# not only IAM, decides who may decrypt; AWS rotates its key material every year.
resource "aws_kms_key" "pipeline" {
  description             = "Encrypts the user event lag pipeline's Glue output, logs and Athena results."
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.pipeline_key.json
}

resource "aws_kms_alias" "pipeline" {
  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.pipeline.key_id
}

data "aws_iam_policy_document" "pipeline_key" {
  #checkov:skip=CKV_AWS_109:A key policy: its "*" resource is this key alone, and kms:* goes to the account root only, as AWS's default key policy does (IAM policies then grant narrower use).
  #checkov:skip=CKV_AWS_111:A key policy: its "*" resource is this key alone; writes are limited to the account root and to CloudWatch Logs under an encryption-context condition.
  #checkov:skip=CKV_AWS_356:A key policy: "*" is the only resource a key policy can name, and it means this key.
  # The account administers the key and lets IAM policies grant its use (the Glue role's inline policy).
  statement {
    sid       = "AccountAdministersTheKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # CloudWatch Logs encrypts the pipeline's Glue log groups (the job's, and those Glue creates for the
  # security configuration), and no other log group of the account.
  statement {
    sid       = "CloudWatchLogsEncryptsGlueLogGroups"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["${local.logs_arn}:/aws-glue/*"]
    }
  }

  # EventBridge (the alert rules) and CloudWatch (the failure alarm) publish to the alerts topic, which SNS
  # encrypts with this key: they need a data key of it, and only through SNS in this account.
  statement {
    sid       = "AlertPublishersUseTheKeyThroughSns"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sns.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}
