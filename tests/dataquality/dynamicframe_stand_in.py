"""STAND-IN, for tests only: a minimal DynamicFrame until localglue's own (the glue-runtime work) lands.

AWS's awsglue.dynamicframe.DynamicFrame needs Glue's JVM classes. EvaluateDataQuality crosses between
DynamicFrames and DataFrames only with `DynamicFrame.fromDF(df, glue_ctx, name)`, `frame.toDF()` and
`frame.glue_ctx`; Glue Studio's generated checks also call `filter(f)` and `count()`. This has exactly those.
Remove it, and the `install()` calls, once `awsglue.dynamicframe.DynamicFrame` works locally.
"""

from __future__ import annotations


class DynamicFrame:
    def __init__(self, dataframe, glue_ctx, name=""):
        self._dataframe = dataframe
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):  # noqa: N802  (AWS's name)
        return cls(dataframe, glue_ctx, name)

    def toDF(self):  # noqa: N802  (AWS's name)
        return self._dataframe

    def count(self):
        return self._dataframe.count()

    def filter(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):  # noqa: N803
        rows = [row for row in self._dataframe.collect() if f(row.asDict())]
        spark = self._dataframe.sparkSession
        return DynamicFrame(spark.createDataFrame(rows, self._dataframe.schema), self.glue_ctx, self.name)


def install() -> None:
    """Make `awsglue.dynamicframe.DynamicFrame` this stand-in, in this process."""
    import awsglue.dynamicframe

    awsglue.dynamicframe.DynamicFrame = DynamicFrame
