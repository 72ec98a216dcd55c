"""Spark SQL over the Data Catalog (`--enable-glue-datacatalog`): join two catalog tables, aggregate, and
save the result as a new catalog table."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "output_table"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

spark.sql(f"USE {args['database']}")
totals = spark.sql(
    """
    SELECT u.country, count(*) AS events, sum(e.amount) AS total
    FROM events e
    JOIN users u ON e.user_id = u.user_id
    GROUP BY u.country
    """
)
totals.write.mode("overwrite").saveAsTable(f"{args['database']}.{args['output_table']}")
job.commit()
