"""A large, realistic registry for demonstrations and benchmarks (`municipium demo --documents N`).

Documents are spread over the organisation's registers and kinds and over the last years'
working days, with varied Bulgarian or Polish subjects, a few thousand correspondents,
statuses that follow the age of each document, statutory deadlines (a few stopped for some days
or extended, the deadline moved accordingly) and about 2 % confidential
documents with a named reader. Their numbers continue each register's counter without a gap,
exactly as registrations would, and each batch is one transaction with one journal entry
("document.bulk_demo"), so `municipium audit verify` still holds.

Every run adds documents: it is not idempotent (the rest of the demo is).
"""

from __future__ import annotations

import random
import string
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from stdnum.bg import egn
from stdnum.bg import vat as bg_vat
from stdnum.pl import nip, pesel, regon

from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_record
from municipium.db_statistics import analyze_after_bulk
from municipium.search.services import index_later
from municipium.tenants.models import Membership, Organisation, Role
from municipium.workdays.deadlines import compute_deadline

from . import masks
from .models import (
    Channel,
    Confidentiality,
    Correspondent,
    CorrespondentKind,
    Direction,
    Document,
    DocumentKind,
    Extension,
    IdentifierType,
    Register,
    RegisterCounter,
    RegisterScope,
    Status,
    Suspension,
)

BATCH_SIZE = 5000
YEARS = 3
OFFICE_OPENS = 8 * 3600
OFFICE_SECONDS = 9 * 3600  # 8:00 to 17:00

# --- What the documents say ------------------------------------------------------------------
# Templates per kind code; {name} is filled from FILLERS of the same language.

SUBJECTS: dict[str, dict[str, list[str]]] = {
    "bg": {
        "application": [
            "Заявление за издаване на удостоверение за {cert}",
            "Заявление за {permit} – {address}",
            "Искане за издаване на скица на поземлен имот {plot}",
            "Заявление за промяна на постоянен адрес в {district}",
            "Заявление за категоризация на заведение „{venue}“",
            "Заявление за издаване на удостоверение за {cert} – {address}",
        ],
        "complaint": [
            "Жалба относно {problem} на {address}",
            "Жалба срещу шума от заведение „{venue}“, {address}",
            "Жалба от живущите в {district} относно {problem}",
        ],
        "proposal": [
            "Сигнал за {problem} на {address}",
            "Предложение за {improvement} в {district}",
            "Сигнал за {problem} в {district}",
        ],
        "public-information": [
            "Заявление по ЗДОИ за {topic} за {year} г.",
            "Искане за достъп до обществена информация относно {topic}",
        ],
        "opinion": [
            "Искане за становище по {project}",
            "Искане за становище относно {permit} – {address}",
        ],
        "letter": [
            "Писмо от {institution} относно {topic}",
            "Уведомление за {event}",
            "Покана за {event}",
            "Отговор на писмо относно {problem} на {address}",
        ],
        "order": [
            "Заповед за {order_topic}",
            "Заповед за определяне на комисия за {service}",
        ],
        "contract": [
            "Договор за {service} с {firm}",
            "Анекс към договор за {service} с {firm}",
        ],
        "invoice": ["Фактура № {invoice} от {firm} за {service}"],
    },
    "pl": {
        "application": [
            "Wniosek o wydanie {permit} – {address}",
            "Wniosek o wydanie wypisu i wyrysu z planu miejscowego dla działki nr {plot}",
            "Wniosek o zameldowanie na pobyt stały – {address}",
            "Wniosek o wydanie zezwolenia na sprzedaż napojów alkoholowych w lokalu „{venue}”",
        ],
        "complaint": [
            "Skarga na {problem} przy {address}",
            "Skarga mieszkańców osiedla {district} na {problem}",
            "Skarga na działalność {office}",
        ],
        "proposal": [
            "Wniosek w sprawie {improvement} na osiedlu {district}",
            "Zgłoszenie: {problem} przy {address}",
        ],
        "public-information": [
            "Wniosek o udostępnienie informacji publicznej dotyczącej {topic} za {year} r.",
            "Wniosek o informację publiczną w sprawie {topic}",
        ],
        "certificate": [
            "Wniosek o wydanie zaświadczenia o {cert}",
            "Wniosek o wydanie zaświadczenia o {cert} – {address}",
        ],
        "appeal": ["Odwołanie od decyzji w sprawie {decision}"],
        "letter": [
            "Pismo z {institution} w sprawie {topic}",
            "Zawiadomienie o {event}",
            "Zaproszenie na {event}",
            "Odpowiedź na zgłoszenie: {problem} przy {address}",
        ],
        "order": [
            "Zarządzenie w sprawie {order_topic}",
            "Zarządzenie w sprawie powołania komisji do odbioru robót: {service}",
        ],
        "contract": [
            "Umowa na {service} z {firm}",
            "Aneks do umowy na {service} z {firm}",
        ],
        "invoice": ["Faktura nr FV/{invoice} od {firm} za {service}"],
    },
    "en": {
        "application": ["Application for a {permit} – {address}", "Application: {cert}"],
        "complaint": ["Complaint about {problem} at {address}"],
        "letter": ["Letter from {institution} about {topic}", "Invitation to {event}"],
        "order": ["Order on {order_topic}"],
        "contract": ["Contract for {service} with {firm}"],
        "invoice": ["Invoice {invoice} from {firm} for {service}"],
    },
}

