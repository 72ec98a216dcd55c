"""The Glue script of a ruleset evaluation run (StartDataQualityRulesetEvaluationRun), as a user writes it.

It reads the run's table (and its additional data sources) from the Data Catalog, fetches each ruleset
through the Glue API and evaluates it with EvaluateDataQuality, publishing one result per ruleset under
the ruleset's name. Arguments: --database, --table, --rulesets (JSON list of names), --additional_sources
(JSON: alias -> {DatabaseName, TableName}), --publishing_options (JSON).
"""

import json
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext

args = getResolvedOptions(
    sys.argv, ["JOB_NAME", "database", "table", "rulesets", "additional_sources", "publishing_options"]
)
glue_context = GlueContext(SparkContext.getOrCreate())
frame = glue_context.create_dynamic_frame.from_catalog(database=args["database"], table_name=args["table"])
sources = {
    alias: glue_context.create_dynamic_frame.from_catalog(
        database=table["DatabaseName"], table_name=table["TableName"]
    )
    for alias, table in json.loads(args["additional_sources"]).items()
}
glue = boto3.client("glue")
for name in json.loads(args["rulesets"]):
    EvaluateDataQuality().process_rows(
        frame=frame,
        ruleset=glue.get_data_quality_ruleset(Name=name)["Ruleset"],
        publishing_options={**json.loads(args["publishing_options"]), "dataQualityEvaluationContext": name},
        additional_data_sources=sources,
    )
