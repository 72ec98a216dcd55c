"""The Spark properties of a local job run: Glue's capacity mapped onto this machine, S3A on the gateway.

Capacity mapping (documented in the README's jobs section):
- Glue gives one worker to the driver and the others to executors, so a run has `NumberOfWorkers - 1`
  executors (at least 1) of the worker type's vCPUs and memory.
- Locally everything runs in one driver JVM: `local[N]` with N = executors x vCPUs per worker, bounded by
  this machine's cores; `spark.driver.memory` = executors x memory per worker, bounded by a quarter of this
  machine's memory (several runs may share it) and at least 1 GiB.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Worker type -> (vCPUs, memory GiB), from Glue's worker type table.
WORKER_TYPES = {
    "Standard": (4, 16),
    "G.025X": (2, 4),
    "G.1X": (4, 16),
    "G.2X": (8, 32),
    "G.4X": (16, 64),
    "G.8X": (32, 128),
}
# What Glue uses for a Spark job that names no capacity.
DEFAULT_WORKER_TYPE = "G.1X"
DEFAULT_NUMBER_OF_WORKERS = 10


@dataclass(frozen=True)
class LocalResources:
    cores: int
    driver_memory_gib: int


def machine_memory_gib() -> int:
    return max(1, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30)


def local_resources(
    worker_type: str | None,
    number_of_workers: int | None,
    machine_cores: int | None = None,
    machine_memory: int | None = None,
) -> LocalResources:
    worker_type = worker_type or DEFAULT_WORKER_TYPE
    if worker_type not in WORKER_TYPES:
        raise ValueError(f"WorkerType {worker_type!r} is not one of {', '.join(WORKER_TYPES)}")
    vcpus, memory = WORKER_TYPES[worker_type]
    executors = max(1, (number_of_workers or DEFAULT_NUMBER_OF_WORKERS) - 1)
    cores = min(machine_cores or os.cpu_count() or 1, executors * vcpus)
    memory_cap = (machine_memory or machine_memory_gib()) // 4
    return LocalResources(cores=max(1, cores), driver_memory_gib=max(1, min(executors * memory, memory_cap)))


def spark_properties(
    endpoint_url: str,
    region: str,
    resources: LocalResources,
    jars: list[Path],
    credentials: dict[str, str],
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """Properties for spark-submit: whatever session the script builds gets S3A on the gateway."""
    utc = "-Duser.timezone=UTC"
    properties = {
        "spark.master": f"local[{resources.cores}]",
        "spark.driver.memory": f"{resources.driver_memory_gib}g",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.extraJavaOptions": utc,
        "spark.executor.extraJavaOptions": utc,
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        # On the JVM's classpath from the start rather than `spark.jars`: in local mode the driver is the
        # executor, and `spark.jars` would have every task check and serve the 280 MB SDK bundle again.
        "spark.driver.extraClassPath": ":".join(str(jar) for jar in jars),
        # Glue reads `s3://` through EMRFS; locally S3A serves both schemes.
        "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
        "spark.hadoop.fs.s3a.endpoint": endpoint_url,
        "spark.hadoop.fs.s3a.endpoint.region": region,
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": str(endpoint_url.startswith("https")).lower(),
        "spark.hadoop.fs.s3a.access.key": credentials["AWS_ACCESS_KEY_ID"],
        "spark.hadoop.fs.s3a.secret.key": credentials["AWS_SECRET_ACCESS_KEY"],
        # A dead gateway should fail a run in seconds, not after S3A's default minutes of retries.
        "spark.hadoop.fs.s3a.attempts.maximum": "3",
        "spark.hadoop.fs.s3a.retry.limit": "3",
    }
    if "AWS_SESSION_TOKEN" in credentials:  # a role's temporary credentials
        properties["spark.hadoop.fs.s3a.aws.credentials.provider"] = (
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider"
        )
        properties["spark.hadoop.fs.s3a.session.token"] = credentials["AWS_SESSION_TOKEN"]
    else:
        properties["spark.hadoop.fs.s3a.aws.credentials.provider"] = (
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"
        )
    properties.update(extra or {})
    return properties


def monitoring_properties(arguments: dict[str, str]) -> dict[str, str]:
    """Glue's `--enable-spark-ui true` and `--spark-event-logs-path`: the live Spark UI on a free loopback
    port (its URL goes to the run's log, see GlueContext), the event log written to the path."""
    if arguments.get("--enable-spark-ui", "false").strip().lower() != "true":
        return {}
    properties = {"spark.ui.enabled": "true", "spark.ui.port": "0"}
    path = arguments.get("--spark-event-logs-path")
    if path:
        properties |= {"spark.eventLog.enabled": "true", "spark.eventLog.dir": path}
    return properties


def properties_text(properties: dict[str, str]) -> str:
    """The properties as a spark-submit `--properties-file`."""
    return "".join(f"{key} {value}\n" for key, value in properties.items())
