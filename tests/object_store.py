"""A real S3-compatible HTTP server for the tests of MUNICIPIUM_STORAGE=s3: moto's server, started
once per test session on a free port of 127.0.0.1, and a fresh bucket for each test (import the
fixtures by name)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from municipium import settings as municipium_settings

REGION = "eu-central-1"
KEY, SECRET = "municipium-tests", "municipium-tests-secret"  # moto accepts any pair


@dataclass(frozen=True)
class Bucket:
    name: str
    endpoint: str
    client: Any  # a boto3 S3 client of our own, to look at the bucket from outside

    @property
    def environ(self) -> dict[str, str]:
        """The configuration of a process that keeps its files in this bucket."""
        return {
            "MUNICIPIUM_STORAGE": "s3",
            "MUNICIPIUM_S3_BUCKET": self.name,
            "MUNICIPIUM_S3_ENDPOINT_URL": self.endpoint,
            "MUNICIPIUM_S3_REGION": REGION,
            "MUNICIPIUM_S3_ACCESS_KEY": KEY,
            "MUNICIPIUM_S3_SECRET_KEY": SECRET,
        }

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=self.name, Key=key)["Body"].read())


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A new, empty bucket, and this process configured to keep its files there — through the
    same settings code that reads MUNICIPIUM_STORAGE and MUNICIPIUM_S3_* at start."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    )
    made = Bucket(f"municipium-{uuid.uuid4().hex[:12]}", s3_endpoint, client)
    client.create_bucket(Bucket=made.name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for name, value in made.environ.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": municipium_settings._file_storage("s3"),
    }
    return made
