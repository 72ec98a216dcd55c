"""The `localglue` command as people type it, in processes of its own: the lifecycle (start, status, wait,
stop), one error path when nothing is up, a busy port, Ctrl-C, and any Terraform root deployed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from localglue.testing import wait_for, wait_for_job_run
from localglue.workflows.builders import on_demand, unique


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def cli_env(tmp_path) -> dict[str, str]:
    """No endpoint in the environment, a record folder of the test's own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "LOCALGLUE_"))}
    env.update(LOCALGLUE_RUN_DIR=str(tmp_path / "run"), LOCALGLUE_HOME=str(tmp_path / "home"))
    return env


def ended(pid: int) -> bool:
    """Gone, or a zombie its new parent has not reaped yet (`start`'s process exited long ago)."""
    try:
        return "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def localglue(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "localglue", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_version(cli_env):
    shown = localglue("--version", env=cli_env)
    assert shown.returncode == 0 and shown.stdout.strip() == "localglue 0.1.0"


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--output", "json"],
        ["athena", "SELECT 1"],
        ["logs", "my-job"],
        ["run", "my-workflow", "--wait"],
        ["trigger", "fire", "nightly"],
        ["clock", "advance", "1d"],
        ["report"],
        ["deploy", "."],
    ],
)
def test_with_nothing_up_every_command_says_so_in_one_line(cli_env, command):
    url = f"http://127.0.0.1:{free_port()}"
    answer = localglue(*command, "--endpoint-url", url, env=cli_env)
    assert answer.returncode == 2
    assert answer.stdout == ""
    assert answer.stderr.splitlines() == [
        f"localglue {' '.join(command[:2] if command[0] in ('trigger', 'clock') else command[:1])}: "
        f"no localglue at {url} (connection refused): start one with `localglue start`, "
        "or point --endpoint-url / LOCALGLUE_ENDPOINT at yours"
    ]


