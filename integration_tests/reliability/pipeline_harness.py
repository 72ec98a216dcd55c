"""The pipeline's job run in this process against the shared gateway, with faults put where a test wants
them, and the one check every pipeline case ends with.

`Pipeline` is a source and a target bucket of the test's own; `Pipeline.run` runs the job's `run()` (the
same code Glue runs) on the shared SparkSession, its S3 requests through a `FaultyS3` that can kill the
run (raise `Killed`, which no handler of the job catches, as a killed process runs none) before a chosen
request. Glue's view of runs (`run_state`) is kept as Glue keeps it: RUNNING while `run` goes, SUCCEEDED
or FAILED after, FAILED for a killed one.

`check_exactly_once` compares the output with an independent computation (tests/lag_reference.py) of the
rows of the files each committed run read, and accounts for every file: archived once (as read),
quarantined with its reason, or still in incoming.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lag_reference import reference_lag
from spark_session import use_gateway

import ledger as job_ledger
from awsglue.context import GlueContext
from user_event_lag_job import parse_arguments, run

JOB_NAME = "user-event-lag-reliability"
HEADER = b"user_id,event_type,event_time\n"
log = logging.getLogger("pipeline-reliability")


class Killed(BaseException):
    """The run's process died here: nothing after it runs, no handler of the job sees it."""


@dataclass
class FaultyS3:
    """A boto3 S3 client that calls `before(operation, kwargs)` ahead of each request (which may raise
    Killed, or change the world, e.g. overwrite an input)."""

    client: Any
    before: Callable[[str, dict], None]

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.client, name)
        if name.startswith("_") or not callable(attribute) or name in {"get_paginator", "can_paginate"}:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self.before(name, kwargs)
            return attribute(*args, **kwargs)

        return call


def kill_at(
    operation: str, matches: Callable[[dict], bool], occurrence: int = 1
) -> Callable[[str, dict], None]:
    """A `before` that kills the run at the `occurrence`-th `operation` whose arguments `matches`."""
    seen = Counter()

    def before(name: str, kwargs: dict) -> None:
        if name == operation and matches(kwargs):
            seen[name] += 1
            if seen[name] == occurrence:
                raise Killed(f"killed before {operation} #{occurrence}: {kwargs.get('Key')}")

    return before


def key_under(prefix: str) -> Callable[[dict], bool]:
    return lambda kwargs: str(kwargs.get("Key", "")).startswith(prefix)


@dataclass
class Pipeline:
    s3: Any
    glue: Any
    spark: Any
    endpoint_url: str
    source: str
    target: str
    states: dict[str, str] = field(default_factory=dict)
    uploaded: dict[str, list[bytes]] = field(default_factory=dict)  # relative key -> every version put
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(cls, client: Callable[[str], Any], spark: Any, endpoint_url: str) -> Pipeline:
        suffix = uuid.uuid4().hex[:10]
        s3 = client("s3")
        pipeline = cls(
            s3, client("glue"), spark, endpoint_url, f"rel-source-{suffix}", f"rel-target-{suffix}"
        )
        for bucket in (pipeline.source, pipeline.target):
            s3.create_bucket(Bucket=bucket)
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        use_gateway(spark, endpoint_url, pipeline.source, pipeline.target)
        return pipeline

    # --- inputs -------------------------------------------------------------------------------------------

    def upload(self, name: str, body: bytes) -> None:
        self.s3.put_object(Bucket=self.source, Key=f"incoming/{name}", Body=body)
        self.uploaded.setdefault(name, []).append(body)

    # --- runs ---------------------------------------------------------------------------------------------

    def run_state(self, job_name: str, run_id: str) -> str | None:
        with self.lock:
            return self.states.get(run_id)

    def run(
        self, run_id: str | None = None, *, before: Callable[[str, dict], None] | None = None, **options: str
    ) -> dict:
        """One run of the job to its end; Killed propagates (the run is then FAILED, as Glue reports it)."""
        run_id = run_id or f"jr_{uuid.uuid4().hex}"
        argv = ["job.py", "--JOB_NAME", JOB_NAME, "--JOB_RUN_ID", run_id, "--source_bucket", self.source,
                "--target_bucket", self.target]  # fmt: skip
        for name, value in options.items():
            argv += [f"--{name}", value]
        s3 = FaultyS3(self.s3, before) if before else self.s3
        with self.lock:
            self.states[run_id] = "RUNNING"
        state = "FAILED"
        try:
            context = GlueContext(self.spark.sparkContext)
            summary = run(
                parse_arguments(argv),
                self.spark,
                s3,
                self.run_state,
                log,
                glue=self.glue,
                glue_context=context,
            )
            state = "SUCCEEDED"
            return summary
        finally:
            with self.lock:
                self.states[run_id] = state

    # --- what is there --------------------------------------------------------------------------------------

    def keys(self, bucket: str, prefix: str) -> list[str]:
        listed = job_ledger.list_keys(self.s3, bucket, prefix, markers=True)
        return sorted(item["Key"][len(prefix) :] for item in listed)

    def body(self, bucket: str, key: str) -> bytes:
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()

    def version_with(self, bucket: str, key: str, etag: str) -> bytes | None:
        """The content of the version of `key` whose ETag is `etag` (current or not), or None."""
        listed = self.s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
        for version in listed:
            if version["Key"] == key and version["ETag"] == etag:
                response = self.s3.get_object(Bucket=bucket, Key=key, VersionId=version["VersionId"])
                return response["Body"].read()
        return None

    def manifests(self) -> dict[str, job_ledger.Manifest]:
        found = {}
        for key in self.keys(self.source, "ledger/runs/"):
            if key.endswith("/manifest.json"):
                document, _ = job_ledger.read_json(self.s3, self.source, f"ledger/runs/{key}")
                found[document["run_id"]] = job_ledger.Manifest.from_document(document)
        return found

    def output_rows(self, run_id: str, output_format: str = "csv") -> list[tuple]:
        """The rows a run published: (user_id, event_type, event_time as printed, lag_minutes)."""
        prefix = f"output/run_id={run_id}/"
        keys = [key for key in self.keys(self.target, prefix) if not key.rsplit("/", 1)[-1].startswith("_")]
        if output_format == "parquet":
            frame = self.spark.read.parquet(*[f"s3://{self.target}/{prefix}{key}" for key in keys])
            return [
                (
                    row.user_id,
                    row.event_type,
                    row.event_time.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
                    row.lag_minutes,
                )
                for row in frame.collect()
            ]
        rows = []
        for key in keys:
            header, *records = list(csv.reader(io.StringIO(self.body(self.target, prefix + key).decode())))
            assert header == ["user_id", "event_type", "event_time", "lag_minutes"], key
            rows += [
                (user, kind or None, time, float(lag) if lag else None) for user, kind, time, lag in records
            ]
        return rows


