"""Terraform against localglue: any Terraform root applied offline to the local endpoint, as tflocal does.

For a run, localglue writes `localglue_override.tf` into the root (the aws provider, and each of its
aliases, pointed at the endpoint; local state instead of the root's backend) and removes it when Terraform
exits, however it exits. Everything else lives in a workspace folder under `.localglue/terraform/`:

    .localglue/terraform/terraformrc              CLI config: the provider from the /opt/tf-plugins mirror
    .localglue/terraform/<workspace>/
        data/                                     Terraform's data dir (TF_DATA_DIR): the initialised provider
        terraform.tfstate                         local state
        localglue.tfvars.json                     variables localglue sets (force_destroy of a root declaring it)

Relative paths in the root (`${path.module}/scripts`, `../glue_jobs`, module sources) resolve as they do
on AWS, because Terraform runs in the root itself. One run at a time per root: a second waits for the first.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import endpoint, paths

MODULE_DIR = paths.PROJECT_ROOT / "terraform"
PLUGIN_MIRROR = Path(os.environ.get("LOCALGLUE_TF_PLUGINS", "/opt/tf-plugins"))
AWS_PROVIDER_VERSION = "5.100.0"
# The provider's endpoint names of every service the gateway serves (gateway.app.SERVICES).
ENDPOINT_SERVICES = (
    "athena",
    "cloudwatch",
    "events",
    "glue",
    "iam",
    "kms",
    "logs",
    "s3",
    "sns",
    "sqs",
    "sts",
)
TEST_CREDENTIALS = ("test", "test")
OVERRIDE_FILE = "localglue_override.tf"
TFVARS_FILE = "localglue.tfvars.json"
# Terraform commands that read variables: localglue's variable file goes to each of them.
VARIABLE_COMMANDS = ("plan", "apply", "destroy", "refresh", "import", "console")
# How long Terraform may take to stop cleanly after Ctrl-C (it finishes the calls under way).
INTERRUPT_GRACE_SECONDS = 90

_PROVIDER_BLOCK = re.compile(r'^\s*provider\s+"aws"\s*\{', re.MULTILINE)
_ALIAS = re.compile(r'^\s*alias\s*=\s*"([^"]+)"', re.MULTILINE)
_VARIABLE = re.compile(r'^\s*variable\s+"([^"]+)"', re.MULTILINE)


def aws_provider_binary() -> Path:
    """Where Terraform's unpacked filesystem-mirror layout puts the pinned aws provider for this machine."""
    system = platform.system().lower()
    arch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine(), platform.machine()
    )
    return (
        PLUGIN_MIRROR
        / "registry.terraform.io"
        / "hashicorp"
        / "aws"
        / AWS_PROVIDER_VERSION
        / f"{system}_{arch}"
        / f"terraform-provider-aws_v{AWS_PROVIDER_VERSION}_x5"
    )


def terraform_home() -> Path:
    path = paths.home() / "terraform"
    path.mkdir(parents=True, exist_ok=True)
    return path


def workspace_name(module_dir: Path) -> str:
    """A workspace per root: its folder name and a digest of its absolute path (two `infra/` differ)."""
    resolved = module_dir.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9_.-]', '_', resolved.name) or 'root'}-{digest}"


def cli_config_text(mirror: Path = PLUGIN_MIRROR) -> str:
    """Install hashicorp providers from the filesystem mirror only: init never goes to the registry."""
    return f"""provider_installation {{
  filesystem_mirror {{
    path    = "{mirror}"
    include = ["registry.terraform.io/hashicorp/*"]
  }}
  direct {{
    exclude = ["registry.terraform.io/hashicorp/*"]
  }}
}}
"""


def write_cli_config() -> Path:
    path = terraform_home() / "terraformrc"
    text = cli_config_text()
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def _blocks(text: str, start: re.Pattern[str]) -> Iterator[str]:
    """The bodies of the blocks `start` opens, braces matched (HCL strings rarely hold braces)."""
    for match in start.finditer(text):
        depth, position = 1, match.end()
        while depth and position < len(text):
            depth += {"{": 1, "}": -1}.get(text[position], 0)
            position += 1
        yield text[match.end() : position - 1]


def provider_aliases(module_dir: Path) -> list[str]:
    """The aliases of the root's `provider "aws"` blocks: each needs the local endpoints too."""
    aliases: set[str] = set()
    for path in sorted(module_dir.glob("*.tf")):
        if path.name == OVERRIDE_FILE:
            continue
        for body in _blocks(path.read_text(), _PROVIDER_BLOCK):
            # only the block's own alias, not one of a nested block (assume_role, default_tags...)
            top_level = re.sub(r"\{[^{}]*\}", "", body)
            aliases.update(_ALIAS.findall(top_level))
    return sorted(aliases)


def declared_variables(module_dir: Path) -> set[str]:
    return {name for path in module_dir.glob("*.tf") for name in _VARIABLE.findall(path.read_text())}


