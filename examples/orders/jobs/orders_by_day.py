"""A Glue 5.0 Spark job: orders per day and their revenue, from CSV files to one CSV file."""

import sys

from awsglue.utils import getResolvedOptions
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
spark = SparkSession.builder.appName(args["JOB_NAME"]).getOrCreate()

orders = spark.read.option("header", True).csv(args["input_path"])
daily = (
    orders.groupBy(F.to_date("ordered_at").alias("day"))
    .agg(F.count("*").alias("orders"), F.round(F.sum(F.col("amount").cast("double")), 2).alias("revenue"))
    .orderBy("day")
)
daily.coalesce(1).write.mode("overwrite").option("header", True).csv(args["output_path"])
for row in daily.collect():
    print(f"{row.day} orders={row.orders} revenue={row.revenue}")
