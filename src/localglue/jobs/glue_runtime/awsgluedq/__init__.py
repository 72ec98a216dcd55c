"""`awsgluedq` for local job runs: Glue Data Quality's EvaluateDataQuality transform.

AWS ships this package only inside Glue; localglue's evaluates DQDL on the frame's Spark DataFrame
(`localglue.dataquality`) and publishes results to the local Data Quality API.
"""
