"""Speed benchmarks, one module per engine; `python -m localglue.bench [engine ...]` runs them."""

# the keys every benchmark signs with: any keys do on a gateway that does not enforce IAM
BENCH_KEYS = ("bench", "bench")
