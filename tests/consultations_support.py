"""Helpers for the consultation tests: a consultation of organisation alpha (Bulgaria, ЗНА
чл. 26) or beta (Poland, its council's resolution), with its draft and documents."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from municipium.consultations.models import Consultation, RuleSet
from municipium.consultations.services import consultations as services
from municipium.consultations.services.rules import rule_sets_ensure
from municipium.tenants.models import Organisation
from municipium.tenants.services import public_file_add

FILES = Path(__file__).parent / "files"

DRAFT_BG = """Наредба за обществения ред на територията на Община Алфа

Чл. 1. Предмет
(1) С тази наредба се уреждат обществените отношения, свързани с опазването на реда.
(2) Наредбата се прилага на цялата територия на общината.
Чл. 2. Забрани
(1) Забранява се паленето на огън в парковете.
(2) Забранява се къпането във фонтаните.
Чл. 3. Контролът по наредбата се осъществява от кмета на общината.
§ 1. Наредбата влиза в сила от деня на обнародването ѝ.
"""

DRAFT_PL = """Uchwała w sprawie regulaminu utrzymania czystości

Art. 1. Przepisy ogólne
Regulamin określa zasady utrzymania czystości na terenie gminy.
Art. 2. Obowiązki właścicieli
1. Właściciel nieruchomości uprzątnie chodnik.
2. Właściciel nieruchomości zbiera odpady w pojemnikach.
Art. 3. Wykonanie uchwały powierza się Wójtowi Gminy.
"""


def rules_of(organisation: Organisation) -> RuleSet:
    rule_sets_ensure(organisation=organisation)
    return RuleSet.objects.get(organisation=organisation, is_default=True)


def details(
    organisation: Organisation,
    responsible: Any,
    *,
    days: float = 30,
    opens_at: datetime | None = None,
    reason: str = "",
    title: str = "Наредба за обществения ред",
    **extra: Any,
) -> services.Details:
    opens = opens_at or timezone.now()
    return services.Details(
        title=title,
        act_kind="ordinance",
        summary="Проект на наредба.",
        rule_set=extra.pop("rule_set", None) or rules_of(organisation),
        responsible=responsible,
        opens_at=opens,
        closes_at=opens + timedelta(days=days),
        shortened_reason=reason,
        forms=extra.pop("forms", ["online", "written"]),
        **extra,
    )


def add_documents(
    consultation: Consultation, actor: Any, kinds: tuple[str, ...] = ("motives", "impact")
) -> None:
    for kind in kinds:
        file = public_file_add(
            organisation=consultation.organisation,
            actor=actor,
            name=f"{kind}.txt",
            fileobj=io.BytesIO(f"Документ: {kind}".encode()),
            kind="document",
            title=kind,
        )
        services.document_add(consultation=consultation, actor=actor, kind=kind, file=file)


def make_consultation(
    world: Any,
    *,
    org: str = "a",
    days: float = 30,
    reason: str = "",
    opens_at: datetime | None = None,
    publish: bool = True,
    text: str | None = None,
) -> Consultation:
    organisation = world.org_a if org == "a" else world.org_b
    actor = world.official_a if org == "a" else world.official_b
    consultation = services.consultation_create(
        organisation=organisation,
        actor=actor,
        details=details(organisation, actor, days=days, reason=reason, opens_at=opens_at),
        draft_text=text if text is not None else (DRAFT_BG if org == "a" else DRAFT_PL),
    )
    add_documents(consultation, actor)
    if publish:
        consultation = services.consultation_publish(consultation=consultation, actor=actor)
    return consultation


def end_period(consultation: Consultation) -> Consultation:
    """Move the consultation's period into the past (as if its days had passed)."""
    shift = consultation.closes_at - timezone.now() + timedelta(minutes=1)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=consultation.opens_at - shift, closes_at=consultation.closes_at - shift
    )
    return Consultation.objects.get(pk=consultation.pk)
