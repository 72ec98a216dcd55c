variable "region" {
  type        = string
  description = "AWS region of every resource."
  default     = "us-east-1"
}

variable "bucket_name" {
  type        = string
  description = "The bucket holding the job's script, its input under incoming/ and its output under daily/."
  default     = "orders-example-data"
}
