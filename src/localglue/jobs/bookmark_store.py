"""Job bookmarks as the Glue API keeps them: per job, the entries its runs committed.

An entry is GetJobBookmark's JobBookmarkEntry: `Version` grows with every change, `Run` with every
commit, `Attempt` and `RunId` name the run that committed, `PreviousRunId` the one before, `JobBookmark`
is the state (the JSON of `localglue.jobs.glue_runtime.bookmarks`). What each run committed is kept, so
that ResetJobBookmark and `--job-bookmark-from/-to` can go back to it; deleting the job deletes it all.
State is one `JobBookmarks` per account and region, in the jobs engine's store (kept by `--persist`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

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
    committed, by run id (the jobs engine keeps one per account and region)."""

    def __init__(self) -> None:
        self.current: dict[str, Entry] = {}
        self.committed: dict[str, dict[str, Entry]] = {}
        self.lock = threading.Lock()

    def entry(self, job_name: str, run_id: str | None = None) -> Entry | None:
        """The job's current entry, or the one `run_id` committed; None if there is none."""
        with self.lock:
            if run_id is None:
                return self.current.get(job_name)
            return self.committed.get(job_name, {}).get(run_id)

    def commit(self, job_name: str, run_id: str, attempt: int, bookmark: str) -> Entry:
        with self.lock:
            last = self.current.get(job_name)
            new = Entry(
                job_name=job_name,
                version=(last.version if last else 0) + 1,
                run=(last.run if last else 0) + 1,
                attempt=attempt,
                previous_run_id=last.run_id if last else None,
                run_id=run_id,
                bookmark=bookmark,
            )
            self.current[job_name] = new
            self.committed.setdefault(job_name, {})[run_id] = new
            return new

    def reset(self, job_name: str, to: Entry | None = None) -> Entry:
        """Back to the state `to` (an entry of the job) holds, or to no state at all."""
        with self.lock:
            last = self.current.get(job_name) or Entry(job_name, 0, 0, 0, None, None, EMPTY_BOOKMARK)
            new = replace(last, version=last.version + 1, bookmark=to.bookmark if to else EMPTY_BOOKMARK)
            self.current[job_name] = new
            return new

    def forget(self, job_name: str) -> None:
        with self.lock:
            self.current.pop(job_name, None)
            self.committed.pop(job_name, None)
