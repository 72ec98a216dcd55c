"""athena actions answered by localglue."""
