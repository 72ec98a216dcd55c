"""Classification of one S3 object: its format, schema and the SerDe a table over it needs.

Glue invokes the crawler's custom classifiers first, in the crawler's order; the first that recognises
the data with certainty 1.0 wins, else the built-in classifiers run in their documented order
(Avro, ORC, Parquet, JSON, ..., CSV):
https://docs.aws.amazon.com/glue/latest/dg/add-classifier.html#classifier-built-in
localglue implements the built-ins a Glue pipeline on S3 meets most: Parquet, JSON and CSV, plus custom
CSV classifiers. Objects no classifier recognises are reported as UNKNOWN and get no table.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import schema
from .listing import S3Object
from .schema import Column

# Glue reads the beginning of a file to infer its schema: the first megabyte, and for CSV the first 1,000
# records or the first megabyte, whichever comes first.
# https://repost.aws/knowledge-center/glue-crawler-detect-schema
HEAD_BYTES = 1024 * 1024
CSV_SAMPLE_RECORDS = 1000

LAZY_SIMPLE_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
OPEN_CSV_SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe"
PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

# The built-in CSV classifier tries these delimiters, in this order:
# https://docs.aws.amazon.com/glue/latest/dg/add-classifier.html#classifier-builtin-rules
CSV_DELIMITERS = (",", "|", "\t", ";", "\u0001")
# "Except for the last column, every column in a potential header has content fewer than 150 characters."
MAX_HEADER_CELL = 150
# Real event logs have the odd malformed row; the first row's width must hold for nearly all rows, else
# the delimiter is not the file's. (Glue does not document its tolerance; this is localglue's choice.)
RAGGED_ROWS_TOLERATED = 0.1


@dataclass
class Classification:
    classification: str  # "csv", "json", "parquet"
    columns: Sequence[Column]
    serde_library: str
    serde_parameters: dict[str, str]
    input_format: str
    output_format: str
    format_parameters: dict[str, str] = field(default_factory=dict)  # delimiter, skip.header.line.count...
    records_sampled: int = 0
    bytes_sampled: int = 0  # bytes of the sampled records (header excluded)
    record_count: int | None = None  # when the format says it (Parquet); else estimated from the sample

    def format_key(self) -> tuple:
        """What files must share to live in one table (schemas aside).

        Quoting is not part of it: one quoted file among plain ones makes the whole table OpenCSVSerde.
        """
        parameters = self.format_parameters
        return (
            self.classification,
            parameters.get("delimiter"),
            parameters.get("skip.header.line.count"),
            parameters.get("compressionType"),
        )


@dataclass(frozen=True)
class CsvClassifierSpec:
    """A custom CSV classifier (CreateClassifier's CsvClassifier)."""

    name: str
    delimiter: str = ","
    quote_symbol: str = '"'
    contains_header: str = "UNKNOWN"  # PRESENT | ABSENT | UNKNOWN
    header: tuple[str, ...] = ()
    allow_single_column: bool = False
    disable_value_trimming: bool = True
    serde: str = "None"  # OpenCSVSerDe | LazySimpleSerDe | None (the crawler decides)

    @classmethod
    def from_api(cls, spec: dict) -> CsvClassifierSpec:
        return cls(
            name=spec["Name"],
            delimiter=spec.get("Delimiter") or ",",
            quote_symbol=spec.get("QuoteSymbol") or '"',
            contains_header=spec.get("ContainsHeader") or "UNKNOWN",
            header=tuple(spec.get("Header") or ()),
            allow_single_column=bool(spec.get("AllowSingleColumn")),
            disable_value_trimming=spec.get("DisableValueTrimming", True) is not False,
            serde=spec.get("Serde") or "None",
        )


class Sample:
    """The part of an object a classifier looks at: the decompressed head, or the object for Parquet."""

    def __init__(self, obj: S3Object):
        self.obj = obj
        raw = obj.head(HEAD_BYTES)
        self.is_parquet_candidate = raw[:4] == b"PAR1"
        self.compression = "none"
        complete = obj.size <= HEAD_BYTES
        if raw[:2] == b"\x1f\x8b":
            self.compression = "gzip"
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            raw = decompressor.decompress(raw, HEAD_BYTES)
            complete = complete and decompressor.eof
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        if not complete:  # the last line was cut by the sample's end
            text = text[: text.rfind("\n") + 1]
        self.text = text

    @functools.cached_property
    def csv_text(self) -> str:
        """The header line (if any) and the first 1,000 records."""
        lines = self.text.split("\n", CSV_SAMPLE_RECORDS + 1)
        return "\n".join(lines[: CSV_SAMPLE_RECORDS + 1]) + (
            "\n" if len(lines) > CSV_SAMPLE_RECORDS + 1 else ""
        )


def classify(obj: S3Object, custom: Sequence[CsvClassifierSpec] = ()) -> Classification | None:
    sample = Sample(obj)
    for spec in custom:
        found = classify_csv_custom(sample, spec)
        if found:
            return found
    return classify_parquet(sample) or classify_json(sample) or classify_csv(sample)


def classify_parquet(sample: Sample) -> Classification | None:
    """Parquet: the schema is read from the footer at the end of the file."""
    if (
        not sample.is_parquet_candidate
        or sample.obj.size < 12
        or sample.obj.read_range(sample.obj.size - 4, 4) != b"PAR1"
    ):
        return None
    import pyarrow.parquet as pq

    with sample.obj.open() as handle:
        parquet = pq.ParquetFile(handle)
        arrow_schema = parquet.schema_arrow
        rows = parquet.metadata.num_rows
    columns = [(f.name.lower(), schema.arrow_type(f.type)) for f in arrow_schema]
    return Classification(
        "parquet",
        columns,
        PARQUET_SERDE,
        {"serialization.format": "1"},
        PARQUET_INPUT,
        PARQUET_OUTPUT,
        {"compressionType": "none"},
        records_sampled=rows,
        bytes_sampled=sample.obj.size,
        record_count=rows,
    )


def classify_json(sample: Sample) -> Classification | None:
    """JSON: one object per line (or objects one after the other), typed from the sampled records."""
    text = sample.text
    if not text.lstrip().startswith("{"):
        return None
    decoder = json.JSONDecoder()
    records: list[dict] = []
    position, record_bytes = 0, 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        try:
            record, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            if not records:
                return None
            break
        if not isinstance(record, dict):
            return None
        records.append(record)
        record_bytes += len(text[position:end].encode()) + 1
        position = end
    columns = schema.merge_columns(schema.json_record_columns(r) for r in records)
    return Classification(
        "json",
        columns,
        JSON_SERDE,
        {"paths": ",".join(sorted(name for name, _ in columns))},
        TEXT_INPUT,
        TEXT_OUTPUT,
        {"compressionType": sample.compression},
        records_sampled=len(records),
        bytes_sampled=record_bytes,
    )


def classify_csv(sample: Sample) -> Classification | None:
    """The built-in CSV classifier: the first delimiter giving every row the same 2+ columns, 2+ rows."""
    for delimiter in CSV_DELIMITERS:
        rows = _consistent_rows(sample.csv_text, delimiter, '"', min_columns=2)
        if rows is not None and len(rows) >= 2:
            has_header = detect_header(rows)
            return _csv_classification(sample, rows, delimiter, '"', has_header, (), trim=False, serde="None")
    return None


def classify_csv_custom(sample: Sample, spec: CsvClassifierSpec) -> Classification | None:
    """A custom CSV classifier recognises the file when its delimiter splits every row alike."""
    rows = _consistent_rows(
        sample.csv_text, spec.delimiter, spec.quote_symbol, min_columns=1 if spec.allow_single_column else 2
    )
    if not rows:
        return None
    if spec.contains_header == "PRESENT":
        has_header = True
    elif spec.contains_header == "ABSENT":
        has_header = False
    else:
        has_header = detect_header(rows)
    return _csv_classification(
        sample,
        rows,
        spec.delimiter,
        spec.quote_symbol,
        has_header,
        spec.header,
        trim=not spec.disable_value_trimming,
        serde=spec.serde,
    )


def detect_header(rows: list[list[str]]) -> bool:
    """Glue's header heuristics for the built-in CSV classifier.

    https://docs.aws.amazon.com/glue/latest/dg/add-classifier.html#classifier-builtin-rules
    The first row is a header when every cell parses as STRING, cells but the last are non-empty and
    shorter than 150 characters, and the data is "sufficiently different": at least one column of the
    other rows parses as something other than STRING. A file whose columns are all strings therefore
    gets no header, and its columns are named col0, col1, ...
    """
    first, data = rows[0], rows[1:]
    if not data:
        return False
    for position, cell in enumerate(first):
        last = position == len(first) - 1
        if cell and schema.csv_value_type(cell) != "string":
            return False
        if not last and (not cell or len(cell) >= MAX_HEADER_CELL):
            return False
    return any(schema.column_type(row[i] for row in data) not in ("string", None) for i in range(len(first)))


def _consistent_rows(text: str, delimiter: str, quote: str, min_columns: int) -> list[list[str]] | None:
    if not text.strip() or "\x00" in text:  # NUL bytes: a binary file (Parquet, ORC, ...), not CSV
        return None
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote) if row]
    except csv.Error:  # not text Python's reader can split (a binary file, a lone carriage return): not CSV
        return None
    if not rows:
        return None
    width = len(rows[0])
    ragged = sum(1 for row in rows if len(row) != width)
    if width < min_columns or ragged > len(rows) * RAGGED_ROWS_TOLERATED:
        return None
    return [row for row in rows if len(row) == width]


