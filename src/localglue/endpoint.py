"""Where a running localglue answers, and AWS clients pointed at it."""

from __future__ import annotations

import argparse
import os
from typing import Any, cast

DEFAULT_ENDPOINT = "http://127.0.0.1:4566"
DEFAULT_REGION = "us-east-1"
# moto accepts any key; these are what every local client signs with unless the environment says otherwise.
LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def endpoint_url(explicit: str | None = None) -> str:
    """`explicit`, else $LOCALGLUE_ENDPOINT, else $AWS_ENDPOINT_URL, else the gateway `localglue start`
    runs (when one runs), else the default port on loopback."""
    from .records import started_url

    url = (
        explicit
        or os.environ.get("LOCALGLUE_ENDPOINT")
        or os.environ.get("AWS_ENDPOINT_URL")
        or started_url()
        or DEFAULT_ENDPOINT
    )
    return url.rstrip("/")


def region(explicit: str | None = None) -> str:
    return explicit or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


def client(
    service: str,
    url: str | None = None,
    region_name: str | None = None,
    credentials: tuple[str, str] | None = None,
):
    """A boto3 client on localglue, signed with `credentials` (access key, secret), else the
    environment's keys, else the local test keys."""
    import boto3
    from botocore.config import Config

    access_key, secret_key = credentials or (
        os.environ.get("AWS_ACCESS_KEY_ID", LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"]),
        os.environ.get("AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]),
    )
    return boto3.client(
        cast(Any, service),  # boto3-stubs types client() per literal service name
        endpoint_url=endpoint_url(url),
        region_name=region(region_name),
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=None if credentials else os.environ.get("AWS_SESSION_TOKEN"),
        # a local endpoint that refuses a connection is not there: say so now, not after a minute of retries
        config=Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=5),
    )


def add_endpoint_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--endpoint-url",
        default=None,
        help=f"the localglue gateway (default $LOCALGLUE_ENDPOINT, $AWS_ENDPOINT_URL or {DEFAULT_ENDPOINT})",
    )


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """`--endpoint-url` and `--region` for a subcommand that talks to a running localglue (checked to be
    there before the command runs)."""
    add_endpoint_option(parser)
    parser.set_defaults(needs_gateway=True)
    parser.add_argument(
        "--region", default=None, help=f"AWS region (default $AWS_REGION or {DEFAULT_REGION})"
    )
