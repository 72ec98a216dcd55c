# Source: raw events land in incoming/, processed files move to archive/, Athena writes under athena/.
resource "aws_s3_bucket" "source" {
  bucket        = local.source_bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Target: the job's CSV output, one run_id=<JOB_RUN_ID>/ folder per run.
resource "aws_s3_bucket" "target" {
  bucket        = local.target_bucket_name
  force_destroy = var.force_destroy
}

# Scripts: the job entrypoint, its module and Glue's temporary directory.
resource "aws_s3_bucket" "scripts" {
  bucket        = local.scripts_bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_versioning" "scripts" {
  bucket = aws_s3_bucket.scripts.id

  versioning_configuration {
    status = "Enabled"
  }
}

locals {
  buckets = {
    source  = aws_s3_bucket.source.id
    target  = aws_s3_bucket.target.id
    scripts = aws_s3_bucket.scripts.id
  }
}

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

# The etag (MD5 of the file, as S3 computes it with SSE-S3) changes with the content, so an edited
# script is uploaded again on the next apply. The objects wait for versioning so that every version
# of them is created in a versioned bucket (and destroy removes them version by version).
resource "aws_s3_object" "job_script" {
  bucket = aws_s3_bucket.scripts.id
  key    = local.job_script_key
  source = "${local.glue_jobs_dir}/user_event_lag_job.py"
  etag   = filemd5("${local.glue_jobs_dir}/user_event_lag_job.py")

  depends_on = [aws_s3_bucket_versioning.scripts, aws_s3_bucket_server_side_encryption_configuration.this]
}

resource "aws_s3_object" "job_module" {
  bucket = aws_s3_bucket.scripts.id
  key    = local.job_module_key
  source = "${local.glue_jobs_dir}/event_lag.py"
  etag   = filemd5("${local.glue_jobs_dir}/event_lag.py")

  depends_on = [aws_s3_bucket_versioning.scripts, aws_s3_bucket_server_side_encryption_configuration.this]
}
