"""Job bookmarks inside a job run: which files of a source earlier runs processed.

Glue's rules for S3 sources ("Tracking processed data using job bookmarks"): a source read with a
`transformation_ctx` keeps, per context, the latest modification time of the files it processed (the
high-water mark) and the files modified within `maxBand` milliseconds before it (15 minutes by
default). A file is new to the next run when it was modified after the high-water mark, or within the
band and not in that list; a file modified again is new again. A catalog source applies the same rules
to the files of the partitions it reads.

`--job-bookmark-option`: job-bookmark-enable reads new files and `Job.commit()` saves the state;
job-bookmark-pause reads the files new since the last commit (or those of the runs between
`--job-bookmark-from` and `--job-bookmark-to`) and saves nothing; job-bookmark-disable reads
everything. The runner writes the committed state the run starts from to a file
(`LOCALGLUE_JOB_BOOKMARK` names it); `Job.commit()` sends the new state to the gateway with the
localglue-only action `LocalGlue.CommitJobBookmark` (`localglue.jobs.bookmark_provider`), signed with
the run's credentials.

The state of one context, as GetJobBookmark's `JobBookmark` shows it:
`{"<ctx>": {"highWaterMarkMillis": ..., "maxBandMillis": ..., "filesInBand": [uri, ...]}}`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

from .storage import DataFile

ENABLE, PAUSE, DISABLE = "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"
BOOKMARK_FILE_ENV = "LOCALGLUE_JOB_BOOKMARK"
COMMIT_ACTION = "CommitJobBookmark"
DEFAULT_MAX_BAND_MS = 900_000


@dataclass(frozen=True)
class SourceState:
    high_water_ms: int
    max_band_ms: int
    files_in_band: frozenset[str]

    def as_json(self) -> dict:
        return {
            "highWaterMarkMillis": self.high_water_ms,
            "maxBandMillis": self.max_band_ms,
            "filesInBand": sorted(self.files_in_band),
        }

    @classmethod
    def from_json(cls, value: dict) -> SourceState:
        return cls(
            int(value["highWaterMarkMillis"]), int(value["maxBandMillis"]), frozenset(value["filesInBand"])
        )


def is_new(data_file: DataFile, state: SourceState | None) -> bool:
    if state is None or data_file.modified_ms > state.high_water_ms:
        return True
    in_band = data_file.modified_ms > state.high_water_ms - state.max_band_ms
    return in_band and data_file.uri not in state.files_in_band


def next_state(state: SourceState | None, listed: list[DataFile], max_band_ms: int) -> SourceState | None:
    """The state once every listed file is processed."""
    if not listed:
        return state
    high_water = max([f.modified_ms for f in listed] + ([state.high_water_ms] if state else []))
    band = frozenset(f.uri for f in listed if f.modified_ms > high_water - max_band_ms)
    return SourceState(high_water, max_band_ms, band)


def _states(text: str | None) -> dict[str, SourceState]:
    return {ctx: SourceState.from_json(value) for ctx, value in json.loads(text or "{}").items()}


class BookmarkSession:
    """The bookmark of one run: what it started from, and what its sources have read since."""

    def __init__(
        self,
        option: str,
        job_name: str,
        run_id: str,
        committed: str | None,
        range_from: str | None = None,
        range_to: str | None = None,
    ):
        self.option = option
        self.job_name = job_name
        self.run_id = run_id
        self._committed = _states(committed)
        self._from = _states(range_from) if range_from is not None else None
        self._to = _states(range_to) if range_to is not None else None
        self._read: dict[str, SourceState | None] = {}

    def select(self, ctx: str, listed: list[DataFile], max_band_ms: int) -> list[DataFile]:
        """The files of `listed` this run reads for the source `ctx`."""
        if self.option == DISABLE or not ctx:
            return listed
        if self._from is not None and self._to is not None:
            start, end = self._from.get(ctx), self._to.get(ctx)
            return [f for f in listed if is_new(f, start) and not is_new(f, end)]
        state = self._committed.get(ctx)
        self._read[ctx] = next_state(state, listed, max_band_ms)
        return [f for f in listed if is_new(f, state)]

    def state_json(self) -> str:
        states = {**self._committed, **{ctx: s for ctx, s in self._read.items() if s is not None}}
        return json.dumps({ctx: state.as_json() for ctx, state in states.items()}, sort_keys=True)

    def commit(self) -> None:
        """Save the run's state (job-bookmark-enable only); raises RuntimeError when the gateway refuses."""
        if self.option != ENABLE:
            return
        body = {"JobName": self.job_name, "RunId": self.run_id, "JobBookmark": self.state_json()}
        _call_gateway(COMMIT_ACTION, body)


def _call_gateway(action: str, body: dict) -> dict:
    """A `LocalGlue.<action>` request to the job's endpoint, SigV4-signed as the run's Glue calls are."""
    import botocore.session
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    if not os.environ.get("AWS_ENDPOINT_URL"):
        raise RuntimeError(
            f"LocalGlue.{action} needs the localglue endpoint the run was given (AWS_ENDPOINT_URL)"
        )
    endpoint = os.environ["AWS_ENDPOINT_URL"].rstrip("/") + "/"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    credentials = botocore.session.get_session().get_credentials()
    if credentials is None:
        raise RuntimeError(f"LocalGlue.{action} needs the run's credentials (AWS_ACCESS_KEY_ID)")
    payload = json.dumps(body).encode()
    request = AWSRequest(
        method="POST",
        url=endpoint,
        data=payload,
        headers={"X-Amz-Target": f"LocalGlue.{action}", "Content-Type": "application/x-amz-json-1.1"},
    )
    SigV4Auth(credentials, "glue", region).add_auth(request)
    prepared = urllib.request.Request(endpoint, data=payload, headers=dict(request.headers), method="POST")
    try:
        with urllib.request.urlopen(prepared, timeout=60) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as err:
        answer = json.loads(err.read() or b"{}")
        raise RuntimeError(
            f"LocalGlue.{action} for job {body.get('JobName')}: "
            f"{answer.get('__type', err.code)}: {answer.get('message', '')}"
        ) from err


_session: BookmarkSession | None = None


def start(job_name: str, run_id: str, option: str) -> BookmarkSession:
    """The run's session (Job.init), from the state the runner wrote for it when bookmarks are on."""
    global _session
    given = {}
    path = os.environ.get(BOOKMARK_FILE_ENV)
    if option != DISABLE and path and os.path.isfile(path):
        with open(path) as file:
            given = json.load(file)
    _session = BookmarkSession(
        option, job_name, run_id, given.get("JobBookmark"), given.get("From"), given.get("To")
    )
    return _session


def current() -> BookmarkSession | None:
    return _session
