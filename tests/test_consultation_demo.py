"""The demo's consultations: the Bulgarian municipality's open 30-day ordinance with answered
comments, a closed one with its справка, a shortened 14-day one with the reasons; the Polish
gmina's consultation; all on the public site; loading the demo again changes nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from municipium.consultations.models import Comment, Consultation, State


def test_the_demo_consultations_are_real_looking_and_idempotent(db: Any) -> None:
    from municipium.demo.data import load_demo

    load_demo()
    bg = Consultation.objects.filter(organisation__slug="primerovo")
    pl = Consultation.objects.filter(organisation__slug="przykladowo")
    assert bg.count() == 3 and pl.count() == 1
    open_one = bg.get(title="Наредба за обществения ред (проект)")
    assert open_one.state == State.OPEN and round(open_one.period_days) == 30
    assert open_one.versions.get().articles.count() >= 6
    comments = Comment.objects.filter(consultation=open_one)
    assert comments.count() == 3 and all(c.answer for c in comments)
    assert comments.filter(organisation_name__startswith="Сдружение").exists()
    closed = bg.get(state=State.CLOSED)
    assert closed.report_published_at is not None and len(closed.report["comments"]) == 2
    short = bg.get(title__startswith="Изменение")
    assert round(short.period_days) == 14 and short.shortened_reason
    assert pl.get().state == State.OPEN
    page = Client().get(f"/primerovo/consultations/{open_one.pk}/")
    assert page.status_code == 200 and "Чл. 2" in page.content.decode()
    assert Client().get("/przykladowo/consultations/").status_code == 200

    load_demo()  # again: nothing new
    assert (
        Consultation.objects.filter(organisation__slug__in=["primerovo", "przykladowo"]).count()
        == 4
    )
    assert Comment.objects.filter(consultation=open_one).count() == 3
    # Only the municipalities consult on draft acts.
    assert set(Consultation.objects.values_list("organisation__slug", flat=True)) == {
        "primerovo",
        "przykladowo",
    }
