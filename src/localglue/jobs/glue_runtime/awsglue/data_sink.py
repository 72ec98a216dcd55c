"""`awsglue.data_sink.DataSink`: what GlueContext.getSink returns, writing through localglue's writers
(`localglue.jobs.glue_runtime.sinks`) instead of Glue's JVM sink. Its methods are AWS's."""

from localglue.jobs.glue_runtime import errors, readers, sinks


class DataSink(object):
    def __init__(self, glue_context, plan):
        # plan: a sinks.SinkPlan; AWS's constructor takes a JVM sink.
        self._glue_context = glue_context
        self._plan = plan

    def setFormat(self, format, **options):
        self._plan.format = format
        self._plan.format_options = options

    def setAccumulableSize(self, size):
        """Sizes Glue's error accumulator; localglue keeps every error record."""

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=""):
        self._plan.catalog_database = catalogDatabase
        self._plan.catalog_table = catalogTableName
        self._plan.catalog_id = catalogId or None

    def writeFrame(self, dynamic_frame, info=""):
        return self._write(dynamic_frame, "")

    def _write(self, dynamic_frame, path_suffix):
        from awsglue.dynamicframe import DynamicFrame

        sinks.write(dynamic_frame._df, self._plan, path_suffix)
        spark = self._glue_context.spark_session
        return DynamicFrame(errors.empty(spark), dynamic_frame.glue_ctx, dynamic_frame.name + "_errors")

    def writeDataFrame(self, data_frame, glue_context, info=""):
        from awsglue.dynamicframe import DynamicFrame

        self.writeFrame(DynamicFrame(data_frame, glue_context), info)
        return errors.empty(glue_context.spark_session)

    def write(self, dynamic_frame_or_dfc, info=""):
        from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

        if isinstance(dynamic_frame_or_dfc, DynamicFrame):
            return self.writeFrame(dynamic_frame_or_dfc, info)
        if isinstance(dynamic_frame_or_dfc, DynamicFrameCollection):
            # useFrameName: each frame under <path>/<its name>/
            by_name = readers.truthy(self._plan.options.get("useFrameName", False))
            results = [self._write(f, f.name if by_name else "") for f in dynamic_frame_or_dfc.values()]
            return DynamicFrameCollection(results, self._glue_context)
        raise TypeError(
            "dynamic_frame_or_dfc must be an instance of DynamicFrame or DynamicFrameCollection. Got "
            + str(type(dynamic_frame_or_dfc))
        )
