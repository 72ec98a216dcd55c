output "job_name" {
  description = "The Glue job to start."
  value       = aws_glue_job.orders_by_day.name
}

output "input_location" {
  description = "Where the job reads its CSV files."
  value       = aws_glue_job.orders_by_day.default_arguments["--input_path"]
}
