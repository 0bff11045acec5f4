"""Production settings pass Django's deployment checks, and bad values fail loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from municipium import settings as municipium_settings

PRODUCTION = {
    "MUNICIPIUM_DEBUG": "false",
    "MUNICIPIUM_SECRET_KEY": "x" * 20 + "production-like-secret-key-with-enough-entropy-9f8e7d",
    "MUNICIPIUM_ALLOWED_HOSTS": "obshtina.example.org",
    "MUNICIPIUM_SSL_REDIRECT": "true",
    "MUNICIPIUM_STATIC_MANIFEST": "true",
    "MUNICIPIUM_HSTS_PRELOAD": "true",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MUNICIPIUM_") and k != "DATABASE_URL"
    }
    environ.update(PRODUCTION, MUNICIPIUM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("municipium")),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("helper", "value"),
    [
        (municipium_settings.env_bool, "perhaps"),
        (municipium_settings.env_int, "ten"),
    ],
)
def test_unreadable_values_raise_improperly_configured(
    monkeypatch: pytest.MonkeyPatch, helper, value: str
) -> None:
    monkeypatch.setenv("MUNICIPIUM_PROBE", value)
    with pytest.raises(ImproperlyConfigured, match="MUNICIPIUM_PROBE"):
        helper("MUNICIPIUM_PROBE", 1)


def test_a_number_below_its_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUNICIPIUM_PROBE", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        municipium_settings.env_int("MUNICIPIUM_PROBE", 5, minimum=1)


def test_admins_are_read_from_a_list_of_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    assert municipium_settings._admins("Ops <ops@example.org>, dev@example.org") == [
        ("Ops", "ops@example.org"),
        ("dev@example.org", "dev@example.org"),
    ]
    assert municipium_settings._admins("") == []
    with pytest.raises(ImproperlyConfigured, match="MUNICIPIUM_ADMINS"):
        municipium_settings._admins("nobody")


def test_load_balancer_health_checks_are_not_redirected_to_https(client, settings, db) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_the_stylesheet_script_and_htmx_are_served(client, db) -> None:
    for path in [
        "/static/css/municipium.css",
        "/static/js/municipium.js",
        "/static/vendor/htmx.min.js",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, path
