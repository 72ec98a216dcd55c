"""`localglue deploy` and `localglue tf`: the pipeline's Terraform against a running localglue."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request

from . import endpoint, terraform
from .gateway.app import HEALTH_PATH

# Subcommands that need neither the local provider settings nor an initialised working directory.
MODULE_ONLY_COMMANDS = ("fmt", "version")


def require_gateway(endpoint_url: str) -> None:
    try:
        with urllib.request.urlopen(f"{endpoint_url}{HEALTH_PATH}", timeout=5) as response:
            json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise SystemExit(
            f"no localglue at {endpoint_url} ({err}): start it with `localglue up` (or `make up`), "
            "or pass --endpoint-url / LOCALGLUE_ENDPOINT"
        ) from err


def workspace_from(args: argparse.Namespace) -> terraform.Workspace:
    return terraform.Workspace(endpoint.endpoint_url(args.endpoint_url), name=args.workspace)


def cmd_deploy(args: argparse.Namespace) -> int:
    workspace = workspace_from(args)
    require_gateway(workspace.endpoint_url)
    variables = dict(item.split("=", 1) for item in args.var)
    try:
        workspace.apply(variables)
        outputs = workspace.outputs()
    except terraform.TerraformError as err:
        print(f"localglue deploy: {err}", file=sys.stderr)
        return 1
    print(f"\ndeployed to {workspace.endpoint_url} (state: {workspace.state_file})")
    print(json.dumps(outputs, indent=2, sort_keys=True))
    return 0


def cmd_tf(args: argparse.Namespace) -> int:
    """Any terraform command: on the module itself for fmt, else in the local workspace (state, endpoint)."""
    tf_args = args.tf_args[1:] if args.tf_args[:1] == ["--"] else args.tf_args
    if not tf_args:
        print("usage: localglue tf <terraform arguments>, e.g. localglue tf plan", file=sys.stderr)
        return 2
    if tf_args[0] in MODULE_ONLY_COMMANDS:
        env = terraform.terraform_env(terraform.write_cli_config())
        command = ["terraform", f"-chdir={terraform.MODULE_DIR}", *tf_args]
        return subprocess.run(command, env=env, check=False).returncode
    workspace = workspace_from(args)
    try:
        if tf_args[0] != "init":
            workspace.ensure_init()
        return workspace.run(*tf_args, check=False).returncode
    except terraform.TerraformError as err:
        print(f"localglue tf: {err}", file=sys.stderr)
        return 1


def _add_target_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--endpoint-url",
        help=f"localglue URL (default: $LOCALGLUE_ENDPOINT, $AWS_ENDPOINT_URL or {endpoint.DEFAULT_ENDPOINT})",
    )
    parser.add_argument(
        "--workspace",
        default="local",
        help="working directory and state under .localglue/terraform/ (default %(default)s)",
    )


def add_commands(commands: argparse._SubParsersAction) -> None:
    deploy = commands.add_parser(
        "deploy", help="terraform init + apply of terraform/ against a running localglue"
    )
    _add_target_options(deploy)
    deploy.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="a Terraform variable"
    )
    deploy.set_defaults(func=cmd_deploy)

    tf = commands.add_parser(
        "tf", help="run terraform on terraform/ with localglue's settings, e.g. `localglue tf plan`"
    )
    _add_target_options(tf)
    tf.add_argument("tf_args", nargs=argparse.REMAINDER, help="terraform's own arguments")
    tf.set_defaults(func=cmd_tf)
