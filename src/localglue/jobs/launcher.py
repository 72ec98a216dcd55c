"""The driver process of one job run: runs the job's script as `__main__`, as Glue's driver does.

The runner starts `python -m localglue.jobs.launcher <spec.json>`. Spark is configured before the script
runs, through `PYSPARK_SUBMIT_ARGS` (a properties file with S3A on the gateway, the cached jars, UTC), so
whatever session the script builds gets it, and a script that never touches Spark never starts a JVM.
`awsglue` resolves to `glue_runtime/awsglue` first (on `PYTHONPATH`), which extends itself with AWS's package.
The outcome goes to the spec's result file: the error message Glue would show, if the script failed.
"""

from __future__ import annotations

import json
import runpy
import sys
import traceback
from pathlib import Path


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


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    message = run(spec["script"], spec["argv"])
    Path(spec["result"]).write_text(json.dumps({"ErrorMessage": message}))
    sys.stdout.flush()
    sys.stderr.flush()
    return 1 if message else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
