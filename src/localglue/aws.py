"""`localglue aws plan | apply | destroy --env ENV`: the same `terraform/` root, deployed to AWS.

Credentials and region are the caller's own (profile, environment, SSO...); state lives in the S3
backend described by `terraform/env/<env>.backend.hcl`, variables in `terraform/env/<env>.tfvars`.
With `--endpoint-url`, the plan is made against a running localglue instead (a stand-in for AWS: local
state, test credentials), which shows the full plan of an environment without an AWS account.
"""

from __future__ import annotations

import argparse
import sys

from . import endpoint, terraform

ENV_DIR = terraform.MODULE_DIR / "env"
BACKEND_EXAMPLE = ENV_DIR / "backend.hcl.example"


class DeploymentRefused(RuntimeError):
    pass


def require_aws_credentials() -> str:
    """The caller's access key id; refuse before Terraform starts when the AWS SDK finds no credentials."""
    import boto3

    credentials = boto3.Session().get_credentials()
    if credentials is None:
        raise DeploymentRefused(
            "no AWS credentials configured: run `aws configure` (or `aws sso login`), or set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then try again"
        )
    return credentials.access_key


def environment_files(env: str) -> tuple[terraform.Path, terraform.Path]:
    tfvars, backend = ENV_DIR / f"{env}.tfvars", ENV_DIR / f"{env}.backend.hcl"
    if not tfvars.is_file():
        known = ", ".join(sorted(path.stem for path in ENV_DIR.glob("*.tfvars"))) or "none"
        raise DeploymentRefused(
            f"no variables for environment {env!r}: create {tfvars} (environments: {known})"
        )
    return tfvars, backend


def workspace_for(args: argparse.Namespace) -> terraform.Workspace:
    tfvars, backend = environment_files(args.env)
    if args.endpoint_url:
        url = endpoint.endpoint_url(args.endpoint_url)
        return terraform.Workspace(url, name=f"standin-{args.env}", var_files=(tfvars,))
    key = require_aws_credentials()
    if not backend.is_file():
        raise DeploymentRefused(
            f"no state backend for environment {args.env!r}: copy {BACKEND_EXAMPLE} to {backend} "
            "and name your state bucket"
        )
    print(f"deploying environment {args.env} with access key {key[:4]}...{key[-4:]}", flush=True)
    return terraform.Workspace(None, name=f"aws-{args.env}", var_files=(tfvars,), backend_config=backend)


def confirm_destroy(env: str) -> bool:
    print(f"This destroys every resource of environment {env!r}, data buckets included if force_destroy.")
    try:
        return input(f"Type the environment name ({env}) to confirm: ").strip() == env
    except EOFError:
        return False


def cmd_aws(args: argparse.Namespace) -> int:
    try:
        workspace = workspace_for(args)
        if args.action == "plan":
            workspace.plan(capture=False)
            return 0
        if args.action == "apply":
            workspace.ensure_init()
            # interactive: Terraform shows the plan and asks before changing anything on AWS
            interactive = ("-auto-approve",) if args.endpoint_url else ()
            workspace.run("apply", "-input=true", *interactive, *workspace.variable_args(None))
            outputs = workspace.outputs()
            print(
                "\nstart the pipeline now with:\n"
                f"  aws glue start-workflow-run --name {outputs['workflow_name']} --region {outputs['aws_region']}"
            )
            return 0
        if not confirm_destroy(args.env):
            print("not confirmed: nothing destroyed", file=sys.stderr)
            return 1
        workspace.destroy()
        return 0
    except (DeploymentRefused, terraform.TerraformError) as err:
        print(f"localglue aws {args.action}: {err}", file=sys.stderr)
        return 2


def add_commands(commands) -> None:
    aws = commands.add_parser(
        "aws", help="plan, apply or destroy terraform/ on AWS with your own credentials"
    )
    aws.add_argument("action", choices=("plan", "apply", "destroy"))
    aws.add_argument(
        "--env", default="dev", help="environment: terraform/env/<env>.tfvars (default %(default)s)"
    )
    aws.add_argument(
        "--endpoint-url",
        help="plan or apply against this running localglue instead of AWS (a stand-in; local state)",
    )
    aws.set_defaults(func=cmd_aws)
