"""A column whose type differs between files: the frame holds a choice, resolved two ways and written
as Parquet, as AWS's resolve_choice sample does."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

prices = glueContext.create_dynamic_frame.from_options(
    connection_type="s3", connection_options={"paths": [args["input_path"]]}, format="json"
)
prices.printSchema()
as_double = prices.resolveChoice(specs=[("price", "cast:double")])
as_columns = prices.resolveChoice(choice="make_cols")
for name, frame in (("cast", as_double), ("make_cols", as_columns)):
    glueContext.write_dynamic_frame.from_options(
        frame=frame,
        connection_type="s3",
        connection_options={"path": f"{args['output_path']}{name}/"},
        format="parquet",
    )
job.commit()
