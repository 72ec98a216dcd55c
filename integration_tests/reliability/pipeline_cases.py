"""The pipeline's bad-data cases: one input file each, and what the job must do with it.

All of them land in incoming/ together, beside good files, and one run of the job takes them
(test_pipeline_bad_data.py); the README's table of the pipeline's reliability is made from these lists.
`quarantined` is what the reason must say; `counts` the file's row counts in the run's manifest (worked
out by hand from the file's rows and event_lag's rules).
"""

from __future__ import annotations

import codecs
import gzip
from dataclasses import dataclass

from pipeline_harness import HEADER, events


@dataclass(frozen=True)
class DataCase:
    name: str  # the file's name in incoming/
    input: str  # what the file is, for the README
    body: bytes
    quarantined: str = ""  # words of the reason, when the file must be quarantined
    counts: dict | None = None  # its counts in the manifest, when it must be processed
    outcome: str = ""  # what happens, for the README

    @property
    def row(self) -> str:
        return f"| {self.input} | {self.outcome} |"


GOOD = events(
    "good_user,login,2024-03-05 10:00:00",
    "good_user,click,2024-03-05 10:01:30",
    "good_user,logout,2024-03-05 10:04:00",
)
# Beyond the header probe's 64 KiB: only Spark's reading of the whole file sees it
_FILLER = "".join(f"filler_{i:05d},click,2024-03-05 11:{i % 60:02d}:{i % 59:02d}\n" for i in range(2500))


def _counts(rows_read, rows_out, *, null=0, unparseable=0, duplicate=0, rows_trimmed=0) -> dict:
    return {
        "rows_read": rows_read,
        "rows_trimmed": rows_trimmed,
        "null": null,
        "unparseable": unparseable,
        "duplicate": duplicate,
        "rows_out": rows_out,
    }


DATA_CASES = (
    DataCase(
        "reordered.csv",
        "columns in another order (`event_time,user_id,event_type`)",
        b"event_time,user_id,event_type\n2024-03-05 10:00:00,u_reordered,login\n",
        quarantined="columns in the order event_time,user_id,event_type, expected user_id,event_type,event_time",
        outcome="quarantined: columns in another order; the good files' rows read by name, in full",
    ),
    DataCase(
        "semicolons.csv",
        "semicolon-delimited",
        b"user_id;event_type;event_time\nu_semi;login;2024-03-05 10:00:00\n",
        quarantined="delimited by ';', not ','",
        outcome="quarantined: delimited by `;`",
    ),
    DataCase(
        "tabs.tsv",
        "tab-delimited",
        b"user_id\tevent_type\tevent_time\nu_tab\tlogin\t2024-03-05 10:00:00\n",
        quarantined="delimited by '\\t', not ','",
        outcome="quarantined: delimited by a tab",
    ),
    DataCase(
        "no_event_time.csv",
        "no `event_time` column",
        b"user_id,event_type\nu_no_time,login\n",
        quarantined="no column event_time",
        outcome="quarantined: no column event_time",
    ),
    DataCase(
        "extra_column.csv",
        "an extra column",
        b"user_id,event_type,event_time,country\nu_extra,login,2024-03-05 10:00:00,fr\n",
        quarantined="unexpected column(s) 'country'",
        outcome="quarantined: unexpected column",
    ),
    DataCase(
        "no_header.csv",
        "no header line (data from the first line)",
        b"u_headless,login,2024-03-05 10:00:00\n",
        quarantined="no column user_id, event_type, event_time",
        outcome="quarantined: no header",
    ),
    DataCase(
        "duplicate_names.csv",
        "a column named twice",
        b"user_id,user_id,event_time\nu_dup,u_dup,2024-03-05 10:00:00\n",
        quarantined="column(s) user_id named more than once",
        outcome="quarantined: a column named twice",
    ),
    DataCase(
        "empty.csv", "an empty file (0 bytes)", b"", quarantined="empty file", outcome="quarantined: empty"
    ),
    DataCase(
        "compressed.csv.gz",
        "gzip-compressed CSV",
        gzip.compress(events("u_gzip,login,2024-03-05 10:00:00")),
        quarantined="gzip-compressed, not a UTF-8 CSV file",
        outcome="quarantined: gzip-compressed",
    ),
    DataCase(
        "utf16.csv",
        "UTF-16 text with its byte-order mark",
        codecs.BOM_UTF16_LE + events("u_utf16,login,2024-03-05 10:00:00").decode().encode("utf-16-le"),
        quarantined="UTF-16 (little-endian byte-order mark)",
        outcome="quarantined: UTF-16",
    ),
    DataCase(
        "latin1.csv",
        "Latin-1 text (a byte that is not UTF-8 in the first 64 KiB)",
        HEADER + "M\u00fcller,login,2024-03-05 10:00:00\n".encode("latin-1"),
        quarantined="not UTF-8: byte 0xfc at offset 31",
        outcome="quarantined: not UTF-8, byte and offset named",
    ),
    DataCase(
        "latin1_late.csv",
        "a byte that is not UTF-8 after the first 64 KiB",
        HEADER + _FILLER.encode() + "M\u00fcller,login,2024-03-05 12:00:00\n".encode("latin-1"),
        quarantined="1 record(s) not 3 comma-separated fields, not UTF-8",
        outcome="quarantined whole when Spark reads it: the record named",
    ),
    DataCase(
        "too_many_fields.csv",
        "a record with four fields",
        events("u_four,login,2024-03-05 10:00:00", "u_four,click,2024-03-05 10:01:00,extra"),
        quarantined="e.g. 'u_four,click,2024-03-05 10:01:00,extra'",
        outcome="quarantined whole: the malformed record named",
    ),
    DataCase(
        "too_few_fields.csv",
        "a record with two fields",
        events("u_two,login,2024-03-05 10:00:00", "u_two,click"),
        quarantined="e.g. 'u_two,click'",
        outcome="quarantined whole: the malformed record named",
    ),
    DataCase(
        "open_quote.csv",
        "a quote left open (the rest of the file one field)",
        events('u_open,"login,2024-03-05 10:00:00', "u_open,click,2024-03-05 10:01:00"),
        quarantined="a quote left open",
        outcome="quarantined whole, not half read",
    ),
    DataCase(
        "all_invalid.csv",
        "no valid event (every user_id null or time unparseable)",
        events(",login,2024-03-05 10:00:00", "u_bad,login,05/03/2024 10:00"),
        quarantined="none of its 2 rows is a valid event (null user_id/event_time 1, unparseable event_time 1)",
        outcome="quarantined: nothing to archive it for",
    ),
    DataCase(
        "multiline.csv",
        "a quoted field with an embedded newline",
        events(
            "u_multi,login,2024-03-05 10:00:00",
            'u_multi,"note\nwith a line break",2024-03-05 10:02:00',
            "u_multi,logout,2024-03-05 10:05:00",
        ),
        counts=_counts(3, 3),
        outcome="processed: the field kept whole, the next event's lag 3.0",
    ),
    DataCase(
        "bom_crlf.csv",
        "UTF-8 byte-order mark, CRLF line ends",
        codecs.BOM_UTF8
        + events("u_crlf,login,2024-03-05 10:00:00", "u_crlf,click,2024-03-05 10:00:30").replace(
            b"\n", b"\r\n"
        ),
        counts=_counts(2, 2),
        outcome="processed",
    ),
    DataCase(
        "header_only.csv",
        "a header and no rows",
        HEADER,
        counts=_counts(0, 0),
        outcome="processed (0 rows) and archived",
    ),
    DataCase(
        "dirty.csv",
        "nulls, an unparseable time, padded values",
        events(
            " u_dirty ,login, 2024-03-05 10:00:00",
            "u_dirty,,2024-03-05 10:01:00",
            "NULL,click,2024-03-05 10:02:00",
            "u_dirty,click,2024-13-05 10:03:00",
        ),
        counts=_counts(4, 2, null=1, unparseable=1, rows_trimmed=1),
        outcome="processed: 2 rows written, 1 null and 1 unparseable dropped and counted for the file",
    ),
    DataCase(
        "resent copy.csv",
        "the same events as another file, under another name (with a space)",
        GOOD,
        counts=_counts(3, 0, duplicate=3),
        outcome="processed: its 3 rows counted as duplicates of good.csv, archived",
    ),
    DataCase(
        "batch [1] *.csv",
        "a key with a file pattern's characters (`[1]`, `*`)",
        events("u_glob,login,2024-03-05 10:00:00"),
        counts=_counts(1, 1),
        outcome="processed: read as that one file, not as a pattern",
    ),
    DataCase(
        "données/été.csv",
        "a key with non-ASCII characters, in a sub-folder",
        events("u_unicode,login,2024-03-05 10:00:00"),
        counts=_counts(1, 1),
        outcome="processed, archived under the same relative key",
    ),
)


