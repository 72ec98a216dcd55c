"""Local Terraform settings live outside terraform/, and the module itself stays AWS-only."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from localglue import doctor, terraform

ENDPOINT = "http://127.0.0.1:4599"


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LOCALGLUE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture()
def module(tmp_path):
    module = tmp_path / "module"
    module.mkdir()
    (module / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    (module / "variables.tf").write_text('variable "x" {\n  type = string\n}\n')
    (module / "README.md").write_text("not Terraform\n")
    return module


def test_override_points_every_used_service_at_the_endpoint():
    text = terraform.provider_override_text(ENDPOINT)
    endpoints = dict(re.findall(r'^\s+(\w+)\s+= "(http[^"]+)"$', text, re.MULTILINE))
    assert endpoints == {
        service: ENDPOINT
        for service in (
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
    }
    for setting in (
        "s3_use_path_style           = true",
        "skip_credentials_validation = true",
        "skip_metadata_api_check     = true",
        "skip_requesting_account_id  = false",
        "max_retries = 3",
        'access_key                  = "test"',
    ):
        assert setting in text


def test_generated_files_are_terraform_fmt_clean(home, tmp_path):
    (tmp_path / "override.tf").write_text(
        terraform.provider_override_text(ENDPOINT, aliases=["west"], state_file=tmp_path / "state")
    )
    (tmp_path / "cli.tf").write_text(terraform.cli_config_text())
    env = terraform.terraform_env(terraform.write_cli_config())
    for name in ("override.tf", "cli.tf"):  # HCL both; fmt only takes .tf names
        check = subprocess.run(
            ["terraform", "fmt", "-check", "-diff", str(tmp_path / name)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_cli_config_installs_hashicorp_providers_from_the_mirror_only(home):
    path = terraform.write_cli_config()
    assert path == home / "terraform" / "terraformrc"
    text = path.read_text()
    assert f'path    = "{terraform.PLUGIN_MIRROR}"' in text
    assert re.search(r'direct \{\s+exclude = \["registry.terraform.io/hashicorp/\*"\]', text)


def test_terraform_env_drops_the_callers_aws_settings(home, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREAL")
    monkeypatch.setenv("TF_WORKSPACE", "prod")
    monkeypatch.setenv("TF_VAR_schedule", "cron(0 4 * * ? *)")
    env = terraform.terraform_env(home / "rc")
    assert env["TF_VAR_schedule"] == "cron(0 4 * * ? *)"
    assert "AWS_PROFILE" not in env and "AWS_ACCESS_KEY_ID" not in env and "TF_WORKSPACE" not in env
    assert env["TF_CLI_CONFIG_FILE"] == str(home / "rc")
    assert env["CHECKPOINT_DISABLE"] == "1"
    # a root whose provider names no region gets the caller's region, else the local default
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    assert terraform.terraform_env(home / "rc")["AWS_REGION"] == "us-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert terraform.terraform_env(home / "rc")["AWS_REGION"] == "eu-west-1"


FAKE_TERRAFORM = """#!/bin/sh
# Records what a run of Terraform would see: its arguments, its data dir and the root's override file.
root="${1#-chdir=}"
{ echo "args: $*"; echo "data: $TF_DATA_DIR"; cat "$root/localglue_override.tf"; } > "$FAKE_TERRAFORM_LOG"
"""


@pytest.fixture()
def fake_terraform(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "terraform").write_text(FAKE_TERRAFORM)
    (bin_dir / "terraform").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("FAKE_TERRAFORM_LOG", str(tmp_path / "seen.txt"))
    return tmp_path / "seen.txt"


def test_override_is_in_the_root_only_while_terraform_runs(home, module, fake_terraform):
    (module / "variables.tf").write_text('variable "force_destroy" {\n  type = bool\n}\n')
    before = sorted(path.name for path in module.iterdir())
    workspace = terraform.Workspace(ENDPOINT, module_dir=module)

    workspace.run("plan", "-input=false")

    seen = fake_terraform.read_text()
    path = home / "terraform" / terraform.workspace_name(module)
    assert f"data: {path / 'data'}" in seen
    args = seen.splitlines()[0].split()
    assert args[1:4] == [f"-chdir={module.resolve()}", "plan", f"-var-file={path / terraform.TFVARS_FILE}"]
    assert f'path = "{path / "terraform.tfstate"}"' in seen  # local state, in the workspace
    assert re.search(rf'\bglue += "{re.escape(ENDPOINT)}"', seen)
    assert json.loads((path / terraform.TFVARS_FILE).read_text()) == {"force_destroy": True}
    assert sorted(p.name for p in module.iterdir()) == before  # the override is gone again


def test_a_saved_plan_is_applied_without_variable_files(home, module, fake_terraform):
    terraform.Workspace(ENDPOINT, module_dir=module).run("apply", "-input=false", "saved.tfplan")
    assert fake_terraform.read_text().splitlines()[0].split()[2:] == ["apply", "-input=false", "saved.tfplan"]


def test_every_aws_provider_alias_gets_the_local_endpoints(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "providers.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n'
        '  assume_role {\n    role_arn = "arn:aws:iam::1:role/x"\n  }\n}\n\n'
        'provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = { alias = "not-one" }\n  }\n'
        '  alias = "europe"\n}\n'
    )
    assert terraform.provider_aliases(root) == ["europe", "west"]
    text = terraform.provider_override_text(ENDPOINT, aliases=["europe", "west"])
    assert text.count('provider "aws" {') == 3
    assert 'alias                       = "west"' in text and 'alias                       = "europe"' in text
    assert len(re.findall(rf'\bs3 += "{re.escape(ENDPOINT)}"', text)) == 3


def test_workspaces_differ_per_root(tmp_path):
    first, second = tmp_path / "a" / "infra", tmp_path / "b" / "infra"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    assert terraform.workspace_name(first) != terraform.workspace_name(second)
    assert terraform.workspace_name(first).startswith("infra-")


def test_a_folder_without_terraform_files_is_refused(home, tmp_path):
    with pytest.raises(terraform.TerraformError, match="no \\*.tf files in"):
        with terraform.Workspace(ENDPOINT, module_dir=tmp_path).configured():
            pass


def test_module_never_mentions_the_local_endpoint():
    for tf_file in terraform.MODULE_DIR.glob("*.tf"):
        text = tf_file.read_text().lower()
        for word in ("localhost", "127.0.0.1", "moto", "localglue", "4566"):
            assert word not in text, f"{tf_file.name} mentions {word}"


def test_every_variable_is_typed_and_described():
    text = (terraform.MODULE_DIR / "variables.tf").read_text()
    blocks = re.findall(r'^variable "(\w+)" \{\n(.*?)^\}', text, re.MULTILINE | re.DOTALL)
    assert len(blocks) == text.count('variable "')
    for name, body in blocks:
        assert re.search(r"^  type\s+=", body, re.MULTILINE), f"variable {name} has no type"
        assert re.search(r'^  description\s+= ".+"', body, re.MULTILINE), (
            f"variable {name} has no description"
        )


def test_doctor_reports_missing_java_with_its_fix(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    check = doctor.check_java()
    assert not check.ok and check.detail == "no java on PATH" and "Java 17" in check.fix


def test_doctor_exits_non_zero_when_something_is_missing(monkeypatch, capsys):
    monkeypatch.setattr(
        doctor,
        "CHECKS",
        (lambda: doctor.Check("a", True, "1.0"), lambda: doctor.Check("b", False, "absent", "install b")),
    )
    assert doctor.cmd_doctor(None) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "ok       a: 1.0",
        "missing  b: absent",
        "         fix: install b",
        "1 prerequisite(s) missing",
    ]


def test_doctor_reports_trino_and_its_java(monkeypatch, tmp_path):
    from localglue.trino import install

    monkeypatch.setattr(install, "installed", lambda: None)
    check = doctor.check_trino()
    assert check.ok and "not fetched yet" in check.detail and "820 MB" in check.detail
    monkeypatch.setattr(install, "java_home", lambda: tmp_path)
    check = doctor.check_trino()
    assert not check.ok and check.detail == f"{tmp_path / 'bin' / 'java'} not found"
