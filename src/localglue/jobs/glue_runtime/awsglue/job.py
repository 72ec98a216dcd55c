"""`awsglue.job.Job` without Glue's JVM: `init` starts the run's job bookmark, `commit` saves it.

Glue's option lists (`id_params`, `job_bookmark_options`, ...) that `getResolvedOptions` relies on are
inherited from AWS's class unchanged. The bookmark option and the run's id are read from the arguments
given to `init` (getResolvedOptions' keys), else from the run's own command line, as Glue's JVM reads
them; `localglue.jobs.glue_runtime.bookmarks` has the rules.
"""

import sys

from . import load_installed

_installed = load_installed("job")


def _argument(args, name):
    """`--<name>` of the run: from `args` (getResolvedOptions' dict), else from sys.argv."""
    key = name.replace("-", "_")
    if args.get(key):
        return args[key]
    flag = f"--{name}"
    for index, word in enumerate(sys.argv[:-1]):
        if word == flag:
            return sys.argv[index + 1]
    return None


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
        self._bookmark = None

    def init(self, job_name, args={}):  # noqa: B006  (AWS's signature)
        from localglue.jobs.glue_runtime import bookmarks

        option = _argument(args, "job-bookmark-option") or bookmarks.DISABLE
        if option not in self.job_bookmark_options()[1:]:
            raise RuntimeError(
                f"--job-bookmark-option {option!r} is not one of {', '.join(self.job_bookmark_options()[1:])}"
            )
        self._bookmark = bookmarks.start(job_name, _argument(args, "JOB_RUN_ID") or "", option)

    def isInitialized(self):
        return self._bookmark is not None

    def commit(self):
        if self._bookmark is None:
            raise RuntimeError("Job.commit() called before Job.init()")
        self._bookmark.commit()
