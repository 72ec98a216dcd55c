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
        for service in ("athena", "cloudwatch", "events", "glue", "iam", "kms", "logs", "s3", "sns", "sts")
    }
    for setting in (
        "s3_use_path_style           = true",
        "skip_credentials_validation = true",
        "skip_metadata_api_check     = true",
        "skip_requesting_account_id  = false",
        "max_retries = 1",
        'access_key                  = "test"',
    ):
        assert setting in text


def test_generated_files_are_terraform_fmt_clean(home, tmp_path):
    (tmp_path / "override.tf").write_text(terraform.provider_override_text(ENDPOINT))
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


def test_workspace_links_the_module_and_writes_nothing_into_it(home, module, tmp_path):
    before = sorted(path.name for path in module.iterdir())
    workspace = terraform.Workspace(ENDPOINT, name="w", module_dir=module, glue_jobs_dir=tmp_path / "jobs")
    path = workspace.prepare()

    assert path == home / "terraform" / "w"
    assert (path / "main.tf").resolve() == (module / "main.tf").resolve()
    assert (path / "variables.tf").is_symlink() and not (path / "README.md").exists()
    assert ENDPOINT in (path / terraform.OVERRIDE_FILE).read_text()
    assert json.loads((path / terraform.TFVARS_FILE).read_text()) == {
        "glue_jobs_dir": str(tmp_path / "jobs"),
        "force_destroy": True,
    }
    assert sorted(p.name for p in module.iterdir()) == before

    (module / "main.tf").unlink()  # a file removed from the module disappears from the workspace
    workspace.prepare()
    assert not (path / "main.tf").exists() and (path / "variables.tf").is_symlink()


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
