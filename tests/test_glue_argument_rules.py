"""Glue's job argument rules as localglue's jobs engine applies them, and the capacity mapping."""

from __future__ import annotations

import pytest

from localglue.jobs import arguments as glue_args
from localglue.jobs.launcher import error_message, exit_message
from localglue.jobs.spark_conf import local_resources


def test_run_arguments_override_defaults_and_non_overridable_ones_win():
    merged = glue_args.merge_arguments(
        {"--a": "default", "--b": "default", "--locked": "job"},
        {"--b": "run", "--locked": "run", "--c": "run"},
        {"--locked": "job"},
    )
    assert merged == {"--a": "default", "--b": "run", "--locked": "job", "--c": "run"}


def test_glue_adds_its_identifiers_and_they_win_over_user_values():
    full = glue_args.add_glue_arguments(
        {"--JOB_NAME": "spoofed", "--x": "1"},
        job_name="lag",
        job_id="j_1",
        run_id="jr_1",
        temp_dir="/tmp/t",
        workflow_name="wf",
        workflow_run_id="wr_1",
    )
    assert full == {
        "--x": "1",
        "--JOB_NAME": "lag",
        "--JOB_ID": "j_1",
        "--JOB_RUN_ID": "jr_1",
        "--TempDir": "/tmp/t",
        "--job-bookmark-option": "job-bookmark-disable",
        "--WORKFLOW_NAME": "wf",
        "--WORKFLOW_RUN_ID": "wr_1",
    }


def test_workflow_arguments_only_when_started_by_a_workflow():
    full = glue_args.add_glue_arguments({}, job_name="lag", job_id="j", run_id="jr", temp_dir="/t")
    assert "--WORKFLOW_NAME" not in full and "--WORKFLOW_RUN_ID" not in full


def test_argv_is_what_get_resolved_options_parses():
    from awsglue.utils import getResolvedOptions

    full = glue_args.add_glue_arguments(
        {"--source_bucket": "src", "--unused": "x"}, job_name="lag", job_id="j", run_id="jr_9", temp_dir="/t"
    )
    argv = ["script.py", *glue_args.to_argv(full)]
    assert argv[1:5] == ["--source_bucket", "src", "--unused", "x"]
    resolved = getResolvedOptions(argv, ["JOB_NAME", "source_bucket"])
    assert (resolved["JOB_NAME"], resolved["JOB_RUN_ID"], resolved["source_bucket"]) == ("lag", "jr_9", "src")


def test_extra_py_files_are_s3_file_paths():
    args = {"--extra-py-files": "s3://b/lib/event_lag.py, s3://b/deps.zip"}
    assert glue_args.s3_locations(args, "--extra-py-files") == [("b", "lib/event_lag.py"), ("b", "deps.zip")]
    for bad in ("lib/event_lag.py", "s3://bucket-only", "s3://b/folder/"):
        with pytest.raises(glue_args.ArgumentError, match="--extra-py-files") as err:
            glue_args.s3_locations({"--extra-py-files": bad}, "--extra-py-files")
        assert repr(bad) in str(err.value)


def test_additional_python_modules_must_already_be_installed():
    glue_args.check_python_modules({"--additional-python-modules": "boto3, duckdb==1.4.4"})
    with pytest.raises(glue_args.ArgumentError) as err:
        glue_args.check_python_modules(
            {"--additional-python-modules": "duckdb==0.1.0,no-such-module-xyz,s3://b/w.whl"}
        )
    message = str(err.value)
    assert "'duckdb==0.1.0' (installed: 1.4.4)" in message
    assert "'no-such-module-xyz' (not installed)" in message
    assert "s3://b/w.whl" in message


def test_conf_argument_is_glues_chained_conf_pairs():
    value = "spark.sql.shuffle.partitions=4 --conf spark.executor.cores=1"
    assert glue_args.spark_conf({"--conf": value}) == {
        "spark.sql.shuffle.partitions": "4",
        "spark.executor.cores": "1",
    }
    with pytest.raises(glue_args.ArgumentError, match="'partitions'"):
        glue_args.spark_conf({"--conf": "partitions"})


@pytest.mark.parametrize(
    ("worker_type", "workers", "cores", "memory"),
    [
        ("G.1X", 10, 2, 6),  # 9 executors x 4 vCPU, 16 GiB: bounded by 2 cores and 24/4 GiB
        ("G.025X", 2, 2, 4),  # 1 executor x 2 vCPU, 4 GiB
        ("G.1X", 1, 2, 6),  # at least one executor
        (None, None, 2, 6),  # Glue's default: 10 x G.1X
    ],
)
def test_worker_settings_map_to_local_cores_and_driver_memory(worker_type, workers, cores, memory):
    resources = local_resources(worker_type, workers, machine_cores=2, machine_memory=24)
    assert (resources.cores, resources.driver_memory_gib) == (cores, memory)


def test_single_core_machine_and_unknown_worker_type():
    assert local_resources("G.2X", 3, machine_cores=1, machine_memory=64).cores == 1
    with pytest.raises(ValueError, match="'G.3X'"):
        local_resources("G.3X", 2, machine_cores=2, machine_memory=24)


def test_error_message_is_the_exceptions_last_traceback_line():
    assert error_message(ValueError("bad row 7")) == "ValueError: bad row 7"
    assert error_message(RuntimeError("first line\n  at detail")) == "RuntimeError: first line"
    assert exit_message(SystemExit("job failed: no input")) == "job failed: no input"
    assert exit_message(SystemExit(3)) == "Command failed with exit code 3"
    assert exit_message(SystemExit(0)) is None and exit_message(SystemExit(None)) is None
