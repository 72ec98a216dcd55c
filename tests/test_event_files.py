"""event_files.header_problem: which first bytes keep a file out of the run, and the words that say why."""

from __future__ import annotations

import gzip

import pytest

from event_files import HEADER_PROBE_BYTES, columns_problem, header_problem

GOOD = b"user_id,event_type,event_time\nu1,login,2024-03-05 10:00:00\n"


@pytest.mark.parametrize(
    "head",
    [
        GOOD,
        b"\xef\xbb\xbf" + GOOD,  # UTF-8 byte-order mark
        GOOD.replace(b"\n", b"\r\n"),
        b'"user_id","event_type","event_time"\n',  # quoted names, header only
        b"user_id,event_type,event_time",  # a whole file of one header line without its line end
        "user_id,event_type,event_time\nü1,login,2024-03-05 10:00:00\n".encode(),
    ],
    ids=["plain", "bom", "crlf", "quoted-names", "no-final-newline", "utf8-data"],
)
def test_files_the_job_reads(head):
    assert header_problem(head, whole_file=True) is None


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        (b"", "empty file: no header line"),
        (gzip.compress(GOOD), "gzip-compressed, not a UTF-8 CSV file"),
        (b"PAR1\x15\x04", "a Parquet file, not a UTF-8 CSV file"),
        (GOOD.decode().encode("utf-16"), "UTF-16 (little-endian byte-order mark), not a UTF-8 CSV file"),
        (GOOD.decode().encode("utf-16-be"), "holds NUL bytes: binary or UTF-16 text, not a UTF-8 CSV file"),
        (
            "user_id,event_type,event_time\nM\u00fcller,login,2024-03-05 10:00:00\n".encode("latin-1"),
            "not UTF-8: byte 0xfc at offset 31 (invalid start byte)",
        ),
        (
            b"user_id;event_type;event_time\nu1;login;2024-03-05 10:00:00\n",
            "delimited by ';', not ','; header 'user_id;event_type;event_time'",
        ),
        (
            b"user_id\tevent_type\tevent_time\n",
            "delimited by '\\t', not ','; header 'user_id\\tevent_type\\tevent_time'",
        ),
        (
            b"event_time,user_id,event_type\n2024-03-05 10:00:00,u1,login\n",
            "columns in the order event_time,user_id,event_type, expected user_id,event_type,event_time",
        ),
        (
            b"user_id,event_type\nu1,login\n",
            "no column event_time: header 'user_id,event_type', expected user_id,event_type,event_time",
        ),
        (
            b"user_id,event_type,event_time,source\n",
            "unexpected column(s) 'source': header 'user_id,event_type,event_time,source', "
            "expected user_id,event_type,event_time",
        ),
        (
            b"User_ID,event_type,event_time\n",
            "no column user_id; unexpected column(s) 'User_ID': header 'User_ID,event_type,event_time', "
            "expected user_id,event_type,event_time",
        ),
        (
            b"user_id,user_id,event_time\n",
            "column(s) user_id named more than once; header 'user_id,user_id,event_time'",
        ),
        (
            b"u1,login,2024-03-05 10:00:00\nu2,click,2024-03-05 10:01:00\n",
            "no column user_id, event_type, event_time; unexpected column(s) 'u1', 'login', "
            "'2024-03-05 10:00:00': header 'u1,login,2024-03-05 10:00:00', expected user_id,event_type,event_time",
        ),
    ],
    ids=[
        "empty",
        "gzip",
        "parquet",
        "utf16-bom",
        "utf16-no-bom",
        "latin1",
        "semicolons",
        "tabs",
        "column-order",
        "missing-column",
        "extra-column",
        "name-case",
        "duplicate-column",
        "no-header",
    ],
)
def test_files_kept_out_and_why(head, problem):
    assert header_problem(head, whole_file=True) == problem


def test_a_header_line_longer_than_the_probe_is_refused():
    head = b"user_id," * (HEADER_PROBE_BYTES // 8)
    assert header_problem(head[:HEADER_PROBE_BYTES], whole_file=False) == (
        f"no end of the header line in the first {HEADER_PROBE_BYTES} bytes"
    )


def test_a_multibyte_character_cut_by_the_probe_is_not_an_encoding_error():
    head = "user_id,event_type,event_time\nü".encode()[:-1]  # the probe ends inside "ü"
    assert header_problem(head, whole_file=False) is None
    assert header_problem(head, whole_file=True).startswith("not UTF-8: byte 0xc3 at offset 30")


def test_an_empty_header_line():
    assert columns_problem("") == (
        "no column user_id, event_type, event_time: header '', expected user_id,event_type,event_time"
    )
