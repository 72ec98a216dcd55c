"""What the metastore does to table data: dropping a managed table (or its partition, or a database with
`deleteData`) deletes the files under its location, as Hive's metastore and AWS's Glue catalog client do.

Locations are `s3://` (and `s3a://`) in the local S3, deleted in moto's backend, or local paths
(`file:` or bare). As in Hive, a deletion that cannot be made is logged and the drop still succeeds; under
`--enforce-iam` an object the caller may not delete (s3:DeleteObject) stays where it is.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

from moto.backends import get_backend
from moto.s3.exceptions import MissingBucket

from ..gateway.iam import Caller
from ..s3paths import split_s3_uri

log = logging.getLogger("localglue.metastore")

S3_SCHEMES = ("s3", "s3a", "s3n")


def delete_location(account_id: str, location: str | None, caller: Caller | None) -> None:
    """Delete everything under `location` (a folder, as Hive sees one)."""
    if not location:
        return
    scheme = urlparse(location).scheme
    if scheme in S3_SCHEMES:
        _delete_s3_prefix(account_id, location, caller)
    elif scheme in ("", "file"):
        path = Path(unquote(urlparse(location).path) if scheme else location)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()
    else:
        log.warning("not deleting %s: the metastore deletes only S3 and local files", location)


def _delete_s3_prefix(account_id: str, location: str, caller: Caller | None) -> None:
    bucket_name, key = split_s3_uri(location)
    prefix = key.rstrip("/") + "/" if key else ""
    s3 = get_backend("s3")[account_id]["global"]
    try:
        bucket = s3.get_bucket(bucket_name)
    except MissingBucket:
        log.warning("not deleting %s: bucket %s does not exist", location, bucket_name)
        return
    for name in [name for name in list(bucket.keys.keys()) if name.startswith(prefix) or name == key]:
        denial = caller.denial("s3:DeleteObject", f"arn:aws:s3:::{bucket_name}/{name}") if caller else None
        if denial:
            log.warning("not deleting s3://%s/%s: %s", bucket_name, name, denial)
            continue
        s3.delete_object(bucket_name, name)
