"""The draft's structure: article headings ("Чл. 1.", "§ 1.", "Art. 1.") recognised in pasted
text, DOCX and ODT in Bulgarian and Polish; anchors kept across versions; bad input refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from municipium.consultations import drafts
from municipium.consultations.models import Article, Comment, Version
from municipium.consultations.services import comments as comment_services
from municipium.consultations.services import consultations as services
from municipium.registry.files import UploadRefused

from .conftest import World
from .consultations_support import DRAFT_BG, DRAFT_PL, make_consultation


def _docx(lines: list[str]) -> io.BytesIO:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _odt(lines: list[str]) -> io.BytesIO:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    for index, line in enumerate(lines):
        element = H(outlinelevel=1, text=line) if index == 0 else P(text=line)
        document.text.addElement(element)
    buffer = io.BytesIO()
    document.write(buffer)
    buffer.seek(0)
    return buffer


def test_bulgarian_text_is_split_into_articles_and_paragraphs() -> None:
    articles = drafts.parse_text(DRAFT_BG)
    assert [a.label for a in articles] == ["", "Чл. 1", "Чл. 2", "Чл. 3", "§ 1"]
    assert articles[1].heading == "Предмет"
    assert len(articles[1].paragraphs) == 2
    assert articles[1].paragraphs[0].startswith("(1) С тази наредба")
    # A heading line that is a sentence is the article's first paragraph.
    assert articles[3].heading == ""
    assert articles[3].paragraphs == ["Контролът по наредбата се осъществява от кмета на общината."]


def test_polish_text_is_split_into_articles() -> None:
    articles = drafts.parse_text(DRAFT_PL)
    assert [a.label for a in articles] == ["", "Art. 1", "Art. 2", "Art. 3"]
    assert articles[2].heading == "Obowiązki właścicieli"
    assert articles[2].paragraphs[1] == "2. Właściciel nieruchomości zbiera odpady w pojemnikach."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no text"),
        ("   \n\n  ", "no text"),
        ("Чл. 1. Първи.\nЧл. 1. Пак първи.", "twice"),
        ("Чл. 1.\n" + "x" * 20_001, "too long"),
    ],
)
def test_bad_drafts_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        drafts.parse_text(text)
    assert message in " ".join(refused.value.messages)


@pytest.mark.parametrize(("maker", "name"), [(_docx, "draft.docx"), (_odt, "draft.odt")])
@pytest.mark.parametrize("language", ["bg", "pl"])
def test_a_draft_is_imported_from_docx_and_odt(
    world: World, maker: object, name: str, language: str
) -> None:
    text = DRAFT_BG if language == "bg" else DRAFT_PL
    lines = [line for line in text.splitlines() if line.strip()]
    org = "a" if language == "bg" else "b"
    consultation = make_consultation(world, org=org, text="", publish=False)
    actor = world.official_a if org == "a" else world.official_b
    upload = maker(lines)  # type: ignore[operator]
    found = services.read_import(name, upload)
    services.draft_save(consultation=consultation, actor=actor, lines=found)
    labels = list(
        Article.objects.filter(version__consultation=consultation)
        .order_by("position")
        .values_list("label", flat=True)
    )
    expected = [a.label for a in drafts.parse_text(text)]
    assert labels == expected
    assert Version.objects.filter(consultation=consultation).count() == 1


def test_an_import_that_is_not_a_text_document_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.read_import("draft.txt", io.BytesIO("Чл. 1. Текст.".encode()))
    assert "DOCX or ODT" in " ".join(refused.value.messages)
    with pytest.raises(UploadRefused):
        services.read_import("draft.docx", io.BytesIO(b"PK\x03\x04 not really a document"))


def test_editing_before_publication_keeps_the_articles_anchors(world: World) -> None:
    consultation = make_consultation(world, publish=False)
    before = dict(
        Article.objects.filter(version__consultation=consultation).values_list("label", "anchor")
    )
    changed = DRAFT_BG.replace("паленето на огън в парковете", "паленето на огън в градините")
    services.draft_save(consultation=consultation, actor=world.official_a, text=changed)
    after = dict(
        Article.objects.filter(version__consultation=consultation).values_list("label", "anchor")
    )
    assert after == before
    assert Version.objects.filter(consultation=consultation).count() == 1


def test_a_new_version_keeps_comments_on_their_articles(world: World) -> None:
    consultation = make_consultation(world)
    article_2 = Article.objects.get(version__consultation=consultation, label="Чл. 2")
    article_3 = Article.objects.get(version__consultation=consultation, label="Чл. 3")
    on_2 = comment_services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Да се разрешат огньове на определени места.",
        article_anchor=article_2.anchor,
    )
    on_3 = comment_services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Контролът да е и от полицията.",
        article_anchor=article_3.anchor,
    )
    # Version 2: a new article 2 is inserted, so the old 2 becomes 3 and the old 3 goes away.
    text = DRAFT_BG.replace(
        "Чл. 2. Забрани",
        "Чл. 2. Определения\n(1) Парк е всяка озеленена площ.\nЧл. 3. Забрани",
    ).replace("Чл. 3. Контролът по наредбата се осъществява от кмета на общината.\n", "")
    with pytest.raises(ValidationError):
        services.draft_save(consultation=consultation, actor=world.official_a, text=text)
    version = services.draft_save(
        consultation=consultation,
        actor=world.official_a,
        text=text,
        note="Добавени определения",
    )
    assert version.number == 2
    renumbered = Article.objects.get(version=version, label="Чл. 3")
    assert renumbered.anchor == article_2.anchor  # the prohibitions, now article 3
    assert not Article.objects.filter(version=version, anchor=article_3.anchor).exists()
    inserted = Article.objects.get(version=version, label="Чл. 2")
    assert inserted.anchor not in {article_2.anchor, article_3.anchor}
    on_2.refresh_from_db()
    assert on_2.article_anchor == renumbered.anchor
    assert Comment.objects.get(pk=on_3.pk).target_label == "Чл. 3"


def test_matching_a_long_draft_stays_fast() -> None:
    import time

    text = "\n".join(
        f"Чл. {n}. Текст на член {n} за нещо различно номер {n * 7}." for n in range(1, 900)
    )
    old_articles = drafts.parse_text(text)
    drafts.match_anchors([], old_articles, 1)
    old = [
        drafts.OldArticle(
            a.anchor or 0,
            a.label,
            a.text,
            list(zip(a.paragraph_anchors, a.paragraphs, strict=True)),
        )  # type: ignore[arg-type]
        for a in old_articles
    ]
    shifted = "Чл. 1. Нов първи член.\n" + "\n".join(
        f"Чл. {n + 1}. Текст на член {n} за нещо различно номер {n * 7}." for n in range(1, 900)
    )
    new = drafts.parse_text(shifted)
    started = time.perf_counter()
    drafts.match_anchors(old, new, 10_000)
    assert time.perf_counter() - started < 10
    assert new[1].anchor == old[0].anchor