FILLERS: dict[str, dict[str, list[str]]] = {
    "bg": {
        "cert": [
            "наследници",
            "семейно положение",
            "родствени връзки",
            "идентичност на лице с различни имена",
            "данъчна оценка на имот",
            "липса на задължения към общината",
            "съпруг/а и родствени връзки",
        ],
        "permit": [
            "разрешение за строеж",
            "разрешение за поставяне на преместваем обект",
            "разрешение за ползване на тротоар",
            "въвеждане в експлоатация",
            "разрешение за отсичане на дърво",
            "разрешение за прокопаване",
        ],
        "problem": [
            "неработещо улично осветление",
            "дупки в пътната настилка",
            "нерегламентирано сметище",
            "паднало дърво",
            "запушена дъждовна шахта",
            "повредена детска площадка",
            "бездомни кучета",
            "неправилно паркирани автомобили",
            "неизвозени отпадъци",
        ],
        "street": [
            "Васил Левски",
            "Христо Ботев",
            "Г. С. Раковски",
            "Цар Освободител",
            "Шипка",
            "Иван Вазов",
            "Опълченска",
            "Александър Стамболийски",
            "Възраждане",
            "Дунав",
            "Стара планина",
            "Хан Аспарух",
            "Оборище",
            "Граф Игнатиев",
            "Пирин",
            "Родопи",
        ],
        "district": ["кв. „Център“", "кв. „Запад“", "кв. „Изгрев“", "кв. „Младост“", "с. Ливада"],
        "venue": ["Балкан", "Диана", "Старата липа", "Морско око", "Централ", "Лозарска среща"],
        "topic": [
            "бюджета на общината",
            "обществените поръчки",
            "разходите за улично осветление",
            "договорите за сметосъбиране",
            "приходите от местни данъци",
            "ремонта на училище „Св. св. Кирил и Методий“",
            "зимното поддържане на пътищата",
        ],
        "institution": [
            "Областна администрация",
            "РЗИ",
            "НАП",
            "РИОСВ",
            "Басейнова дирекция",
            "Агенция за социално подпомагане",
            "Министерството на регионалното развитие и благоустройството",
        ],
        "event": [
            "заседание на Общинския съвет",
            "обществено обсъждане на {project}",
            "проверка на РИОСВ",
            "среща с кметовете на кметства",
        ],
        "order_topic": [
            "утвърждаване на график за {service}",
            "командировка на служители",
            "провеждане на търг за {service}",
            "инвентаризация на общинското имущество",
            "определяне на работно време през празниците",
        ],
        "service": [
            "зимно поддържане на пътищата",
            "сметосъбиране и сметоизвозване",
            "доставка на канцеларски материали",
            "поддръжка на уличното осветление",
            "озеленяване на парка",
            "ремонт на покрива на детска градина",
        ],
        "firm": [
            "„Строй Инвест“ ЕООД",
            "„Еко Чистота“ ООД",
            "„Пътстрой-Примерово“ АД",
            "ЕТ „Светлина – Георгиев“",
            "„Градина 2000“ ЕООД",
        ],
        "project": [
            "проект на Наредба за управление на отпадъците",
            "подробен устройствен план",
            "проект на бюджет",
            "програма за развитие на туризма",
        ],
        "improvement": [
            "изграждане на велоалея",
            "поставяне на повече кошчета",
            "нова пешеходна пътека",
            "ремонт на тротоарите",
        ],
    },
    "pl": {
        "cert": [
            "niezaleganiu w podatkach",
            "przeznaczeniu działki w planie miejscowym",
            "zameldowaniu",
            "wielkości użytków rolnych",
            "braku zaległości w opłatach za odpady",
        ],
        "permit": [
            "decyzji o warunkach zabudowy",
            "zezwolenia na usunięcie drzew",
            "decyzji o lokalizacji zjazdu",
            "zezwolenia na zajęcie pasa drogowego",
            "decyzji o środowiskowych uwarunkowaniach",
        ],
        "problem": [
            "niedziałające oświetlenie uliczne",
            "dziury w jezdni",
            "dzikie wysypisko śmieci",
            "hałas z lokalu",
            "nieodśnieżony chodnik",
            "zniszczony plac zabaw",
            "bezpańskie psy",
            "nieodebrane odpady",
        ],
        "street": [
            "Mickiewicza",
            "Słowackiego",
            "Kościuszki",
            "Sienkiewicza",
            "Kolejowej",
            "Polnej",
            "Leśnej",
            "Szkolnej",
            "Ogrodowej",
            "Lipowej",
            "3 Maja",
            "Długiej",
            "Kwiatowej",
        ],
        "district": ["Centrum", "Zachód", "Słoneczne", "Przylesie", "Kolejowe", "Nad Stawem"],
        "venue": ["Pod Lipami", "Stary Młyn", "Rynek 12", "Zajazd Graniczny"],
        "topic": [
            "budżetu gminy",
            "zamówień publicznych",
            "kosztów oświetlenia ulicznego",
            "umów na odbiór odpadów",
            "remontu szkoły podstawowej",
            "dotacji dla organizacji pozarządowych",
        ],
        "institution": [
            "Urzędu Wojewódzkiego",
            "Regionalnej Izby Obrachunkowej",
            "Wojewódzkiego Inspektoratu Ochrony Środowiska",
            "Powiatowego Inspektoratu Nadzoru Budowlanego",
            "Urzędu Skarbowego",
            "Starostwa Powiatowego",
        ],
        "event": [
            "sesji Rady Gminy",
            "konsultacjach społecznych",
            "kontroli Regionalnej Izby Obrachunkowej",
            "zebraniu wiejskim",
        ],
        "order_topic": [
            "powołania komisji przetargowej",
            "ustalenia harmonogramu dyżurów",
            "wprowadzenia regulaminu pracy",
            "przeprowadzenia inwentaryzacji",
            "zmian w budżecie gminy",
        ],
        "service": [
            "zimowe utrzymanie dróg",
            "odbiór odpadów komunalnych",
            "dostawę materiałów biurowych",
            "konserwację oświetlenia ulicznego",
            "remont dachu przedszkola",
            "utrzymanie zieleni w parku",
        ],
        "firm": [
            "Budimex-Przykładowo sp. z o.o.",
            "Eko-Czystość s.c.",
            "Drogbud S.A.",
            "Zieleń Miejska sp. z o.o.",
            "P.H.U. Kowalski",
        ],
        "decision": [
            "podatku od nieruchomości",
            "warunków zabudowy",
            "dodatku mieszkaniowego",
            "opłaty za gospodarowanie odpadami",
        ],
        "office": ["kierownika referatu", "sołtysa", "straży gminnej", "zarządcy drogi"],
        "improvement": [
            "budowy progu zwalniającego",
            "nowego przejścia dla pieszych",
            "dodatkowych koszy na śmieci",
            "ścieżki rowerowej",
        ],
    },
    "en": {
        "cert": ["certificate of residence", "certificate of no tax arrears"],
        "permit": ["building permit", "tree felling permit"],
        "problem": ["broken street lights", "potholes", "illegal dumping"],
        "street": ["High Street", "Station Road", "Church Lane", "Mill Road"],
        "topic": ["the budget", "public procurement", "street lighting"],
        "institution": ["the regional government", "the tax office"],
        "event": ["the council meeting", "the public hearing"],
        "order_topic": ["the tender committee", "the holiday schedule"],
        "service": ["winter road maintenance", "waste collection", "office supplies"],
        "firm": ["Acme Ltd", "Greenworks Ltd", "Roadbuild plc"],
    },
}