def test_start_status_wait_stop(cli_env, tmp_path):
    started = localglue("start", "--port", "0", "--persist", str(tmp_path / "state"), env=cli_env)
    assert started.returncode == 0, started.stderr
    exports = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines())
    url = exports["AWS_ENDPOINT_URL"]
    assert exports == {
        "AWS_ENDPOINT_URL": url,
        "LOCALGLUE_ENDPOINT": url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    [record] = [json.loads(path.read_text()) for path in (tmp_path / "run").glob("gateway-*.json")]
    try:
        assert localglue("wait", "--endpoint-url", url, "--timeout", "5", env=cli_env).returncode == 0
        # no --endpoint-url: the one gateway `start` runs is the default
        status = localglue("status", "--output", "json", env=cli_env)
        assert status.returncode == 0, status.stderr
        shown = json.loads(status.stdout)
        assert (shown["endpoint"], shown["pid"], shown["port"]) == (
            url,
            record["pid"],
            int(url.rsplit(":", 1)[1]),
        )
        assert shown["persist_dir"] == str((tmp_path / "state").resolve())
        assert set(shown["services"]) == {
            "s3",
            "iam",
            "sts",
            "glue",
            "athena",
            "logs",
            "events",
            "kms",
            "sns",
            "sqs",
            "cloudwatch",
        }
        assert shown["engines"]["jobs"]["spark"] == {"job_runs": [], "warm_drivers": 0}
        assert "trino" in shown["engines"]["athena"]
        again = localglue("start", "--port", url.rsplit(":", 1)[1], env=cli_env)
        assert again.returncode == 0 and f"already running at {url} (pid {record['pid']})" in again.stderr
    finally:
        stopped = localglue("stop", env=cli_env)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stderr.splitlines()[-2:] == [
        f"  stopped the gateway at {url}",
        f"localglue at {url} stopped (pid {record['pid']})",
    ]
    assert ended(record["pid"])
    assert (tmp_path / "state").is_dir()  # saved on the way down
    gone = localglue("wait", "--endpoint-url", url, "--timeout", "1", env=cli_env)
    assert gone.returncode == 2 and gone.stderr.startswith("localglue wait: still no localglue at ")
    assert localglue("stop", env=cli_env).returncode == 2


def test_a_busy_port_names_the_option(cli_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for command in ("up", "start"):
            answer = localglue(command, "--port", str(port), env=cli_env)
            assert answer.returncode == 2
            assert answer.stderr.splitlines() == [
                f"localglue {command}: port {port} on 127.0.0.1 is already in use: choose another with --port "
                "(--port 0 takes a free one)"
            ]


def test_ctrl_c_of_up_stops_the_job_run_it_serves(cli_env):
    process = subprocess.Popen(
        [sys.executable, "-m", "localglue", "up", "--port", "0"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = process.stdout.readline().rsplit(" ", 1)[-1].strip()
        import boto3

        clients = {
            "endpoint_url": url,
            "region_name": "us-east-1",
            "aws_access_key_id": "t",
            "aws_secret_access_key": "t",
        }
        s3, glue = boto3.client("s3", **clients), boto3.client("glue", **clients)
        s3.create_bucket(Bucket="scripts")
        s3.put_object(Bucket="scripts", Key="sleep.py", Body=b"import time\ntime.sleep(300)\n")
        glue.create_job(
            Name="sleeper",
            Role="arn:aws:iam::123456789012:role/glue",
            Command={"Name": "pythonshell", "ScriptLocation": "s3://scripts/sleep.py"},
        )
        run_id = glue.start_job_run(JobName="sleeper")["JobRunId"]
        wait_for_job_run(glue, "sleeper", run_id, until=lambda run: run["JobRunState"] == "RUNNING")
        began = time.monotonic()
        process.send_signal(signal.SIGINT)  # what a terminal's Ctrl-C sends
        said = process.stdout.read()
        assert process.wait(timeout=60) == 0
        assert time.monotonic() - began < 30
    finally:
        process.kill()
    assert f"stopped job run {run_id} (its Spark processes)" in said
    assert f"stopped the gateway at {url}" in said


def test_ctrl_c_of_run_wait_stops_the_workflow_run_it_started(
    cli_env, glue, bucket, localglue_create_job, endpoint_url
):
    job = localglue_create_job("import time\ntime.sleep(300)\n")
    workflow = unique("interrupted")
    glue.create_workflow(Name=workflow)
    on_demand(glue, workflow, {"JobName": job})
    process = subprocess.Popen(
        [sys.executable, "-m", "localglue", "run", workflow, "--wait", "--endpoint-url", endpoint_url],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(
        lambda: glue.get_job_runs(JobName=job)["JobRuns"],
        lambda runs: bool(runs) and runs[0]["JobRunState"] == "RUNNING",
        what="the job run to be RUNNING",
    )
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    [run] = glue.get_job_runs(JobName=job)["JobRuns"]
    assert f"stopped job {job} {run['Id']}" in stderr and "interrupted: stopped workflow run wr_" in stderr
    assert wait_for_job_run(glue, job, run["Id"])["JobRunState"] == "STOPPED"
    assert "Traceback" not in stderr


ROOT = """
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
  backend "s3" {}
}

provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "name" {
  type = string
}

resource "aws_s3_bucket" "east" {
  bucket = "${var.name}-east"
}

resource "aws_s3_bucket" "west" {
  provider = aws.west
  bucket   = "${var.name}-west"
}

# a path beside the root, as a Glue project keeps its job scripts
resource "aws_s3_object" "script" {
  bucket = aws_s3_bucket.east.id
  key    = "scripts/job.py"
  source = "${path.module}/../jobs/job.py"
}

output "west_bucket" {
  value = aws_s3_bucket.west.bucket
}
"""


def test_deploy_and_tf_apply_any_root_with_aliases_and_relative_paths(
    cli_env, tmp_path, client, endpoint_url
):
    project = tmp_path / "project"
    (project / "infra").mkdir(parents=True)
    (project / "jobs").mkdir()
    (project / "infra" / "main.tf").write_text(ROOT)
    (project / "jobs" / "job.py").write_text("print('hello from my project')\n")
    name = unique("mine")
    connection = ["--endpoint-url", endpoint_url]

    deployed = localglue("deploy", str(project / "infra"), "--var", f"name={name}", *connection, env=cli_env)
    assert deployed.returncode == 0, deployed.stderr
    assert json.loads(deployed.stdout) == {"west_bucket": f"{name}-west"}
    assert (
        f"deployed {project / 'infra'} to {endpoint_url}: Resources: 3 added, 0 changed, 0 destroyed."
        in deployed.stderr
    )
    s3 = client("s3")
    assert s3.get_bucket_location(Bucket=f"{name}-west")["LocationConstraint"] == "us-west-2"
    body = s3.get_object(Bucket=f"{name}-east", Key="scripts/job.py")["Body"].read()
    assert body == b"print('hello from my project')\n"
    # nothing of localglue's is left in the root: only what Terraform itself writes there
    assert sorted(p.name for p in (project / "infra").iterdir()) == [".terraform.lock.hcl", "main.tf"]

    planned = localglue(
        "tf",
        *connection,  # localglue's own options first: everything after -chdir is Terraform's
        f"-chdir={project / 'infra'}",
        "plan",
        "-detailed-exitcode",
        f"-var=name={name}",
        env=cli_env,
    )
    assert planned.returncode == 0, planned.stdout + planned.stderr  # same state: no changes
    destroyed = localglue(
        "tf",
        *connection,  # localglue's own options first: everything after -chdir is Terraform's
        f"-chdir={project / 'infra'}",
        "destroy",
        "-auto-approve",
        f"-var=name={name}",
        env=cli_env,
    )
    assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr
    buckets = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert not {f"{name}-east", f"{name}-west"} & buckets


SLOW_ROOT = """
variable "name" {
  type = string
}

resource "aws_s3_bucket" "slow" {
  bucket = var.name
}

# the provider waits for lifecycle rules to settle (tens of seconds): time to press Ctrl-C
resource "aws_s3_bucket_lifecycle_configuration" "slow" {
  bucket = aws_s3_bucket.slow.id

  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}
"""


def test_ctrl_c_of_deploy_stops_terraform_and_leaves_the_root_clean(cli_env, tmp_path, client, endpoint_url):
    root = tmp_path / "slow"
    root.mkdir()
    (root / "main.tf").write_text(SLOW_ROOT)
    name = unique("slow")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "localglue",
            "deploy",
            str(root),
            "--var",
            f"name={name}",
            "--endpoint-url",
            endpoint_url,
        ],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    s3 = client("s3")
    wait_for(
        lambda: [b["Name"] for b in s3.list_buckets()["Buckets"]],
        lambda names: name in names,
        timeout=240,
        interval=0.5,
        what="Terraform to create the bucket",
    )
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "localglue deploy: interrupted: stopped terraform apply"
    assert sorted(p.name for p in root.iterdir()) == [".terraform.lock.hcl", "main.tf"]  # no override left
    assert "Traceback" not in stderr
