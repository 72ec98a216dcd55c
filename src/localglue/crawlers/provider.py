"""crawlers actions answered by localglue."""
