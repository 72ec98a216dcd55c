"""AWS's join_and_relationalize sample: persons, memberships and organizations from the Data Catalog
joined into one legislator history, written as Parquet (whole, as one file, and by chamber), then
relationalized into flat tables. The sample loads those into Redshift; here they are written to S3."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Join
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "output_dir"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

# catalog: database and table names
db_name = args["database"]
tbl_persons = "persons_json"
tbl_membership = "memberships_json"
tbl_organization = "organizations_json"

# output s3 and temp directories
output_history_dir = f"{args['output_dir']}legislator_history"
output_lg_single_dir = f"{args['output_dir']}legislator_single"
output_lg_partitioned_dir = f"{args['output_dir']}legislator_part"
output_relational_dir = f"{args['output_dir']}legislator_relational"
temp_dir = args["TempDir"]

# Create dynamic frames from the source tables
persons = glueContext.create_dynamic_frame.from_catalog(database=db_name, table_name=tbl_persons)
memberships = glueContext.create_dynamic_frame.from_catalog(database=db_name, table_name=tbl_membership)
orgs = glueContext.create_dynamic_frame.from_catalog(database=db_name, table_name=tbl_organization)

# Keep the fields we need and rename some.
orgs = (
    orgs.drop_fields(["other_names", "identifiers"])
    .rename_field("id", "org_id")
    .rename_field("name", "org_name")
)

# Join the frames to create history
l_history = Join.apply(
    orgs, Join.apply(persons, memberships, "id", "person_id"), "org_id", "organization_id"
).drop_fields(["person_id", "org_id"])
print("Count: ", l_history.count())
l_history.printSchema()

# ---- Write out the history ----

# Write out the dynamic frame into parquet in "legislator_history" directory
print("Writing to /legislator_history ...")
glueContext.write_dynamic_frame.from_options(
    frame=l_history, connection_type="s3", connection_options={"path": output_history_dir}, format="parquet"
)

# Write out a single file to directory "legislator_single"
s_history = l_history.toDF().repartition(1)
print("Writing to /legislator_single ...")
s_history.write.parquet(output_lg_single_dir)

# Convert to data frame, write to directory "legislator_part", partitioned by (separate) Senate and House.
print("Writing to /legislator_part, partitioned by Senate and House ...")
l_history.toDF().write.parquet(output_lg_partitioned_dir, partitionBy=["org_name"])

# ---- Flat tables for a relational database ----

# Convert the data to flat tables
print("Converting to flat tables ...")
dfc = l_history.relationalize("hist_root", temp_dir)

# Cycle through and write each table
for df_name in dfc.keys():
    m_df = dfc.select(df_name)
    print("Writing table: ", df_name, " ...")
    glueContext.write_dynamic_frame.from_options(
        frame=m_df,
        connection_type="s3",
        connection_options={"path": f"{output_relational_dir}/{df_name}"},
        format="json",
    )
job.commit()
