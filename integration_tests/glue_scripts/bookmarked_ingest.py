"""Incremental ingestion with a job bookmark: each run reads the JSON files that arrived since the last
committed run and appends them, as JSON, under a folder of its own run."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path", "fail_first_attempt"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

events = glueContext.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": [args["input_path"]], "recurse": True},
    format="json",
    transformation_ctx="events",
)
glueContext.write_dynamic_frame.from_options(
    frame=events,
    connection_type="s3",
    connection_options={"path": f"{args['output_path']}run={args['JOB_RUN_ID']}/"},
    format="json",
    transformation_ctx="output",
)
if args["fail_first_attempt"] == "true" and "_attempt_" not in args["JOB_RUN_ID"]:
    raise RuntimeError("the first attempt fails after writing: its bookmark is not committed")
job.commit()
