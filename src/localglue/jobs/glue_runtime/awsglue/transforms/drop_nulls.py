"""`awsglue.transforms.DropNullFields`: AWS's transform without Glue's JVM.

Glue computes a frame's schema from its records, so a field no record has a value for is of NullType
there, and AWS's transform drops the NullType fields. localglue's schema comes from the DataFrame, so
the fields whose values are null in every record are found with one pass over the data, and dropped
with those of NullType (through structs, and into the structs of arrays for NullType, as AWS's walk).
"""

from awsglue import load_installed
from awsglue.gluetypes import ArrayType, NullType, StructType
from awsglue.transforms import DropFields
from localglue.jobs.glue_runtime import fieldpaths
from pyspark.sql import functions as F

_installed = load_installed("transforms.drop_nulls")


class DropNullFields(_installed.DropNullFields):
    def _find_null_fields(self, ctx, schema, path, output):
        if isinstance(schema, StructType):
            for field in schema:
                prefix = path + "." if path != "" else path
                self._find_null_fields(ctx, field.dataType, prefix + fieldpaths.quote(field.name), output)
        elif isinstance(schema, ArrayType):
            if isinstance(schema.elementType, StructType):
                self._find_null_fields(ctx, schema.elementType, path, output)
        elif isinstance(schema, NullType):
            output.append(path)

    def __call__(self, frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        null_fields = []
        self._find_null_fields(frame.glue_ctx, frame.schema(), "", null_fields)
        null_fields += [p for p in _paths_without_values(frame) if p not in null_fields]
        print("null_fields", null_fields)
        return DropFields.apply(frame, null_fields, transformation_ctx, info, stageThreshold, totalThreshold)


def _paths_without_values(frame) -> list[str]:
    """The paths (through structs) of the fields that are null in every record; none for an empty frame."""
    df = frame.toDF()
    leaves = fieldpaths.leaves(fieldpaths.record_fields(df))
    if not leaves:
        return []
    counts = df.agg(*[F.count(leaf.value).alias(str(i)) for i, leaf in enumerate(leaves)]).first()
    if counts is None or df.limit(1).count() == 0:
        return []
    return [leaf.name for i, leaf in enumerate(leaves) if counts[str(i)] == 0]
