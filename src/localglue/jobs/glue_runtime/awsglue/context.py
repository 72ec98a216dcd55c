"""`awsglue.context.GlueContext` without Glue's JVM classes.

It is the SQLContext over the run's SparkSession that AWS's class is, with `spark_session`,
`get_logger()` and `currentTimeMillis()`. The readers and writers of DynamicFrames are Scala code that
exists only on Glue: using one raises an AttributeError saying so, instead of a py4j error.
"""

import sys
import time

from pyspark.sql import SparkSession, SQLContext

from . import load_installed


class GlueLogger:
    """Glue's driver logger: lines on the driver's stderr, i.e. the `/aws-glue/jobs/error` log stream."""

    def _log(self, level, message):
        stamp = time.strftime("%y/%m/%d %H:%M:%S", time.gmtime())
        print(f"{stamp} {level} GlueLogger: {message}", file=sys.stderr, flush=True)

    def info(self, message):
        self._log("INFO", message)

    def warn(self, message):
        self._log("WARN", message)

    def error(self, message):
        self._log("ERROR", message)

    def debug(self, message):
        self._log("DEBUG", message)


# Set per instance by AWS's constructor, so not visible on its class.
_JVM_READERS_WRITERS = {
    "create_dynamic_frame",
    "create_data_frame",
    "write_dynamic_frame",
    "write_data_frame",
}


class GlueContext(SQLContext):
    def __init__(self, sparkContext=None, **options):
        if sparkContext is None:
            spark_session = SparkSession.builder.getOrCreate()
            sparkContext = spark_session.sparkContext
        elif isinstance(sparkContext, SparkSession):
            spark_session = sparkContext
            sparkContext = spark_session.sparkContext
        else:
            spark_session = SparkSession.builder.getOrCreate()
        super().__init__(sparkContext, spark_session)
        self.spark_session = spark_session
        self._glue_logger = GlueLogger()

    def get_logger(self):
        return self._glue_logger

    def currentTimeMillis(self):
        return int(round(time.time() * 1000))

    def __getattr__(self, name):
        installed = load_installed("context").GlueContext
        if name in _JVM_READERS_WRITERS or (not name.startswith("_") and hasattr(installed, name)):
            raise AttributeError(
                f"GlueContext.{name} needs Glue's JVM classes, which exist only on AWS Glue; "
                "localglue runs Spark DataFrame code (spark_session.read / DataFrame.write)"
            )
        raise AttributeError(f"'GlueContext' object has no attribute {name!r}")
