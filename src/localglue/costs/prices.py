"""AWS's on-demand prices for what a Glue pipeline run uses, in US dollars, region us-east-1.

Sources, as published on AWS's pricing pages (read on the date below; prices change, check them):
- https://aws.amazon.com/glue/pricing/: Apache Spark ETL jobs (Glue 2.0 and later) $0.44 per DPU-hour,
  billed per second with a 1-minute minimum; Flex execution $0.29 per DPU-hour; crawlers $0.44 per
  DPU-hour, billed per second with a 10-minute minimum per crawler run. A worker is 1 DPU for G.1X, 2 for
  G.2X, 4 for G.4X, 8 for G.8X, 12 for G.12X, 16 for G.16X, 0.25 for G.025X.
- https://aws.amazon.com/athena/pricing/: SQL queries $5.00 per TB of data scanned, rounded up to the
  nearest megabyte, with a 10 MB minimum per query; DDL and failed queries are not charged.
- https://aws.amazon.com/s3/pricing/: S3 Standard, PUT, COPY, POST and LIST requests $0.005 per 1,000;
  GET, SELECT and all other requests $0.0004 per 1,000; DELETE and CANCEL requests free.
"""

from __future__ import annotations

AS_OF = "2026-12-01"
REGION = "us-east-1"
SOURCES = (
    "https://aws.amazon.com/glue/pricing/",
    "https://aws.amazon.com/athena/pricing/",
    "https://aws.amazon.com/s3/pricing/",
)

GLUE_DPU_HOUR = 0.44
GLUE_FLEX_DPU_HOUR = 0.29
GLUE_JOB_MINIMUM_SECONDS = 60
CRAWLER_DPU_HOUR = 0.44
CRAWLER_MINIMUM_SECONDS = 600
DPU_PER_WORKER = {
    "G.025X": 0.25,
    "G.1X": 1.0,
    "G.2X": 2.0,
    "G.4X": 4.0,
    "G.8X": 8.0,
    "G.12X": 12.0,
    "G.16X": 16.0,
    "Standard": 1.0,
}
ATHENA_TB_SCANNED = 5.00
ATHENA_MINIMUM_BYTES = 10 * 1024**2
S3_REQUEST_PER_THOUSAND = {"write": 0.005, "read": 0.0004, "free": 0.0}
