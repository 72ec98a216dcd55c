"""Speed benchmarks, one module per engine; `python -m localglue.bench [engine ...]` runs them."""
