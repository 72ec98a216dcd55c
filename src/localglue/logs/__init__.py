"""CloudWatch Logs actions moto lacks."""
