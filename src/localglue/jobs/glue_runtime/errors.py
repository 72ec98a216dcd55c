"""Error records: what a transformation could not do to a record, kept beside the DynamicFrame.

Glue keeps the records a transformation failed on (a map function that raised, a malformed JSON line)
apart from the frame's data: `errorsCount()` counts those of the frame and of every frame it came from,
`stageErrorsCount()` those of the last transformation, `errorsAsDynamicFrame()` holds them. A
localglue error record has one field, `error`, with `msg` (the failure), `info` (the `info` argument of
the transformation), `stackTrace` and `input` (the record as JSON).

`stageThreshold` and `totalThreshold` (0: no limit) are the numbers of errors allowed; one more fails
the transformation, as in Glue.
"""

from __future__ import annotations

import json
import traceback

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

ERROR_SCHEMA = T.StructType(
    [
        T.StructField(
            "error",
            T.StructType(
                [
                    T.StructField("msg", T.StringType()),
                    T.StructField("info", T.StringType()),
                    T.StructField("stackTrace", T.StringType()),
                    T.StructField("input", T.StringType()),
                ]
            ),
        )
    ]
)


class ErrorThresholdExceeded(Exception):
    """More error records than a transformation's stageThreshold or totalThreshold allows."""


def error_row(message: str, info: str, record: object, exc: BaseException | None = None) -> tuple:
    """One error record, as a row of ERROR_SCHEMA."""
    stack = "".join(traceback.format_exception(exc)) if exc is not None else ""
    return ((message, info, stack, json.dumps(record, default=str, sort_keys=True)),)


def empty(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame([], ERROR_SCHEMA)


def check_thresholds(
    stage: DataFrame | None,
    lineage: tuple[DataFrame, ...],
    stage_threshold: int,
    total_threshold: int,
    info: str,
) -> None:
    """Raise ErrorThresholdExceeded when a threshold is set and more errors than it allows occurred."""
    where = f" ({info})" if info else ""
    if stage_threshold and stage is not None:
        count = stage.count()
        if count > stage_threshold:
            raise ErrorThresholdExceeded(
                f"Exceeded the stage error threshold{where}: {count} error records, "
                f"stageThreshold {stage_threshold}"
            )
    if total_threshold and lineage:
        count = sum(frame.count() for frame in lineage)
        if count > total_threshold:
            raise ErrorThresholdExceeded(
                f"Exceeded the total error threshold{where}: {count} error records, "
                f"totalThreshold {total_threshold}"
            )
