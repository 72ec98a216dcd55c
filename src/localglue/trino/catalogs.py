"""The catalogs a Trino serving Athena has: Athena's `awsdatacatalog` over localglue's Glue and S3.

`awsdatacatalog` is Trino's Hive connector on the Glue metastore of one account and region, reading and
writing S3 through the gateway (Athena's own name, so messages read `awsdatacatalog.db.t` as on AWS).
Iceberg tables of the same Glue catalog are served by the Iceberg connector, `awsdatacatalog_iceberg`,
to which the Hive connector redirects them (and back), so `awsdatacatalog.db.t` names either kind.
Trino acts with credentials of localglue's own; the caller's permissions are checked before a query
runs (localglue.athena.access).
"""

from __future__ import annotations

from collections.abc import Mapping

ATHENA_CATALOG = "awsdatacatalog"
ICEBERG_CATALOG = "awsdatacatalog_iceberg"
# The Iceberg table properties Athena takes beside `format` and `write_compression`, kept in the table's
# Iceberg metadata as Athena keeps them (https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html)
ATHENA_ICEBERG_PROPERTIES = (
    "optimize_rewrite_data_file_threshold",
    "optimize_rewrite_delete_file_threshold",
    "vacuum_min_snapshots_to_keep",
    "vacuum_max_snapshot_age_seconds",
    "vacuum_max_metadata_files_to_keep",
)


def _glue_and_s3(endpoint_url: str, region: str, access_key: str, secret_key: str) -> dict[str, str]:
    return {
        "hive.metastore.glue.region": region,
        "hive.metastore.glue.endpoint-url": endpoint_url,
        "hive.metastore.glue.aws-access-key": access_key,
        "hive.metastore.glue.aws-secret-key": secret_key,
        "fs.native-s3.enabled": "true",
        "s3.endpoint": endpoint_url,
        "s3.region": region,
        "s3.path-style-access": "true",
        "s3.aws-access-key": access_key,
        "s3.aws-secret-key": secret_key,
    }


def athena_catalogs(
    endpoint_url: str, region: str, access_key: str, secret_key: str
) -> Mapping[str, Mapping[str, str]]:
    shared = _glue_and_s3(endpoint_url, region, access_key, secret_key)
    return {
        ATHENA_CATALOG: {
            "connector.name": "hive",
            "hive.metastore": "glue",
            **shared,
            "hive.iceberg-catalog-name": ICEBERG_CATALOG,
            # Athena writes tables it does not manage (CTAS into external_location, INSERT INTO)
            "hive.non-managed-table-writes-enabled": "true",
            # Athena's CTAS default: Parquet with GZIP
            "hive.storage-format": "PARQUET",
            "hive.compression-codec": "GZIP",
            "hive.partition-projection-enabled": "true",
        },
        ICEBERG_CATALOG: {
            "connector.name": "iceberg",
            **shared,
            "iceberg.catalog.type": "glue",
            "iceberg.hive-catalog-name": ATHENA_CATALOG,
            "iceberg.file-format": "PARQUET",
            "iceberg.allowed-extra-properties": ",".join(ATHENA_ICEBERG_PROPERTIES),
            # Athena's VACUUM takes any vacuum_max_snapshot_age_seconds (5 days by default): no 7-day floor
            "iceberg.expire-snapshots.min-retention": "0s",
            "iceberg.remove-orphan-files.min-retention": "0s",
        },
    }


# Athena has no catalogs but its own: the system catalog (other queries, nodes) stays closed.
ACCESS_RULES = {
    "catalogs": [
        {"catalog": f"({ATHENA_CATALOG}|{ICEBERG_CATALOG})", "allow": "all"},
        {"catalog": "system", "allow": "none"},
    ]
}