NAMES: dict[str, dict[str, list[str]]] = {
    "bg": {
        "male": [
            "Иван",
            "Георги",
            "Димитър",
            "Николай",
            "Петър",
            "Христо",
            "Стоян",
            "Тодор",
            "Атанас",
            "Васил",
            "Александър",
            "Калоян",
        ],
        "female": [
            "Мария",
            "Елена",
            "Йорданка",
            "Десислава",
            "Иванка",
            "Росица",
            "Гергана",
            "Надежда",
            "Цветелина",
            "Силвия",
        ],
        "surname": [
            "Иванов",
            "Георгиев",
            "Димитров",
            "Петров",
            "Николов",
            "Христов",
            "Стоянов",
            "Тодоров",
            "Колев",
            "Маринов",
            "Ангелов",
            "Стефанов",
        ],
        "firm": ["Строй", "Агро", "Еко", "Транс", "Инвест", "Мед", "Тех", "Вита", "Дунав"],
        "form": ["ЕООД", "ООД", "АД"],
    },
    "pl": {
        "male": ["Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Marcin", "Michał"],
        "female": ["Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa"],
        "surname": [
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
            "Kozłowski",
        ],
        "firm": ["Budex", "Agro", "Eko", "Trans", "Invest", "Med", "Tech", "Vita", "Warta"],
        "form": ["sp. z o.o.", "S.A.", "s.c."],
    },
}
NAMES["en"] = {
    "male": ["John", "Peter", "Thomas"],
    "female": ["Anne", "Mary", "Helen"],
    "surname": ["Smith", "Taylor", "Brown", "Wilson"],
    "firm": ["Acme", "North", "Green"],
    "form": ["Ltd", "plc"],
}

