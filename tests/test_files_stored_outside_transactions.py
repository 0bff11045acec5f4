"""Every service that stores a file writes it before it opens its transaction: the store may be
a bucket a network away, and no one should wait on a register's counter (or SQLite's one
writer) meanwhile. A real folder storage notes how deep in transactions each write happens."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from municipium.eservices import services as eservices
from municipium.eservices.models import Application
from municipium.registry import services as registry_services
from tests.files.fixtures import accepted

from .test_eservices_support import answers, make_service, pdf_bytes


class WatchedStorage(FileSystemStorage):
    """A folder that remembers, for each file written, how many transactions were open."""

    depths: ClassVar[list[int]] = []

    def _save(self, name: str, content: Any) -> str:
        WatchedStorage.depths.append(len(connection.atomic_blocks))
        return str(super()._save(name, content))


@pytest.fixture
def watched(settings: Any, tmp_path: Path) -> list[int]:
    """The transaction depths at each write, less the test's own transactions."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.WatchedStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    WatchedStorage.depths = []
    return WatchedStorage.depths


def _outside(depths: list[int], baseline: int, writes: int) -> None:
    assert len(depths) == writes
    assert depths == [baseline] * writes, "a file was stored inside a transaction"


def _pdf(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def application(world: Any, registry: Any) -> Application:
    service = make_service(world, registry)
    data = {k[2:]: v for k, v in answers().items() if k.startswith("f_")}
    return eservices.application_submit(
        service=service,
        version=eservices.published_version(service),
        user=world.citizen,
        email=world.citizen.email,
        name="Иван Петров",
        data=data,
    ).application


def test_an_application_stores_its_files_before_it_is_registered(
    world: Any, registry: Any, watched: list[int]
) -> None:
    service = make_service(world, registry)
    data = {k[2:]: v for k, v in answers().items() if k.startswith("f_")}
    baseline = len(connection.atomic_blocks)
    submission = eservices.application_submit(
        service=service,
        version=eservices.published_version(service),
        user=world.citizen,
        email=world.citizen.email,
        name="Иван Петров",
        data=data,
        files={"proof": _pdf()},
    )
    _outside(watched, baseline, 1)
    assert [a.filename for a in submission.document.attachments.all()] == ["proof.pdf"]


def test_the_applicants_reply_stores_its_files_first(
    world: Any, application: Application, watched: list[int]
) -> None:
    baseline = len(connection.atomic_blocks)
    message = eservices.application_reply(
        application=application, user=world.citizen, text="Ето документа.", uploads=[_pdf()]
    )
    _outside(watched, baseline, 1)
    assert [a.filename for a in message.document.attachments.all()] == ["proof.pdf"]


def test_the_offices_letters_store_their_files_first(
    world: Any, application: Application, watched: list[int]
) -> None:
    baseline = len(connection.atomic_blocks)
    asked = eservices.application_request_info(
        application=application,
        actor=world.official_a,
        text="Липсва удостоверение.",
        uploads=[_pdf("request.pdf")],
    )
    answered = eservices.application_answer(
        application=application,
        actor=world.official_a,
        text="Удостоверението е издадено.",
        uploads=[SimpleUploadedFile("answer.docx", accepted("letter.docx"))],
    )
    _outside(watched, baseline, 2)
    assert [a.filename for a in asked.document.attachments.all()] == ["request.pdf"]
    assert [a.filename for a in answered.document.attachments.all()] == ["answer.docx"]


def test_the_registry_stores_files_before_its_transactions(
    world: Any, registry: Any, watched: list[int]
) -> None:
    baseline = len(connection.atomic_blocks)
    registered = registry_services.document_register_with_files(
        uploads=[SimpleUploadedFile("letter.pdf", accepted("letter.pdf"))],
        organisation=world.org_a,
        actor=world.registrar_a,
        register=registry.general,
        direction="incoming",
        kind=registry.letter,
        subject="Писмо с приложение",
        channel="counter",
    )
    registry_services.attachment_add(
        document=registered.document,
        upload=SimpleUploadedFile("note.txt", accepted("utf8.txt")),
        actor=world.registrar_a,
    )
    registry_services.intake_receive(
        organisation=world.org_a,
        name="complaint.eml",
        data=accepted("complaint.eml"),
        actor=world.registrar_a,
    )
    assert len(watched) >= 3  # the message and its attachments too
    assert set(watched) == {baseline}
