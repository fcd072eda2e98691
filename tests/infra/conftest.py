"""A real S3-compatible server for the object-storage tests: moto in server mode.

CI starts one (`.ci/run`) and names it in S3_TEST_ENDPOINT. Elsewhere the session starts
`moto_server` from the virtualenv itself on a free port and stops it at the end. In CI a
missing server fails these tests instead of skipping them.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest

from anphu_portal.settings import s3_storages

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def reachable(endpoint: str) -> bool:
    address = urlsplit(endpoint)
    try:
        with socket.create_connection((address.hostname, address.port or 80), timeout=1):
            return True
    except OSError:
        return False


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI requires the S3 storage tests to run.")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def s3_endpoint():
    """Yield the URL of a running S3-compatible server."""
    endpoint = os.environ.get("S3_TEST_ENDPOINT", "")
    if endpoint:
        if not reachable(endpoint):
            unavailable(f"No S3-compatible server at {endpoint}")
        yield endpoint
        return
    program = Path(sys.executable).parent / "moto_server"
    if not program.exists():
        unavailable(f"{program} is not installed (pip install -r requirements-dev.txt)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(program), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not reachable(endpoint):
            if server.poll() is not None or time.monotonic() > deadline:
                unavailable(f"moto_server did not start on port {port}")
            time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS)


def s3_environment(endpoint: str, **extra) -> dict[str, str]:
    """Return the environment of a server configured for two new, empty buckets."""
    client = s3_client(endpoint)
    suffix = uuid.uuid4().hex[:12]
    environ = {
        "AWS_STORAGE_BUCKET_NAME": f"anphu-media-{suffix}",
        "AWS_PRIVATE_BUCKET_NAME": f"anphu-private-{suffix}",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        **extra,
    }
    client.create_bucket(Bucket=environ["AWS_STORAGE_BUCKET_NAME"])
    client.create_bucket(Bucket=environ["AWS_PRIVATE_BUCKET_NAME"])
    # Anyone may read the media bucket, as the README tells to set it up; the private
    # bucket keeps the default: no anonymous access.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{environ['AWS_STORAGE_BUCKET_NAME']}/*",
            }
        ],
    }
    client.put_bucket_policy(
        Bucket=environ["AWS_STORAGE_BUCKET_NAME"], Policy=json.dumps(public_read)
    )
    return environ


def bucket_contents(endpoint: str, bucket: str) -> dict[str, bytes]:
    """Return every object of a bucket, by key."""
    client = s3_client(endpoint)
    keys = [
        item["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", ())
    ]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


@pytest.fixture
def s3(settings, s3_endpoint):
    """Put the default and private storages on new buckets of the S3 server."""
    environ = s3_environment(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, **s3_storages(environ)}
    return environ
