"""localglue's crawlers engine: crawls S3 targets, classifies, infers schemas and writes the Data Catalog."""

from .runner import list_crawls, start_crawl, stop_crawl

__all__ = ["list_crawls", "start_crawl", "stop_crawl"]
