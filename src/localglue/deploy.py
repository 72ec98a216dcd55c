"""`localglue deploy [DIR]` and `localglue tf [-chdir=DIR] ...`: any Terraform root against a running
localglue, as `tflocal` does for LocalStack (this repository's `terraform/` is one such root)."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from . import console, endpoint, terraform
from .gateway_client import health

# Subcommands that need neither the local provider settings nor an initialised working directory.
MODULE_ONLY_COMMANDS = ("fmt", "version")


def workspace_from(args: argparse.Namespace, module_dir: Path) -> terraform.Workspace:
    return terraform.Workspace(
        endpoint.endpoint_url(args.endpoint_url), name=args.workspace, module_dir=module_dir
    )


def cmd_deploy(args: argparse.Namespace) -> int:
    url = endpoint.endpoint_url(args.endpoint_url)
    health(url)
    workspace = workspace_from(args, Path(args.dir))
    variables = dict(item.split("=", 1) for item in args.var)
    with console.terraform_progress(f"terraform apply {args.dir}") as on_line:
        applied = workspace.apply(variables, capture=True, on_line=on_line)
    outputs = workspace.outputs()
    summary = next((line for line in applied.stdout.splitlines() if line.startswith("Apply complete! ")), "")
    console.line(
        f"deployed {args.dir} to {url}: {summary.removeprefix('Apply complete! ')} "
        f"(state: {workspace.state_file})"
    )
    print(json.dumps(outputs, indent=2, sort_keys=True))
    return 0


def split_chdir(tf_args: list[str]) -> tuple[Path, list[str]]:
    """Terraform's own global option `-chdir=DIR` (before the subcommand) names the root; default `.`."""
    if tf_args[:1] == ["--"]:
        tf_args = tf_args[1:]
    if tf_args and tf_args[0].startswith("-chdir="):
        return Path(tf_args[0].removeprefix("-chdir=")), tf_args[1:]
    return Path("."), tf_args


def cmd_tf(args: argparse.Namespace) -> int:
    """Any terraform command on a root: as is for fmt and version, else with the local settings."""
    module_dir, tf_args = split_chdir(args.tf_args)
    if not tf_args:
        raise console.CommandError(
            "usage: localglue tf [-chdir=DIR] <terraform arguments>, e.g. localglue tf -chdir=infra plan",
            exit_code=2,
        )
    if tf_args[0] in MODULE_ONLY_COMMANDS:
        env = terraform.terraform_env(terraform.write_cli_config())
        command = ["terraform", f"-chdir={module_dir}", *tf_args]
        return subprocess.run(command, env=env, check=False).returncode
    workspace = workspace_from(args, module_dir)
    if tf_args[0] != "init":
        workspace.ensure_init()
    return workspace.run(*tf_args, check=False).returncode


def _add_target_options(parser: argparse.ArgumentParser) -> None:
    endpoint.add_endpoint_option(parser)
    parser.add_argument(
        "--workspace",
        default=None,
        help="folder of the local state under .localglue/terraform/ (default: one per Terraform root)",
    )


def add_commands(commands: argparse._SubParsersAction) -> None:
    deploy = commands.add_parser(
        "deploy", help="terraform init + apply of a Terraform root (default: this folder) against localglue"
    )
    deploy.add_argument("dir", nargs="?", default=".", help="the Terraform root (default: this folder)")
    _add_target_options(deploy)
    deploy.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="a Terraform variable"
    )
    deploy.set_defaults(func=cmd_deploy)

    tf = commands.add_parser(
        "tf",
        help="terraform with localglue's settings on any root, e.g. `localglue tf -chdir=infra plan`",
    )
    _add_target_options(tf)
    tf.add_argument("tf_args", nargs=argparse.REMAINDER, help="terraform's own arguments")
    tf.set_defaults(func=cmd_tf)
