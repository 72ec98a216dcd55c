terraform {
  required_version = ">= 1.10.0"

  # Remote state for AWS deployments; settings per environment in env/<env>.backend.hcl
  # (see env/backend.hcl.example). Local runs replace it with local state.
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = var.tags
  }
}
