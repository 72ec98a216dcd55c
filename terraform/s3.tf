# Source: raw events land in incoming/, processed files move to archive/ and rejected ones to quarantine/,
# the job keeps its claims and run records under ledger/, Athena writes under athena/.
resource "aws_s3_bucket" "source" {
  #checkov:skip=CKV_AWS_145:Default SSE-S3 (see the encryption settings below): the job verifies each archived copy by its ETag, an MD5 only under SSE-S3.
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles storage and cost for data that is re-creatable from its producers; recovery within the region relies on versioning. Add a replica per environment where a regional outage must be survived.
  bucket        = local.source_bucket_name
  force_destroy = var.force_destroy
}

# Target: the job's output under output/ (CSV or Parquet), and each run's staging/ folder until its commit.
resource "aws_s3_bucket" "target" {
  #checkov:skip=CKV_AWS_145:Default SSE-S3; on AWS the job's writes here are SSE-KMS with the pipeline key through the Glue security configuration. A KMS default would make Spark's S3A committer (hadoop-aws 3.3.4) carry the key id into its copy requests, which its AWS SDK sends over HTTPS only: the local endpoint is plain HTTP.
  #checkov:skip=CKV_AWS_144:The output is recomputed from the archived source files by re-running the job; a cross-region copy would add cost, not recoverability.
  bucket        = local.target_bucket_name
  force_destroy = var.force_destroy
}

# Scripts: the job entrypoint, its module and Glue's temporary directory.
resource "aws_s3_bucket" "scripts" {
  #checkov:skip=CKV_AWS_145:Default SSE-S3 (see the encryption settings below): it holds the job's code from version control and Glue's temporary files.
  #checkov:skip=CKV_AWS_144:Holds only what Terraform uploads from glue_jobs/ (in version control) and Glue's temporary files.
  bucket        = local.scripts_bucket_name
  force_destroy = var.force_destroy
}

# Access logs: S3 server access logs of the three buckets above, one prefix per bucket.
resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_18:This is the access log bucket: logging it into itself would log every log delivery, endlessly.
  #checkov:skip=CKV_AWS_144:Audit logs of this region's buckets; replicate them at the organisation level (central log archive) rather than per pipeline.
  #checkov:skip=CKV_AWS_145:S3 server access logging delivers only to buckets whose default encryption is SSE-S3; SSE-KMS is not supported for its target bucket.
  bucket        = local.access_logs_bucket_name
  force_destroy = var.force_destroy
}

locals {
  # Buckets holding the pipeline's data and code, access-logged into the fourth.
  data_buckets = {
    source  = aws_s3_bucket.source.id
    target  = aws_s3_bucket.target.id
    scripts = aws_s3_bucket.scripts.id
  }
  buckets = merge(local.data_buckets, { access_logs = aws_s3_bucket.access_logs.id })
}

# Every bucket is versioned: an overwritten or deleted object stays recoverable until the lifecycle
# rules below expire its noncurrent versions.
resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets

  bucket = each.value

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3 on every bucket. The pipeline's KMS key encrypts what Glue writes (security configuration), the logs
# and the Athena results; the buckets' default stays SSE-S3 because the job archives each input by copy and
# verifies the copy by its ETag, which is an MD5 of the content under SSE-S3 only (under SSE-KMS two copies of
# one object have different ETags), and because S3 server access logs only go to SSE-S3 buckets.
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = each.value

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "this" {
  for_each = local.data_buckets

  bucket        = each.value
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${each.key}/"

  # S3 checks at once that the log bucket lets the logging service write.
  depends_on = [aws_s3_bucket_policy.access_logs]
}

# Every bucket sends its object events to EventBridge: the EVENT start of the workflow listens to the
# source bucket's, and auditing or alerting can subscribe to any of them without touching the buckets.
resource "aws_s3_bucket_notification" "this" {
  for_each = local.buckets

  bucket      = each.value
  eventbridge = true
}

# Requests without TLS are refused on every bucket.
data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:${local.partition}:s3:::${each.value}",
      "arn:${local.partition}:s3:::${each.value}/*",
    ]

    # {"AWS": "*"} is everyone, as "*" is.
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  for_each = local.data_buckets

  bucket = each.value
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

data "aws_iam_policy_document" "access_logs" {
  source_policy_documents = [data.aws_iam_policy_document.tls_only["access_logs"].json]

  statement {
    sid       = "S3ServerAccessLogsOfThePipelineBuckets"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.access_logs.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [for bucket in local.data_buckets : "arn:${local.partition}:s3:::${bucket}"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# What each bucket keeps: Athena results, Glue's temporary files and what a dead job run left in staging are
# transient, the job's run records (manifests) are kept ledger_retention_days, replaced and deleted versions
# noncurrent_version_retention_days, access logs access_log_retention_days.
locals {
  transient_prefixes = {
    source = {
      (var.athena_results_prefix) = var.athena_results_retention_days
      "${var.ledger_prefix}runs/" = var.ledger_retention_days
    }
    target  = { (var.staging_prefix) = var.temp_files_retention_days }
    scripts = { "temp/" = var.temp_files_retention_days }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  for_each = local.data_buckets

  bucket = each.value

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    expiration {
      expired_object_delete_marker = true
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  dynamic "rule" {
    for_each = local.transient_prefixes[each.key]

    content {
      id     = "expire-${replace(trimsuffix(rule.key, "/"), "/", "-")}"
      status = "Enabled"

      filter {
        prefix = rule.key
      }

      expiration {
        days = rule.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# The etag (MD5 of the file, as S3 computes it with SSE-S3) changes with the content, so an edited
# script is uploaded again on the next apply. The objects wait for versioning so that every version
# of them is created in a versioned bucket (and destroy removes them version by version).
resource "aws_s3_object" "job_script" {
  bucket = aws_s3_bucket.scripts.id
  key    = local.job_script_key
  source = "${local.glue_jobs_dir}/user_event_lag_job.py"
  etag   = filemd5("${local.glue_jobs_dir}/user_event_lag_job.py")

  depends_on = [aws_s3_bucket_versioning.this, aws_s3_bucket_server_side_encryption_configuration.this]
}

resource "aws_s3_object" "job_module" {
  for_each = local.job_modules

  bucket = aws_s3_bucket.scripts.id
  key    = "glue_jobs/${each.key}"
  source = "${local.glue_jobs_dir}/${each.key}"
  etag   = filemd5("${local.glue_jobs_dir}/${each.key}")

  depends_on = [aws_s3_bucket_versioning.this, aws_s3_bucket_server_side_encryption_configuration.this]
}

# Earlier addresses of the versioning settings, so that existing deployments keep them.
moved {
  from = aws_s3_bucket_versioning.source
  to   = aws_s3_bucket_versioning.this["source"]
}

moved {
  from = aws_s3_bucket_versioning.scripts
  to   = aws_s3_bucket_versioning.this["scripts"]
}

moved {
  from = aws_s3_object.job_module
  to   = aws_s3_object.job_module["event_lag.py"]
}
