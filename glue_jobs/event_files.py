"""What an event file must look like for the job to read it: its header, checked before any row is read.

An event file is UTF-8 text (a byte-order mark is allowed), comma-separated, RFC 4180 quoting (a quoted
field may hold commas, doubled quotes and line breaks), LF or CRLF line ends, and a first line naming
exactly the columns ``EXPECTED_COLUMNS`` in that order (each name may be quoted). ``header_problem``
says, in one line, what is wrong with a file from its first bytes, or returns None; ``malformed_problem``
words the problem of a file in which Spark found records that are not three fields.
"""

from __future__ import annotations

import codecs
import csv

from event_lag import COLUMNS as EXPECTED_COLUMNS

# Read from the start of every file; a header longer than this is not one
HEADER_PROBE_BYTES = 64 * 1024
UTF8_BOM = codecs.BOM_UTF8
OTHER_DELIMITERS = (";", "\t", "|")
# Leading bytes of files that are not text at all
BINARY_SIGNATURES = {
    b"\x1f\x8b": "gzip-compressed",
    b"PK\x03\x04": "a zip archive",
    b"PAR1": "a Parquet file",
    b"\xff\xfe": "UTF-16 (little-endian byte-order mark)",
    b"\xfe\xff": "UTF-16 (big-endian byte-order mark)",
}


def header_problem(head: bytes, *, whole_file: bool) -> str | None:
    """What keeps a file out of the run, judged from its first bytes ``head`` (``whole_file``: all of it)."""
    if not head:
        return "empty file: no header line"
    for signature, kind in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return f"{kind}, not a UTF-8 CSV file"
    if b"\x00" in head:
        return "holds NUL bytes: binary or UTF-16 text, not a UTF-8 CSV file"
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=whole_file)
    except UnicodeDecodeError as error:
        return f"not UTF-8: byte 0x{head[error.start]:02x} at offset {error.start} ({error.reason})"
    text = text.removeprefix("\ufeff")
    line, newline, _ = text.partition("\n")
    if not newline and not whole_file:
        return f"no end of the header line in the first {HEADER_PROBE_BYTES} bytes"
    return columns_problem(line.removesuffix("\r"))


def columns_problem(line: str) -> str | None:
    """What is wrong with the header line ``line`` (without its line end), or None."""
    (names,) = list(csv.reader([line])) or [[]]
    expected = list(EXPECTED_COLUMNS)
    if names == expected:
        return None
    wanted = ",".join(expected)
    if len(names) == 1:
        delimiter = next((d for d in OTHER_DELIMITERS if d in names[0]), None)
        if delimiter is not None:
            return f"delimited by {delimiter!r}, not ','; header {line!r}"
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        return f"column(s) {', '.join(repeated)} named more than once; header {line!r}"
    missing = [name for name in expected if name not in names]
    unexpected = [name for name in names if name not in expected]
    if not missing and not unexpected:
        return f"columns in the order {','.join(names)}, expected {wanted}"
    parts = []
    if missing:
        parts.append(f"no column {', '.join(missing)}")
    if unexpected:
        parts.append(f"unexpected column(s) {', '.join(repr(name) for name in unexpected)}")
    return f"{'; '.join(parts)}: header {line!r}, expected {wanted}"


def malformed_problem(malformed: int, example: str) -> str:
    """The problem of a file with ``malformed`` records Spark could not read as three fields, one of them
    ``example`` (as written in the file)."""
    shown = example if len(example) <= 200 else example[:200] + "..."
    return (
        f"{malformed} record(s) not {len(EXPECTED_COLUMNS)} comma-separated fields, not UTF-8, or with a "
        f"quote left open (the rest of the file would be one field), e.g. {shown!r}"
    )
