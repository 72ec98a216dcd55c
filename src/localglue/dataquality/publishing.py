"""The job side of results publishing: a job run's EvaluateDataQuality sends its result to the gateway.

On Glue the job's runtime publishes results to the Data Quality service, which attributes them to the
job run. Locally the job process sends them as the localglue action `LocalGlue.PublishDataQuality` to the
endpoint in its environment, signed for the `glue` service with the run's credentials, so that under
`--enforce-iam` the run's role needs `glue:PublishDataQuality`, the permission AWS documents for it.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any

ACTION = "PublishDataQuality"
TARGET = f"LocalGlue.{ACTION}"


class PublishingError(RuntimeError):
    """The gateway did not take the result; the message is its answer."""


def job_argument(name: str, argv: list[str] | None = None) -> str | None:
    """`--name value` from the run's arguments (Glue passes JOB_NAME and JOB_RUN_ID this way)."""
    argv = sys.argv if argv is None else argv
    flag = f"--{name}"
    for index, argument in enumerate(argv[:-1]):
        if argument == flag:
            return argv[index + 1]
    return None


def in_job_run() -> bool:
    """Whether this process is a localglue job run, with a gateway to publish to."""
    return bool(job_argument("JOB_RUN_ID") and os.environ.get("AWS_ENDPOINT_URL"))


def publish(result: dict[str, Any]) -> str:
    """Send one DataQualityResult (without its ResultId) for this job run; return the ResultId given."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.session import Session

    body = json.dumps(
        {**result, "JobName": job_argument("JOB_NAME"), "JobRunId": job_argument("JOB_RUN_ID")}, default=str
    ).encode()
    url = os.environ["AWS_ENDPOINT_URL"].rstrip("/") + "/"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    request = AWSRequest(
        method="POST",
        url=url,
        data=body,
        headers={"X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.1"},
    )
    credentials = Session().get_credentials()
    if credentials is None:
        raise PublishingError("no AWS credentials in the job's environment to publish Data Quality results")
    SigV4Auth(credentials.get_frozen_credentials(), "glue", region).add_auth(request)
    prepared = urllib.request.Request(url, data=body, headers=dict(request.headers.items()), method="POST")
    try:
        with urllib.request.urlopen(prepared, timeout=60) as response:
            return json.loads(response.read())["ResultId"]
    except urllib.error.HTTPError as err:
        answer = json.loads(err.read() or b"{}")
        raise PublishingError(f"{answer.get('__type', err.code)}: {answer.get('message', '')}") from err
