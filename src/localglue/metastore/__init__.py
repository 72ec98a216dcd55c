"""The Glue Data Catalog as Spark's Hive metastore: what `--enable-glue-datacatalog` gives a job on Glue.

`MetastoreServer(account_id, region, caller).start()` serves a Hive metastore Thrift endpoint on 127.0.0.1
that answers from and writes to moto's Glue catalog; `spark_properties_for(uri)` are the Spark properties
that make a session's `spark.sql`, `spark.table` and `saveAsTable` use it.
"""

from __future__ import annotations

from .server import MetastoreServer

__all__ = ["MetastoreServer", "spark_properties_for"]


def spark_properties_for(uri: str) -> dict[str, str]:
    """Spark properties for a session whose catalog is the metastore at `uri` (thrift://host:port)."""
    return {
        "spark.sql.catalogImplementation": "hive",
        "spark.hadoop.hive.metastore.uris": uri,
        # A gone metastore should fail a statement in seconds, not after Hive's minutes of retries.
        "spark.hadoop.hive.metastore.connect.retries": "2",
        "spark.hadoop.hive.metastore.client.connect.retry.delay": "1s",
    }
