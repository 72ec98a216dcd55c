"""A cleaning job over a semicolon-separated export: drop the columns that hold no value, rename a
field, split adults from minors, sample the adults with a spigot, split the adults' contact fields off
their profile, and write each part as gzipped JSON."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import (
    DropNullFields,
    RenameField,
    SelectFromCollection,
    SplitFields,
    SplitRows,
    Spigot,
)
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

people = glueContext.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": [args["input_path"]]},
    format="csv",
    format_options={"separator": ";", "quoteChar": "'", "withHeader": True},
    transformation_ctx="people",
)
people = DropNullFields.apply(frame=people, transformation_ctx="drop_nulls")
people = RenameField.apply(frame=people, old_name="name", new_name="full_name", transformation_ctx="rename")
by_age = SplitRows.apply(frame=people, comparison_dict={"age": {">=": 18}}, name1="adults", name2="minors")
adults = SelectFromCollection.apply(dfc=by_age, key="adults", transformation_ctx="adults")
minors = SelectFromCollection.apply(dfc=by_age, key="minors", transformation_ctx="minors")
adults = Spigot.apply(frame=adults, path=f"{args['output_path']}spigot/", options={"topk": 2})
parts = SplitFields.apply(
    frame=adults, paths=["id", "full_name", "city", "age"], name1="profiles", name2="contacts"
)

for name, frame in (
    ("profiles", parts.select("profiles")),
    ("contacts", parts.select("contacts")),
    ("minors", minors),
):
    glueContext.write_dynamic_frame.from_options(
        frame=frame,
        connection_type="s3",
        connection_options={"path": f"{args['output_path']}{name}/", "compression": "gzip"},
        format="json",
    )
job.commit()
