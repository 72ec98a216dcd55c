"""A catalog table to partitioned Parquet, in the style Glue Studio generates: read the table, map its
columns, write with the Glue Parquet writer and let the sink create and update the target table."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import ApplyMapping
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "source_table", "target_path", "target_table"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

AWSGlueDataCatalog_node = glueContext.create_dynamic_frame.from_catalog(
    database=args["database"], table_name=args["source_table"], transformation_ctx="AWSGlueDataCatalog_node"
)
ChangeSchema_node = ApplyMapping.apply(
    frame=AWSGlueDataCatalog_node,
    mappings=[
        ("user_id", "string", "user_id", "string"),
        ("event_type", "string", "type", "string"),
        ("event_time", "string", "event_time", "timestamp"),
        ("amount", "double", "amount", "double"),
        ("dt", "string", "event_date", "string"),
    ],
    transformation_ctx="ChangeSchema_node",
)
AmazonS3_node = glueContext.getSink(
    path=args["target_path"],
    connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE",
    partitionKeys=["event_date"],
    enableUpdateCatalog=True,
    transformation_ctx="AmazonS3_node",
)
AmazonS3_node.setCatalogInfo(catalogDatabase=args["database"], catalogTableName=args["target_table"])
AmazonS3_node.setFormat("glueparquet", compression="snappy")
AmazonS3_node.writeFrame(ChangeSchema_node)
job.commit()
