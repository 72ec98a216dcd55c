"""`awsglue.job.Job` without Glue's JVM: init and commit track the run, bookmarks are not kept locally.

Glue's option lists (`id_params`, `job_bookmark_options`, ...) that `getResolvedOptions` relies on are
inherited from AWS's class unchanged.
"""

from . import load_installed

_installed = load_installed("job")


class Job(_installed.Job):
    def __init__(self, glue_context_or_spark_session):
        from pyspark.sql import SparkSession

        from awsglue.context import GlueContext

        if isinstance(glue_context_or_spark_session, GlueContext):
            self._glue_context = glue_context_or_spark_session
            self._spark_session = glue_context_or_spark_session.spark_session
        elif isinstance(glue_context_or_spark_session, SparkSession):
            self._glue_context = None
            self._spark_session = glue_context_or_spark_session
        else:
            raise Exception(
                "cannot init Job instance given input parameter type: "
                + str(type(glue_context_or_spark_session))
            )
        self._name = None
        self._initialized = False

    def init(self, job_name, args={}):  # noqa: B006  (AWS's signature)
        self._name = job_name
        self._args = dict(args)
        self._initialized = True

    def isInitialized(self):
        return self._initialized

    def commit(self):
        # Glue commits the job bookmark here; localglue keeps no bookmarks, so every run reads everything.
        if not self._initialized:
            raise RuntimeError("Job.commit() called before Job.init()")
