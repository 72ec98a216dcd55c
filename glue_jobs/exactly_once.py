"""The S3 steps of a run that commit each input file exactly once, and the recovery of runs that died.

A run (``user_event_lag_job.run``) goes: recover dead runs -> check each file's header -> claim -> snapshot
-> read, transform, write to its staging folder -> **commit** (its manifest, ``ledger.py``) -> publish the
staged parts to the output -> archive each input -> mark complete -> clean up and release its claims.
Before the commit nothing is visible and a failure discards the staging folder and the snapshots; after
it, whatever happens, the run's output is published and its inputs archived, by the run itself or by the
next run that finds its claims (``recover``). Every step after the commit is idempotent and tolerates a
concurrent finisher: copies overwrite with the same content, deletes are conditional on ETags.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from ledger import (
    ABANDONED,
    COMMITTED,
    COMPLETE,
    MISSING,
    Claim,
    Ledger,
    Manifest,
    delete_if_unchanged,
    error_code,
    list_keys,
)

COPY_OBJECT_LIMIT = 5 * 1024**3  # larger objects need a multipart copy
# S3 user metadata is US-ASCII and at most 2 KB in all
QUARANTINE_REASON_LIMIT = 1024


class CommitError(Exception):
    """A step of the commit protocol that cannot go on; the message names the object."""


@dataclass(frozen=True)
class InputFile:
    """One object listed under the incoming prefix, as it was when listed."""

    bucket: str
    key: str
    relative_key: str  # below the incoming prefix
    etag: str
    size: int

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"


def copy_object(
    s3: Any,
    source: tuple[str, str],
    target: tuple[str, str],
    size: int,
    *,
    if_match: str | None = None,
    extra: dict | None = None,
) -> bool:
    """Copy ``source`` (bucket, key) to ``target``, only if the source still has ETag ``if_match`` when
    given; False when it does not (412) or is gone (404)."""
    arguments = dict(extra or {})
    if if_match is not None:
        arguments["CopySourceIfMatch"] = if_match
    copy_source = {"Bucket": source[0], "Key": source[1]}
    try:
        if size <= COPY_OBJECT_LIMIT:
            s3.copy_object(CopySource=copy_source, Bucket=target[0], Key=target[1], **arguments)
        else:
            s3.copy(copy_source, target[0], target[1], ExtraArgs=arguments)
    except ClientError as error:
        if error_code(error) in {"PreconditionFailed", *MISSING}:
            return False
        raise CommitError(
            f"cannot copy s3://{source[0]}/{source[1]} to s3://{target[0]}/{target[1]}: {describe(error)}"
        ) from error
    return True


def describe(error: ClientError) -> str:
    details = error.response.get("Error", {})
    return f"{details.get('Code', 'Error')}: {details.get('Message', error)}"


def head(s3: Any, bucket: str, key: str) -> dict | None:
    try:
        return s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error_code(error) in MISSING:
            return None
        raise


def same_content(copy: dict, etag: str, size: int) -> bool:
    """Whether the object ``copy`` (HeadObject's answer) holds the version with ``etag`` and ``size``.
    A multipart ETag is not an MD5 of the content, so it only compares with another single-part one."""
    comparable = "-" not in etag and "-" not in copy["ETag"]
    return copy["ContentLength"] == size and (not comparable or copy["ETag"] == etag)


# --- before the commit --------------------------------------------------------------------------------


def take_snapshot(s3: Any, ledger: Ledger, item: InputFile) -> str | None:
    """The run's own copy of ``item``, taken only if the file still has the ETag it was checked on; its
    key, or None when the file changed or went away since it was listed."""
    key = ledger.snapshot_key(ledger.run_id, item.relative_key)
    copied = copy_object(s3, (item.bucket, item.key), (ledger.bucket, key), item.size, if_match=item.etag)
    return key if copied else None


def quarantine(
    s3: Any, item: InputFile, quarantine_key: str, reason: str, run_id: str, *, read_from: str | None = None
) -> bool:
    """Move ``item`` to ``quarantine_key`` with the reason in its metadata: copied from ``read_from`` (the
    run's snapshot of it) or from the file itself if it still has its ETag, then deleted from incoming only
    if unchanged. False when the file changed or went away (it is then judged again by the next run)."""
    metadata = {
        "quarantine-reason": reason.encode("ascii", "backslashreplace").decode()[:QUARANTINE_REASON_LIMIT],
        "quarantined-by": run_id,
        "source-etag": item.etag.strip('"'),
    }
    extra = {"Metadata": metadata, "MetadataDirective": "REPLACE"}
    source = (item.bucket, read_from or item.key)
    copied = copy_object(
        s3, source, (item.bucket, quarantine_key), item.size, if_match=item.etag, extra=extra
    )
    if not copied:
        return False
    delete_if_unchanged(s3, item.bucket, item.key, item.etag)
    return True


def discard(s3: Any, ledger: Ledger, run_id: str, staging: tuple[str, str]) -> None:
    """Delete what an uncommitted run left: its staged output and its snapshots."""
    delete_all(s3, *staging)
    delete_all(s3, ledger.bucket, ledger.snapshots_prefix(run_id))


def delete_all(s3: Any, bucket: str, prefix: str) -> None:
    if not prefix:
        raise CommitError(f"refusing to delete everything in s3://{bucket}: no folder given")
    for item in list(list_keys(s3, bucket, prefix, markers=True)):
        s3.delete_object(Bucket=bucket, Key=item["Key"])


# --- after the commit -----------------------------------------------------------------------------------


def publish(s3: Any, manifest: Manifest, encryption: dict) -> None:
    """Copy every staged part to its output key. A staged part already gone was published and cleaned
    up by a concurrent finisher: its output key must then exist."""
    bucket = manifest.target_bucket
    for staged, final in manifest.parts:
        found = head(s3, bucket, staged)
        if found is None:
            if head(s3, bucket, final) is None:
                raise CommitError(
                    f"staged part s3://{bucket}/{staged} and its output s3://{bucket}/{final} "
                    f"are both missing: run {manifest.run_id}'s output is lost"
                )
            continue
        if not copy_object(s3, (bucket, staged), (bucket, final), found["ContentLength"], extra=encryption):
            raise CommitError(f"staged part s3://{bucket}/{staged} vanished while being published")


def archive(s3: Any, manifest: Manifest) -> list[str]:
    """Copy each input's snapshot (the version read) to its archive key, check the copy, then delete the
    incoming file only if it is still that version: a file overwritten while the run went on stays in
    incoming for the next run. Returns the incoming keys that now hold a newer version."""
    bucket = manifest.source_bucket
    overwritten = []
    for entry in manifest.files:
        etag, size = entry["etag"], entry["size"]
        copied = copy_object(s3, (bucket, entry["snapshot_key"]), (bucket, entry["archive_key"]), size)
        archived = head(s3, bucket, entry["archive_key"])
        if archived is None or not same_content(archived, etag, size):
            what = "copied" if copied else "left by a concurrent finisher"
            raise CommitError(
                f"archive s3://{bucket}/{entry['archive_key']} ({what}) does not hold "
                f"s3://{bucket}/{entry['key']} as read (ETag {etag}, {size} bytes); incoming file kept"
            )
        if not delete_if_unchanged(s3, bucket, entry["key"], etag) and head(s3, bucket, entry["key"]):
            overwritten.append(entry["key"])
    return overwritten


def finish(s3: Any, ledger: Ledger, manifest: Manifest, etag: str, encryption: dict, log: Any) -> None:
    """Publish, archive, mark complete, clean up: everything a committed run still owes."""
    publish(s3, manifest, encryption)
    log.info(f"run {manifest.run_id}: {len(manifest.parts)} part(s) published to {manifest.output_uri}")
    for key in archive(s3, manifest):
        log.info(
            f"s3://{manifest.source_bucket}/{key} was overwritten after run {manifest.run_id} read it: "
            "the version read is archived, the new one stays for the next run"
        )
    ledger.mark_complete(manifest, etag)
    clean_up(s3, ledger, manifest)


def clean_up(s3: Any, ledger: Ledger, manifest: Manifest) -> None:
    """Delete a completed run's staging folder and snapshots (what a concurrent finisher left of them)."""
    delete_all(s3, manifest.target_bucket, manifest.staging_prefix)
    for entry in manifest.files:
        s3.delete_object(Bucket=ledger.bucket, Key=entry["snapshot_key"])


# --- runs that died --------------------------------------------------------------------------------------


def recover(
    s3: Any, ledger: Ledger, staging_of: Callable[[str], tuple[str, str]], encryption: dict, log: Any
) -> dict[str, str]:
    """Finish or discard every run that holds claims but is no longer running; ``staging_of(run_id)`` is
    a run's staging folder (bucket, prefix). Returns each recovered run's fate."""
    by_run: dict[str, list[Claim]] = {}
    for claim in ledger.claims():
        by_run.setdefault(claim.run_id, []).append(claim)
    fates = {}
    for run_id, claims in sorted(by_run.items()):
        job_name = claims[0].job_name
        if ledger.is_active(job_name, run_id):
            continue
        standing = ledger.manifest(run_id)
        if standing is None:  # it died before its commit: give it up first, so it can never commit
            standing = ledger.create_manifest(
                Manifest(
                    run_id,
                    job_name,
                    ABANDONED,
                    reason=f"ended before its commit; given up by {ledger.run_id}",
                )
            )
        manifest, etag = standing
        if manifest.state == COMMITTED:
            log.info(f"run {run_id} committed but did not finish: finishing its publish and archive")
            finish(s3, ledger, manifest, etag, encryption, log)
            fates[run_id] = "finished"
        elif manifest.state == COMPLETE:  # it ended between its completion and the release of its claims
            clean_up(s3, ledger, manifest)
            fates[run_id] = "released"
        else:
            log.info(f"run {run_id} ended before its commit: its staged output and snapshots are discarded")
            discard(s3, ledger, run_id, staging_of(run_id))
            fates[run_id] = "discarded"
        for claim in claims:
            ledger.release(claim)
    return fates