ANNULMENT_REASONS = {
    "bg": "Грешно регистриран документ",
    "pl": "Błędna rejestracja",
    "en": "Registered by mistake",
}
# About 4 % of incoming documents with a deadline had the clock stopped for some days (the
# party was asked for more), about 2 % got a longer deadline; the deadline moves accordingly.
SUSPENDED_SHARE, EXTENDED_SHARE = 0.04, 0.02
SUSPENSION_REASONS = {
    "bg": "Изискани допълнителни документи от заявителя",
    "pl": "Wezwanie do uzupełnienia braków",
    "en": "More documents asked of the applicant",
}
EXTENSION_REASONS = {
    "bg": "Фактическа и правна сложност на случая",
    "pl": "Szczególnie skomplikowana sprawa",
    "en": "A particularly complex case",
}

# How often each channel brings or takes a document, per direction.
CHANNELS = {
    Direction.INCOMING: (
        [Channel.COUNTER, Channel.POST, Channel.EMAIL, Channel.PORTAL, Channel.EXCHANGE],
        [35, 25, 22, 15, 3],
    ),
    Direction.OUTGOING: ([Channel.POST, Channel.EMAIL, Channel.EXCHANGE], [50, 40, 10]),
    Direction.INTERNAL: ([Channel.COUNTER, Channel.EMAIL], [50, 50]),
}
OUTGOING_KINDS = {"letter", "contract", "opinion"}
INTERNAL_KINDS = {"order"}


@dataclass
class BulkResult:
    documents: int = 0
    correspondents_created: int = 0
    batches: int = 0
    seconds: float = 0.0
    ranges: dict[str, list[str]] = field(default_factory=dict)  # "general/2026": [first, last]


# --- Identifiers -----------------------------------------------------------------------------


def _birth_digits(rng: random.Random, century_offsets: tuple[int, int]) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65))
    month = born.month + (century_offsets[1] if born.year >= 2000 else century_offsets[0])
    return f"{born.year % 100:02d}{month:02d}{born.day:02d}"


def fake_identifier(rng: random.Random, kind: str) -> str:
    """A made-up identifier whose check digits are right (demo data only)."""
    while True:
        if kind == IdentifierType.EGN:
            base = _birth_digits(rng, (0, 40)) + f"{rng.randrange(1000):03d}"
            number = base + egn.calc_check_digit(base)
            module: Any = egn
        elif kind == IdentifierType.PESEL:
            base = _birth_digits(rng, (0, 20)) + f"{rng.randrange(10000):04d}"
            number = base + pesel.calc_check_digit(base)
            module = pesel
        elif kind == IdentifierType.EIK:
            base = f"{rng.randrange(10**7, 10**8)}"
            number = base + bg_vat.calc_check_digit_legal(base)
            module = bg_vat
        elif kind == IdentifierType.REGON:
            base = f"{rng.randrange(10**7, 10**8)}"
            number = base + regon.calc_check_digit(base)
            module = regon
        else:
            number = f"{rng.randrange(10**9, 10**10)}"
            module = nip
        if module.is_valid(number):
            return number


