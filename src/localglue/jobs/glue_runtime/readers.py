"""Reading files into a DynamicFrame's DataFrame, with the format options Glue documents.

Formats ("Data format options for inputs and outputs in AWS Glue"):
- csv: `separator` (`,`), `quoteChar` (`"`; -1 turns quoting off), `escaper`, `withHeader` (false:
  fields are `col0`, `col1`, ...), `skipFirst`, `multiLine`; values typed one by one (`csvtypes`);
- json: `jsonPath` (`$`, `$.records[*]`, `$[*]`...: the objects it reaches are the records),
  `multiLine`; malformed records become error records;
- parquet, glueparquet, orc, avro (Spark's readers; avro with the spark-avro jar on the classpath).
Compressed files (`.gz`, `.bz2`, `.snappy`, ...) are read by their extension, as Hadoop does.

Each file's schema is read on its own and the schemas merged: a field whose type differs between
files becomes a choice (`choice`), one missing from some files is null there. Files of one schema are
read together. A catalog table's partition values come as typed constant columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import reduce

from pyspark.sql import Column, DataFrame, DataFrameReader, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import choice, csvtypes, fieldpaths

READABLE = ("csv", "json", "parquet", "glueparquet", "orc", "avro")
NOT_EMULATED = ("xml", "ion", "grokLog", "groklog", "hudi", "delta", "iceberg")
_CORRUPT = "_corrupt_record"
_SCHEMA_THREADS = 4
_JSON_PATH_STEP = re.compile(r"\.([^.\[\]]+)|\['([^']+)'\]|\[\*\]")


class ReadError(ValueError):
    """A format or option the reader cannot honour, or a file it cannot read; the message names it."""


@dataclass
class FileSet:
    """Files read alike, with the constant fields they add (a partition's values)."""

    files: list[str]
    constants: list[tuple[str, str | None, T.DataType]] = field(default_factory=list)


@dataclass(frozen=True)
class Format:
    name: str
    options: dict
    column_names: list[str] | None = None  # a catalog table's columns, by position (CSV)


def fmt_name(name: str | None) -> str:
    if not name:
        raise ReadError('a format is needed to read files (format="csv", "json", "parquet", ...)')
    if name in NOT_EMULATED or name.lower() in NOT_EMULATED:
        raise ReadError(f"format {name!r} is not emulated by localglue (readable: {', '.join(READABLE)})")
    if name.lower() not in READABLE:
        raise ReadError(f"format {name!r} is not a format Glue reads (readable: {', '.join(READABLE)})")
    return "parquet" if name.lower() == "glueparquet" else name.lower()


def truthy(value: object) -> bool:
    """A boolean option's value, given as a bool or as text ("true", "True")."""
    return value if isinstance(value, bool) else str(value).strip().lower() == "true"


def flag(options: dict, name: str, default: bool = False) -> bool:
    return truthy(options.get(name, default))


def read(spark: SparkSession, file_sets: list[FileSet], fmt: Format) -> tuple[DataFrame, DataFrame | None]:
    """The records of every file set, under one schema; and the error records (malformed JSON)."""
    files = [f for s in file_sets for f in s.files]
    if not files:
        return spark.createDataFrame([], T.StructType([])), None
    schema_of = _schema_reader(spark, fmt)
    with ThreadPoolExecutor(_SCHEMA_THREADS) as pool:  # Spark runs the small inference jobs side by side
        schemas = dict(zip(files, pool.map(schema_of, files)))
    parts, failures = [], []
    for file_set in file_sets:
        groups: dict[str, list[str]] = {}
        for file in file_set.files:
            groups.setdefault(schemas[file].json(), []).append(file)
        for group in groups.values():
            df, failed = _read_group(spark, group, schemas[group[0]], fmt)
            constants = [
                F.lit(value).cast(data_type).alias(name) for name, value, data_type in file_set.constants
            ]
            parts.append(df.select(*[fieldpaths.column(c) for c in df.columns], *constants))
            if failed is not None:
                failures.append(failed)
    df = union_conformed(parts)
    if fmt.name == "csv":
        partition_names = {name for s in file_sets for name, _, _ in s.constants}
        df = csvtypes.typed(df, exclude=frozenset(partition_names))
    failed = reduce(DataFrame.unionByName, failures) if failures else None
    return df, failed


def union_conformed(parts: list[DataFrame]) -> DataFrame:
    """The frames' records under their merged schema."""
    types: dict[str, T.DataType] = {}
    for part in parts:
        for f in part.schema.fields:
            types[f.name] = choice.merge(types[f.name], f.dataType) if f.name in types else f.dataType

    def conformed(df: DataFrame) -> DataFrame:
        have = {f.name: f.dataType for f in df.schema.fields}
        return df.select(
            *[
                (
                    choice.conform(fieldpaths.column(n), have[n], t) if n in have else F.lit(None).cast(t)
                ).alias(n)
                for n, t in types.items()
            ]
        )

    return reduce(DataFrame.unionByName, [conformed(p) for p in parts])


def _reader(spark: SparkSession, fmt: Format) -> DataFrameReader:
    options = fmt.options
    reader = spark.read
    if fmt.name == "csv":
        if flag(options, "withHeader") and flag(options, "skipFirst"):
            raise ReadError("csv: withHeader and skipFirst together are not supported locally")
        quote = options.get("quoteChar", '"')
        reader = (
            reader.option("sep", options.get("separator", ","))
            .option("quote", "" if str(quote) == "-1" else quote)
            .option("escape", options.get("escaper") or ('"' if str(quote) != "-1" else "\\"))
            .option("multiLine", flag(options, "multiLine"))
            .option("header", flag(options, "withHeader") or flag(options, "skipFirst"))
        )
    elif fmt.name == "json":
        reader = reader.option("multiLine", flag(options, "multiLine") or flag(options, "multiline"))
        reader = reader.option("columnNameOfCorruptRecord", _CORRUPT)
    return reader.format(fmt.name)


def _schema_reader(spark: SparkSession, fmt: Format) -> Callable[[str], T.StructType]:
    def schema_of(file: str) -> T.StructType:
        try:
            if fmt.name == "csv":
                return _csv_columns(spark, file, fmt)
            return _reader(spark, fmt).load(file).schema
        except Exception as err:  # Spark's AnalysisException / Py4JJavaError: name the file
            message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ReadError(f"cannot read {file} as {fmt.name}: {message}") from err

    return schema_of


def _csv_columns(spark: SparkSession, file: str, fmt: Format) -> T.StructType:
    """The file's columns, all strings: its header's names, the table's, or col0, col1, ..."""
    if fmt.column_names is not None:
        names = list(fmt.column_names)
    else:
        found = _reader(spark, fmt).load(file).columns
        names = found if flag(fmt.options, "withHeader") else [f"col{i}" for i in range(len(found))]
    return T.StructType([T.StructField(name, T.StringType()) for name in names])


def _read_group(
    spark: SparkSession, files: list[str], schema: T.StructType, fmt: Format
) -> tuple[DataFrame, DataFrame | None]:
    df = _reader(spark, fmt).schema(schema).load(files)
    failed = None
    if fmt.name == "json":
        if _CORRUPT in df.columns:
            df = df.cache()  # Spark refuses queries on the corrupt-record column alone of an uncached read
            failed = df.where(F.col(_CORRUPT).isNotNull()).select(
                F.struct(
                    F.lit("malformed JSON record").alias("msg"),
                    F.lit(", ".join(files)).alias("info"),
                    F.lit("").alias("stackTrace"),
                    F.col(_CORRUPT).alias("input"),
                ).alias("error")
            )
            df = df.where(F.col(_CORRUPT).isNull()).drop(_CORRUPT)
        if fmt.options.get("jsonPath"):
            df = json_path(df, fmt.options["jsonPath"])
    return df, failed


def json_path(df: DataFrame, path: str) -> DataFrame:
    """The objects `path` reaches in each record, as records: `$.a.b`, `$.a[*]`, `$['a b'][*]`."""
    text = path.strip()
    if not text.startswith("$"):
        raise ReadError(f"jsonPath {path!r} does not start at the document ($)")
    steps, position = [], 1
    while position < len(text):
        match = _JSON_PATH_STEP.match(text, position)
        if not match:
            raise ReadError(f"jsonPath {path!r}: cannot read from {text[position:]!r} (fields and [*] only)")
        steps.append(match.group(1) or match.group(2) or "*")
        position = match.end()
    node: Column = F.struct(*[fieldpaths.column(c) for c in df.columns])
    node_type: T.DataType = df.schema
    at_root = True
    for step in steps:
        if step == "*":
            if at_root:  # Spark already reads a top-level array's elements as records
                continue
            if not isinstance(node_type, T.ArrayType):
                raise ReadError(
                    f"jsonPath {path!r}: [*] applies to an array, found {node_type.simpleString()}"
                )
            df = df.select(F.explode(node).alias("__node"))
            node, node_type = F.col("__node"), node_type.elementType
        else:
            if not isinstance(node_type, T.StructType) or step not in node_type.fieldNames():
                raise ReadError(f"jsonPath {path!r}: no field {step!r} where the path reaches")
            node, node_type = node.getField(step), node_type[step].dataType
        at_root = False
    if not isinstance(node_type, T.StructType):
        raise ReadError(f"jsonPath {path!r} reaches {node_type.simpleString()} values, not objects")
    return df.select(node.alias("__node")).select("__node.*")
