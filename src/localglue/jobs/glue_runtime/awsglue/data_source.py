"""`awsglue.data_source.DataSource`: what GlueContext.getSource returns, reading through localglue's
readers (`localglue.jobs.glue_runtime.sources`) instead of Glue's JVM source.

The source is listed when a frame is asked for, so `setFormat` can still change how it is read.
"""

from localglue.jobs.glue_runtime import sources


class DataSource(object):
    def __init__(self, glue_context, resolve, name, transformation_ctx=""):
        # resolve(format, format_options) -> sources.Source; AWS's constructor takes a JVM source.
        self._glue_context = glue_context
        self._resolve = resolve
        self._format = None
        self._format_options = {}
        self._transformation_ctx = transformation_ctx
        self.name = name

    def setFormat(self, format, **options):
        self._format = format
        self._format_options = options

    def _read(self):
        source = self._resolve(self._format, self._format_options)
        return sources.read(self._glue_context.spark_session, source, self._transformation_ctx)

    def getFrame(self, **options):
        from awsglue.dynamicframe import DynamicFrame

        df, failed = self._read()
        if options.get("minPartitions") or options.get("targetPartitions"):
            df = df.repartition(int(options.get("targetPartitions") or options["minPartitions"]))
        frame = DynamicFrame(df, self._glue_context, self.name)
        if failed is not None:
            frame._errors, frame._stage_errors = (failed,), failed
        return frame

    def getSampleFrame(self, num, **options):
        frame = self.getFrame()
        return frame if num is None else frame._derive(frame._df.limit(int(num)))

    def getDataFrame(self):
        return self.getFrame().toDF()
