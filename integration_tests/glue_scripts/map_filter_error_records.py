"""Sensor readings cleaned record by record: Map converts each reading to Celsius (records it cannot
convert become error records), Filter keeps the readings above freezing, and the error records are
written beside the data. The error thresholds come from the job's arguments."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Filter, Map
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(
    sys.argv, ["JOB_NAME", "input_path", "output_path", "stage_threshold", "total_threshold"]
)
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)


def to_celsius(record):
    value = float(record["reading"])
    if record["unit"] == "F":
        value = (value - 32) * 5 / 9
    elif record["unit"] != "C":
        raise ValueError(f"unknown unit {record['unit']}")
    record["celsius"] = round(value, 2)
    return record


readings = glueContext.create_dynamic_frame.from_options(
    connection_type="s3", connection_options={"paths": [args["input_path"]]}, format="json"
)
celsius = Map.apply(
    frame=readings,
    f=to_celsius,
    transformation_ctx="to_celsius",
    info="readings to celsius",
    stageThreshold=int(args["stage_threshold"]),
    totalThreshold=int(args["total_threshold"]),
)
above_freezing = Filter.apply(frame=celsius, f=lambda record: record["celsius"] > 0)
print("error records:", above_freezing.errorsCount(), "of the map:", celsius.stageErrorsCount())

glueContext.write_dynamic_frame.from_options(
    frame=above_freezing,
    connection_type="s3",
    connection_options={"path": f"{args['output_path']}readings/"},
    format="json",
)
glueContext.write_dynamic_frame.from_options(
    frame=above_freezing.errorsAsDynamicFrame(),
    connection_type="s3",
    connection_options={"path": f"{args['output_path']}errors/"},
    format="json",
)
job.commit()
