"""localglue's jobs engine."""