def _csv_classification(
    sample: Sample,
    rows: list[list[str]],
    delimiter: str,
    quote: str,
    has_header: bool,
    names: tuple[str, ...],
    trim: bool,
    serde: str,
) -> Classification:
    width = len(rows[0])
    data = rows[1:] if has_header else rows
    if names:
        column_names = [name.lower() for name in names[:width]] + [
            f"col{i}" for i in range(len(names), width)
        ]
    elif has_header:
        column_names = [cell.strip().lower() or f"col{i}" for i, cell in enumerate(rows[0])]
    else:
        column_names = [f"col{i}" for i in range(width)]
    columns = [
        (name, schema.column_type((row[i].strip() if trim else row[i]) for row in data))
        for i, name in enumerate(_distinct(column_names))
    ]
    text = sample.csv_text
    quoted = _has_quoted_fields(text, delimiter, quote)
    use_open_csv = serde == "OpenCSVSerDe" or (serde == "None" and quoted)
    if use_open_csv:
        # Athena's OpenCSVSerDe reads quoted fields; https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html
        library, serde_parameters = OPEN_CSV_SERDE, {"separatorChar": delimiter, "quoteChar": quote}
    else:
        library, serde_parameters = LAZY_SIMPLE_SERDE, {"field.delim": delimiter}
    parameters = {
        "delimiter": delimiter,
        "areColumnsQuoted": "true" if quoted else "false",
        "columnsOrdered": "true",
        "compressionType": sample.compression,
    }
    header_bytes = 0
    if has_header:
        parameters["skip.header.line.count"] = "1"
        header_bytes = len(text.split("\n", 1)[0].encode()) + 1
    data_bytes = len(text.encode()) - header_bytes
    return Classification(
        "csv",
        columns,
        library,
        serde_parameters,
        TEXT_INPUT,
        TEXT_OUTPUT,
        parameters,
        records_sampled=len(data),
        bytes_sampled=data_bytes,
    )


def _distinct(names: list[str]) -> list[str]:
    """A table cannot have two columns of one name: later repeats get a _1, _2... suffix."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(f"{name}_{count}" if count else name)
    return out


def _has_quoted_fields(text: str, delimiter: str, quote: str) -> bool:
    return re.search(f"(^|{re.escape(delimiter)}){re.escape(quote)}", text, re.MULTILINE) is not None