def provider_override_text(
    endpoint_url: str,
    credentials: tuple[str, str] = TEST_CREDENTIALS,
    *,
    aliases: tuple[str, ...] | list[str] = (),
    state_file: Path | None = None,
) -> str:
    access_key, secret_key = credentials
    width = max(len(name) for name in ENDPOINT_SERVICES)
    endpoints = "\n".join(f'    {name.ljust(width)} = "{endpoint_url}"' for name in ENDPOINT_SERVICES)
    state = f'\n    path = "{state_file}"\n  ' if state_file is not None else ""

    def provider(alias: str | None) -> str:
        alias_line = f'  alias                       = "{alias}"\n' if alias else ""
        return f"""
provider "aws" {{
{alias_line}  access_key                  = "{access_key}"
  secret_key                  = "{secret_key}"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = false
  # Few attempts, so a local 500 shows in seconds rather than after minutes of backoff; more than one,
  # because the SDK can close a connection under a response it is still reading (its request body
  # closed while Go's writer still drains it) and retries that, against AWS as here.
  max_retries = 3

  endpoints {{
{endpoints}
  }}
}}
"""

    return (
        "# Generated by localglue for one Terraform run, removed when it ends: the aws provider pointed at\n"
        "# the local endpoint, and local state instead of the backend an AWS deployment uses.\n"
        f'terraform {{\n  backend "local" {{{state}}}\n}}\n'
        + "".join(provider(alias) for alias in [None, *aliases])
    )


