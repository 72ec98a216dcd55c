"""Nested JSON made relational: relationalize the records into a root table and one table per array,
and write each table under its own name."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Relationalize
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders = glueContext.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": [args["input_path"]]},
    format="json",
    format_options={"jsonPath": "$.orders[*]", "multiline": True},
)
tables = Relationalize.apply(
    frame=orders, staging_path=args["TempDir"], name="orders", transformation_ctx="relationalize"
)
for name in tables.keys():
    glueContext.write_dynamic_frame.from_options(
        frame=tables.select(name),
        connection_type="s3",
        connection_options={"path": f"{args['output_path']}{name}/"},
        format="json",
    )
job.commit()
