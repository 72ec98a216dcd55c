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

  statement {
    sid     = "ReadAndArchiveIncoming"
    actions = ["s3:GetObject", "s3:DeleteObject"]
    resources = [
      "${local.source_arn}/${var.incoming_prefix}*",
    ]
  }

  statement {
    sid     = "WriteArchive"
    actions = ["s3:PutObject", "s3:GetObject"]
    resources = [
      "${local.source_arn}/${var.archive_prefix}*",
    ]
  }

  statement {
    sid     = "AthenaResults"
    actions = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = [
      "${local.source_arn}/${var.athena_results_prefix}*",
    ]
  }

  statement {
    sid       = "WriteOutput"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${local.target_arn}/${var.target_prefix}*"]
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

  # What Glue writes under its security configuration, the logs and the Athena results are encrypted with
  # the pipeline's key.
  statement {
    sid       = "UsePipelineKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pipeline.arn]
  }

  statement {
    sid = "AthenaInPipelineWorkgroup"
    actions = [
      "athena:StartQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:StopQueryExecution",
      "athena:GetWorkGroup",
    ]
    resources = [aws_athena_workgroup.this.arn]
  }
}

resource "aws_iam_role_policy" "glue_pipeline" {
  name   = "${var.name_prefix}-pipeline-data"
  role   = aws_iam_role.glue.id
  policy = data.aws_iam_policy_document.glue_pipeline.json
}