# Faults in the middle of runs (test_pipeline_faults.py, test_pipeline_workflow.py): what happens, what remains
FAULT_OUTCOMES = (
    (
        "run killed after its staged write, before its commit",
        "next run gives it up (manifest `abandoned`), deletes its staged output and snapshots, processes its "
        "files: each once",
    ),
    (
        "run killed after its commit, before publishing",
        "next run publishes the killed run's output and archives its files; then its own new files",
    ),
    ("run killed between two archive copies", "next run finishes the archive; nothing written twice"),
    (
        "run killed after archiving, before marking its manifest complete",
        "next run completes it; nothing twice",
    ),
    ("run killed after completing, before releasing its claims", "next run releases them; nothing twice"),
    (
        "an input overwritten while the run goes (after its snapshot)",
        "the version read is archived and in the output; the new version stays in incoming, processed by the "
        "next run",
    ),
    (
        "an input overwritten between its header check and its snapshot",
        "the run leaves it (left in incoming); the next run processes the new version only",
    ),
    ("two runs at once over the same files", "each file claimed and processed by exactly one of them"),
    (
        "a run Glue reports FAILED that is still going (given up by the next run)",
        "its late commit is refused (its manifest is already `abandoned`); its files are the next run's",
    ),
    (
        "a failure before the commit (the run's staging folder already holds a file)",
        "run FAILED, manifest `abandoned`, claims released, every input left in incoming for the next run",
    ),
    (
        "the source crawler re-run, with a reordered file among the inputs, between two workflow runs",
        "the job reads the files by their own headers, not the crawled table: good files in full, the "
        "reordered one quarantined",
    ),
    (
        "20 StartJobRun at once against MaxConcurrentRuns 2",
        "2 runs start, 18 get `ConcurrentRunsExceededException`; the 2 runs share the files, each once",
    ),
)


def markdown_table() -> str:
    rows = ["| Input or fault | Outcome |", "|---|---|"]
    rows += [case.row for case in DATA_CASES]
    rows += [f"| {fault} | {outcome} |" for fault, outcome in FAULT_OUTCOMES]
    return "\n".join(rows)
