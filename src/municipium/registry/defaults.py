"""The registers and document kinds an organisation starts with, per country.

Idempotent: what exists (by code) is left as it is, so an organisation's own changes stay.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation
from municipium.workdays.models import DeadlineRule
from municipium.workdays.platform_rules import install_platform_rules

from . import services
from .models import DocumentKind, FilePlanItem, Register

SAMPLES = Path(__file__).parent / "samples"

# (code, name, deadline rule code or None)
KINDS: dict[str, list[tuple[str, str, str | None]]] = {
    "BG": [
        ("application", "Заявление", "bg-apk-57-individual-act"),
        # A grievance about the office's work is a signal (АПК чл. 107-124, the "proposal"
        # kind); a жалба is an appeal against an administrative act, which the office forwards
        # to the higher authority (АПК чл. 88(1)). Decision record 0028.
        ("complaint", "Жалба срещу административен акт", "bg-apk-88-appeal-forward"),
        ("proposal", "Предложение или сигнал", "bg-apk-118-proposal-signal"),
        (
            "public-information",
            "Заявление за достъп до обществена информация",
            "bg-zdoi-28-public-information",
        ),
        ("opinion", "Искане за становище", "bg-apk-53-2-opinion"),
        ("letter", "Писмо", None),
        ("order", "Заповед", None),
        ("contract", "Договор", None),
        ("invoice", "Фактура", None),
    ],
    "PL": [
        ("application", "Wniosek wszczynający postępowanie", "pl-kpa-35-3-evidence"),
        ("complaint", "Skarga", "pl-kpa-237-1-complaint"),
        ("proposal", "Wniosek (art. 241 KPA)", "pl-kpa-244-request"),
        (
            "public-information",
            "Wniosek o udostępnienie informacji publicznej",
            "pl-udip-13-public-information",
        ),
        ("certificate", "Wniosek o wydanie zaświadczenia", "pl-kpa-217-3-certificate"),
        # The office's own step is forwarding within 7 days (KPA art. 133); the month of art.
        # 35 §3 binds the appeal authority. Decision record 0028.
        ("appeal", "Odwołanie", "pl-kpa-133-appeal-forward"),
        ("letter", "Pismo", None),
        ("order", "Zarządzenie", None),
        ("contract", "Umowa", None),
        ("invoice", "Faktura", None),
    ],
}
GENERIC_KINDS = [
    ("application", "Application", None),
    ("complaint", "Complaint", None),
    ("letter", "Letter", None),
    ("order", "Order", None),
    ("contract", "Contract", None),
    ("invoice", "Invoice", None),
]

# (code, name, scope, mask)
REGISTERS: dict[str, list[tuple[str, str, str, str]]] = {
    "BG": [
        ("general", "Общ деловоден регистър", "mixed", "{seq}/{dd}.{mm}.{yyyy}"),
        ("orders", "Регистър на заповедите", "internal", "РД-{seq:02}/{dd}.{mm}.{yyyy}"),
    ],
    "PL": [
        ("rpw", "Rejestr przesyłek wpływających", "incoming", "RPW/{seq}/{yyyy}"),
        ("outgoing", "Rejestr przesyłek wychodzących", "outgoing", "RPWy/{seq}/{yyyy}"),
        ("orders", "Rejestr zarządzeń", "internal", "Zarz. {seq}/{yyyy}"),
    ],
}
GENERIC_REGISTERS = [("general", "General register", "mixed", "{seq}/{yyyy}")]


def registry_setup(*, organisation: Organisation, actor: Any) -> list[str]:
    """Create the country's default registers and kinds that are missing; returns their codes."""
    created: list[str] = []
    if not DeadlineRule.objects.filter(organisation=None).exists():
        install_platform_rules()
    rules = {
        rule.code: rule
        for rule in DeadlineRule.objects.filter(organisation=None, country=organisation.country)
    }
    with transaction.atomic():
        existing = set(
            Register.objects.filter(organisation=organisation).values_list("code", flat=True)
        )
        for code, name, scope, mask in REGISTERS.get(organisation.country, GENERIC_REGISTERS):
            if code not in existing:
                services.register_create(
                    organisation=organisation,
                    actor=actor,
                    code=code,
                    name=name,
                    mask=mask,
                    scope=scope,
                )
                created.append(f"register:{code}")
        existing = set(
            DocumentKind.objects.filter(organisation=organisation).values_list("code", flat=True)
        )
        for code, name, rule_code in KINDS.get(organisation.country, GENERIC_KINDS):
            if code in existing:
                continue
            kind = DocumentKind.objects.create(
                organisation=organisation,
                code=code,
                name=name,
                deadline_rule=rules.get(rule_code) if rule_code else None,
            )
            audit_record(
                organisation=organisation,
                actor=actor,
                action="document_kind.create",
                obj=kind,
                changes={"code": code, "deadline_rule": rule_code},
            )
            created.append(f"kind:{code}")
        if not FilePlanItem.objects.filter(organisation=organisation).exists():
            sample = SAMPLES / f"file-plan-{organisation.country.lower()}.csv"
            if sample.exists():
                with sample.open(encoding="utf-8") as handle:
                    rows = list(csv.DictReader(handle))
                count, errors = services.file_plan_import(
                    organisation=organisation, actor=actor, rows=rows
                )
                if errors:  # the shipped samples are tested; this would be a packaging bug
                    raise RuntimeError(f"file plan sample {sample.name}: {errors[0]}")
                created.append(f"file_plan:{count}")
    return created