def terraform_env(cli_config: Path, *, aws_credentials: bool = False) -> dict[str, str]:
    """The caller's environment without its Terraform settings (TF_WORKSPACE must not leak into a run),
    keeping TF_VAR_* variables, logging and the CA bundle. Its AWS settings are dropped for a local run (a
    profile must not reach the local endpoint) and kept for AWS (`aws_credentials`), but for endpoint
    overrides, which would send an AWS deployment elsewhere."""
    kept = ("AWS_CA_BUNDLE", "TF_LOG", "TF_LOG_PATH")

    def keep(key: str) -> bool:
        if key.startswith("AWS_"):
            return key in kept or (aws_credentials and not key.startswith("AWS_ENDPOINT_URL"))
        return not key.startswith("TF_") or key in kept or key.startswith("TF_VAR_")

    env = {key: value for key, value in os.environ.items() if keep(key)}
    if not aws_credentials:
        # the region of a root whose provider block names none (the caller's, else the local default)
        env["AWS_REGION"] = endpoint.region()
    env.update(
        {
            "TF_CLI_CONFIG_FILE": str(cli_config),
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return env


class TerraformError(RuntimeError):
    pass


class TerraformInterrupted(TerraformError):
    """Ctrl-C during a Terraform run: Terraform was stopped (it finished the calls under way)."""


@dataclass
class Workspace:
    """A Terraform root (`module_dir`) and the folder that keeps its local state.

    With an `endpoint_url`, a local deployment: provider settings for localglue and local state. Without,
    an AWS deployment: the caller's credentials, the root's S3 backend configured by `backend_config`.
    """

    endpoint_url: str | None
    name: str | None = None  # the folder under .localglue/terraform/ (default: one per root)
    module_dir: Path = MODULE_DIR
    root: Path | None = None  # another place than .localglue/terraform/<name> (e.g. a test's tmp folder)
    var_files: tuple[Path, ...] = ()  # -var-file for plan, apply and destroy
    backend_config: Path | None = None  # -backend-config for init (AWS only)
    # the keys Terraform signs with locally: an IAM-enforcing gateway knows only its administrator's
    local_credentials: tuple[str, str] = TEST_CREDENTIALS
    variables: dict[str, object] = field(default_factory=dict)  # root variables set for every run

    @property
    def path(self) -> Path:
        if self.root is not None:
            return self.root
        return terraform_home() / (self.name or workspace_name(self.module_dir))

    @property
    def state_file(self) -> Path:
        return self.path / "terraform.tfstate"

    @property
    def data_dir(self) -> Path:
        return self.path / "data"

    def workspace_variables(self) -> dict[str, object]:
        """The workspace's variables; locally also `force_destroy` when the root declares it, so that
        `destroy` may empty buckets a local run left data in."""
        variables = dict(self.variables)
        if self.endpoint_url is not None and "force_destroy" in declared_variables(self.module_dir):
            variables.setdefault("force_destroy", True)
        return variables

    @contextmanager
    def configured(self) -> Iterator[dict[str, str]]:
        """For one run: the lock on the root, the override file in it, the environment; removed after."""
        if not self.module_dir.is_dir():
            raise TerraformError(f"no Terraform root at {self.module_dir}: give a folder holding *.tf files")
        if not any(self.module_dir.glob("*.tf")) and not any(self.module_dir.glob("*.tf.json")):
            raise TerraformError(f"no *.tf files in {self.module_dir}: is it a Terraform root?")
        self.path.mkdir(parents=True, exist_ok=True)
        env = terraform_env(write_cli_config(), aws_credentials=self.endpoint_url is None)
        env["TF_DATA_DIR"] = str(self.data_dir)
        lock_path = terraform_home() / f".{workspace_name(self.module_dir)}.lock"
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            override = self.module_dir / OVERRIDE_FILE
            if self.endpoint_url is not None:
                override.write_text(
                    provider_override_text(
                        self.endpoint_url,
                        self.local_credentials,
                        aliases=provider_aliases(self.module_dir),
                        state_file=self.state_file,
                    )
                )
            try:
                yield env
            finally:
                override.unlink(missing_ok=True)

    def run(
        self,
        *args: str,
        capture: bool = False,
        check: bool = True,
        on_line: Callable[[str], None] | None = None,
    ) -> subprocess.CompletedProcess:
        """`terraform -chdir=<root> args...`; output streams to the terminal unless captured (then
        `on_line` sees each line of stdout as it comes)."""
        if shutil.which("terraform") is None:
            raise TerraformError("terraform is not on PATH: install Terraform 1.11 (see `localglue doctor`)")
        command = ["terraform", f"-chdir={self.module_dir.resolve()}", *self._with_variable_files(args)]
        with self.configured() as env:
            result = _run_terraform(command, env, capture=capture, on_line=on_line)
        if check and result.returncode != 0:
            detail = f":\n{result.stderr or result.stdout}" if capture else ""
            raise TerraformError(f"terraform {' '.join(args)} exited with {result.returncode}{detail}")
        return result

    def _with_variable_files(self, args: tuple[str, ...]) -> list[str]:
        """`args` with localglue's variable file and `var_files` after the subcommand, where it reads
        variables (not `apply PLANFILE`: a saved plan carries its variables)."""
        if not args or args[0] not in VARIABLE_COMMANDS:
            return list(args)
        if args[0] == "apply" and any(not arg.startswith("-") for arg in args[1:]):
            return list(args)
        self.path.mkdir(parents=True, exist_ok=True)
        tfvars = self.path / TFVARS_FILE
        tfvars.write_text(json.dumps(self.workspace_variables(), indent=2) + "\n")
        files = [f"-var-file={tfvars}", *(f"-var-file={path.resolve()}" for path in self.var_files)]
        return [args[0], *files, *args[1:]]

    def is_initialised(self) -> bool:
        return (self.data_dir / "providers").is_dir()

    def init(self, *, capture: bool = False) -> None:
        backend = [f"-backend-config={self.backend_config}", "-reconfigure"] if self.backend_config else []
        self.run("init", "-input=false", "-no-color", *backend, capture=capture)

    def ensure_init(self, *, capture: bool = False) -> None:
        if not self.is_initialised():
            self.init(capture=capture)

    def apply(
        self,
        variables: dict[str, str] | None = None,
        *,
        capture: bool = False,
        on_line: Callable[[str], None] | None = None,
    ) -> subprocess.CompletedProcess:
        self.ensure_init(capture=capture)
        return self.run(
            "apply",
            "-input=false",
            "-auto-approve",
            "-no-color",
            *self.variable_args(variables),
            capture=capture,
            on_line=on_line,
        )

    def plan(
        self, variables: dict[str, str] | None = None, *, extra: tuple[str, ...] = (), capture: bool = True
    ) -> subprocess.CompletedProcess:
        """`plan -detailed-exitcode`: returncode 0 = no changes, 2 = changes (1 raises)."""
        self.ensure_init(capture=capture)
        result = self.run(
            "plan",
            "-input=false",
            "-no-color",
            "-detailed-exitcode",
            *extra,
            *self.variable_args(variables),
            capture=capture,
            check=False,
        )
        if result.returncode not in (0, 2):
            raise TerraformError(f"terraform plan failed:\n{result.stderr or result.stdout}")
        return result

    def destroy(self, variables: dict[str, str] | None = None, *, capture: bool = False) -> None:
        self.ensure_init(capture=capture)
        self.run(
            "destroy",
            "-input=false",
            "-auto-approve",
            "-no-color",
            *self.variable_args(variables),
            capture=capture,
        )

    def variable_args(self, variables: dict[str, str] | None) -> list[str]:
        return [f"-var={name}={value}" for name, value in (variables or {}).items()]

    def outputs(self) -> dict[str, object]:
        result = self.run("output", "-json", capture=True)
        return {name: item["value"] for name, item in json.loads(result.stdout or "{}").items()}


def _run_terraform(
    command: list[str], env: dict[str, str], *, capture: bool, on_line: Callable[[str], None] | None
) -> subprocess.CompletedProcess:
    """Run Terraform; on Ctrl-C let it stop as it does on one SIGINT (state saved, lock released). Its
    own session keeps a terminal's Ctrl-C from reaching it directly: a second SIGINT would make Terraform
    quit at once, mid-write."""
    process = subprocess.Popen(
        command,
        env=env,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
        start_new_session=True,
    )
    try:
        if not capture:
            return subprocess.CompletedProcess(command, process.wait())
        stdout_lines = []
        assert process.stdout is not None and process.stderr is not None
        for line in process.stdout:
            stdout_lines.append(line)
            if on_line is not None:
                on_line(line.rstrip("\n"))
        stderr = process.stderr.read()
        return subprocess.CompletedProcess(command, process.wait(), "".join(stdout_lines), stderr)
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=INTERRUPT_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise TerraformInterrupted(
            f"stopped terraform {command[2] if len(command) > 2 else ''}".strip()
        ) from None
