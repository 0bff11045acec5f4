"""A long search query reaches the application through `municipium serve` (gunicorn) and gets
the API's JSON answer, not gunicorn's HTML "414 URI Too Long"."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

MUNICIPIUM = str(Path(sys.executable).with_name("municipium"))
SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from municipium.accounts.models import User
from municipium.accounts.services import api_token_create
from municipium.tenants.services import membership_add, organisation_create
org = organisation_create(actor=None, slug="alpha", name="Община Алфа",
                          kind="municipality", country="BG", languages=["bg"])
user = User.objects.create_user(email="r@example.org", password="x" * 12, full_name="R",
                                language="en")
membership_add(organisation=org, actor=None, email=user.email, full_name="R",
               roles=["registrar"], unit=None)
print(api_token_create(user=user, name="t").raw)
"""


def _environ(var: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update({"MUNICIPIUM_VAR_DIR": str(var), "MUNICIPIUM_DEBUG": "true"})
    return environ


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str, **headers: str) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": "en", **headers})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read().decode()
    finally:
        connection.close()


def test_a_thousand_cyrillic_letters_reach_the_api_and_get_its_json_error(tmp_path: Path) -> None:
    setup = subprocess.run(
        [MUNICIPIUM, "shell", "-c", SETUP],
        env=_environ(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    token = setup.stdout.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [MUNICIPIUM, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=_environ(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        path = "/api/v1/orgs/alpha/search?q=" + quote("я" * 1000)
        assert 6000 < len(f"GET {path} HTTP/1.1") < 8190
        status, content_type, body = _get(port, path, Authorization=f"Bearer {token}")
        assert status == 422, body[:300]
        assert content_type.startswith("application/json")
        assert json.loads(body)["detail"] == "q: Too long: write at most 500 characters."
        anonymous = _get(port, path)
        assert anonymous[0] == 401 and json.loads(anonymous[2])["code"] == "not_authenticated"
    finally:
        server.terminate()
        server.wait(timeout=30)