# --- Correspondents --------------------------------------------------------------------------


def _fake_correspondents(
    organisation: Organisation, rng: random.Random, language: str, count: int
) -> list[Correspondent]:
    names = NAMES[language]
    streets = FILLERS[language]["street"]
    country = organisation.country
    personal = IdentifierType.EGN if country == "BG" else IdentifierType.PESEL
    business = (
        [IdentifierType.EIK]
        if country == "BG"
        else [IdentifierType.NIP, IdentifierType.REGON]
        if country == "PL"
        else []
    )
    made = []
    for _ in range(count):
        if rng.random() < 0.7:
            female = rng.random() < 0.5
            first = rng.choice(names["female" if female else "male"])
            surname = rng.choice(names["surname"])
            if female and language == "bg":
                surname += "а"
            elif female and language == "pl" and surname.endswith("i"):
                surname = surname[:-1] + "a"
            kind, name = CorrespondentKind.PERSON, f"{first} {surname}"
            id_type = personal if country in ("BG", "PL") and rng.random() < 0.5 else ""
        else:
            word = rng.choice(names["firm"])
            name = f"{word}-{rng.randrange(1, 999)} {rng.choice(names['form'])}"
            if language == "bg":
                name = f"„{word} {rng.randrange(1, 99)}“ {rng.choice(names['form'])}"
            kind = CorrespondentKind.ORGANISATION
            id_type = rng.choice(business) if business else ""
        address = (
            f"ул. „{rng.choice(streets)}“ № {rng.randrange(1, 120)}"
            if language == "bg"
            else f"ul. {rng.choice(streets)} {rng.randrange(1, 120)}"
            if language == "pl"
            else f"{rng.randrange(1, 120)} {rng.choice(streets)}"
        )
        made.append(
            Correspondent(
                organisation=organisation,
                kind=kind,
                name=name,
                identifier_type=id_type,
                identifier=fake_identifier(rng, id_type) if id_type else "",
                address=address,
                match_key=Correspondent.key_for(name, address),
            )
        )
    return made


# --- Documents -------------------------------------------------------------------------------


class _Subjects:
    """Varied subjects: a template for the kind, its gaps filled at random (nested once)."""

    def __init__(self, language: str, rng: random.Random) -> None:
        self.templates = SUBJECTS[language]
        self.fillers = FILLERS[language]
        self.rng = rng
        self.language = language
        self.fields: dict[str, list[str]] = {}
        for texts in [*self.templates.values(), *self.fillers.values()]:
            for text in texts:
                self.fields[text] = [f for _, f, _, _ in string.Formatter().parse(text) if f]

    def _fill(self, text: str, depth: int = 0) -> str:
        names = self.fields.get(text)
        if not names:
            return text
        rng = self.rng
        values = {}
        for name in names:
            if name == "address":
                street = rng.choice(self.fillers["street"])
                values[name] = (
                    f"ул. „{street}“ № {rng.randrange(1, 150)}"
                    if self.language == "bg"
                    else f"ul. {street} {rng.randrange(1, 150)}"
                )
            elif name == "plot":
                values[name] = (
                    f"{rng.randrange(10000, 99999)}.{rng.randrange(1, 999)}.{rng.randrange(1, 400)}"
                )
            elif name == "year":
                values[name] = str(timezone.localdate().year - rng.randrange(0, 4))
            elif name == "invoice":
                values[name] = f"{rng.randrange(1, 9999):010d}"
            elif name in self.fillers:
                choice = rng.choice(self.fillers[name])
                values[name] = self._fill(choice, depth + 1) if depth < 1 else choice
            else:
                values[name] = name
        return text.format(**values)

    def subject(self, kind_code: str) -> str:
        templates = self.templates.get(kind_code) or self.templates["letter"]
        return self._fill(self.rng.choice(templates))[:500]


