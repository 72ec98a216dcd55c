import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
from awsgluedq.transforms import EvaluateDataQuality

args = getResolvedOptions(sys.argv, ['JOB_NAME'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

# Default ruleset used by all target nodes with data quality enabled
DEFAULT_DATA_QUALITY_RULESET = """
    Rules = [
        ColumnCount > 0
    ]
"""

# Script generated for node AWS Glue Data Catalog
AWSGlueDataCatalog_node1717171717001 = glueContext.create_dynamic_frame.from_catalog(database="studio_sales", table_name="orders_raw", transformation_ctx="AWSGlueDataCatalog_node1717171717001")

# Script generated for node Change Schema
ApplyMapping_node1717171717002 = ApplyMapping.apply(frame=AWSGlueDataCatalog_node1717171717001, mappings=[("order_id", "long", "order_id", "long"), ("customer", "string", "customer_name", "string"), ("amount", "double", "amount", "double"), ("order_date", "string", "order_date", "date"), ("region", "string", "region", "string")], transformation_ctx="ApplyMapping_node1717171717002")

# Script generated for node Amazon S3
EvaluateDataQuality().process_rows(frame=ApplyMapping_node1717171717002, ruleset=DEFAULT_DATA_QUALITY_RULESET, publishing_options={"dataQualityEvaluationContext": "EvaluateDataQuality_node1717171717000", "enableDataQualityResultsPublishing": True}, additional_options={"dataQualityResultsPublishing.strategy": "BEST_EFFORT", "observations.scope": "ALL"})
AmazonS3_node1717171717003 = glueContext.getSink(path="s3://studio-sales-curated/orders/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE", partitionKeys=["region"], enableUpdateCatalog=True, transformation_ctx="AmazonS3_node1717171717003")
AmazonS3_node1717171717003.setCatalogInfo(catalogDatabase="studio_sales",catalogTableName="orders_curated")
AmazonS3_node1717171717003.setFormat("glueparquet", compression="snappy")
AmazonS3_node1717171717003.writeFrame(ApplyMapping_node1717171717002)
job.commit()
