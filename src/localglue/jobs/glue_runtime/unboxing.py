"""unbox: a string field parsed into the struct it holds (JSON or CSV text), in place.

JSON: the struct's type is inferred from all the field's values (as Spark reads JSON). CSV: one record
per value, fields `col0`, `col1`, ... as strings, split at `separator` (default `,`), unless
`withSchema` (a gluetypes StructType as JSON) gives names and types. A value that is not JSON makes an
error record, and its field null.
"""

from __future__ import annotations

from awsglue.gluetypes import _deserialize_json_string
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import fieldpaths, schemas

FORMATS = ("json", "csv")
_CORRUPT = "_corrupt_record"


class UnboxError(ValueError):
    """A field or format unbox cannot handle; the message names it."""


def unbox(
    df: DataFrame, spark: SparkSession, path: str, fmt: str, info: str, options: dict
) -> tuple[DataFrame, DataFrame]:
    names = fieldpaths.parse(path)
    found = fieldpaths.get(fieldpaths.record_fields(df), names)
    if found is None or not isinstance(found.data_type, T.StringType):
        raise UnboxError(f"unbox: {path} is not a string field of the frame")
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise UnboxError(f"unbox: format {fmt!r} is not supported locally (supported: {', '.join(FORMATS)})")
    target = _target(df, spark, found.value, fmt, options)
    if fmt == "json":
        # the raw text of a value that is not JSON lands in the corrupt-record field: an error record
        with_corrupt = T.StructType(target.fields + [T.StructField(_CORRUPT, T.StringType())])
        full = F.from_json(found.value, with_corrupt, {"columnNameOfCorruptRecord": _CORRUPT})
        failed = full.getField(_CORRUPT).isNotNull()
        parsed = F.when(failed, F.lit(None)).otherwise(
            F.struct(*[full.getField(f.name).alias(f.name) for f in target.fields])
        )
    else:
        csv_options = {"sep": options.get("separator", ",")}
        if options.get("escaper"):
            csv_options["escape"] = options["escaper"]
        ddl = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in target.fields)
        parsed = F.from_csv(found.value, ddl, csv_options)
        failed = F.lit(False)
    marked = df.withColumn("__unboxed", parsed)
    failed_rows = marked.where(failed)
    unboxed_fields = fieldpaths.record_fields(marked)
    unboxed = fieldpaths.Field(names[-1], F.col("__unboxed"), target)
    fields = fieldpaths.edit(
        [f for f in unboxed_fields if f.name != "__unboxed"],
        names[:-1],
        lambda inner: [unboxed if f.name == names[-1] else f for f in inner],
    )
    failures = failed_rows.select(
        F.struct(
            F.lit(f"unbox: the value is not {fmt}").alias("msg"),
            F.lit(info).alias("info"),
            F.lit("").alias("stackTrace"),
            F.to_json(F.struct(*[fieldpaths.column(f.name) for f in df.schema.fields])).alias("input"),
        ).alias("error")
    )
    return fieldpaths.select(marked, fields), failures


def _target(df: DataFrame, spark: SparkSession, value: Column, fmt: str, options: dict) -> T.StructType:
    """The struct the values unbox to: `withSchema`'s, else JSON's inferred type, else CSV's columns."""
    with_schema = options.get("withSchema")
    if with_schema:
        given = schemas.from_glue(_deserialize_json_string(with_schema))
        if not isinstance(given, T.StructType):
            raise UnboxError(f"unbox: withSchema {with_schema!r} is not a StructType")
        return given
    if fmt == "json":
        texts = df.select(value.alias("text")).where(F.col("text").isNotNull())
        inferred = spark.read.json(texts.rdd.map(lambda row: row.text)).schema
        return T.StructType([f for f in inferred.fields if f.name != _CORRUPT])  # the bad values' field
    widest_row = df.select(F.max(F.size(F.split(value, _literal(options.get("separator", ",")), -1)))).first()
    widest = (widest_row[0] if widest_row else None) or 1
    return T.StructType([T.StructField(f"col{i}", T.StringType()) for i in range(widest)])


def _literal(separator: str) -> str:
    """`separator` as a regular expression matching itself."""
    return "".join("\\" + c if c in r"\.^$|?*+()[]{}" else c for c in separator)
