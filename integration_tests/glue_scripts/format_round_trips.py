"""One CSV dataset written in every format Glue writes, each read back and written as JSON lines, so the
round trips can be compared with the input."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

source = glueContext.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": [args["input_path"]]},
    format="csv",
    format_options={"withHeader": True, "separator": "|", "quoteChar": "'"},
)
for fmt in ("json", "parquet", "orc", "avro", "csv"):
    written = f"{args['output_path']}{fmt}/"
    format_options = {"separator": "|"} if fmt == "csv" else {}
    glueContext.write_dynamic_frame.from_options(
        frame=source,
        connection_type="s3",
        connection_options={"path": written},
        format=fmt,
        format_options=format_options,
    )
    back = glueContext.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [written]},
        format=fmt,
        format_options={"withHeader": True, "separator": "|"} if fmt == "csv" else {},
    )
    glueContext.write_dynamic_frame.from_options(
        frame=back,
        connection_type="s3",
        connection_options={"path": f"{args['output_path']}check-{fmt}/"},
        format="json",
    )
job.commit()
