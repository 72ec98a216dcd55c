"""The driver process of one job run: runs the job's script as `__main__`, as Glue's driver does.

Cold: the runner starts `python -m localglue.jobs.launcher <spec.json>`. Spark is configured before the
script runs, through `PYSPARK_SUBMIT_ARGS` (a properties file with S3A on the gateway, the cached jars, UTC),
so whatever context the script builds gets it, and a script that never touches Spark never starts a JVM.

Warm: `python -m localglue.jobs.launcher --standby` starts the JVM and a SparkContext ahead of time, runs a
small local job to warm the JIT, stops the context (the JVM stays), then waits for a spec path on stdin.
The script's own `SparkContext()` / `getOrCreate()` then builds a fresh context in the warm JVM with the
same properties. Either way the process serves one run and exits.

A driver never outlives the gateway that started it: when its parent process is gone (killed, crashed),
it kills its own process group, the Spark JVM with it.

`awsglue` resolves to `glue_runtime/awsglue` first (on `PYTHONPATH`), which extends itself with AWS's package.
The outcome goes to the spec's result file: the error message Glue would show, if the script failed.
"""

from __future__ import annotations

import json
import os
import runpy
import shlex
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from .glue_runtime.bookmarks import BOOKMARK_FILE_ENV

PARENT_CHECK_SECONDS = 1.0


def error_message(exc: BaseException) -> str:
    """`Type: message` as the traceback's last line shows it (first line only of a multi-line message)."""
    last = traceback.format_exception_only(type(exc), exc)[-1]
    return next((line for line in last.splitlines() if line.strip()), type(exc).__name__).strip()


def exit_message(exc: SystemExit) -> str | None:
    if exc.code is None or exc.code == 0:
        return None
    if isinstance(exc.code, int):
        return f"Command failed with exit code {exc.code}"
    return str(exc.code)


def stop_spark() -> None:
    if "pyspark" not in sys.modules:
        return
    from pyspark import SparkContext

    if SparkContext._active_spark_context is not None:
        SparkContext._active_spark_context.stop()


def add_python_path(entries: list[str], py_files: list[str]) -> None:
    """`--extra-py-files` for the driver (sys.path) and for Python workers of the context still to come."""
    sys.path[:0] = entries
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [*entries, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    )
    if py_files and "pyspark" in sys.modules:
        from pyspark import SparkContext

        if SparkContext._jvm is not None:  # warm JVM: its environment is fixed, Spark ships the files
            SparkContext._jvm.System.setProperty("spark.submit.pyFiles", ",".join(py_files))


def add_spark_properties(properties: dict[str, str]) -> None:
    """Spark properties of this run alone (the metastore's address), for the context still to come: as
    spark-submit `--conf`s before a cold JVM starts, as JVM system properties (which a new SparkConf
    reads) in a warm one."""
    if not properties:
        return
    if "pyspark" in sys.modules:
        from pyspark import SparkContext

        if SparkContext._jvm is not None:
            for key, value in properties.items():
                SparkContext._jvm.System.setProperty(key, value)
            return
    submit_args = os.environ.get("PYSPARK_SUBMIT_ARGS", "pyspark-shell").removesuffix("pyspark-shell").strip()
    confs = " ".join(f"--conf {shlex.quote(f'{key}={value}')}" for key, value in properties.items())
    os.environ["PYSPARK_SUBMIT_ARGS"] = f"{submit_args} {confs} pyspark-shell".strip()


def run(script: str, argv: list[str]) -> str | None:
    """Run the script; return the failure's message, None on success."""
    sys.argv = [script, *argv]
    sys.path.insert(0, str(Path(script).parent))
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        message = exit_message(exc)
        if message and not isinstance(exc.code, int):
            print(message, file=sys.stderr)
        return message
    except BaseException as exc:  # the script's own failure is the run's result, reported as Glue does
        traceback.print_exc()
        return error_message(exc)
    finally:
        stop_spark()
    return None


def warm_up() -> None:
    """Start the JVM and a context, run the kind of work a job does on a tiny local file, stop the context."""
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F

    spark = SparkSession.builder.getOrCreate()
    with tempfile.TemporaryDirectory(prefix="localglue-warm-up-") as folder:
        source = Path(folder) / "events.csv"
        source.write_text(
            "user_id,event_time\nu1,2024-01-01 10:00:00\nu1,2024-01-01 10:05:00\nu2,2024-01-01 11:00:00\n"
        )
        events = spark.read.option("header", "true").csv(str(source))
        ordered = Window.partitionBy("user_id").orderBy("event_time")
        lagged = events.withColumn("previous", F.lag("event_time").over(ordered)).dropDuplicates()
        lagged.write.mode("overwrite").option("header", "true").csv(str(Path(folder) / "out"))
    spark.stop()


def standby() -> int:
    warm_up()
    Path("ready").touch()  # in the standby's own folder: tells whoever waits that warming is over
    spec_path = sys.stdin.readline().strip()
    return main(spec_path) if spec_path else 0  # end of input: the gateway is gone or no longer needs us


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    os.chdir(Path(spec_path).parent)
    add_python_path(spec["python_path"], spec["py_files"])
    add_spark_properties(spec["spark_properties"])
    if spec.get("bookmark"):
        os.environ[BOOKMARK_FILE_ENV] = spec["bookmark"]  # Job.init reads the state the run starts from
    message = run(spec["script"], spec["argv"])
    Path(spec["result"]).write_text(json.dumps({"ErrorMessage": message}))
    sys.stdout.flush()
    sys.stderr.flush()
    return 1 if message else 0


def exit_with_parent() -> None:
    """Watch the parent (the gateway): once it is gone, end this process group."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os.killpg(os.getpgid(0), signal.SIGKILL)

    threading.Thread(target=watch, name="localglue-parent-watch", daemon=True).start()


if __name__ == "__main__":
    exit_with_parent()
    sys.exit(standby() if sys.argv[1] == "--standby" else main(sys.argv[1]))
