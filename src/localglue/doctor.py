"""`localglue doctor`: every prerequisite, ok or missing with the fix."""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from . import terraform


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_python() -> Check:
    version = platform.python_version()
    ok = sys.version_info[:2] == (3, 11)
    return Check("python 3.11", ok, version, "" if ok else "install Python 3.11 and run `make setup` with it")


def check_java() -> Check:
    fix = "install a Java 17 runtime (e.g. apt-get install openjdk-17-jre-headless) and put `java` on PATH"
    if shutil.which("java") is None:
        return Check("java 17", False, "no java on PATH", fix)
    answer = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "([^"]+)"', answer.stderr + answer.stdout)
    version = match.group(1) if match else "unknown version"
    return Check("java 17", version.startswith("17."), version, fix)


def check_terraform() -> Check:
    fix = "install Terraform 1.11.x (https://developer.hashicorp.com/terraform/install) on PATH"
    if shutil.which("terraform") is None:
        return Check("terraform 1.11", False, "no terraform on PATH", fix)
    env = terraform.terraform_env(terraform.write_cli_config())
    answer = subprocess.run(
        ["terraform", "version", "-json"], capture_output=True, text=True, env=env, check=False
    )
    try:
        version = json.loads(answer.stdout)["terraform_version"]
    except (ValueError, KeyError):
        return Check("terraform 1.11", False, f"`terraform version -json` said: {answer.stderr.strip()}", fix)
    return Check("terraform 1.11", version.startswith("1.11."), version, fix)


def check_aws_provider() -> Check:
    version = terraform.AWS_PROVIDER_VERSION
    provider = terraform.aws_provider_binary()
    return Check(
        f"aws provider {version} in the mirror",
        provider.is_file(),
        str(provider) if provider.is_file() else f"{provider} not found",
        f"unpack terraform-provider-aws {version} into {terraform.PLUGIN_MIRROR} (filesystem mirror layout), "
        "or point LOCALGLUE_TF_PLUGINS at the mirror holding it",
    )


def check_spark_jars() -> Check:
    name = "Spark jars (hadoop-aws 3.3.4 + aws-java-sdk-bundle, spark-avro)"
    try:
        from .jobs.spark_jars import ensure_spark_jars
    except ImportError as err:
        return Check(
            name, False, f"localglue.jobs.spark_jars is not importable: {err}", "reinstall with `make setup`"
        )
    try:
        jars = ensure_spark_jars()
    except RuntimeError as err:
        return Check(name, False, "cannot be resolved", str(err))
    return Check(name, True, ", ".join(jar.name for jar in jars))


CHECKS: tuple[Callable[[], Check], ...] = (
    check_python,
    check_java,
    check_terraform,
    check_aws_provider,
    check_spark_jars,
)


def cmd_doctor(args: argparse.Namespace) -> int:
    missing = 0
    for run_check in CHECKS:
        check = run_check()
        print(f"{'ok' if check.ok else 'missing':8} {check.name}: {check.detail}", flush=True)
        if not check.ok:
            missing += 1
            print(f"{'':8} fix: {check.fix}", flush=True)
    print("everything is in place" if not missing else f"{missing} prerequisite(s) missing")
    return 1 if missing else 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser("doctor", help="check every prerequisite and say how to fix what is missing")
    doctor.set_defaults(func=cmd_doctor)
