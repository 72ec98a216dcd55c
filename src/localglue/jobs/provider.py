"""jobs actions answered by localglue."""
