"""workflows actions answered by localglue."""
