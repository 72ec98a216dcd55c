"""What a run of a Glue pipeline would cost on AWS, from what localglue measured (`estimate`), at the
prices of one table (`prices`)."""
