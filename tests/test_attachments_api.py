"""The attachments API: list, upload (400/413 with the reason, nothing stored), download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from municipium.accounts.services import api_token_create
from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.models import Attachment, StoredFile
from tests.conftest import register_letter
from tests.files.fixtures import accepted, media, refused

__all__ = ["media"]


def _client(user: Any) -> Client:
    raw = api_token_create(user=user, name="test").raw
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def letter(world: Any, registry: Any, media: Path) -> Any:
    return register_letter(world, registry).document


def _base(document: Any, org: str = "alpha") -> str:
    return f"/api/v1/orgs/{org}/registry/documents/{document.pk}/attachments"


def test_an_official_uploads_a_file_and_reads_it_back(world: Any, letter: Any) -> None:
    client = _client(world.official_a)
    response = client.post(
        _base(letter), {"file": SimpleUploadedFile("letter.pdf", accepted("letter.pdf"))}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["filename"], body["mime"], body["kind"], body["version"]) == (
        "letter.pdf",
        "application/pdf",
        "original",
        1,
    )
    assert body["extraction_status"] == "pending"
    listed = client.get(_base(letter)).json()
    assert [a["id"] for a in listed] == [body["id"]]
    content = client.get(f"{_base(letter)}/{body['id']}/content")
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == accepted("letter.pdf")  # type: ignore[attr-defined]
    assert content["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "data_name", "code"),
    [
        ("invoice.pdf", "program-named.pdf", "executable"),
        ("archive.pdf", "archive-named.pdf", "archive"),
        ("broken.pdf", "broken.pdf", "malformed"),
        # Django already drops folders from uploaded names; device names are ours to refuse.
        ("CON.txt", "unknown.xyz", "name_reserved"),
    ],
)
def test_a_refused_upload_is_400_with_its_reason_and_stores_nothing(
    world: Any, letter: Any, name: str, data_name: str, code: str
) -> None:
    data = refused(data_name)
    response = _client(world.registrar_a).post(
        _base(letter), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not Attachment.objects.exists()
    assert not StoredFile.objects.exists()


def test_a_file_over_the_limit_is_413(world: Any, letter: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_MB = 1
    response = _client(world.registrar_a).post(
        _base(letter), {"file": SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 10))}
    )
    assert response.status_code == 413
    body = response.json()
    assert (body["detail"], body["code"]) == ("The file is larger than 1 MB.", "too_large")
    assert not Attachment.objects.exists()


def test_a_missing_file_is_422_in_the_error_shape(world: Any, letter: Any) -> None:
    response = _client(world.registrar_a).post(_base(letter), {})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_other_organisations_and_viewers_cannot_reach_the_files(world: Any, letter: Any) -> None:
    attachment = services.attachment_add(
        document=letter,
        upload=SimpleUploadedFile("letter.pdf", accepted("letter.pdf")),
        actor=None,
    )
    assert _client(world.official_b).get(_base(letter)).status_code == 403
    assert _client(world.admin_b).get(_base(letter, "beta")).status_code == 404
    assert (
        _client(world.admin_b).get(f"{_base(letter, 'beta')}/{attachment.pk}/content").status_code
        == 404
    )
    assert Client().get(_base(letter)).status_code == 401


def test_the_list_runs_a_bounded_number_of_queries(
    world: Any, letter: Any, django_assert_max_num_queries: Any
) -> None:
    for index in range(15):
        services.attachment_add(
            document=letter,
            upload=SimpleUploadedFile(f"n{index}.txt", f"note {index}".encode()),
            actor=None,
        )
    client = _client(world.official_a)
    with django_assert_max_num_queries(12):
        assert len(client.get(_base(letter)).json()) == 15


def test_api_downloads_of_confidential_files_are_journaled(
    world: Any, registry: Any, media: Path
) -> None:
    secret = register_letter(
        world,
        registry,
        confidentiality="confidential",
        readers=[world.official_a],
        actor=None,  # not the registrar: one who registers it reads it
    ).document
    attachment = services.attachment_add(
        document=secret,
        upload=SimpleUploadedFile("letter.pdf", accepted("letter.pdf")),
        actor=None,
    )
    assert (
        _client(world.registrar_a).get(f"{_base(secret)}/{attachment.pk}/content").status_code
        == 404
    )
    assert (
        _client(world.official_a).get(f"{_base(secret)}/{attachment.pk}/content").status_code == 200
    )
    entry = AuditEntry.objects.get(action="attachment.download")
    assert entry.actor_id == world.official_a.pk
