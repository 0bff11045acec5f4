"""MUNICIPIUM_STORAGE and MUNICIPIUM_S3_*: the folder by default, the bucket when asked, a
configuration that cannot work refused at start, and `check --deploy` asking the bucket."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from municipium import settings as municipium_settings
from municipium.registry.checks import object_storage
from tests.object_store import Bucket, bucket, s3_endpoint

__all__ = ["bucket", "s3_endpoint"]

S3_VARIABLES = (
    "MUNICIPIUM_STORAGE",
    "MUNICIPIUM_S3_BUCKET",
    "MUNICIPIUM_S3_ENDPOINT_URL",
    "MUNICIPIUM_S3_REGION",
    "MUNICIPIUM_S3_ACCESS_KEY",
    "MUNICIPIUM_S3_SECRET_KEY",
    "MUNICIPIUM_S3_ADDRESSING_STYLE",
    "MUNICIPIUM_S3_DOWNLOADS",
    "MUNICIPIUM_S3_URL_SECONDS",
)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_files_stay_in_the_var_folder_by_default(clean_environment: Any) -> None:
    storage = municipium_settings._file_storage("local")
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"]["location"] == str(municipium_settings.VAR_DIR / "media")
    assert municipium_settings.STORAGE == "local"


def test_s3_is_the_bucket_named_in_the_environment(clean_environment: Any) -> None:
    clean_environment.setenv("MUNICIPIUM_S3_BUCKET", "obshtina-files")
    clean_environment.setenv("MUNICIPIUM_S3_ENDPOINT_URL", "https://s3.example.org")
    clean_environment.setenv("MUNICIPIUM_S3_ADDRESSING_STYLE", "path")
    storage = municipium_settings._file_storage("s3")
    assert storage["BACKEND"] == "municipium.registry.storage.S3BlobStorage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "obshtina-files"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["addressing_style"] == "path"
    assert options["file_overwrite"] is False
    # No keys in the environment: none in the settings either, boto3 finds its own (a role).
    assert options["access_key"] is None and options["secret_key"] is None


@pytest.mark.parametrize(
    ("kind", "environment", "message"),
    [
        ("s3", {}, "MUNICIPIUM_S3_BUCKET is required when MUNICIPIUM_STORAGE is s3"),
        ("local", {"MUNICIPIUM_S3_BUCKET": "files"}, "set MUNICIPIUM_STORAGE=s3"),
        ("ftp", {}, "MUNICIPIUM_STORAGE must be local or s3, not 'ftp'"),
        (
            "s3",
            {"MUNICIPIUM_S3_BUCKET": "files", "MUNICIPIUM_S3_ACCESS_KEY": "AKIA"},
            "Set both MUNICIPIUM_S3_ACCESS_KEY and MUNICIPIUM_S3_SECRET_KEY, or neither",
        ),
        (
            "s3",
            {"MUNICIPIUM_S3_BUCKET": "files", "MUNICIPIUM_S3_ADDRESSING_STYLE": "dns"},
            "MUNICIPIUM_S3_ADDRESSING_STYLE must be auto, path or virtual",
        ),
    ],
)
def test_a_storage_configuration_that_cannot_work_is_refused(
    clean_environment: Any, kind: str, environment: dict[str, str], message: str
) -> None:
    for name, value in environment.items():
        clean_environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        municipium_settings._file_storage(kind)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"MUNICIPIUM_STORAGE": "s3"},
            "MUNICIPIUM_S3_BUCKET is required when MUNICIPIUM_STORAGE is s3.",
        ),
        (
            {"MUNICIPIUM_S3_DOWNLOADS": "redirect"},
            "MUNICIPIUM_S3_DOWNLOADS=redirect needs MUNICIPIUM_STORAGE=s3.",
        ),
        (
            {"MUNICIPIUM_S3_URL_SECONDS": "0"},
            "MUNICIPIUM_S3_URL_SECONDS must be at least 1, not 0.",
        ),
        (
            {"MUNICIPIUM_S3_URL_SECONDS": "604801"},
            "MUNICIPIUM_S3_URL_SECONDS must be at most 604800 (7 days).",
        ),
    ],
)
def test_every_command_stops_on_it_with_one_line_and_status_2(
    tmp_path: Path, environment: dict[str, str], message: str
) -> None:
    environ = {k: v for k, v in os.environ.items() if k not in S3_VARIABLES}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("municipium")), "check"],
        capture_output=True,
        text=True,
        env={**environ, **environment, "MUNICIPIUM_VAR_DIR": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"municipium: configuration error: {message}\n"


def test_check_deploy_finds_the_bucket_usable(bucket: Bucket) -> None:
    assert object_storage() == []


def test_check_deploy_reports_a_bucket_it_cannot_use(bucket: Bucket, settings: Any) -> None:
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": "no-such-bucket"}},
    }
    (error,) = object_storage()
    assert error.id == "municipium.E002"
    assert "no-such-bucket" in error.msg


def test_check_deploy_asks_no_bucket_of_the_local_folder() -> None:
    assert object_storage() == []
