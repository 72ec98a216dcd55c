# Attached to the job and both crawlers: Glue encrypts the logs it writes to CloudWatch, the job's bookmarks
# and the data it writes to S3 with the pipeline's key.
resource "aws_glue_security_configuration" "this" {
  name = "${var.name_prefix}-kms"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = aws_kms_key.pipeline.arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = aws_kms_key.pipeline.arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = aws_kms_key.pipeline.arn
    }
  }
}
