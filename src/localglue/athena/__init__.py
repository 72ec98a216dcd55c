"""localglue's athena engine."""
