"""The report's PDF: every comment's number, text and answer in its text (one block per
comment, no table), made once per language after publication and kept as a file, with no
transaction open meanwhile."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import translation
from pypdf import PdfReader

from municipium.consultations.models import Answer, Comment, Outcome
from municipium.consultations.services import consultations as consultation_services
from municipium.consultations.services import report as report_services

from .conftest import World
from .consultations_support import end_period, make_consultation

OUTCOMES = [Outcome.ACCEPTED, Outcome.PARTLY, Outcome.REJECTED, Outcome.OUTSIDE]


def _published_report(world: World, comments: int) -> Any:
    consultation = make_consultation(world)
    written = Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            author=world.citizen,
            author_name="Гражданин",
            body=f"Предложение {n}: по-ясен текст.\nВтори ред {n}.",
        )
        for n in range(comments)
    )
    Answer.objects.bulk_create(
        Answer(
            comment=comment,
            outcome=OUTCOMES[n % 4],
            reason="" if OUTCOMES[n % 4] in (Outcome.ACCEPTED, Outcome.OUTSIDE) else f"Мотив {n}.",
            answered_by=world.official_a,
        )
        for n, comment in enumerate(written)
    )
    consultation = consultation_services.consultation_close(
        consultation=end_period(consultation), actor=world.official_a
    )
    return report_services.report_publish(consultation=consultation, actor=world.official_a)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_holds_every_comment_with_its_number_text_and_answer(world: World) -> None:
    consultation = _published_report(world, 30)
    with translation.override("bg"):
        text = _text(report_services.report_pdf(consultation.report, "bg"))
    assert consultation.report["total"] == 30
    for row in consultation.report["comments"]:
        n = row["number"] - 1
        assert f"№ {row['number']} ·" in text
        assert f"Предложение {n}: по-ясен текст." in text and f"Втори ред {n}." in text
        assert f"{row['about']} · {row['author']} · Отговор: {row['outcome_label']}" in text
        if row["reason"]:
            assert f"Мотиви: {row['reason']}" in text


class WatchedStorage(FileSystemStorage):
    """A folder that remembers how many transactions were open at each write."""

    depths: ClassVar[list[int]] = []

    def _save(self, name: str, content: Any) -> str:
        WatchedStorage.depths.append(len(connection.atomic_blocks))
        return str(super()._save(name, content))


@pytest.fixture
def watched(settings: Any, tmp_path: Path) -> list[int]:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.WatchedStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    WatchedStorage.depths = []
    return WatchedStorage.depths


def test_the_pdf_is_made_once_per_language_and_stored_outside_transactions(
    world: World, watched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation = _published_report(world, 3)
    baseline = len(connection.atomic_blocks)  # the test's own transaction
    watched.clear()  # the consultation's documents
    first = report_services.report_pdf_stored(consultation, "bg")
    assert first.startswith(b"%PDF") and watched == [baseline]
    again = report_services.report_pdf_stored(consultation, "bg")
    assert again == first and watched == [baseline]  # read back, not made again
    report_services.report_pdf_stored(consultation, "pl")
    assert watched == [baseline, baseline]
