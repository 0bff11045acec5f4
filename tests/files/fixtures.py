"""Fixtures shared by the attachment, extraction and intake tests (import them by name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ACCEPTED = HERE / "accepted"
REFUSED = HERE / "refused"


def accepted(name: str) -> bytes:
    return (ACCEPTED / name).read_bytes()


def refused(name: str) -> bytes:
    return (REFUSED / name).read_bytes()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Blobs go to a folder of this test, never to the developer's var/."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location
