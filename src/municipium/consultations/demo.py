# ruff: noqa: E501  (the drafts are prose, one article a line, as they are imported)
"""Demo consultations: the Bulgarian municipality's draft ordinance open for 30 days with
comments and answers, a closed one with its справка published, a shortened 14-day one with the
reasons; the Polish gmina's consultation under its resolution's rules. Idempotent: a
consultation whose title exists in the organisation is left as it is."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from municipium.tenants.models import Organisation
from municipium.tenants.services import public_file_add

from .models import Article, Consultation, RuleSet
from .services import comments as comment_services
from .services import consultations as services
from .services import report as reports
from .services.rules import rule_sets_ensure


@dataclass
class DemoComment:
    article: str | None  # the article's label ("Чл. 3"), None: on the whole draft
    body: str
    outcome: str
    reason: str = ""
    organisation_name: str = ""
    show_name: bool = False


@dataclass
class DemoConsultation:
    title: str
    act_kind: str
    summary: str
    draft: str
    days: int = 30
    shortened_reason: str = ""
    closed: bool = False
    comments: list[DemoComment] = field(default_factory=list)


BG_ORDINANCE = """Наредба за поддържане и опазване на обществения ред на територията на Община Примерово
Чл. 1. С тази наредба се уреждат правилата за поддържане на обществения ред на територията на общината.
Чл. 2. (1) Забранява се паленето на открит огън в паркове и градини.
(2) Забраната по ал. 1 не се прилага за местата, определени със заповед на кмета.
Чл. 3. (1) Забранява се извършването на шумни дейности между 14:00 и 16:00 часа и между 22:00 и 08:00 часа.
(2) Забраната по ал. 1 не се прилага при аварийни ремонти.
Чл. 4. Собствениците на домашни кучета са длъжни да почистват замърсяванията, причинени от тях.
Чл. 5. Контролът по изпълнението на наредбата се осъществява от служители, определени от кмета.
Чл. 6. (1) За нарушение на наредбата на физическите лица се налага глоба от 50 до 500 лева.
(2) При повторно нарушение глобата е от 100 до 1000 лева."""

BG_PARKING = """Наредба за паркирането в централната градска част на град Примерово
Чл. 1. Наредбата урежда зоната за платено паркиране („синя зона“) в централната градска част.
Чл. 2. Зоната действа в работни дни от 08:00 до 19:00 часа.
Чл. 3. (1) Живущите в зоната получават годишен стикер срещу такса.
(2) Таксата се определя с Наредбата за местните такси.
Чл. 4. Паркирането се заплаща чрез SMS, паркомат или мобилно приложение."""

BG_BUDGET = """Правилник за изменение на Правилника за организацията и дейността на общинския съвет
Чл. 1. В чл. 12 ал. 2 думите „пет дни“ се заменят с „седем дни“.
Чл. 2. В чл. 30 се създава ал. 4: „Заседанията се излъчват онлайн.“"""

PL_RESOLUTION = """Uchwała w sprawie regulaminu utrzymania czystości i porządku na terenie Gminy Przykładowo
§ 1. Uchwala się regulamin utrzymania czystości i porządku na terenie gminy.
§ 2. (1) Właściciele nieruchomości zbierają odpady w sposób selektywny.
(2) Odpady zielone odbiera się od kwietnia do listopada co dwa tygodnie.
§ 3. Właściciele psów są obowiązani do usuwania zanieczyszczeń pozostawionych przez zwierzęta.
§ 4. Wykonanie uchwały powierza się Wójtowi Gminy.
§ 5. Uchwała wchodzi w życie po upływie 14 dni od dnia ogłoszenia."""

DEMOS: dict[str, list[DemoConsultation]] = {
    "BG": [
        DemoConsultation(
            title="Наредба за обществения ред (проект)",
            act_kind="ordinance",
            summary="Проект на нова наредба за обществения ред, който заменя наредбата от 2009 г.",
            draft=BG_ORDINANCE,
            comments=[
                DemoComment(
                    "Чл. 2",
                    "Предлагам да се определят места за барбекю в Градската градина.",
                    "partly",
                    "Места ще бъдат определени със заповед на кмета, но не в Градската градина.",
                ),
                DemoComment(
                    "Чл. 3",
                    "Часовете за тишина след обяд са ненужни за работещите хора.",
                    "rejected",
                    "Следобедната тишина е необходима за децата и възрастните хора.",
                    organisation_name="Сдружение „Зелен Примерово“",
                ),
                DemoComment(None, "Подкрепям проекта като цяло.", "outside"),
            ],
        ),
        DemoConsultation(
            title="Наредба за паркирането в централната градска част",
            act_kind="ordinance",
            summary="Въвеждане на синя зона в центъра на града.",
            draft=BG_PARKING,
            closed=True,
            comments=[
                DemoComment(
                    "Чл. 2",
                    "Синята зона да не действа в събота.",
                    "accepted",
                    show_name=True,
                ),
                DemoComment(
                    "Чл. 3",
                    "Стикерът за живущите да е безплатен.",
                    "rejected",
                    "Таксата покрива разходите по поддръжката на зоната.",
                ),
            ],
        ),
        DemoConsultation(
            title="Изменение на правилника на общинския съвет",
            act_kind="regulation",
            summary="Кратки изменения за онлайн излъчване на заседанията.",
            draft=BG_BUDGET,
            days=14,
            shortened_reason=(
                "Изменението трябва да влезе в сила преди сесията през следващия месец; "
                "проектът е кратък и технически."
            ),
        ),
    ],
    "PL": [
        DemoConsultation(
            title="Regulamin utrzymania czystości i porządku (projekt)",
            act_kind="resolution",
            summary="Konsultacje projektu regulaminu zgodnie z uchwałą Rady Gminy w sprawie konsultacji.",
            draft=PL_RESOLUTION,
            days=21,
            comments=[
                DemoComment(
                    "§ 2",
                    "Proszę o odbiór odpadów zielonych co tydzień w maju.",
                    "partly",
                    "W maju odbiór będzie co tydzień, w pozostałych miesiącach co dwa tygodnie.",
                ),
                DemoComment("§ 3", "Potrzebne są kosze na psie odchody przy szkole.", "accepted"),
            ],
        )
    ],
}


def _documents(consultation: Consultation, actor: Any) -> None:
    for kind, title in (
        ("motives", "Мотиви / Uzasadnienie"),
        ("impact", "Оценка на въздействието"),
    ):
        file = public_file_add(
            organisation=consultation.organisation,
            actor=actor,
            name=f"{kind}.txt",
            fileobj=io.BytesIO(f"{title}: {consultation.title}".encode()),
            kind="document",
            title=title,
        )
        services.document_add(consultation=consultation, actor=actor, kind=kind, file=file)


def consultations_demo(*, organisation: Organisation, official: Any, citizen: Any) -> list[str]:
    """Create the organisation's demo consultations that do not exist yet; their titles."""
    # Draft acts are the municipalities' (the associations in the demo have none).
    specs = DEMOS.get(organisation.country, []) if organisation.kind == "municipality" else []
    if not specs or official is None or citizen is None:
        return []
    rule_sets_ensure(organisation=organisation)
    rule_set = RuleSet.objects.get(organisation=organisation, is_default=True)
    created = []
    for spec in specs:
        if Consultation.objects.filter(organisation=organisation, title=spec.title).exists():
            continue
        opens = timezone.now()
        consultation = services.consultation_create(
            organisation=organisation,
            actor=official,
            details=services.Details(
                title=spec.title,
                act_kind=spec.act_kind,
                summary=spec.summary,
                rule_set=rule_set,
                responsible=official,
                opens_at=opens,
                closes_at=opens + timedelta(days=spec.days),
                shortened_reason=spec.shortened_reason,
                forms=["online", "written"],
            ),
            draft_text=spec.draft,
        )
        _documents(consultation, official)
        consultation = services.consultation_publish(consultation=consultation, actor=official)
        labels = dict(
            Article.objects.filter(version__consultation=consultation).values_list(
                "label", "anchor"
            )
        )
        for item in spec.comments:
            comment = comment_services.comment_add(
                consultation=consultation,
                user=citizen,
                body=item.body,
                article_anchor=labels.get(item.article) if item.article else None,
                organisation_name=item.organisation_name,
                show_name=item.show_name,
            )
            comment_services.answer_save(
                comment=comment, actor=official, outcome=item.outcome, reason=item.reason
            )
        if spec.closed:  # as if its days had passed: moved into the past, closed, reported
            shift = timedelta(days=spec.days + 10)
            Consultation.objects.filter(pk=consultation.pk).update(
                opens_at=consultation.opens_at - shift, closes_at=consultation.closes_at - shift
            )
            consultation = Consultation.objects.get(pk=consultation.pk)
            consultation = services.consultation_close(consultation=consultation, actor=official)
            reports.report_publish(consultation=consultation, actor=official)
        created.append(spec.title)
    return created
