"""Confidential documents in the registry book and for the registrar who registered them
(issue 16, item 8): the book's numbering has no gaps, the registrar can open and file them."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from municipium.registry.models import Document

from .conftest import client_for, register_letter
from .test_registry_exports import BOOK, csv_rows

SECRET = "Сигнал за корупция срещу кмета"


def _book_csv(user: Any) -> list[list[str]]:
    today = timezone.localdate().isoformat()
    response = client_for(user).get(
        BOOK, {"register": "general", "date_from": today, "date_to": today, "format": "csv"}
    )
    assert response.status_code == 200
    return csv_rows(response)


def _secret(world: Any, registry: Any, **extra: Any) -> Document:
    return register_letter(
        world,
        registry,
        subject=SECRET,
        correspondent=None,
        new_correspondent={"kind": "person", "name": "Анонимен подател"},
        confidentiality="confidential",
        readers=[world.official_a],
        **extra,
    ).document


def test_the_book_numbers_every_entry_and_hides_what_a_confidential_one_is_about(world, registry):
    first = register_letter(world, registry, subject="Първо").document
    secret = _secret(world, registry, actor=None)
    last = register_letter(world, registry, subject="Последно").document
    rows = _book_csv(world.admin_a)
    assert [row[0] for row in rows[1:]] == [first.number, secret.number, last.number]
    hidden = dict(zip(rows[0], rows[2], strict=True))
    assert hidden["Subject"] == "Confidential"
    assert hidden["Correspondent"] == "" and hidden["Kind"] == "" and hidden["Sheets"] == ""
    body = "\n".join(",".join(row) for row in rows)
    assert SECRET not in body and "Анонимен подател" not in body


def test_the_named_reader_reads_the_whole_row(world, registry):
    secret = _secret(world, registry, actor=None)
    rows = _book_csv(world.official_a)
    row = dict(zip(rows[0], next(r for r in rows if r[0] == secret.number), strict=True))
    assert row["Subject"] == SECRET
    assert row["Correspondent"] == "Анонимен подател"


def test_the_registrar_who_registered_it_opens_it_and_adds_its_file(world, registry):
    secret = _secret(world, registry)  # registered by registrar_a
    client = client_for(world.registrar_a)
    page = client.get(f"/alpha/office/registry/documents/{secret.pk}/")
    assert page.status_code == 200
    assert SECRET in page.content.decode()
    response = client.post(
        f"/alpha/office/registry/documents/{secret.pk}/attachments/",
        {"upload": SimpleUploadedFile("letter.txt", "Писмо".encode())},
    )
    assert response.status_code in (200, 302), response.status_code
    assert secret.attachments.count() == 1
    assert set(secret.readers.all()) == {world.official_a, world.registrar_a}


def test_other_staff_and_outsiders_still_cannot_open_it(world, registry):
    secret = _secret(world, registry)
    for user in (world.admin_a, world.communications_a, world.official_b, world.citizen):
        response = client_for(user).get(f"/alpha/office/registry/documents/{secret.pk}/")
        assert response.status_code in (403, 404), user
    assert client_for(None).get(f"/alpha/office/registry/documents/{secret.pk}/").status_code == 302
