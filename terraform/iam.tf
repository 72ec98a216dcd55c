data "aws_iam_policy_document" "glue_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "glue" {
  name               = "${var.name_prefix}-glue"
  description        = "Runs the crawlers and the job of the user event lag pipeline."
  assume_role_policy = data.aws_iam_policy_document.glue_assume_role.json
}

# Glue's managed baseline for crawlers and jobs; the inline policy below grants the pipeline's own data.
resource "aws_iam_role_policy_attachment" "glue_service" {
  role       = aws_iam_role.glue.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSGlueServiceRole"
}

locals {
  source_arn  = aws_s3_bucket.source.arn
  target_arn  = aws_s3_bucket.target.arn
  scripts_arn = aws_s3_bucket.scripts.arn
  glue_arn    = "arn:${local.partition}:glue:${local.region}:${local.account_id}"
  logs_arn    = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group"
}

data "aws_iam_policy_document" "glue_pipeline" {
  statement {
    sid       = "ListPipelineBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.source_arn, local.target_arn, local.scripts_arn]
  }

  # The job reads each file, copies it (snapshot, archive, quarantine) and deletes it once archived.
  statement {
    sid     = "ReadAndArchiveIncoming"
    actions = ["s3:GetObject", "s3:DeleteObject"]
    resources = [
      "${local.source_arn}/${var.incoming_prefix}*",
    ]
  }

  statement {
    sid     = "WriteArchiveAndQuarantine"
    actions = ["s3:PutObject", "s3:GetObject"]
    resources = [
      "${local.source_arn}/${var.archive_prefix}*",
      "${local.source_arn}/${var.quarantine_prefix}*",
    ]
  }

  # Claims, run manifests and each run's snapshots of its inputs: created, replaced and deleted conditionally.
  statement {
    sid       = "JobLedger"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.source_arn}/${var.ledger_prefix}*"]
  }

  statement {
    sid       = "WriteOutput"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${local.target_arn}/${var.target_prefix}*", "${local.target_arn}/${var.staging_prefix}*"]
  }

  # The job reads its input's ruleset and publishes the result of evaluating it (its context is the ruleset's name).
  statement {
    sid       = "InputDataQuality"
    actions   = ["glue:GetDataQualityRuleset", "glue:PublishDataQuality"]
    resources = ["${local.glue_arn}:dataQualityRuleset/${aws_glue_data_quality_ruleset.input.name}"]
  }

  # A run asks Glue whether the run holding a claim is still going before it finishes or discards its work.
  statement {
    sid       = "ReadOwnJobRuns"
    actions   = ["glue:GetJobRun"]
    resources = ["${local.glue_arn}:job/${local.job_name}"]
  }

  statement {
    sid       = "ReadJobCode"
    actions   = ["s3:GetObject"]
    resources = ["${local.scripts_arn}/glue_jobs/*"]
  }

  statement {
    sid       = "GlueTempDir"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.scripts_arn}/temp/*"]
  }

  statement {
    sid = "CatalogOfThePipelineDatabase"
    actions = [
      "glue:GetDatabase",
      "glue:GetTable",
      "glue:GetTables",
      "glue:CreateTable",
      "glue:UpdateTable",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
      "glue:CreatePartition",
      "glue:BatchCreatePartition",
      "glue:UpdatePartition",
      "glue:BatchUpdatePartition",
    ]
    resources = [
      "${local.glue_arn}:catalog",
      "${local.glue_arn}:database/${var.database_name}",
      "${local.glue_arn}:table/${var.database_name}/*",
    ]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.logs_arn}:${local.job_log_group_name}:*", "${local.logs_arn}:${local.crawler_log_group_name}:*"]
  }

  # What Glue writes under its security configuration, the job's published output and the logs are encrypted
  # with the pipeline's key.
  statement {
    sid       = "UsePipelineKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pipeline.arn]
  }
}

resource "aws_iam_role_policy" "glue_pipeline" {
  name   = "${var.name_prefix}-pipeline-data"
  role   = aws_iam_role.glue.id
  policy = data.aws_iam_policy_document.glue_pipeline.json
}
