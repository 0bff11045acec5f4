"""Comments (signed-in residents and organisations, on the whole draft, an article or a
paragraph), staff's paper comments, replies one level deep, moderation, the official answer
to every comment, the report and the adoption that waits for it."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.consultations.models import Answer, Article, Comment, Paragraph, State
from municipium.consultations.services import comments as services
from municipium.consultations.services import consultations as consultation_services
from municipium.consultations.services import report as report_services

from .conftest import World, make_user
from .consultations_support import end_period, make_consultation


def _article(consultation: object, label: str) -> Article:
    return Article.objects.get(version__consultation=consultation, label=label)


def test_a_resident_comments_on_an_article_a_paragraph_and_the_whole_draft(world: World) -> None:
    consultation = make_consultation(world)
    article = _article(consultation, "Чл. 2")
    paragraph = Paragraph.objects.get(article=article, position=1)
    on_article = services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Твърде строго.",
        article_anchor=article.anchor,
    )
    on_paragraph = services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Фонтаните са за деца.",
        paragraph_anchor=paragraph.anchor,
    )
    whole = services.comment_add(
        consultation=consultation, user=world.citizen, body="Добър проект."
    )
    assert on_article.target_label == "Чл. 2"
    assert (on_paragraph.article_anchor, on_paragraph.paragraph_anchor) == (
        article.anchor,
        paragraph.anchor,
    )
    assert on_paragraph.target_label == "Чл. 2, paragraph 2"
    assert whole.article_anchor is None
    assert whole.public_author == "A resident"  # no consent to publish the name
    assert AuditEntry.objects.filter(action="consultation.comment").count() == 3


def test_names_appear_only_with_consent_and_organisations_by_name(world: World) -> None:
    consultation = make_consultation(world)
    named = services.comment_add(
        consultation=consultation, user=world.citizen, body="Съгласен.", show_name=True
    )
    position = services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Становище на сдружението.",
        organisation_name="Сдружение „Зелен град“",
    )
    assert named.public_author == world.citizen.full_name
    assert position.public_author == "Сдружение „Зелен град“"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"body": "   "}, ""),
        ({"body": "x" * 10_001}, "At most"),
        ({"body": "ok", "article_anchor": 99_999}, "not in the draft"),
        ({"body": "ok", "paragraph_anchor": 99_999}, "not in the draft"),
        ({"body": "ok\x00"}, ""),
    ],
)
def test_bad_comments_are_refused_and_store_nothing(
    world: World, values: dict[str, object], message: str
) -> None:
    consultation = make_consultation(world)
    with pytest.raises(ValidationError) as refused:
        services.comment_add(consultation=consultation, user=world.citizen, **values)  # type: ignore[arg-type]
    assert message in " ".join(refused.value.messages)
    assert not Comment.objects.exists()


def test_no_comment_outside_the_period_or_without_signing_in(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    upcoming = make_consultation(world, opens_at=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError):
        services.comment_add(consultation=upcoming, user=world.citizen, body="Рано.")
    open_one = make_consultation(world)
    with pytest.raises(ValidationError):
        services.comment_add(consultation=open_one, user=AnonymousUser(), body="Анонимно.")
    closed = end_period(make_consultation(world))
    with pytest.raises(ValidationError):
        services.comment_add(consultation=closed, user=world.citizen, body="Късно.")
    draft = make_consultation(world, publish=False)
    with pytest.raises(ValidationError):
        services.comment_add(consultation=draft, user=world.citizen, body="Тайно.")
    assert not Comment.objects.exists()


def test_replies_go_one_level_deep(world: World) -> None:
    consultation = make_consultation(world)
    other = make_user("neighbour@example.org")
    comment = services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Предложение.",
        article_anchor=_article(consultation, "Чл. 1").anchor,
    )
    reply = services.comment_add(
        consultation=consultation, user=other, body="Подкрепям.", parent=comment
    )
    assert reply.article_anchor == comment.article_anchor
    with pytest.raises(ValidationError) as refused:
        services.comment_add(
            consultation=consultation, user=world.citizen, body="И аз.", parent=reply
        )
    assert "one level" in " ".join(refused.value.messages)


def test_moderation_hides_with_the_reason_and_is_journaled(world: World) -> None:
    consultation = make_consultation(world)
    comment = services.comment_add(consultation=consultation, user=world.citizen, body="Обида.")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, actor=world.official_a, reason="  ")
    hidden = services.comment_hide(
        comment=comment, actor=world.official_a, reason="Нарушава правилата: обиди."
    )
    assert hidden.is_hidden and hidden.hidden_reason == "Нарушава правилата: обиди."
    entry = AuditEntry.objects.get(action="consultation.comment_hide")
    assert entry.changes["reason"] == "Нарушава правилата: обиди."
    shown = services.comment_show(comment=hidden, actor=world.official_a)
    assert not shown.is_hidden
    assert AuditEntry.objects.filter(action="consultation.comment_show").count() == 1


def test_staff_enter_comments_received_on_paper_within_the_period(world: World) -> None:
    consultation = make_consultation(world)
    comment = services.comment_enter(
        consultation=consultation,
        actor=world.official_a,
        body="Писмено становище.",
        author_name="Мария Иванова",
        channel="paper",
        registry_number="94-00-12/05.12.2026",
    )
    assert comment.channel == "paper" and comment.entered_by == world.official_a
    assert comment.public_author == "A resident"
    with pytest.raises(ValidationError):
        services.comment_enter(
            consultation=consultation,
            actor=world.official_a,
            body="Късно.",
            author_name="Някой",
            channel="paper",
            received_at=consultation.closes_at + timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.comment_enter(
            consultation=consultation,
            actor=world.official_a,
            body="x",
            author_name="",
            channel="paper",
        )
    with pytest.raises(ValidationError):
        services.comment_enter(
            consultation=consultation,
            actor=world.official_a,
            body="x",
            author_name="A",
            channel="fax",
        )
    assert Comment.objects.count() == 1


def test_not_accepted_needs_its_reasons(world: World) -> None:
    consultation = make_consultation(world)
    comment = services.comment_add(
        consultation=consultation, user=world.citizen, body="Предложение."
    )
    for outcome in ("rejected", "partly"):
        with pytest.raises(ValidationError) as refused:
            services.answer_save(comment=comment, actor=world.official_a, outcome=outcome)
        assert "reason" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.answer_save(comment=comment, actor=world.official_a, outcome="maybe")
    assert not Answer.objects.exists()
    services.answer_save(comment=comment, actor=world.official_a, outcome="accepted")
    answer = services.answer_save(
        comment=comment, actor=world.official_a, outcome="rejected", reason="Противоречи на закона."
    )
    assert Answer.objects.get().outcome == "rejected" == answer.outcome


def _closed_with_comments(world: World) -> tuple[object, list[Comment]]:
    consultation = make_consultation(world)
    article = _article(consultation, "Чл. 2")
    comments = [
        services.comment_add(
            consultation=consultation,
            user=world.citizen,
            body="Да се разрешат огньове.",
            article_anchor=article.anchor,
        ),
        services.comment_add(
            consultation=consultation,
            user=world.citizen,
            body="Подкрепа.",
            show_name=True,
        ),
        services.comment_add(
            consultation=consultation,
            user=world.citizen,
            body="Становище.",
            organisation_name="Сдружение „Зелен град“",
        ),
    ]
    consultation = end_period(consultation)
    consultation = consultation_services.consultation_close(
        consultation=consultation, actor=world.official_a
    )
    return consultation, comments


def test_the_report_waits_for_an_answer_to_every_comment(world: World) -> None:
    consultation, comments = _closed_with_comments(world)
    services.answer_save(
        comment=comments[0], actor=world.official_a, outcome="rejected", reason="Опасно."
    )
    with pytest.raises(ValidationError) as refused:
        report_services.report_publish(consultation=consultation, actor=world.official_a)  # type: ignore[arg-type]
    assert "2 without one" in " ".join(refused.value.messages)
    consultation.refresh_from_db()  # type: ignore[attr-defined]
    assert consultation.report_published_at is None  # type: ignore[attr-defined]


def test_the_act_cannot_be_adopted_before_the_report_is_published(world: World) -> None:
    consultation, _comments = _closed_with_comments(world)
    with pytest.raises(ValidationError) as refused:
        consultation_services.consultation_adopt(consultation=consultation, actor=world.official_a)  # type: ignore[arg-type]
    assert "ЗНА, чл. 26" in " ".join(refused.value.messages)
    consultation.refresh_from_db()  # type: ignore[attr-defined]
    assert consultation.state == State.CLOSED  # type: ignore[attr-defined]


def test_the_report_lists_every_comment_with_its_answer_in_three_formats(world: World) -> None:
    consultation, comments = _closed_with_comments(world)
    services.answer_save(
        comment=comments[0], actor=world.official_a, outcome="rejected", reason="Опасно."
    )
    services.answer_save(comment=comments[1], actor=world.official_a, outcome="accepted")
    services.answer_save(comment=comments[2], actor=world.official_a, outcome="outside")
    consultation = report_services.report_publish(consultation=consultation, actor=world.official_a)  # type: ignore[arg-type]
    report = consultation.report
    assert report["total"] == 3
    rows = report["comments"]
    assert [r["author"] for r in rows] == [
        "A resident",
        world.citizen.full_name,
        "Сдружение „Зелен град“",
    ]
    assert rows[0]["about"] == "Чл. 2" and rows[0]["outcome"] == "rejected"
    assert rows[0]["reason"] == "Опасно."
    assert report["counts"] == {"accepted": 1, "partly": 0, "rejected": 1, "outside": 1}
    parsed = list(
        csv.DictReader(io.StringIO(report_services.report_csv(report).decode("utf-8-sig")))
    )
    assert [r["outcome"] for r in parsed] == ["rejected", "accepted", "outside"]
    assert json.loads(report_services.report_json(report))["comments"][2]["author"].startswith(
        "Сдружение"
    )
    pdf = report_services.report_pdf(report, "bg")
    assert pdf.startswith(b"%PDF")
    # The report no longer changes: answers are frozen, the act can be adopted.
    with pytest.raises(ValidationError):
        services.answer_save(comment=comments[1], actor=world.official_a, outcome="outside")
    adopted = consultation_services.consultation_adopt(
        consultation=consultation, actor=world.official_a, note="Решение № 123/20.01.2027"
    )
    assert adopted.state == State.ADOPTED


def test_a_report_is_published_also_when_no_comment_was_received(world: World) -> None:
    consultation = end_period(make_consultation(world))
    consultation = consultation_services.consultation_close(
        consultation=consultation, actor=world.official_a
    )
    consultation = report_services.report_publish(consultation=consultation, actor=world.official_a)
    assert consultation.report["total"] == 0
    assert report_services.report_pdf(consultation.report, "bg").startswith(b"%PDF")


def test_a_csv_cell_never_starts_a_formula(world: World) -> None:
    consultation = make_consultation(world)
    services.comment_add(consultation=consultation, user=world.citizen, body='=HYPERLINK("x")')
    content = report_services.report_content(consultation)
    text = report_services.report_csv(content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_a_hidden_comment_is_in_the_report_with_the_reason_not_its_text(world: World) -> None:
    consultation = make_consultation(world)
    comment = services.comment_add(
        consultation=consultation, user=world.citizen, body="Обидни думи."
    )
    services.comment_hide(comment=comment, actor=world.official_a, reason="Обиди.")
    consultation = end_period(consultation)
    consultation = consultation_services.consultation_close(
        consultation=consultation, actor=world.official_a
    )
    consultation = report_services.report_publish(consultation=consultation, actor=world.official_a)
    row = consultation.report["comments"][0]
    assert row["text"] == "" and row["hidden_reason"] == "Обиди."
