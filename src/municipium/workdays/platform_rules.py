"""The statutory deadlines of Bulgarian and Polish law, shipped as platform rules.

Periods are calendar days unless the law says otherwise; every deadline ends on a working day
(KPA art. 57 §4). Names are in the country's language, for the officials who pick them. Rules
whose period comes from secondary sources carry "(verify)" in their note: organisations can
replace any of them with their own rule of the same code.

Installed by migration 0002 and, when missing (a database flushed after migrating), by
`install_platform_rules`.
"""

from __future__ import annotations

from typing import Any

CAL = "calendar_days"
MONTHS = "months"

RULES = [
    # Poland: Kodeks postępowania administracyjnego (KPA) and the access to public
    # information act (UDIP).
    {
        "code": "pl-kpa-35-3-evidence",
        "country": "PL",
        "name": "Sprawa wymagająca postępowania wyjaśniającego",
        "legal_basis": "KPA art. 35 §3",
        "amount": 1,
        "unit": MONTHS,
        "notice_required": True,
        "note": "Counted from the start of the proceedings. A delay needs a notice with the "
        "reason and a new date (KPA art. 36).",
    },
    {
        "code": "pl-kpa-35-3-complicated",
        "country": "PL",
        "name": "Sprawa szczególnie skomplikowana",
        "legal_basis": "KPA art. 35 §3",
        "amount": 2,
        "unit": MONTHS,
        "notice_required": True,
        "note": "Counted from the start of the proceedings.",
    },
    {
        "code": "pl-kpa-35-3-appeal",
        "country": "PL",
        "name": "Rozpatrzenie odwołania",
        "legal_basis": "KPA art. 35 §3",
        "amount": 1,
        "unit": MONTHS,
        "notice_required": True,
        "note": "Counted from the day the appeal reaches the appeal authority.",
    },
    {
        "code": "pl-kpa-133-appeal-forward",
        "country": "PL",
        "name": "Przekazanie odwołania organowi odwoławczemu",
        "legal_basis": "KPA art. 133",
        "amount": 7,
        "unit": CAL,
        "notice_required": False,
        "note": "The office whose decision is appealed sends the appeal with the case file to "
        "the appeal authority within 7 days of receiving it, unless it changes or annuls the "
        "decision itself (art. 132). The appeal authority's own month (art. 35 §3, rule "
        "pl-kpa-35-3-appeal) runs from the day the appeal reaches it.",
    },
    {
        "code": "pl-kpa-217-3-certificate",
        "country": "PL",
        "name": "Wydanie zaświadczenia",
        "legal_basis": "KPA art. 217 §3",
        "amount": 7,
        "unit": CAL,
        "notice_required": True,
        "note": "",
    },
    {
        "code": "pl-kpa-237-1-complaint",
        "country": "PL",
        "name": "Rozpatrzenie skargi",
        "legal_basis": "KPA art. 237 §1",
        "amount": 1,
        "unit": MONTHS,
        "notice_required": True,
        "note": "KPA art. 237 §4 applies art. 36-38 to complaints.",
    },
    {
        "code": "pl-kpa-244-request",
        "country": "PL",
        "name": "Rozpatrzenie wniosku",
        "legal_basis": "KPA art. 244 §1 w zw. z art. 237 §1",
        "amount": 1,
        "unit": MONTHS,
        "notice_required": True,
        "note": "",
    },
    {
        "code": "pl-udip-13-public-information",
        "country": "PL",
        "name": "Udostępnienie informacji publicznej",
        "legal_basis": "UDIP art. 13",
        "amount": 14,
        "unit": CAL,
        "extendable_by_amount": 2,
        "extendable_by_unit": MONTHS,
        "extension_from": "start",
        "notice_required": True,
        "note": "Art. 13 ust. 2: within the 14 days the requester is told the reason for the "
        "delay and the new date, at most 2 months from the request.",
    },
    # Bulgaria: Административнопроцесуален кодекс (АПК) and the access to public
    # information act (ЗДОИ).
    {
        "code": "bg-apk-53-2-opinion",
        "country": "BG",
        "name": "Становище на друг административен орган",
        "legal_basis": "АПК чл. 53(2)",
        "amount": 14,
        "unit": CAL,
        "notice_required": False,
        "note": "Between authorities: no notice to the party.",
    },
    {
        "code": "bg-apk-57-individual-act",
        "country": "BG",
        "name": "Издаване на индивидуален административен акт",
        "legal_basis": "АПК чл. 57",
        "amount": 14,
        "unit": CAL,
        "notice_required": True,
        "note": "(verify) Period taken from secondary sources. Counted from the start of the "
        "proceedings; the notice of start gives the end date (АПК чл. 26(1)).",
    },
    {
        "code": "bg-apk-57-no-evidence",
        "country": "BG",
        "name": "Индивидуален административен акт без събиране на доказателства",
        "legal_basis": "АПК чл. 57",
        "amount": 7,
        "unit": CAL,
        "notice_required": True,
        "note": "(verify) Period taken from secondary sources: 7 days when no evidence has to "
        "be gathered and no one has to be heard.",
    },
    {
        "code": "bg-apk-88-appeal-forward",
        "country": "BG",
        "name": "Изпращане на жалба срещу административен акт на горестоящия орган",
        "legal_basis": "АПК чл. 88(1)",
        "amount": 3,
        "unit": CAL,
        "notice_required": False,
        "note": "(verify) Period taken from the text of the code, not yet from DOMAIN.md: the "
        "authority whose act is appealed sends the appeal with the whole file to the higher "
        "authority within 3 days of receiving it, unless it reconsiders the act itself. The "
        "higher authority then decides within one month (АПК чл. 97(1), verify).",
    },
    {
        "code": "bg-apk-118-proposal-signal",
        "country": "BG",
        "name": "Решаване на предложение или сигнал",
        "legal_basis": "АПК чл. 118",
        "amount": 2,
        "unit": MONTHS,
        "notice_required": True,
        "note": "The law allows an extension; its length is not set here. The result is "
        "told to the sender within 7 days (rule bg-apk-118-result-notice).",
    },
    {
        "code": "bg-apk-118-result-notice",
        "country": "BG",
        "name": "Съобщаване на резултата по предложение или сигнал",
        "legal_basis": "АПК чл. 118",
        "amount": 7,
        "unit": CAL,
        "notice_required": False,
        "note": "Counted from the decision on the proposal or signal, not from its receipt.",
    },
    {
        "code": "bg-zdoi-28-public-information",
        "country": "BG",
        "name": "Достъп до обществена информация",
        "legal_basis": "ЗДОИ чл. 28(1)",
        "amount": 14,
        "unit": CAL,
        "extendable_by_amount": 10,
        "extendable_by_unit": CAL,
        "extension_from": "deadline",
        "notice_required": True,
        "note": "(verify) Period and extension taken from secondary sources. The extension by "
        "up to 10 days is in ЗДОИ чл. 30(1) (a large amount of information); a longer one "
        "applies when a third party must consent (чл. 31).",
    },
]

DEFAULTS = {
    "roll_to_working_day": True,
    "extendable_by_amount": None,
    "extendable_by_unit": "",
    "extension_from": "deadline",
    "is_active": True,
}


def install_platform_rules(model: Any = None) -> int:
    """Create or update the platform rules; returns how many there are. `model` is the
    historical model inside a migration, the app's model otherwise."""
    if model is None:
        from .models import DeadlineRule as model
    for rule in RULES:
        values = {**DEFAULTS, **rule}
        code = values.pop("code")
        model.objects.update_or_create(organisation=None, code=code, defaults=values)
    return len(RULES)
