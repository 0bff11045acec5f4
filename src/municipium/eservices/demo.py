"""Demo e-services: five real-world services for each demo municipality, each with a
published form, its legal basis and the statutory deadline rule shipped with workdays.

Legal bases are editable data on the service; those marked (verify) in DOMAIN.md are still
to be checked against the text of the law by the municipality."""

from __future__ import annotations

from typing import Any

from municipium.registry.models import FilePlanItem, Register
from municipium.tenants.models import Organisation, Unit
from municipium.workdays.models import DeadlineRule

from . import services
from .models import Service

Spec = dict[str, Any]


def _t(main: str, en: str, language: str) -> dict[str, str]:
    return {language: main, "en": en}


def _fields(country: str, language: str, *extra: Spec) -> list[Spec]:
    def t(main: str, en: str) -> dict[str, str]:
        return _t(main, en, language)

    identifier = "egn" if country == "BG" else "pesel"
    common: list[Spec] = [
        {
            "key": "identifier",
            "type": "identifier",
            "identifier_type": identifier,
            "required": True,
            "label": t("ЕГН", "Personal number (EGN)")
            if country == "BG"
            else t("PESEL", "Personal number (PESEL)"),
        },
        {
            "key": "address",
            "type": "address",
            "required": True,
            "label": t("Постоянен адрес", "Permanent address")
            if country == "BG"
            else t("Adres zamieszkania", "Home address"),
        },
        {
            "key": "phone",
            "type": "phone",
            "required": False,
            "label": t("Телефон", "Phone") if country == "BG" else t("Telefon", "Phone"),
        },
    ]
    delivery: list[Spec] = [
        {
            "key": "delivery",
            "type": "choice",
            "required": True,
            "label": t("Начин на получаване", "How to receive the answer")
            if country == "BG"
            else t("Sposób odbioru", "How to receive the answer"),
            "choices": [
                {
                    "value": "email",
                    "label": t("По електронна поща", "By e-mail")
                    if country == "BG"
                    else t("Pocztą elektroniczną", "By e-mail"),
                },
                {
                    "value": "office",
                    "label": t("В центъра за услуги", "At the service centre")
                    if country == "BG"
                    else t("Osobiście w urzędzie", "In person at the office"),
                },
                {
                    "value": "post",
                    "label": t("С писмо по пощата", "By post")
                    if country == "BG"
                    else t("Listem", "By post"),
                },
            ],
        },
        {
            "key": "postal_address",
            "type": "address",
            "required": True,
            "label": t("Адрес за писмото", "Address for the letter")
            if country == "BG"
            else t("Adres do korespondencji", "Address for the letter"),
            "show_if": {"field": "delivery", "value": "post"},
        },
    ]
    consent: Spec = {
        "key": "consent",
        "type": "consent",
        "required": True,
        "label": t(
            "Съгласен съм личните ми данни да бъдат обработени за тази услуга.",
            "I agree that my personal data is processed for this service.",
        )
        if country == "BG"
        else t(
            "Wyrażam zgodę na przetwarzanie moich danych osobowych w celu załatwienia sprawy.",
            "I agree that my personal data is processed for this service.",
        ),
    }
    return [*common, *extra, *delivery, consent]