def etag_of(body: bytes) -> str:
    """S3's ETag of a single-part upload: the MD5 of its content, quoted."""
    return f'"{hashlib.md5(body).hexdigest()}"'


def expected_rows(bodies: list[bytes]) -> list[tuple]:
    """tests/lag_reference.py's rows for the files with these contents, read as one batch."""
    rows = []
    for body in bodies:
        rows += [
            tuple(row) for row in list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[1:]
        ]
    return reference_lag(rows)[0]


def comparable(rows: list[tuple]) -> list[tuple]:
    return sorted(
        (user, kind or "", time, None if lag is None else round(lag, 9)) for user, kind, time, lag in rows
    )


def check_exactly_once(
    pipeline: Pipeline,
    *,
    quarantined: dict[str, str] | None = None,
    waiting: dict[str, bytes] | None = None,
    replaced_unread: dict[str, bytes] | None = None,
    output_format: str = "csv",
) -> dict[str, job_ledger.Manifest]:
    """Every uploaded version is in exactly one place: in the output of exactly one committed run (which
    archived it as read), in quarantine (`quarantined`: name -> words its reason holds), or still in
    incoming (`waiting`: name -> the version there); but for a version its producer replaced before any
    run read it (`replaced_unread`: name -> that version). Each committed run's output equals the reference
    computation over the versions it read. No claim, staged part or snapshot is left. Returns the
    manifests."""
    quarantined, waiting, replaced_unread = quarantined or {}, waiting or {}, replaced_unread or {}
    manifests = pipeline.manifests()
    committed = {
        run_id: m for run_id, m in manifests.items() if m.state in (job_ledger.COMMITTED, job_ledger.COMPLETE)
    }
    assert all(m.state == job_ledger.COMPLETE for m in committed.values()), "a committed run was not finished"

    read_versions: Counter = Counter()
    for run_id, manifest in committed.items():
        # the archive holds the version the run read (a later version of the same key may lie on top of it)
        bodies = []
        for entry in manifest.files:
            body = pipeline.version_with(pipeline.source, entry["archive_key"], entry["etag"])
            assert body is not None, f"{entry['archive_key']} has no version with ETag {entry['etag']}"
            bodies.append(body)
            read_versions[(entry["key"].removeprefix("incoming/"), entry["etag"])] += 1
        assert comparable(pipeline.output_rows(run_id, output_format)) == comparable(expected_rows(bodies)), (
            f"run {run_id}'s output differs from the reference over the files it read"
        )
    assert all(count == 1 for count in read_versions.values()), (
        f"a file version committed twice: {read_versions}"
    )

    for name, versions in pipeline.uploaded.items():
        etags = [etag_of(body) for body in versions]
        accounted = [etag for etag in etags if (name, etag) in read_versions]
        if name in replaced_unread:
            accounted.append(etag_of(replaced_unread[name]))
        if name in quarantined:
            head = pipeline.s3.head_object(Bucket=pipeline.source, Key=f"quarantine/{name}")
            assert quarantined[name] in head["Metadata"]["quarantine-reason"], head["Metadata"]
            accounted.append(f'"{head["Metadata"]["source-etag"]}"')
        if name in waiting:
            assert pipeline.body(pipeline.source, f"incoming/{name}") == waiting[name]
            accounted.append(etag_of(waiting[name]))
        missing = [etag for etag in etags if etag not in accounted]
        assert not missing, (
            f"{name}: version(s) {missing} neither in the output, nor quarantined, nor waiting"
        )

    assert pipeline.keys(pipeline.source, "incoming/") == sorted(waiting)
    assert pipeline.keys(pipeline.source, "quarantine/") == sorted(quarantined)
    assert pipeline.keys(pipeline.source, "ledger/claims/") == [], "claims left behind"
    assert [key for key in pipeline.keys(pipeline.source, "ledger/runs/") if "/inputs/" in key] == []
    assert pipeline.keys(pipeline.target, "staging/") == []
    return manifests


def events(*rows: str) -> bytes:
    return HEADER + "".join(f"{row}\n" for row in rows).encode()
