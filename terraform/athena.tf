resource "aws_athena_workgroup" "this" {
  name          = local.athena_workgroup_name
  description   = "Queries of the pipeline's tables; results under the source bucket's athena/ prefix."
  force_destroy = true

  configuration {
    # Every query of this workgroup writes its results to the location below, whatever the client asks.
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true

    result_configuration {
      output_location = local.athena_output_location

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.pipeline.arn
      }
    }
  }

  # Tagged explicitly, besides the provider's default tags.
  tags = {
    workload = "user-event-lag"
  }
}
