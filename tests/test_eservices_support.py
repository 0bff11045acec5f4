"""Shared helpers of the e-services tests (no tests here): a published service of alpha."""

from __future__ import annotations

from typing import Any

from municipium.eservices import services
from municipium.eservices.models import Service
from municipium.registry.models import FilePlanItem
from municipium.workdays.models import DeadlineRule

VALID_EGN = "7501020018"


def label(bg: str, en: str) -> dict[str, str]:
    return {"bg": bg, "en": en}


FIELDS: list[dict[str, Any]] = [
    {"key": "deceased", "type": "text", "required": True, "label": label("Починал", "Deceased")},
    {
        "key": "egn",
        "type": "identifier",
        "identifier_type": "egn",
        "required": True,
        "label": label("ЕГН", "Personal number"),
        "help": label("10 цифри", "10 digits"),
    },
    {
        "key": "delivery",
        "type": "choice",
        "required": True,
        "label": label("Получаване", "Delivery"),
        "choices": [
            {"value": "office", "label": label("В офиса", "At the office")},
            {"value": "post", "label": label("По пощата", "By post")},
        ],
    },
    {
        "key": "address",
        "type": "address",
        "required": True,
        "label": label("Адрес за доставка", "Delivery address"),
        "show_if": {"field": "delivery", "value": "post"},
    },
    {
        "key": "proof",
        "type": "file",
        "required": False,
        "max_mb": 2,
        "label": label("Документ", "Supporting document"),
    },
    {"key": "consent", "type": "consent", "required": True, "label": label("Съгласие", "I agree")},
]


def make_service(world: Any, registry: Any, *, slug: str = "heirs") -> Service:
    rule = DeadlineRule.objects.get(organisation=None, code="bg-apk-57-individual-act")
    service = services.service_create(
        organisation=world.org_a,
        actor=world.admin_a,
        slug=slug,
        title=label("Удостоверение за наследници", "Certificate of heirs"),
        description=label("Издаване на удостоверение", "A certificate naming the heirs"),
        legal_basis="Закон за гражданската регистрация, чл. 24",
        deadline_rule=rule,
        register=registry.general,
        file_class=FilePlanItem.objects.get(organisation=world.org_a, code="02-03"),
        unit=world.unit_a,
    )
    for spec in FIELDS:
        services.form_field_add(service=service, actor=world.admin_a, spec=spec)
    services.form_publish(service=service, actor=world.admin_a)
    return services.service_update(service=service, actor=world.admin_a, is_published=True)


def answers(**extra: Any) -> dict[str, Any]:
    data = {
        "name": "Иван Петров",
        "f_deceased": "Петър Петров",
        "f_egn": VALID_EGN,
        "f_delivery": "office",
        "f_consent": "on",
        **extra,
    }
    return {k: v for k, v in data.items() if v is not None}


def pdf_bytes() -> bytes:
    """A small valid PDF (one empty page)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
