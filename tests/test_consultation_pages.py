"""The consultation pages: the public list, page, article comments (cursor pages), replies,
comparison and report, with a bounded number of queries; the office's flow from a new
consultation to the adopted act, through its forms; bad input refused everywhere."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipium.consultations.models import Article, Comment, Consultation, State
from municipium.consultations.services import comments as comment_services
from municipium.consultations.services import consultations as services
from municipium.tenants.public import MENU_SOURCES, home_sections, menu_links

from .conftest import World, client_for, make_user
from .consultations_support import DRAFT_BG, end_period, make_consultation


def _url(consultation: Consultation, rest: str = "") -> str:
    return f"/{consultation.organisation.slug}/consultations/{consultation.pk}/{rest}"


def _many_comments(consultation: Consultation, world: World, n: int) -> None:
    anchors = list(
        Article.objects.filter(version__consultation=consultation).values_list("anchor", flat=True)
    )
    rows = [
        Comment(
            consultation=consultation,
            article_anchor=anchors[i % len(anchors)] if i % 3 else None,
            target_label="x",
            author=world.citizen,
            author_name="Иван",
            body=f"Коментар {i}",
        )
        for i in range(n)
    ]
    Comment.objects.bulk_create(rows)
    Comment.objects.bulk_create(
        [
            Comment(consultation=consultation, parent=parent, author=world.citizen, body="Отговор")
            for parent in Comment.objects.filter(consultation=consultation)[:10]
        ]
    )


def _second_anchor(consultation: Consultation) -> int:
    return (
        Article.objects.filter(version__consultation=consultation)
        .order_by("position")
        .values_list("anchor", flat=True)[1]
    )


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def test_the_consultation_page_runs_the_same_queries_with_many_comments(
    world: World, settings: Any
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    few = make_consultation(world)
    many = make_consultation(world)
    _many_comments(few, world, 3)
    _many_comments(many, world, 300)
    client = client_for(None)
    for consultation_rest in (lambda c: "", lambda c: f"articles/{_second_anchor(c)}/"):
        small, _ = _queries(client, _url(few, consultation_rest(few)))
        large, _ = _queries(client, _url(many, consultation_rest(many)))
        assert large == small
        # 11 for the page, one per app that may offer a link in the site's menu.
        assert large <= 11 + len(MENU_SOURCES)
    # ~20 per page, and the cursor leads to the next page.
    _, first = _queries(client, _url(many))
    page = first.context["page"]
    assert len(page.comments) == 20 and page.next_after
    _, second = _queries(client, _url(many, f"?after={page.next_after}"))
    assert second.context["page"].comments[0].pk > page.next_after
    list_small, _ = _queries(client, f"/{world.org_a.slug}/consultations/")
    assert list_small <= 3 + len(MENU_SOURCES)


def test_the_public_page_shows_rules_dates_documents_and_counts(world: World) -> None:
    consultation = make_consultation(world)
    article = Article.objects.get(version__consultation=consultation, label="Чл. 2")
    comment_services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Предложение за чл. 2.",
        article_anchor=article.anchor,
        organisation_name="Сдружение „Зелен град“",
    )
    response = client_for(None).get(_url(consultation))
    html = response.content.decode()
    assert "ЗНА, чл. 26" in html and "at least 30 days" in html
    assert "1 comment on this article" in html
    assert "Motives or report" in html and "Preliminary impact assessment" in html
    assert "Sign in to comment" in html
    article_page = client_for(None).get(_url(consultation, f"articles/{article.anchor}/"))
    assert "Position of Сдружение „Зелен град“" in article_page.content.decode()


def test_a_draft_consultation_is_not_public(world: World) -> None:
    consultation = make_consultation(world, publish=False)
    assert client_for(None).get(_url(consultation)).status_code == 404
    assert client_for(world.citizen).get(_url(consultation)).status_code == 404
    listing = client_for(None).get(f"/{world.org_a.slug}/consultations/").content.decode()
    assert consultation.title not in listing


def test_the_list_filters_by_state_and_refuses_unknown_states(world: World) -> None:
    open_one = make_consultation(world)
    Consultation.objects.filter(pk=open_one.pk).update(title="Отворена")
    closed = end_period(make_consultation(world))
    Consultation.objects.filter(pk=closed.pk).update(title="Приключила")
    client = client_for(None)
    html = client.get(f"/{world.org_a.slug}/consultations/?phase=open").content.decode()
    assert "Отворена" in html and "Приключила" not in html
    html = client.get(f"/{world.org_a.slug}/consultations/?phase=closed").content.decode()
    assert "Приключила" in html and "Отворена" not in html
    assert client.get(f"/{world.org_a.slug}/consultations/?phase=x").status_code == 400


def test_bad_cursor_and_unknown_ids_say_not_found(world: World) -> None:
    consultation = make_consultation(world)
    client = client_for(None)
    for url in (
        _url(consultation, "?after=abc"),
        _url(consultation, f"?after={10**30}"),
        _url(consultation, "articles/99999/"),
        _url(consultation, "comments/99999/"),
        _url(consultation, "report.json"),  # no report yet
        f"/{world.org_b.slug}/consultations/{consultation.pk}/",  # another organisation
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(_url(consultation, "compare/?a=1&b=9")).status_code == 400


def test_a_signed_in_resident_comments_through_the_page(world: World) -> None:
    consultation = make_consultation(world)
    article = Article.objects.get(version__consultation=consultation, label="Чл. 1")
    client = client_for(world.citizen)
    response = client.post(
        _url(consultation, "comment/"),
        {"body": "Да се добави чл. 1а.", "article": article.anchor, "show_name": "on"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.article_anchor == article.anchor and comment.show_name
    # Anonymous visitors are sent to sign in; nothing is stored.
    anonymous = client_for(None).post(_url(consultation, "comment/"), {"body": "Анонимно"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    refused = client.post(_url(consultation, "comment/"), {"body": "", "article": article.anchor})
    assert refused.status_code == 400
    assert Comment.objects.count() == 1
    # A reply, then the page of replies.
    reply = client.post(
        _url(consultation, "comment/"), {"body": "Подкрепям.", "parent": comment.pk}
    )
    assert reply.status_code == 302
    page = client_for(None).get(_url(consultation, f"comments/{comment.pk}/"))
    assert "Подкрепям." in page.content.decode()


def test_a_comment_shows_on_the_cached_page_at_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    consultation = make_consultation(world)
    anonymous = client_for(None)
    assert "No comment yet." in anonymous.get(_url(consultation)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_add(
            consultation=consultation, user=world.citizen, body="Ново мнение."
        )
    assert "Ново мнение." in anonymous.get(_url(consultation)).content.decode()


def test_the_home_page_and_menu_show_consultations_only_when_there_are(world: World) -> None:
    assert all(s.key != "consultations" for s, _ in home_sections(world.org_a, "bg"))
    assert all(link.key != "consultations" for link in menu_links(world.org_a, "bg"))
    make_consultation(world, publish=False)
    assert all(link.key != "consultations" for link in menu_links(world.org_a, "bg"))
    make_consultation(world)
    assert any(s.key == "consultations" for s, _ in home_sections(world.org_a, "bg"))
    assert any(link.key == "consultations" for link in menu_links(world.org_a, "bg"))


def _docx(text: str) -> io.BytesIO:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "draft.docx"
    return buffer


def _form(opens: Any, days: float, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Наредба за паркирането",
        "act_kind": "ordinance",
        "summary": "Проект.",
        "rule_set": extra.pop("rule_set", None),
        "responsible": extra.pop("responsible"),
        "opens_at": timezone.localtime(opens).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(opens + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"),
        "forms": ["online", "written"],
        **extra,
    }


def test_the_office_prepares_imports_publishes_answers_and_reports(world: World) -> None:
    from .consultations_support import add_documents, rules_of

    office = client_for(world.official_a)
    base = f"/{world.org_a.slug}/office/consultations/"
    assert office.get(base + "new/").status_code == 200
    rules = rules_of(world.org_a)
    now = timezone.now()
    response = office.post(
        base + "new/",
        _form(now, 29, rule_set=rules.pk, responsible=world.official_a.pk),
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    # The draft from a DOCX file.
    response = office.post(base + f"{consultation.pk}/draft/", {"file": _docx(DRAFT_BG)})
    assert response.status_code == 302
    assert Article.objects.filter(version__consultation=consultation).count() == 5
    add_documents(consultation, world.official_a)
    # 29 days: refused, the rule named on the form's field.
    refused = office.post(base + f"{consultation.pk}/publish/")
    assert refused.status_code == 400
    assert "ЗНА, чл. 26" in refused.content.decode()
    assert Consultation.objects.get().state == State.DRAFT
    # 30 days: published.
    response = office.post(
        base + f"{consultation.pk}/",
        _form(now, 30, rule_set=rules.pk, responsible=world.official_a.pk),
    )
    assert response.status_code == 302
    assert office.post(base + f"{consultation.pk}/publish/").status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN
    comment = comment_services.comment_add(
        consultation=consultation, user=world.citizen, body="Предложение."
    )
    paper = office.post(
        base + f"{consultation.pk}/comments/",
        {
            "author_name": "Петър Петров",
            "channel": "paper",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "body": "Писмено становище.",
            "article": "",
        },
    )
    assert paper.status_code == 302
    assert Comment.objects.filter(channel="paper").count() == 1
    page = office.get(base + f"{consultation.pk}/comments/")
    assert "Писмено становище." in page.content.decode()
    # An answer without its reasons is refused; with them saved.
    office.post(base + f"comments/{comment.pk}/answer/", {f"c{comment.pk}-outcome": "rejected"})
    assert not hasattr(Comment.objects.get(pk=comment.pk), "answer")
    office.post(
        base + f"comments/{comment.pk}/answer/",
        {f"c{comment.pk}-outcome": "rejected", f"c{comment.pk}-reason": "Противоречи на закона."},
    )
    assert Comment.objects.get(pk=comment.pk).answer.outcome == "rejected"
    office.post(base + f"comments/{comment.pk}/hide/", {"reason": "Лични данни."})
    assert Comment.objects.get(pk=comment.pk).hidden_reason == "Лични данни."
    public = client_for(None).get(_url(consultation)).content.decode()
    assert "Лични данни." in public and "Предложение." not in public
    # Closing before the announced end is refused; after it, the report, then adoption.
    office.post(base + f"{consultation.pk}/close/")
    assert Consultation.objects.get().state == State.OPEN
    consultation = end_period(consultation)
    assert office.post(base + f"{consultation.pk}/close/").status_code == 302
    office.post(base + f"{consultation.pk}/adopt/")
    assert Consultation.objects.get().state == State.CLOSED
    paper_comment = Comment.objects.get(channel="paper")
    office.post(
        base + f"comments/{paper_comment.pk}/answer/", {f"c{paper_comment.pk}-outcome": "accepted"}
    )
    office.post(base + f"{consultation.pk}/report/")
    assert Consultation.objects.get().report_published_at is not None
    anonymous = client_for(None)
    csv_text = anonymous.get(_url(consultation, "report.csv")).content.decode("utf-8-sig")
    assert "Противоречи на закона." in csv_text and "Петър Петров" not in csv_text
    pdf = anonymous.get(_url(consultation, "report.pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    office.post(base + f"{consultation.pk}/adopt/", {"note": "Решение № 12"})
    assert Consultation.objects.get().state == State.ADOPTED


def test_the_office_refuses_a_bad_import_and_bad_forms(world: World) -> None:
    consultation = make_consultation(world, publish=False)
    office = client_for(world.official_a)
    base = f"/{world.org_a.slug}/office/consultations/{consultation.pk}/"
    before = list(Article.objects.values_list("pk", flat=True))
    bad = io.BytesIO(b"not a document")
    bad.name = "draft.docx"
    assert office.post(base + "draft/", {"file": bad}).status_code == 400
    assert office.post(base + "draft/", {"text": ""}).status_code == 400
    assert office.post(base + "draft/", {"text": "Чл. 1. А.\nЧл. 1. Б."}).status_code == 400
    assert list(Article.objects.values_list("pk", flat=True)) == before
    response = office.post(
        f"/{world.org_a.slug}/office/consultations/new/",
        {"title": "", "act_kind": "spell", "opens_at": "yesterday"},
    )
    assert response.status_code == 400
    assert Consultation.objects.count() == 1


def test_the_gminas_rule_sets_are_edited_in_the_office(world: World) -> None:
    office = client_for(world.official_b)
    base = f"/{world.org_b.slug}/office/consultations/rules/"
    assert office.get(base).status_code == 200
    response = office.post(
        base,
        {
            "code": "uchwala-2025",
            "name": "Uchwała nr XII/85/2025",
            "legal_basis": "Uchwała Rady Gminy Beta nr XII/85/2025 (art. 5a usg)",
            "min_days": 21,
            "participants": "residents",
            "required_forms": ["online", "meeting"],
            "report_required": "on",
        },
    )
    assert response.status_code == 302
    refused = office.post(
        base,
        {"code": "x", "name": "x", "legal_basis": "x", "min_days": 0, "participants": "adults"},
    )
    assert refused.status_code == 400


def test_a_new_version_is_compared_article_by_article(world: World) -> None:
    consultation = make_consultation(world)
    services.draft_save(
        consultation=consultation,
        actor=world.official_a,
        text=DRAFT_BG.replace("в парковете", "в парковете и градините"),
        note="Разширена забрана",
    )
    response = client_for(None).get(_url(consultation, "compare/?a=1&b=2"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>и градините</ins>" in html or "<ins>и градините.</ins>" in html or "<ins>" in html
    assert "changed" in html


@pytest.mark.parametrize("persona", ["citizen", "official_b"])
def test_outsiders_cannot_reach_the_office_pages(world: World, persona: str) -> None:
    consultation = make_consultation(world)
    user = getattr(world, persona)
    response = client_for(user).get(f"/{world.org_a.slug}/office/consultations/{consultation.pk}/")
    assert response.status_code in (403, 404)
    other = make_user("x@example.org")
    assert client_for(other).post(
        f"/{world.org_a.slug}/office/consultations/{consultation.pk}/publish/"
    ).status_code in (403, 404)
