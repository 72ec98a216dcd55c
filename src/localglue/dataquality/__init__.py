"""Glue Data Quality: DQDL rulesets evaluated on Spark DataFrames, and the Data Quality API's state.

- `dqdl`: the language, parsed by hand after AWS's grammar.
- `evaluation`: rules evaluated over a DataFrame, with Glue's metrics, messages and row-level outcomes.
- `service`, `models`, `provider`: the gateway's Data Quality engine, its state, and the API's handlers.
- `evaluation_runs`, `evaluation_script`: ruleset evaluation runs, run as Glue job runs of our own script.
- `publishing`: how a job run's EvaluateDataQuality sends its result to the gateway.
"""