def _catalogue(country: str, language: str) -> list[Spec]:
    def t(main: str, en: str) -> dict[str, str]:
        return _t(main, en, language)

    if country == "BG":
        return [
            {
                "slug": "public-information",
                "title": t(
                    "Заявление за достъп до обществена информация",
                    "Request for access to public information",
                ),
                "description": t(
                    "Всеки има право на достъп до обществена информация, създавана или "
                    "съхранявана от общината.",
                    "Everyone may obtain public information that the municipality creates "
                    "or keeps.",
                ),
                "eligibility": t("Всеки гражданин или организация.", "Anyone."),
                "fee": t(
                    "Безплатно; при предоставяне на копия — по нормативите за разходите.",
                    "Free; copies at the cost set by the Minister of Finance.",
                ),
                "legal_basis": "ЗДОИ чл. 24–28",
                "rule": "bg-zdoi-28-public-information",
                "class": "02-04",
                "fields": [
                    {
                        "key": "information",
                        "type": "textarea",
                        "required": True,
                        "label": t("Описание на исканата информация", "The information asked for"),
                    },
                    {
                        "key": "form",
                        "type": "choice",
                        "required": True,
                        "label": t("Форма на достъп", "Form of access"),
                        "choices": [
                            {"value": "electronic", "label": t("Електронно", "Electronic")},
                            {"value": "copy", "label": t("Копие на хартия", "Paper copy")},
                            {"value": "review", "label": t("Преглед на място", "Viewing on site")},
                        ],
                    },
                ],
                "plain": True,
            },
            {
                "slug": "address-registration",
                "title": t(
                    "Удостоверение за постоянен или настоящ адрес",
                    "Certificate of address registration",
                ),
                "description": t(
                    "Удостоверение за адресна регистрация по постоянен или настоящ адрес.",
                    "A certificate of the permanent or current address on record.",
                ),
                "eligibility": t(
                    "Лицето или негов законен представител или упълномощено лице.",
                    "The person, their legal representative or an authorised person.",
                ),
                "required_documents": t(
                    "Документ за самоличност; пълномощно, ако се подава от друго лице.",
                    "Identity document; a power of attorney when filed for someone else.",
                ),
                "fee": t(
                    "2,56 € (по наредбата за местните такси)", "EUR 2.56 (local fees ordinance)"
                ),
                "legal_basis": (
                    "Закон за гражданската регистрация, чл. 99–106; Наредба № РД-02-20-9 от 2012 г."
                ),
                "rule": "bg-apk-57-no-evidence",
                "class": "02-02",
                "fields": [
                    {
                        "key": "address_kind",
                        "type": "choice",
                        "required": True,
                        "label": t("Вид адрес", "Which address"),
                        "choices": [
                            {"value": "permanent", "label": t("Постоянен", "Permanent")},
                            {"value": "current", "label": t("Настоящ", "Current")},
                        ],
                    }
                ],
            },
            {
                "slug": "heirs",
                "title": t("Удостоверение за наследници", "Certificate of heirs"),
                "description": t(
                    "Удостоверение за наследниците на починало лице, издавано от общината по "
                    "последния му постоянен адрес.",
                    "A certificate naming the heirs of a deceased person, issued by the "
                    "municipality of their last permanent address.",
                ),
                "eligibility": t(
                    "Наследник или друго лице с правен интерес.",
                    "An heir or anyone with a legal interest.",
                ),
                "required_documents": t(
                    "Препис-извлечение от акта за смърт, ако смъртта не е вписана в общината.",
                    "The death certificate, when the death is not recorded in the municipality.",
                ),
                "fee": t("2,56 €", "EUR 2.56"),
                "legal_basis": (
                    "Закон за гражданската регистрация, чл. 24; "
                    "Наредба № РД-02-20-9 от 2012 г. (verify)"
                ),
                "rule": "bg-apk-57-no-evidence",
                "class": "02-03",
                "fields": [
                    {
                        "key": "deceased",
                        "type": "text",
                        "required": True,
                        "label": t("Имена на починалия", "Name of the deceased"),
                    },
                    {
                        "key": "deceased_egn",
                        "type": "identifier",
                        "identifier_type": "egn",
                        "required": True,
                        "label": t("ЕГН на починалия", "EGN of the deceased"),
                    },
                    {
                        "key": "date_of_death",
                        "type": "date",
                        "required": True,
                        "label": t("Дата на смъртта", "Date of death"),
                    },
                    {
                        "key": "death_certificate",
                        "type": "file",
                        "required": False,
                        "max_mb": 10,
                        "label": t("Акт за смърт (копие)", "Death certificate (copy)"),
                    },
                ],
            },
            {
                "slug": "complaint",
                "title": t("Жалба, предложение или сигнал", "Complaint, proposal or report"),
                "description": t(
                    "Подайте жалба, предложение или сигнал за нарушения или за подобряване "
                    "на работата на общинската администрация.",
                    "Report a problem or propose how the administration could work better.",
                ),
                "eligibility": t("Всеки.", "Anyone."),
                "fee": t("Безплатно.", "Free."),
                "legal_basis": "АПК чл. 107–124",
                "rule": "bg-apk-118-proposal-signal",
                "class": "02-05",
                "fields": [
                    {
                        "key": "text",
                        "type": "textarea",
                        "required": True,
                        "label": t("Описание", "What happened or what you propose"),
                    },
                    {
                        "key": "evidence",
                        "type": "file",
                        "required": False,
                        "max_mb": 10,
                        "label": t("Снимка или документ", "Photo or document"),
                    },
                ],
                "plain": True,
            },
            {
                "slug": "marital-status",
                "title": t("Удостоверение за семейно положение", "Certificate of marital status"),
                "description": t(
                    "Удостоверение за семейно положение въз основа на регистъра на населението.",
                    "A certificate of marital status from the population register.",
                ),
                "eligibility": t(
                    "Лицето или упълномощено от него лице.", "The person or their proxy."
                ),
                "fee": t("2,56 €", "EUR 2.56"),
                "legal_basis": (
                    "Закон за гражданската регистрация; Наредба № РД-02-20-9 от 2012 г. (verify)"
                ),
                "rule": "bg-apk-57-no-evidence",
                "class": "02-01",
                "fields": [
                    {
                        "key": "purpose",
                        "type": "text",
                        "required": True,
                        "label": t("Да послужи пред", "Needed for"),
                    }
                ],
            },
        ]
    return [
        {
            "slug": "informacja-publiczna",
            "title": t(
                "Wniosek o udostępnienie informacji publicznej",
                "Request for access to public information",
            ),
            "description": t(
                "Każdy ma prawo do informacji publicznej, którą wytwarza lub posiada gmina.",
                "Everyone may obtain public information that the municipality creates or keeps.",
            ),
            "eligibility": t(
                "Każdy, bez wykazywania interesu.", "Anyone, without giving a reason."
            ),
            "fee": t(
                "Bezpłatnie; dodatkowe koszty tylko przy szczególnej formie udostępnienia.",
                "Free; extra costs only for a special form of delivery.",
            ),
            "legal_basis": "Ustawa o dostępie do informacji publicznej, art. 10 i 13",
            "rule": "pl-udip-13-public-information",
            "class": "5202",
            "fields": [
                {
                    "key": "information",
                    "type": "textarea",
                    "required": True,
                    "label": t("Zakres informacji", "The information asked for"),
                }
            ],
            "plain": True,
        },
        {
            "slug": "zaswiadczenie-o-zameldowaniu",
            "title": t("Zaświadczenie o zameldowaniu", "Certificate of registered residence"),
            "description": t(
                "Zaświadczenie o zameldowaniu na pobyt stały lub czasowy.",
                "A certificate of registered permanent or temporary residence.",
            ),
            "eligibility": t(
                "Osoba, której dane dotyczą, lub pełnomocnik.", "The person or their proxy."
            ),
            "required_documents": t(
                "Pełnomocnictwo, jeżeli wniosek składa pełnomocnik.",
                "A power of attorney when a proxy applies.",
            ),
            "fee": t("17 zł opłaty skarbowej", "PLN 17 stamp duty"),
            "legal_basis": "KPA art. 217; ustawa o ewidencji ludności",
            "rule": "pl-kpa-217-3-certificate",
            "class": "5101",
            "fields": [
                {
                    "key": "residence",
                    "type": "choice",
                    "required": True,
                    "label": t("Rodzaj pobytu", "Residence"),
                    "choices": [
                        {"value": "permanent", "label": t("Stały", "Permanent")},
                        {"value": "temporary", "label": t("Czasowy", "Temporary")},
                    ],
                }
            ],
        },
        {
            "slug": "skarga",
            "title": t("Skarga", "Complaint"),
            "description": t(
                "Skarga na zaniedbanie lub nienależyte wykonywanie zadań przez urząd lub "
                "pracowników.",
                "A complaint about neglect or poor work of the office or its staff.",
            ),
            "eligibility": t("Każdy.", "Anyone."),
            "fee": t("Bezpłatnie.", "Free."),
            "legal_basis": "KPA art. 227 i 237 §1",
            "rule": "pl-kpa-237-1-complaint",
            "class": "0152",
            "fields": [
                {
                    "key": "text",
                    "type": "textarea",
                    "required": True,
                    "label": t("Treść skargi", "The complaint"),
                },
                {
                    "key": "evidence",
                    "type": "file",
                    "required": False,
                    "max_mb": 10,
                    "label": t("Załącznik", "Attachment"),
                },
            ],
            "plain": True,
        },
        {
            "slug": "wniosek",
            "title": t("Wniosek (art. 241 KPA)", "Proposal (KPA art. 241)"),
            "description": t(
                "Wniosek dotyczący ulepszenia organizacji, usprawnienia pracy lub lepszego "
                "zaspokajania potrzeb ludności.",
                "A proposal to improve how the office works or serves residents.",
            ),
            "eligibility": t("Każdy.", "Anyone."),
            "fee": t("Bezpłatnie.", "Free."),
            "legal_basis": "KPA art. 241 i 244 §1",
            "rule": "pl-kpa-244-request",
            "class": "0152",
            "fields": [
                {
                    "key": "text",
                    "type": "textarea",
                    "required": True,
                    "label": t("Treść wniosku", "The proposal"),
                }
            ],
            "plain": True,
        },
        {
            "slug": "udostepnienie-danych",
            "title": t(
                "Udostępnienie danych z rejestru mieszkańców",
                "Data from the register of residents",
            ),
            "description": t(
                "Udostępnienie danych osoby z rejestru mieszkańców podmiotowi, który wykaże "
                "interes prawny.",
                "Data of a person from the register of residents, for someone with a legal "
                "interest.",
            ),
            "eligibility": t(
                "Osoba lub podmiot wykazujący interes prawny.", "Anyone with a legal interest."
            ),
            "required_documents": t(
                "Dokument potwierdzający interes prawny.", "A document showing the legal interest."
            ),
            "fee": t("31 zł opłaty za udostępnienie danych", "PLN 31 fee"),
            "legal_basis": "Ustawa o ewidencji ludności, art. 46–47 (verify)",
            "rule": "pl-kpa-35-3-evidence",
            "class": "5101",
            "fields": [
                {
                    "key": "person",
                    "type": "text",
                    "required": True,
                    "label": t("Imię i nazwisko osoby", "Name of the person"),
                },
                {
                    "key": "interest",
                    "type": "textarea",
                    "required": True,
                    "label": t("Interes prawny", "The legal interest"),
                },
                {
                    "key": "proof",
                    "type": "file",
                    "required": False,
                    "max_mb": 10,
                    "label": t("Dokument", "Document"),
                },
            ],
        },
    ]


