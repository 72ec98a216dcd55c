"""Orders checked with a DQDL ruleset before anything is written: the outcomes are published to Glue
Data Quality, and a failed rule fails the run, naming the rules that failed."""

import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.transforms import SelectFromCollection
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "orders"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders_df = spark.read.option("header", "true").option("inferSchema", "true").csv(args["orders"])
orders = DynamicFrame.fromDF(orders_df, glueContext, "orders")

dq = EvaluateDataQuality().process_rows(
    frame=orders,
    ruleset='Rules = [ RowCount = 3, IsComplete "email", ColumnValues "amount" > 0 ]',
    publishing_options={
        "dataQualityEvaluationContext": "orders_check",
        "enableDataQualityResultsPublishing": True,
    },
    additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
)
outcomes = SelectFromCollection.apply(dfc=dq, key="ruleOutcomes").toDF()
failed = [row["Rule"] for row in outcomes.collect() if row["Outcome"] == "Failed"]
if failed:
    raise Exception("Data quality rules failed: " + "; ".join(failed))
job.commit()
