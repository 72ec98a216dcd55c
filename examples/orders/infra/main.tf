resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}

resource "aws_s3_object" "script" {
  bucket = aws_s3_bucket.data.id
  key    = "scripts/orders_by_day.py"
  source = "${path.module}/../jobs/orders_by_day.py"
  etag   = filemd5("${path.module}/../jobs/orders_by_day.py")
}

resource "aws_iam_role" "glue" {
  name = "orders-example-glue"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "glue.amazonaws.com" } }]
  })
}

resource "aws_glue_catalog_database" "orders" {
  name = "orders_example"
}

resource "aws_glue_job" "orders_by_day" {
  name              = "orders-by-day"
  role_arn          = aws_iam_role.glue.arn
  glue_version      = "5.0"
  worker_type       = "G.1X"
  number_of_workers = 2

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_bucket.data.id}/${aws_s3_object.script.key}"
    python_version  = "3"
  }

  default_arguments = {
    "--input_path"  = "s3://${aws_s3_bucket.data.id}/incoming/"
    "--output_path" = "s3://${aws_s3_bucket.data.id}/daily/"
  }
}

resource "aws_glue_crawler" "daily" {
  name          = "orders-daily-crawler"
  role          = aws_iam_role.glue.arn
  database_name = aws_glue_catalog_database.orders.name

  s3_target {
    path = "s3://${aws_s3_bucket.data.id}/daily/"
  }
}
