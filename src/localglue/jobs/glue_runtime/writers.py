"""Writing a DynamicFrame's records to files, as Glue's S3 sinks do.

Sinks add files next to what is there (Spark's append mode), one folder per partition value
(`partitionKeys`, Hive-style `key=value/`). Formats and options ("Data format options for inputs and
outputs in AWS Glue"):
- csv: `separator`, `quoteChar` (-1: no quoting), `escaper`, `writeHeader` (true);
- json: one record per line;
- parquet / glueparquet (`compression`, snappy by default), orc, avro (the spark-avro jar).
`compression` (a connection option, or glueparquet's format option) names the codec: gzip, bzip2,
snappy, lz4, zstd, uncompressed/none.

Choices are written as the structs of their members (in CSV as the text of their value, nested
values as JSON), fields without any value as strings.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import catalog, choice, fieldpaths, readers

WRITABLE = ("csv", "json", "parquet", "glueparquet", "orc", "avro")
_CODECS = {"bzip": "bzip2", "none": "none", "uncompressed": "uncompressed"}


class WriteError(ValueError):
    """A format or option the writer cannot honour; the message names it."""


def format_name(name: str | None) -> str:
    if not name:
        raise WriteError('a format is needed to write files (format="csv", "json", "parquet", ...)')
    if name.lower() not in WRITABLE:
        raise WriteError(f"format {name!r} cannot be written (writable: {', '.join(WRITABLE)})")
    return name.lower()


def classification(name: str) -> str:
    """The catalog classification of what a format writes (glueparquet writes parquet)."""
    return "parquet" if name in ("glueparquet", "parquet") else name


def writable(df: DataFrame, fmt: str = "parquet") -> DataFrame:
    """`df` as every format can store it: choices as structs of their members (CSV: the value's text,
    nested values as JSON), fields without any value as strings."""
    fields = []
    for field in fieldpaths.record_fields(df):
        value, data_type = field.value, field.data_type
        if fmt == "csv" and choice.is_choice(data_type):
            value, data_type = choice.cast(value, data_type, T.StringType()), T.StringType()
        elif fmt == "csv" and isinstance(data_type, T.StructType | T.ArrayType | T.MapType):
            value, data_type = F.to_json(choice.strip(value, data_type)), T.StringType()
        else:
            value, data_type = choice.strip(value, data_type), choice.strip_type(data_type)
        if isinstance(data_type, T.NullType):
            value, data_type = value.cast(T.StringType()), T.StringType()
        fields.append(fieldpaths.Field(field.name, value, data_type))
    return fieldpaths.select(df, fields)


def write(
    df: DataFrame, path: str, fmt: str, format_options: dict, connection_options: dict
) -> list[tuple[str, ...]]:
    """Write the records under `path`; return the partition values written (strings, as in the catalog)."""
    partition_keys = list(connection_options.get("partitionKeys") or [])
    missing = [k for k in partition_keys if k not in df.columns]
    if missing:
        raise WriteError(f"partitionKeys {', '.join(missing)} are not fields of the frame")
    data = writable(df, fmt)
    writer = data.write.mode("append")
    codec = connection_options.get("compression") or format_options.get("compression")
    if fmt == "glueparquet":
        codec = codec or "snappy"
    if codec:
        writer = writer.option("compression", _CODECS.get(str(codec).lower(), str(codec).lower()))
    if fmt == "csv":
        quote = format_options.get("quoteChar", '"')
        writer = (
            writer.option("sep", format_options.get("separator", ","))
            .option("quote", "" if str(quote) == "-1" else quote)
            .option("header", readers.flag(format_options, "writeHeader", True))
        )
        if format_options.get("escaper"):
            writer = writer.option("escape", format_options["escaper"])
    if partition_keys:
        writer = writer.partitionBy(*partition_keys)
    writer.format("parquet" if fmt == "glueparquet" else fmt).save(path)
    if not partition_keys:
        return []
    values = data.select(*[fieldpaths.column(k).cast("string").alias(k) for k in partition_keys]).distinct()
    return [
        tuple(catalog.HIVE_DEFAULT_PARTITION if row[k] is None else row[k] for k in partition_keys)
        for row in values.collect()
    ]
