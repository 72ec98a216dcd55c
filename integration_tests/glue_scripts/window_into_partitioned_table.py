"""Running totals per customer into an existing partitioned catalog table: read the orders as a Spark
DataFrame from the catalog, number and sum each customer's orders with a window, purge what the previous
run left in the target table and in the CSV export, then write the table through the catalog (adding its
new partitions) and the export."""

import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import Window
from pyspark.sql import functions as F

args = getResolvedOptions(
    sys.argv, ["JOB_NAME", "database", "source_table", "target_table", "export_path", "manifest_path"]
)
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders = glueContext.create_data_frame.from_catalog(
    database=args["database"], table_name=args["source_table"], transformation_ctx="orders"
)
by_customer = Window.partitionBy("customer").orderBy("order_date", "order_id")
totals = (
    orders.withColumn("order_rank", F.row_number().over(by_customer))
    .withColumn("running_total", F.sum("amount").over(by_customer))
    .withColumn("order_month", F.substring("order_date", 1, 7))
)

glueContext.purge_table(
    args["database"],
    args["target_table"],
    options={"retentionPeriod": 0, "manifestFilePath": args["manifest_path"]},
    transformation_ctx="purge_previous",
)
glueContext.purge_s3_path(args["export_path"], options={"retentionPeriod": 0})

glueContext.write_dynamic_frame.from_catalog(
    frame=DynamicFrame.fromDF(totals, glueContext, "totals"),
    database=args["database"],
    table_name=args["target_table"],
    transformation_ctx="write_totals",
    additional_options={"enableUpdateCatalog": True, "partitionKeys": ["order_month"]},
)
glueContext.write_dynamic_frame.from_options(
    frame=DynamicFrame.fromDF(totals.select("customer", "order_id", "running_total"), glueContext, "export"),
    connection_type="s3",
    connection_options={"path": args["export_path"]},
    format="csv",
)
job.commit()
