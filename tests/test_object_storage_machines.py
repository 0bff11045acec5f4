"""Several machines share one bucket: a file uploaded through one web process is downloaded
through another that has its own var folder, and a task worker with a third reads its text —
real `municipium serve` and `municipium worker` processes, one database, moto's S3 server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from municipium.accounts.services import api_token_create
from municipium.registry.models import Attachment, ExtractionStatus
from tests.conftest import register_letter
from tests.files.fixtures import accepted
from tests.files.make_corpus import BG_TEXT
from tests.object_store import Bucket, bucket, s3_endpoint

__all__ = ["bucket", "s3_endpoint"]

MUNICIPIUM = str(Path(sys.executable).with_name("municipium"))


def _database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environ(bucket: Bucket, var: Path) -> dict[str, str]:
    return {
        **os.environ,
        **bucket.environ,
        "DATABASE_URL": _database_url(),
        "MUNICIPIUM_VAR_DIR": str(var),
        # The lemma tables are derived data each machine builds once (~20 s): share the suite's.
        "MUNICIPIUM_LEMMA_DIR": str(settings.LEMMA_DIR),
        "MUNICIPIUM_DEBUG": "false",
        "MUNICIPIUM_SSL_REDIRECT": "false",
        "MUNICIPIUM_ALLOWED_HOSTS": "127.0.0.1",
    }


@contextmanager
def serving(environ: dict[str, str]) -> Iterator[str]:
    """`municipium serve` on a free port until the block ends; its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [MUNICIPIUM, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as probe:
                    if probe.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _, errors = process.communicate(timeout=10)
                pytest.fail(f"municipium serve did not start: {errors[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _request(
    url: str, token: str, *, data: bytes | None = None, content_type: str = ""
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    request.add_header("Authorization", f"Bearer {token}")
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return (
        head + data + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.django_db(transaction=True)
def test_a_file_uploaded_on_one_machine_is_served_by_another_and_read_by_a_worker(
    world: Any, registry: Any, bucket: Bucket, tmp_path: Path
) -> None:
    if connection.vendor == "sqlite" and not str(connection.settings_dict["NAME"]).startswith("/"):
        pytest.skip("the SQLite test database is in memory; a second process cannot see it")
    letter = register_letter(world, registry).document
    official_a = api_token_create(user=world.official_a, name="machines").raw
    official_b = api_token_create(user=world.official_b, name="machines").raw
    path = f"/api/v1/orgs/alpha/registry/documents/{letter.pk}/attachments"
    data = accepted("letter.pdf")
    machines = {name: tmp_path / name for name in ("web-a", "web-b", "worker")}

    with serving(_environ(bucket, machines["web-a"])) as web_a:
        body, content_type = _multipart("file", "letter.pdf", data)
        status, _, answer = _request(web_a + path, official_a, data=body, content_type=content_type)
        assert status == 201, answer[:2000]
        added = json.loads(answer)
    assert Attachment.objects.get(pk=added["id"]).extraction_status == ExtractionStatus.PENDING

    with serving(_environ(bucket, machines["web-b"])) as web_b:
        status, headers, content = _request(f"{web_b}{path}/{added['id']}/content", official_a)
        assert status == 200
        assert content == data
        assert headers["Content-Security-Policy"] == "sandbox"
        # the same access checks on every machine
        status, _, content = _request(f"{web_b}{path}/{added['id']}/content", official_b)
        assert status in (403, 404)
        assert content != data

    worker = subprocess.run(
        [MUNICIPIUM, "worker", "--batch", "--no-periodic"],
        env=_environ(bucket, machines["worker"]),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    attachment = Attachment.objects.get(pk=added["id"])
    assert attachment.extraction_status == ExtractionStatus.DONE, attachment.extraction_error
    assert BG_TEXT in attachment.extracted_text

    # Nothing was kept in any machine's own folder.
    for var in machines.values():
        assert not (var / "media").exists(), f"{var.name} stored a file locally"
