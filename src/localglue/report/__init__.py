"""`localglue report`: one self-contained HTML page about a workflow run (graph, job runs and their logs,
the job's counts, the output's values, Athena's queries, the crawlers' table changes)."""
