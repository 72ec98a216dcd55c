"""Glue Data Quality: DQDL rulesets evaluated on Spark DataFrames, and the Data Quality API's state.

- `dqdl`: the language, parsed by hand after AWS's grammar.
- `evaluation`: rules evaluated over a DataFrame, with Glue's metrics, messages and row-level outcomes.
- `models`, `provider`, `evaluation_runs`: rulesets, evaluation runs and results behind the Glue API.
"""
