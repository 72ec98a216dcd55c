"""localglue's jobs engine: Glue job runs that really run the job's script on local Spark."""

from .runner import get_job_run, get_job_runs, start_job_run, stop_job_run

__all__ = ["get_job_run", "get_job_runs", "start_job_run", "stop_job_run"]