def eservices_demo(*, organisation: Organisation, actor: Any) -> list[str]:
    """Create the demo services a municipality lacks (by address), open for applications;
    returns what was created. Only for Bulgarian and Polish municipalities."""
    if organisation.kind != "municipality" or organisation.country not in ("BG", "PL"):
        return []
    language = organisation.main_language
    existing = set(Service.objects.filter(organisation=organisation).values_list("slug", flat=True))
    register = (
        Register.objects.filter(
            organisation=organisation, is_active=True, scope__in=("incoming", "mixed")
        )
        .order_by("scope", "id")
        .first()
    )
    unit = Unit.objects.filter(organisation=organisation, is_active=True).order_by("code").first()
    if register is None or unit is None:
        return []
    created = []
    for spec in _catalogue(organisation.country, language):
        if spec["slug"] in existing:
            continue
        rule = DeadlineRule.objects.get(organisation=None, code=spec["rule"])
        file_class = FilePlanItem.objects.get(organisation=organisation, code=spec["class"])
        service = services.service_create(
            organisation=organisation,
            actor=actor,
            slug=spec["slug"],
            title=spec["title"],
            description=spec.get("description"),
            eligibility=spec.get("eligibility"),
            required_documents=spec.get("required_documents"),
            fee=spec.get("fee"),
            legal_basis=spec["legal_basis"],
            deadline_rule=rule,
            register=register,
            file_class=file_class,
            unit=unit,
        )
        fields = spec["fields"]
        if not spec.get("plain"):
            fields = _fields(organisation.country, language, *fields)
        else:
            fields = [*fields, _fields(organisation.country, language)[-1]]
        for field in fields:
            services.form_field_add(service=service, actor=actor, spec=field)
        services.form_publish(service=service, actor=actor)
        services.service_update(service=service, actor=actor, is_published=True)
        created.append(f"service:{spec['slug']}")
    return created
