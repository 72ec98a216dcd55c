"""Glue's job argument rules: which arguments a run gets, and which special ones localglue honours.

A run's arguments are the job's DefaultArguments, overridden by the run's Arguments, overridden by the
job's NonOverridableArguments; Glue then adds `--JOB_NAME`, `--JOB_ID`, `--JOB_RUN_ID`, `--TempDir`,
`--job-bookmark-option` and, for a run started by a workflow, `--WORKFLOW_NAME` and `--WORKFLOW_RUN_ID`.
The script receives them as `script.py --key value ...`, which `getResolvedOptions` parses.
"""

from __future__ import annotations

import importlib.metadata
import shlex

from packaging.requirements import InvalidRequirement, Requirement

DEFAULT_BOOKMARK_OPTION = "job-bookmark-disable"
DATA_CATALOG_ARGUMENT = "--enable-glue-datacatalog"


class ArgumentError(ValueError):
    """An argument localglue cannot honour; the message names the argument and the value."""


def merge_arguments(
    default_arguments: dict[str, str] | None,
    run_arguments: dict[str, str] | None,
    non_overridable_arguments: dict[str, str] | None,
) -> dict[str, str]:
    merged = dict(default_arguments or {})
    merged.update(run_arguments or {})
    merged.update(non_overridable_arguments or {})
    return merged


def add_glue_arguments(
    arguments: dict[str, str],
    *,
    job_name: str,
    job_id: str,
    run_id: str,
    temp_dir: str,
    workflow_name: str | None = None,
    workflow_run_id: str | None = None,
) -> dict[str, str]:
    """The arguments as the script sees them: Glue's own identifiers win over same-named user values."""
    full = dict(arguments)
    full.setdefault("--TempDir", temp_dir)
    full.setdefault("--job-bookmark-option", DEFAULT_BOOKMARK_OPTION)
    full.update({"--JOB_ID": job_id, "--JOB_RUN_ID": run_id, "--JOB_NAME": job_name})
    if workflow_name:
        full["--WORKFLOW_NAME"] = workflow_name
    if workflow_run_id:
        full["--WORKFLOW_RUN_ID"] = workflow_run_id
    return full


def uses_data_catalog(arguments: dict[str, str]) -> bool:
    """Whether the run gets the Glue Data Catalog as Spark's Hive metastore: Glue checks only that
    `--enable-glue-datacatalog` is there, whatever its value (the documented one is "true")."""
    return DATA_CATALOG_ARGUMENT in arguments


def to_argv(arguments: dict[str, str]) -> list[str]:
    argv = []
    for key, value in arguments.items():
        argv.append(key if key.startswith("--") else f"--{key}")
        argv.append(value)
    return argv


def s3_locations(arguments: dict[str, str], name: str) -> list[tuple[str, str]]:
    """(bucket, key) of each `s3://` path in a comma-separated argument such as `--extra-py-files`."""
    locations = []
    for item in filter(None, (part.strip() for part in arguments.get(name, "").split(","))):
        bucket, _, key = item.removeprefix("s3://").partition("/")
        if not item.startswith("s3://") or not bucket or not key or key.endswith("/"):
            raise ArgumentError(f"{name}: {item!r} is not an s3://bucket/key path of a file")
        locations.append((bucket, key))
    return locations


def check_python_modules(arguments: dict[str, str]) -> None:
    """`--additional-python-modules` cannot be installed per run here: each must already be installed."""
    value = arguments.get("--additional-python-modules", "")
    problems = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        if item.startswith("s3://") or item.endswith(".whl"):
            problems.append(f"{item!r} (wheel files are not installed locally)")
            continue
        try:
            requirement = Requirement(item)
        except InvalidRequirement as err:
            problems.append(f"{item!r} ({err})")
            continue
        try:
            installed = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{item!r} (not installed)")
            continue
        if requirement.specifier and not requirement.specifier.contains(installed, prereleases=True):
            problems.append(f"{item!r} (installed: {installed})")
    if problems:
        raise ArgumentError(
            "--additional-python-modules: localglue runs jobs in its own environment and does not install"
            f" modules per run; add these to the project's dependencies: {', '.join(problems)}"
        )


def spark_conf(arguments: dict[str, str]) -> dict[str, str]:
    """Glue's `--conf` argument: `k=v`, further pairs joined by ` --conf `."""
    value = arguments.get("--conf", "").strip()
    if not value:
        return {}
    words = shlex.split(value)
    pairs = [words[0]] + [word for previous, word in zip(words, words[1:]) if previous == "--conf"]
    conf = {}
    for pair in pairs:
        key, sep, setting = pair.partition("=")
        if not sep or not key.startswith("spark."):
            raise ArgumentError(f"--conf: {pair!r} is not a spark.<name>=<value> setting")
        conf[key] = setting
    return conf
