"""The job's records in S3 that let every input file be committed exactly once: claims and manifests.

Under ``s3://<bucket>/<prefix>``:

- ``claims/<relative key>``: one object per input key while a run holds it (``{"job_name", "run_id",
  "etag", "claimed_at"}``), created only if absent (``If-None-Match: *``), so of two runs listing the same
  file exactly one claims it; deleted only if unchanged (``If-Match``) when the holder is done with it.
- ``runs/<run id>/manifest.json``: the run's commit record, created only if absent. ``committed`` (what
  was read, how many rows each file kept, which staged parts become the output) is the commit point;
  ``complete`` once its output is published and its inputs archived; ``abandoned`` when the run ended
  before committing (written by the run itself on a failure, or by the run that recovers a dead one). As
  the first manifest written wins, a run that was given up for dead can never commit afterwards.
- ``runs/<run id>/inputs/<relative key>``: the run's snapshot of each file it claimed, copied only if the
  file still had the ETag its header was checked on: the version the run reads and archives.

Every write is conditional; a lost race (412 PreconditionFailed, or 409 ConditionalRequestConflict while
another conditional write of the key is under way) is an answer, not an error.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from botocore.exceptions import ClientError

LOST_RACE = {"PreconditionFailed", "ConditionalRequestConflict"}
MISSING = {"NoSuchKey", "404", "NotFound"}
COMMITTED, COMPLETE, ABANDONED = "committed", "complete", "abandoned"
ACTIVE_RUN_STATES = {"STARTING", "RUNNING", "STOPPING", "WAITING"}


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def put_if_absent(s3: Any, bucket: str, key: str, document: dict) -> str | None:
    """Create ``key`` holding ``document``; its ETag, or None when the key exists."""
    try:
        return s3.put_object(Bucket=bucket, Key=key, Body=_encoded(document), IfNoneMatch="*")["ETag"]
    except ClientError as error:
        if error_code(error) in LOST_RACE:
            return None
        raise


def replace_if_unchanged(s3: Any, bucket: str, key: str, document: dict, etag: str) -> str | None:
    """Overwrite ``key`` if it still has ``etag``; the new ETag, or None when it changed or is gone."""
    try:
        return s3.put_object(Bucket=bucket, Key=key, Body=_encoded(document), IfMatch=etag)["ETag"]
    except ClientError as error:
        if error_code(error) in LOST_RACE | MISSING:
            return None
        raise


def delete_if_unchanged(s3: Any, bucket: str, key: str, etag: str) -> bool:
    """Delete ``key`` if it still has ``etag``; False when it changed or is gone."""
    try:
        s3.delete_object(Bucket=bucket, Key=key, IfMatch=etag)
        return True
    except ClientError as error:
        if error_code(error) in LOST_RACE | MISSING:
            return False
        raise


def read_json(s3: Any, bucket: str, key: str) -> tuple[dict, str] | None:
    """The JSON document at ``key`` and its ETag, or None when there is none."""
    try:
        response = s3.get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error_code(error) in MISSING:
            return None
        raise
    return json.loads(response["Body"].read()), response["ETag"]


def list_keys(s3: Any, bucket: str, prefix: str, *, markers: bool = False) -> Iterator[dict]:
    """Every object under ``prefix`` (ListObjectsV2's entries), folder markers (keys ending in ``/``)
    only when ``markers``."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if markers or not item["Key"].endswith("/"):
                yield item


def _encoded(document: dict) -> bytes:
    return json.dumps(document, indent=1, sort_keys=True).encode()


@dataclass(frozen=True)
class Claim:
    """A claim on one input key, as it stands: ours, or the run's that holds it."""

    relative_key: str
    etag: str  # of the claim object
    job_name: str
    run_id: str
    file_etag: str  # the version of the input file it was taken on


@dataclass
class Manifest:
    """One run's commit record (see the module's docstring); locations are stored whole, so any later run
    can finish it whatever its own arguments."""

    run_id: str
    job_name: str
    state: str
    source_bucket: str = ""
    target_bucket: str = ""
    output_uri: str = ""
    files: list[dict] = field(default_factory=list)  # key, etag, size, snapshot_key, archive_key, counts
    staging_prefix: str = ""  # the run's staging folder in target_bucket
    parts: list[list[str]] = field(default_factory=list)  # [staging key, output key] in target_bucket
    quarantined: list[dict] = field(default_factory=list)  # key, reason
    reason: str = ""  # why it was abandoned
    written_at: float = 0.0

    @classmethod
    def from_document(cls, document: dict) -> Manifest:
        return cls(**{name: document[name] for name in cls.__dataclass_fields__ if name in document})


class Ledger:
    """The claims and manifests of one job's runs, seen from run ``run_id``. ``run_state(job_name, run_id)``
    answers a run's state as Glue's GetJobRun reports it (None for a run Glue does not know)."""

    def __init__(
        self,
        s3: Any,
        bucket: str,
        prefix: str,
        job_name: str,
        run_id: str,
        run_state: Callable[[str, str], str | None],
    ):
        self.s3 = s3
        self.bucket = bucket
        self.prefix = prefix
        self.job_name = job_name
        self.run_id = run_id
        self.run_state = run_state

    # --- where things are ------------------------------------------------------------------------------

    def claim_key(self, relative_key: str) -> str:
        return f"{self.prefix}claims/{relative_key}"

    def manifest_key(self, run_id: str) -> str:
        return f"{self.prefix}runs/{run_id}/manifest.json"

    def snapshot_key(self, run_id: str, relative_key: str) -> str:
        return f"{self.prefix}runs/{run_id}/inputs/{relative_key}"

    def snapshots_prefix(self, run_id: str) -> str:
        return f"{self.prefix}runs/{run_id}/inputs/"

    # --- claims -----------------------------------------------------------------------------------------

    def claim(self, relative_key: str, file_etag: str) -> Claim:
        """Claim ``relative_key`` for this run; returns the claim that stands (another run's if it held it)."""
        document = {
            "job_name": self.job_name,
            "run_id": self.run_id,
            "etag": file_etag,
            "claimed_at": time.time(),
        }
        for _ in range(3):  # a claim released between our attempt and our read of it: try again
            etag = put_if_absent(self.s3, self.bucket, self.claim_key(relative_key), document)
            if etag is not None:
                return Claim(relative_key, etag, self.job_name, self.run_id, file_etag)
            held = self._read_claim(relative_key)
            if held is not None:
                return held
        raise RuntimeError(
            f"the claim on {relative_key} keeps changing hands: {self.claim_key(relative_key)}"
        )

    def release(self, claim: Claim) -> None:
        delete_if_unchanged(self.s3, self.bucket, self.claim_key(claim.relative_key), claim.etag)

    def claims(self) -> list[Claim]:
        found = []
        for item in list_keys(self.s3, self.bucket, f"{self.prefix}claims/"):
            claim = self._read_claim(item["Key"].removeprefix(f"{self.prefix}claims/"))
            if claim is not None:
                found.append(claim)
        return found

    def _read_claim(self, relative_key: str) -> Claim | None:
        read = read_json(self.s3, self.bucket, self.claim_key(relative_key))
        if read is None:
            return None
        document, etag = read
        return Claim(relative_key, etag, document["job_name"], document["run_id"], document["etag"])

    def is_active(self, job_name: str, run_id: str) -> bool:
        return run_id == self.run_id or self.run_state(job_name, run_id) in ACTIVE_RUN_STATES

    # --- manifests ----------------------------------------------------------------------------------------

    def manifest(self, run_id: str) -> tuple[Manifest, str] | None:
        read = read_json(self.s3, self.bucket, self.manifest_key(run_id))
        return None if read is None else (Manifest.from_document(read[0]), read[1])

    def create_manifest(self, manifest: Manifest) -> tuple[Manifest, str]:
        """Write ``manifest`` if its run has none yet; returns the one that stands (the first written)."""
        manifest.written_at = time.time()
        etag = put_if_absent(self.s3, self.bucket, self.manifest_key(manifest.run_id), asdict(manifest))
        if etag is not None:
            return manifest, etag
        standing = self.manifest(manifest.run_id)
        if standing is None:
            raise RuntimeError(f"manifest {self.manifest_key(manifest.run_id)} vanished while being written")
        return standing

    def mark_complete(self, manifest: Manifest, etag: str) -> None:
        """Record that a committed run's output is published and its inputs archived (a concurrent
        finisher may have recorded it first: then nothing changes)."""
        manifest.state = COMPLETE
        manifest.written_at = time.time()
        replace_if_unchanged(self.s3, self.bucket, self.manifest_key(manifest.run_id), asdict(manifest), etag)
