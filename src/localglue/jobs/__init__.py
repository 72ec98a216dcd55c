"""localglue's jobs engine: Glue job runs that really run the job's script on local Spark."""
