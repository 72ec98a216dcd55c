"""Job bookmarks as the Glue API keeps them: per job, the entries its runs committed.

An entry is GetJobBookmark's JobBookmarkEntry: `Version` grows with every change, `Run` with every
commit, `Attempt` and `RunId` name the run that committed, `PreviousRunId` the one before, `JobBookmark`
is the state (the JSON of `localglue.jobs.glue_runtime.bookmarks`). What each run committed is kept, so
that ResetJobBookmark and `--job-bookmark-from/-to` can go back to it; deleting the job deletes it all.
State is scoped by (account, region) and reached only through the functions below.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from .. import persistence

EMPTY_BOOKMARK = "{}"


@dataclass(frozen=True)
class Entry:
    job_name: str
    version: int
    run: int
    attempt: int
    previous_run_id: str | None
    run_id: str | None
    bookmark: str

    def as_dict(self) -> dict:
        shape = {
            "JobName": self.job_name,
            "Version": self.version,
            "Run": self.run,
            "Attempt": self.attempt,
            "JobBookmark": self.bookmark,
        }
        optional = {"PreviousRunId": self.previous_run_id, "RunId": self.run_id}
        return shape | {key: value for key, value in optional.items() if value is not None}


class JobBookmarks:
    """The entries of every job of one account and region: each job's current one, and those its runs
    committed, by run id."""

    def __init__(self) -> None:
        self.current: dict[str, Entry] = {}
        self.committed: dict[str, dict[str, Entry]] = {}


_stores: dict[tuple[str, str], JobBookmarks] = {}
_lock = threading.Lock()


def _store(account_id: str, region: str) -> JobBookmarks:
    return _stores.setdefault((account_id, region), JobBookmarks())


def entry(account_id: str, region: str, job_name: str, run_id: str | None = None) -> Entry | None:
    """The job's current entry, or the one `run_id` committed; None if there is none."""
    with _lock:
        store = _store(account_id, region)
        if run_id is None:
            return store.current.get(job_name)
        return store.committed.get(job_name, {}).get(run_id)


def commit(account_id: str, region: str, job_name: str, run_id: str, attempt: int, bookmark: str) -> Entry:
    with _lock:
        store = _store(account_id, region)
        last = store.current.get(job_name)
        new = Entry(
            job_name=job_name,
            version=(last.version if last else 0) + 1,
            run=(last.run if last else 0) + 1,
            attempt=attempt,
            previous_run_id=last.run_id if last else None,
            run_id=run_id,
            bookmark=bookmark,
        )
        store.current[job_name] = new
        store.committed.setdefault(job_name, {})[run_id] = new
        return new


def reset(account_id: str, region: str, job_name: str, to: Entry | None = None) -> Entry:
    """Back to the state `to` (an entry of the job) holds, or to no state at all."""
    with _lock:
        store = _store(account_id, region)
        last = store.current.get(job_name) or Entry(job_name, 0, 0, 0, None, None, EMPTY_BOOKMARK)
        new = replace(last, version=last.version + 1, bookmark=to.bookmark if to else EMPTY_BOOKMARK)
        store.current[job_name] = new
        return new


def forget(account_id: str, region: str, job_name: str) -> None:
    with _lock:
        store = _store(account_id, region)
        store.current.pop(job_name, None)
        store.committed.pop(job_name, None)


def _snapshot() -> dict[tuple[str, str], JobBookmarks]:
    with _lock:
        return dict(_stores)


def _restore(stores: dict[tuple[str, str], JobBookmarks]) -> None:
    with _lock:
        _stores.clear()
        _stores.update(stores)


persistence.register("job bookmarks", _snapshot, _restore)