def _working_days(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day < end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _status(rng: random.Random, direction: str, age_days: int) -> str:
    if direction != Direction.INCOMING:
        return Status.CLOSED if age_days > 14 else Status.REGISTERED
    roll = rng.random()
    if age_days > 60:
        table = [(0.80, Status.CLOSED), (0.98, Status.ANSWERED), (1.0, Status.IN_PROGRESS)]
    elif age_days > 14:
        table = [
            (0.40, Status.CLOSED),
            (0.70, Status.ANSWERED),
            (0.85, Status.IN_PROGRESS),
            (0.95, Status.ASSIGNED),
            (1.0, Status.REGISTERED),
        ]
    else:
        table = [
            (0.40, Status.REGISTERED),
            (0.70, Status.ASSIGNED),
            (0.90, Status.IN_PROGRESS),
            (1.0, Status.ANSWERED),
        ]
    return next(status for limit, status in table if roll < limit)


def _register_weight(register: Register) -> int:
    return 1 if register.scope == RegisterScope.INTERNAL else 6


def _directions(register: Register) -> tuple[list[str], list[int]]:
    if register.scope == RegisterScope.MIXED:
        return [Direction.INCOMING, Direction.OUTGOING, Direction.INTERNAL], [70, 25, 5]
    return [register.scope], [1]


def _kinds_by_direction(kinds: Sequence[DocumentKind]) -> dict[str, list[DocumentKind]]:
    def pick(codes: set[str] | None, exclude: set[str]) -> list[DocumentKind]:
        chosen = [k for k in kinds if (codes is None or k.code in codes) and k.code not in exclude]
        return chosen or list(kinds)

    return {
        Direction.INCOMING: pick(None, INTERNAL_KINDS),
        Direction.OUTGOING: pick(OUTGOING_KINDS, set()),
        Direction.INTERNAL: pick(INTERNAL_KINDS, set()),
    }


def documents_bulk_demo(
    *,
    organisation: Organisation,
    count: int,
    batch_size: int = BATCH_SIZE,
    years: int = YEARS,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Add `count` made-up documents to the organisation's registers (see the module doc)."""
    if count < 1:
        raise ValidationError("The number of documents must be at least 1.")
    started = clock.perf_counter()
    rng = random.Random(seed)
    registers = list(Register.objects.filter(organisation=organisation, is_active=True))
    kinds = list(
        DocumentKind.objects.filter(organisation=organisation, is_active=True).select_related(
            "deadline_rule"
        )
    )
    if not registers or not kinds:
        raise ValidationError("The organisation has no active registers or document kinds.")
    result = BulkResult()
    builder = _Builder(organisation, rng, registers, kinds, years, count)
    result.correspondents_created = builder.load_people(count)
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        rows = [builder.plan(start + i) for i in range(size)]
        with transaction.atomic():
            builder.write(rows, result)
        result.batches += 1
        result.documents += size
        if progress is not None:
            progress(size)
    # Fresh planner statistics for what was loaded (PostgreSQL; see db_statistics).
    analyze_after_bulk(
        result.documents, Document, Document.readers.through, Correspondent, AuditEntry
    )
    result.seconds = clock.perf_counter() - started
    return result


@dataclass
class _Planned:
    register: Register
    registered_at: datetime
    day: date
    direction: str
    kind: DocumentKind


class _Builder:
    """The state of one run: what to choose from, the deadline cache, the random source."""

    def __init__(
        self,
        organisation: Organisation,
        rng: random.Random,
        registers: list[Register],
        kinds: list[DocumentKind],
        years: int,
        count: int,
    ) -> None:
        self.organisation = organisation
        self.rng = rng
        self.language = {"BG": "bg", "PL": "pl"}.get(organisation.country, "en")
        self.subjects = _Subjects(self.language, rng)
        self.today = timezone.localdate()
        self.days = _working_days(self.today - timedelta(days=365 * years), self.today)
        self.count = count
        self.registers = registers
        self.weights = [_register_weight(r) for r in registers]
        self.directions = {r.pk: _directions(r) for r in registers}
        self.kinds = _kinds_by_direction(kinds)
        self.zone = timezone.get_current_timezone()
        self.deadlines: dict[tuple[date, int], date] = {}
        self.correspondents: list[int] = []
        self.readers: list[int] = []
        self.registrar: int | None = None

    def load_people(self, count: int) -> int:
        """Who writes and who reads: a few thousand correspondents for a large registry
        (those already there are reused) and the members who may be named readers.
        Returns how many correspondents were created."""
        organisation = self.organisation
        memberships = Membership.objects.filter(organisation=organisation, is_active=True)
        self.readers = list(
            memberships.filter(roles__role__in=[Role.MANAGER, Role.OFFICIAL, Role.REGISTRAR])
            .values_list("user_id", flat=True)
            .distinct()
        )
        self.registrar = (
            memberships.filter(roles__role=Role.REGISTRAR).values_list("user_id", flat=True).first()
        )
        wanted = min(5000, max(20, count // 200))
        self.correspondents = list(
            Correspondent.objects.filter(organisation=organisation)
            .order_by("id")
            .values_list("id", flat=True)[:wanted]
        )
        missing = wanted - len(self.correspondents)
        if missing <= 0:
            return 0
        with transaction.atomic():
            made = Correspondent.objects.bulk_create(
                _fake_correspondents(organisation, self.rng, self.language, missing),
                batch_size=BATCH_SIZE,
            )
            index_later(model=Correspondent, object_ids=[c.pk for c in made])
            audit_record(
                organisation=organisation,
                actor=None,
                action="correspondent.bulk_demo",
                changes={"count": len(made)},
            )
        self.correspondents += [c.pk for c in made]
        return len(made)

    def plan(self, index: int) -> _Planned:
        """Where the index-th document of the run falls: evenly over the working days of the
        last years, in office hours, so ids and dates grow together."""
        rng = self.rng
        position = (index + rng.random()) / self.count * len(self.days)
        day = self.days[min(int(position), len(self.days) - 1)]
        seconds = OFFICE_OPENS + int((position % 1) * OFFICE_SECONDS)
        registered_at = datetime.combine(day, time(), tzinfo=self.zone) + timedelta(seconds=seconds)
        register = rng.choices(self.registers, self.weights)[0]
        options, weights = self.directions[register.pk]
        direction = rng.choices(options, weights)[0]
        return _Planned(register, registered_at, day, direction, rng.choice(self.kinds[direction]))

    def _deadline(self, received_on: date, kind: DocumentKind) -> date | None:
        rule = kind.deadline_rule
        if rule is None:
            return None
        key = (received_on, rule.pk)
        if key not in self.deadlines:
            self.deadlines[key] = compute_deadline(
                start=received_on,
                amount=rule.amount,
                unit=rule.unit,
                country=self.organisation.country,
                roll_to_working_day=rule.roll_to_working_day,
            )
        return self.deadlines[key]

    def _lock_counters(self, rows: list[_Planned]) -> dict[tuple[int, int], RegisterCounter]:
        """Lock each counter the batch uses, in a fixed order, as registrations do."""
        keys = sorted(
            {(r.register.pk, r.day.year if r.register.restart_yearly else 0) for r in rows}
        )
        counters = {}
        for register_id, period in keys:
            RegisterCounter.objects.bulk_create(
                [RegisterCounter(register_id=register_id, period=period, last=0)],
                ignore_conflicts=True,
            )
            counters[(register_id, period)] = RegisterCounter.objects.select_for_update().get(
                register_id=register_id, period=period
            )
        return counters

    def write(self, rows: list[_Planned], result: BulkResult) -> None:
        """Number and insert one batch, raise the counters, write the batch's journal entry.
        Runs inside the batch's transaction."""
        counters = self._lock_counters(rows)
        last = {key: counter.last for key, counter in counters.items()}
        rng = self.rng
        ranges: dict[str, list[str]] = {}
        documents: list[Document] = []
        confidential: list[tuple[Document, int]] = []
        for row in rows:
            register = row.register
            period = row.day.year if register.restart_yearly else 0
            seq = last[(register.pk, period)] + 1
            last[(register.pk, period)] = seq
            number = masks.render(register.mask, seq=seq, on=row.day, register=register.code)
            label = f"{register.code}/{period}" if period else register.code
            ranges.setdefault(label, [number, number])[1] = number
            document = self._document(row, period, seq, number)
            documents.append(document)
            if document.confidentiality == Confidentiality.CONFIDENTIAL:
                confidential.append((document, rng.choice(self.readers)))

        Document.objects.bulk_create(documents, batch_size=BATCH_SIZE)
        self._write_clock(documents)
        index_later(model=Document, object_ids=[document.pk for document in documents])
        if confidential:
            through = Document.readers.through
            through.objects.bulk_create(
                [through(document_id=doc.pk, user_id=user) for doc, user in confidential]
            )
        for key, counter in counters.items():
            RegisterCounter.objects.filter(pk=counter.pk).update(last=last[key])
        audit_record(
            organisation=self.organisation,
            actor=None,
            action="document.bulk_demo",
            changes={"count": len(documents), "ranges": ranges},
        )
        for label, (first, last_number) in ranges.items():
            result.ranges.setdefault(label, [first, last_number])[1] = last_number

    def _write_clock(self, documents: list[Document]) -> None:
        """The suspensions and extensions `_document` planned, now that the documents have ids."""
        suspensions, extensions = [], []
        for document in documents:
            clock_change = getattr(document, "_clock", None)
            if clock_change is None or document.pk is None:
                continue
            kind, start, end, old = clock_change
            if kind == "suspension":
                suspensions.append(
                    Suspension(
                        document_id=document.pk,
                        start=start,
                        end=end,
                        reason=SUSPENSION_REASONS[self.language],
                    )
                )
            else:
                extensions.append(
                    Extension(
                        document_id=document.pk,
                        deadline_old=old,
                        deadline_new=document.deadline or old,
                        reason=EXTENSION_REASONS[self.language],
                        notice=EXTENSION_REASONS[self.language],
                        created_at=datetime.combine(start, time(12), tzinfo=self.zone),
                        created_by_id=self.registrar,
                    )
                )
        Suspension.objects.bulk_create(suspensions)
        Extension.objects.bulk_create(extensions)

    def _document(self, row: _Planned, period: int, seq: int, number: str) -> Document:
        rng = self.rng
        incoming = row.direction == Direction.INCOMING
        received_on = row.day - timedelta(days=rng.choice((0, 0, 0, 1, 2))) if incoming else None
        deadline = self._deadline(received_on, row.kind) if received_on is not None else None
        clock_change: tuple[str, date, date | None, date] | None = None
        if deadline is not None and received_on is not None:
            roll = rng.random()
            if roll < SUSPENDED_SHARE:
                start = received_on + timedelta(days=rng.randrange(1, 6))
                end = start + timedelta(days=rng.randrange(2, 15))
                if end < self.today:
                    clock_change = ("suspension", start, end, deadline)
                    deadline = deadline + timedelta(days=(end - start).days + 1)
            elif (
                roll < SUSPENDED_SHARE + EXTENDED_SHARE
                and deadline - timedelta(days=3) < self.today
            ):
                old = deadline
                deadline = deadline + timedelta(days=rng.choice((10, 14, 30)))
                clock_change = ("extension", old - timedelta(days=3), None, old)
        status = (
            Status.ANNULLED
            if rng.random() < 0.005
            else _status(rng, row.direction, (self.today - row.day).days)
        )
        answered_on = None
        if incoming and status in (Status.ANSWERED, Status.CLOSED):
            due = deadline or row.day + timedelta(days=30)
            if rng.random() < 0.1:  # one in ten answered late
                answered_on = due + timedelta(days=rng.randrange(1, 20))
            else:
                answered_on = row.day + timedelta(days=rng.randrange(0, (due - row.day).days + 1))
            answered_on = min(answered_on, self.today)
        roll = rng.random()
        if roll < 0.02 and self.readers:
            confidentiality = Confidentiality.CONFIDENTIAL
        elif roll > 0.9:
            confidentiality = Confidentiality.PUBLIC
        else:
            confidentiality = Confidentiality.INTERNAL
        channels, weights = CHANNELS[Direction(row.direction)]
        correspondent = None
        if self.correspondents and row.direction != Direction.INTERNAL:
            correspondent = rng.choice(self.correspondents)
        document = Document(
            organisation_id=self.organisation.pk,
            register_id=row.register.pk,
            period=period,
            seq=seq,
            number=number,
            direction=row.direction,
            kind_id=row.kind.pk,
            subject=self.subjects.subject(row.kind.code),
            correspondent_id=correspondent,
            received_on=received_on,
            registered_at=row.registered_at,
            sent_on=row.day if row.direction == Direction.OUTGOING else None,
            channel=rng.choices(channels, weights)[0],
            language=self.organisation.main_language,
            sheets=rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 8, 12)),
            confidentiality=confidentiality,
            status=status,
            annulment_reason=ANNULMENT_REASONS[self.language] if status == Status.ANNULLED else "",
            deadline=deadline,
            answered_on=answered_on,
            registered_by_id=self.registrar,
        )
        if clock_change is not None:
            document._clock = clock_change  # type: ignore[attr-defined]
        return document
