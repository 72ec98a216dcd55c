"""localglue's crawlers engine."""
