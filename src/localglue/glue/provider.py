"""Glue actions answered by localglue; filled in by the gap handlers."""
