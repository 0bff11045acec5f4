# ruff: noqa: E501 - long content strings
"""What the demo organisations show on their public sites, as plain data (no models yet):
nothing here touches the database; importing it needs only Pillow (for ``logo_write``) and
the sample texts of ``demo/samples/news/``.

Everything here is keyed by the organisation's slug (the four organisations of
``demo/data.py`` plus the two of ``NEW_ORGANISATIONS``) and, for text, by language code
("bg", "pl", "en": every language of the organisation, its main language first).

Keys, for mapping to the models:

``NEW_ORGANISATIONS``: list of ``OrganisationSpec`` — the same fields as ``data.DemoOrg``
    (slug, name, short_name, kind, country, languages, description, email, phone, address,
    units as (code, name)), so ``DemoOrg(**dataclasses.asdict(spec))`` makes one:
    "naso-rb" (the municipal secretaries' association the sample calls НАСО РБ, kind
    association) and "daeu" (Държавна агенция „Електронно управление“, kind agency).
``SLUGS``, ``LANGUAGES_OF[slug]``, ``COUNTRY_OF[slug]``: the six organisations (the same
    languages and countries as their specs; the test checks it).
``IDENTITY[slug]``: ``Identity`` — ``accent`` (#rrggbb, ≥ 4.5:1 against white, see
    ``contrast_with_white``), ``logo`` (path of the 256×256 PNG in ``demo/logos/``),
    ``logo_alt`` (alt text in the main language), ``initials`` and ``shape`` (what the emblem
    shows; ``logo_write`` draws it), ``menu`` (the menu order as ``MenuLink`` keys of
    ``tenants/public.py``: "page:<page key>", "news", "eservices").
``PAGES[slug]``: list of ``Page`` in menu order — ``key`` ("about", "statute" / "council",
    "board", "contacts"), ``parent`` (a page key or None: a tree of at most two levels),
    ``versions[lang]`` = ``PageVersion(title, slug, body)`` (body: clean HTML, p/h2/h3/ul/a/
    table), and for "contacts" ``departments``: ``Department`` with ``name[lang]``, address,
    phone, e-mail and ``hours`` (weekday 0 = Monday → (opens, closes) "HH:MM"; closed days
    left out); the contacts body is rendered from them.
``BOARDS[slug]``: list of ``Person(name, role[lang])`` behind the "board" page.
``NEWS[slug]``: list of ``NewsItem`` — ``key``, ``kind`` ("news", "press_release",
    "announcement"), ``published_at`` (aware datetime in the organisation's time zone),
    ``tags[lang]`` (tuple of tag names), ``author`` (a name), ``sample`` (stem of the file in
    ``demo/samples/news/`` for the three real texts, else None), ``versions[lang]`` =
    ``NewsVersion(title, lead, body)``, ``mentions`` (slugs of other organisations the item
    is about: the НАСО meeting mentions "daeu"). The original text of a sample is its
    ``versions`` in the sample's language (title: its first line; lead: its first sentence
    paragraph; body: the rest as HTML); the English version is a translation written for
    the demo. Cleaning: the Polish text loses the site navigation ("STRONA GŁÓWNA",
    "AKTUALNOŚCI") and the sidebar from "Kalendarium spotkań" on, its title is no longer in
    capitals; the АСКО text loses two orphan photo captions; the НАСО title repeated as the
    first line of the text is kept once; a stray no-break space becomes a space.
``ACCESSIBILITY[slug]``: ``AccessibilityAnswers`` — the EU model statement (Implementing
    Decision (EU) 2018/1523) and for Polish organisations the fields of the "deklaracja
    dostępności" (ustawa z 4 kwietnia 2019 r.): ``status`` ("partially_compliant"),
    ``method`` ("self_assessment"), ``prepared_on``, ``reviewed_on``, ``site_published_on``,
    ``site_updated_on`` (dates), ``contact_name``/``contact_email``/``contact_phone``, and
    ``texts[lang]`` = ``AccessibilityTexts`` (non_accessible: (content, reason) pairs,
    disproportionate_burden, out_of_scope, feedback, enforcement, and for PL
    ``architecture`` and ``sign_language``; empty strings for BG).
``PRIVACY[slug]``: ``PrivacyAnswers`` — controller (name, address, e-mail, phone), DPO
    (name, e-mail, phone), ``texts[lang]`` = ``PrivacyTexts`` (purposes: (purpose, legal
    basis) pairs, retention, recipients, rights, complaints authority).

The text fields of ``AccessibilityTexts`` and ``PrivacyTexts`` are inline HTML (they may
hold ``<a>`` links for e-mail and phone), clean by the same sanitiser as the bodies; the
lead may wrap each in ``<p>``. Every body and field passes
``municipium.newsroom.richtext.sanitize`` unchanged (``tests/test_demo_content.py``).

Run ``python -m municipium.demo.public_content`` to draw the logos again.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOGOS_DIR = Path(__file__).parent / "logos"

# ---------------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    short_name: str
    kind: str
    country: str
    languages: list[str]
    description: str
    email: str
    phone: str
    address: str
    units: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Identity:
    accent: str
    logo_alt: str
    initials: str
    shape: str  # "shield" (municipalities) or "circle"
    menu: tuple[str, ...]
    slug: str = ""

    @property
    def logo(self) -> Path:
        return LOGOS_DIR / f"{self.slug}.png"


@dataclass(frozen=True)
class PageVersion:
    title: str
    slug: str
    body: str


@dataclass(frozen=True)
class Department:
    name: dict[str, str]
    address: str
    phone: str
    email: str
    hours: dict[int, tuple[str, str]]  # weekday (0 = Monday) -> (opens, closes)


@dataclass(frozen=True)
class Page:
    key: str
    versions: dict[str, PageVersion]
    parent: str | None = None
    departments: tuple[Department, ...] = ()


@dataclass(frozen=True)
class Person:
    name: str
    role: dict[str, str]


@dataclass(frozen=True)
class NewsVersion:
    title: str
    lead: str
    body: str


@dataclass(frozen=True)
class NewsItem:
    key: str
    kind: str  # "news", "press_release", "announcement"
    published_at: dt.datetime
    tags: dict[str, tuple[str, ...]]
    author: str
    versions: dict[str, NewsVersion]
    sample: str | None = None
    mentions: tuple[str, ...] = ()  # slugs of other organisations the item is about


@dataclass(frozen=True)
class AccessibilityTexts:
    non_accessible: tuple[tuple[str, str], ...]  # (content, why it is not accessible)
    disproportionate_burden: str
    out_of_scope: str
    feedback: str
    enforcement: str
    architecture: str = ""  # PL: dostępność architektoniczna
    sign_language: str = ""  # PL: tłumacz języka migowego


@dataclass(frozen=True)
class AccessibilityAnswers:
    status: str
    method: str
    prepared_on: dt.date
    reviewed_on: dt.date
    site_published_on: dt.date
    site_updated_on: dt.date
    contact_name: str
    contact_email: str
    contact_phone: str
    texts: dict[str, AccessibilityTexts]


@dataclass(frozen=True)
class PrivacyTexts:
    purposes: tuple[tuple[str, str], ...]  # (purpose, legal basis)
    retention: str
    recipients: str
    rights: str
    authority: str


@dataclass(frozen=True)
class PrivacyAnswers:
    controller_name: str
    controller_address: str
    controller_email: str
    controller_phone: str
    dpo_name: str
    dpo_email: str
    dpo_phone: str
    texts: dict[str, PrivacyTexts]


# ---------------------------------------------------------------------------------------------
# Colour and logo
# ---------------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of "#rrggbb"."""
    if len(colour) != 7 or not colour.startswith("#"):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white text on the colour (1 to 21)."""
    return 1.05 / (_luminance(colour) + 0.05)


def accent_checked(colour: str) -> str:
    """The colour if white text on it reaches AA for normal text (4.5:1), else ValueError."""
    ratio = contrast_with_white(colour)
    if ratio < 4.5:
        raise ValueError(f"{colour} reaches only {ratio:.2f}:1 against white (4.5:1 needed)")
    return colour


_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)


def logo_write(slug: str, identity: Identity, size: int = 256) -> Path:
    """Draw the organisation's emblem: a shield (municipality) or a disc in the accent colour
    with a thin white inner line and the initials in white; 4× oversampled, then reduced."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 4
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    accent = identity.accent
    m = 8 * scale
    line = 5 * scale
    if identity.shape == "shield":

        def shield(inset: int) -> list[tuple[float, float]]:
            left, right, top = m + inset, big - m - inset, m + inset
            mid = big / 2
            shoulder = big * 0.58
            points: list[tuple[float, float]] = [(left, top), (right, top), (right, shoulder)]
            # the lower curve: a quadratic arc to the point at the bottom
            bottom = big - m - inset
            for i in range(1, 21):
                t = i / 20
                x = (1 - t) ** 2 * right + 2 * (1 - t) * t * right + t**2 * mid
                y = (
                    (1 - t) ** 2 * shoulder
                    + 2 * (1 - t) * t * (bottom - big * 0.08)
                    + t**2 * bottom
                )
                points.append((x, y))
            for i in range(1, 21):
                t = i / 20
                x = (1 - t) ** 2 * mid + 2 * (1 - t) * t * left + t**2 * left
                y = (
                    (1 - t) ** 2 * bottom
                    + 2 * (1 - t) * t * (bottom - big * 0.08)
                    + t**2 * shoulder
                )
                points.append((x, y))
            return points

        draw.polygon(shield(0), fill=accent)
        draw.line(
            [*shield(7 * scale), shield(7 * scale)[0]], fill="white", width=line, joint="curve"
        )
        centre_y = big * 0.45
    else:
        draw.ellipse([m, m, big - m, big - m], fill=accent)
        inset = m + 7 * scale
        draw.ellipse([inset, inset, big - inset, big - inset], outline="white", width=line)
        centre_y = big / 2
    text = identity.initials
    font_size = {1: 120, 2: 100, 3: 76, 4: 54}.get(len(text), 52) * scale
    font: Any = None
    for path in _FONTS:
        if Path(path).exists():
            font = ImageFont.truetype(path, font_size)
            break
    if font is None:
        font = ImageFont.load_default(size=font_size)
    draw.text((big / 2, centre_y), text, fill="white", font=font, anchor="mm")
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    LOGOS_DIR.mkdir(exist_ok=True)
    target = LOGOS_DIR / f"{slug}.png"
    image.save(target, format="PNG", optimize=True)
    return target


# ---------------------------------------------------------------------------------------------
# HTML helpers: the output is what municipium.newsroom.richtext.sanitize leaves unchanged
# ---------------------------------------------------------------------------------------------


def link(href: str, text: str) -> str:
    return f'<a href="{href}" rel="noopener noreferrer">{text}</a>'


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _h2(text: str) -> str:
    return f"<h2>{text}</h2>"


def _h3(text: str) -> str:
    return f"<h3>{text}</h3>"


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def _at(
    year: int, month: int, day: int, hour: int, minute: int, tz: zoneinfo.ZoneInfo
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


# ---------------------------------------------------------------------------------------------
# 1. The two new organisations
# ---------------------------------------------------------------------------------------------

NEW_ORGANISATIONS = [
    OrganisationSpec(
        slug="naso-rb",
        name="Национална асоциация на секретарите на общините в Република България",
        short_name="НАСО РБ",
        kind="association",
        country="BG",
        languages=["bg", "en"],
        description=(
            "Професионално сдружение на секретарите на общини и райони: обучения, национални "
            "форуми, становища по законодателството за местната администрация и обмен на "
            "добри практики. Данните за контакт в демонстрацията са измислени."
        ),
        email="office@naso.example.bg",
        phone="02 000 0101",
        address="ул. „Примерна“ 22, ет. 3, 1000 София",
        units=[("US", "Управителен съвет"), ("IB", "Изпълнително бюро"), ("SEK", "Секретариат")],
    ),
    OrganisationSpec(
        slug="daeu",
        name="Държавна агенция „Електронно управление“",
        short_name="ДАЕУ",
        kind="agency",
        country="BG",
        languages=["bg", "en"],
        description=(
            "Държавната агенция, която провежда политиката за електронно управление: "
            "единни стандарти, споделени системи и услуги за администрациите, мрежова и "
            "информационна сигурност. Данните за контакт в демонстрацията са измислени."
        ),
        email="info@egov.example.bg",
        phone="02 000 0201",
        address="ул. „Примерна“ 6, 1000 София",
        units=[
            ("AO", "Дирекция „Административно обслужване и финанси“"),
            ("PS", "Дирекция „Политики и стратегии за електронно управление“"),
            ("SU", "Дирекция „Споделени услуги и системи“"),
        ],
    ),
]

COUNTRY_OF = {
    "primerovo": "BG",
    "przykladowo": "PL",
    "skom": "BG",
    "siec-pogranicza": "PL",
    "naso-rb": "BG",
    "daeu": "BG",
}
LANGUAGES_OF = {
    "primerovo": ["bg", "en"],
    "przykladowo": ["pl", "en"],
    "skom": ["bg", "en"],
    "siec-pogranicza": ["pl", "en"],
    "naso-rb": ["bg", "en"],
    "daeu": ["bg", "en"],
}
SLUGS = list(LANGUAGES_OF)


# ---------------------------------------------------------------------------------------------
# 2. Identity: accent colour, logo, menu order
# ---------------------------------------------------------------------------------------------


def _identity(slug: str, **kwargs: object) -> Identity:
    identity = Identity(slug=slug, **kwargs)  # type: ignore[arg-type]
    accent_checked(identity.accent)
    return identity


IDENTITY: dict[str, Identity] = {
    "primerovo": _identity(
        "primerovo",
        accent="#1d5e3a",
        logo_alt="Герб на Община Примерово: зелен щит с буквата П",
        initials="П",
        shape="shield",
        menu=(
            "page:about",
            "news",
            "events",
            "consultations",
            "eservices",
            "figures",
            "page:council",
            "page:board",
            "page:contacts",
        ),
    ),
    "przykladowo": _identity(
        "przykladowo",
        accent="#a3162b",
        logo_alt="Herb Gminy Przykładowo: czerwona tarcza z literą P",
        initials="P",
        shape="shield",
        menu=(
            "page:about",
            "news",
            "events",
            "consultations",
            "eservices",
            "figures",
            "page:council",
            "page:board",
            "page:contacts",
        ),
    ),
    "skom": _identity(
        "skom",
        accent="#1f4e8c",
        logo_alt="Емблема на Сдружението на комуникаторите в общините: син кръг с буквите СКО",
        initials="СКО",
        shape="circle",
        menu=("page:about", "news", "events", "page:statute", "page:board", "page:contacts"),
    ),
    "siec-pogranicza": _identity(
        "siec-pogranicza",
        accent="#5b3a8a",
        logo_alt="Logo Sieci Współpracy Gmin Pogranicza: fioletowe koło z literami SWGP",
        initials="SWGP",
        shape="circle",
        menu=("page:about", "news", "events", "page:statute", "page:board", "page:contacts"),
    ),
    "naso-rb": _identity(
        "naso-rb",
        accent="#7a4400",
        logo_alt="Емблема на НАСО РБ: кафяв кръг с буквите НАСО",
        initials="НАСО",
        shape="circle",
        menu=("page:about", "news", "events", "page:statute", "page:board", "page:contacts"),
    ),
    "daeu": _identity(
        "daeu",
        accent="#0b5e75",
        logo_alt="Емблема на Държавна агенция „Електронно управление“: син кръг с буквите ДАЕУ",
        initials="ДАЕУ",
        shape="circle",
        menu=("page:about", "news", "events", "page:statute", "page:board", "page:contacts"),
    ),
}


if __name__ == "__main__":  # pragma: no cover - run by hand to draw the logos again
    for _slug, _identity_ in IDENTITY.items():
        print(logo_write(_slug, _identity_))


# ---------------------------------------------------------------------------------------------
# 3. Pages: shared rendering of contacts and boards
# ---------------------------------------------------------------------------------------------

WEEKDAYS = {
    "bg": ("понеделник", "вторник", "сряда", "четвъртък", "петък", "събота", "неделя"),
    "pl": ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
LABELS = {
    "bg": {
        "address": "Адрес",
        "phone": "Телефон",
        "email": "Електронна поща",
        "hours": "Работно време",
    },
    "pl": {"address": "Adres", "phone": "Telefon", "email": "E-mail", "hours": "Godziny pracy"},
    "en": {"address": "Address", "phone": "Phone", "email": "E-mail", "hours": "Opening hours"},
}


def tel_href(phone: str, country: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    if phone.startswith("+"):
        return f"tel:+{digits}"
    prefix = "359" if country == "BG" else "48"
    return f"tel:+{prefix}{digits.removeprefix('0')}"


def hours_text(hours: dict[int, tuple[str, str]], language: str) -> list[str]:
    """Consecutive days with the same hours in one line: "понеделник – петък: 08:30–17:00"."""
    names = WEEKDAYS[language]
    lines: list[str] = []
    days = sorted(hours)
    start = 0
    while start < len(days):
        end = start
        while (
            end + 1 < len(days)
            and days[end + 1] == days[end] + 1
            and hours[days[end + 1]] == hours[days[start]]
        ):
            end += 1
        opens, closes = hours[days[start]]
        span = names[days[start]] if end == start else f"{names[days[start]]} – {names[days[end]]}"
        lines.append(f"{span}: {opens}–{closes}")
        start = end + 1
    return lines


def contacts_body(
    intro: str, departments: tuple[Department, ...], language: str, country: str
) -> str:
    labels = LABELS[language]
    parts = [f"<p>{intro}</p>"]
    for department in departments:
        parts.append(_h2(department.name[language]))
        parts.append(
            _ul(
                f"{labels['address']}: {department.address}",
                f"{labels['phone']}: {link(tel_href(department.phone, country), department.phone)}",
                f"{labels['email']}: {link('mailto:' + department.email, department.email)}",
                f"{labels['hours']}: " + "; ".join(hours_text(department.hours, language)),
            )
        )
    return "".join(parts)


_BG_LATIN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "h",
            "ts",
            "ch",
            "sh",
            "sht",
            "a",
            "y",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def transliterate_bg(text: str) -> str:
    """Bulgarian Cyrillic in Latin letters by the Transliteration Act ("-ия" at the end of a
    word is "-ia"): Веселина Колева -> Veselina Koleva."""
    words = []
    for word in text.split(" "):
        out = []
        for i, char in enumerate(word):
            lower = char.lower()
            if lower == "я" and i > 0 and word[i - 1].lower() == "и" and i == len(word) - 1:
                latin = "a"
            else:
                latin = _BG_LATIN.get(lower, char)
            out.append(latin.capitalize() if char.isupper() else latin)
        words.append("".join(out))
    return " ".join(words)


def board_body(intro: str, people: list[Person], language: str, outro: str = "") -> str:
    def name(person: Person) -> str:
        return transliterate_bg(person.name) if language == "en" else person.name

    items = _ul(
        *(f"<strong>{name(person)}</strong> – {person.role[language]}" for person in people)
    )
    return f"<p>{intro}</p>{items}" + (f"<p>{outro}</p>" if outro else "")


WORKDAYS = {d: ("08:30", "17:00") for d in range(5)}
WORKDAYS_PL = {0: ("07:30", "15:30"), 1: ("07:30", "15:30"), 2: ("07:30", "17:00"), 3: ("07:30", "15:30"), 4: ("07:30", "14:00")}  # fmt: skip


def _role(bg_or_pl: str, en: str, language: str = "bg") -> dict[str, str]:
    return {language: bg_or_pl, "en": en}


BOARDS: dict[str, list[Person]] = {
    "primerovo": [
        Person("Стоян Николов", _role("кмет на Община Примерово", "Mayor of Primerovo")),
        Person(
            "Радостина Василева",
            _role(
                "заместник-кмет „Финанси и икономическо развитие“",
                "Deputy Mayor for Finance and Economic Development",
            ),
        ),
        Person(
            "Ивайло Костадинов",
            _role(
                "заместник-кмет „Устройство на територията и екология“",
                "Deputy Mayor for Spatial Planning and Environment",
            ),
        ),
        Person("Ваня Христова", _role("секретар на общината", "Municipal Secretary")),
        Person(
            "Димитър Атанасов",
            _role("председател на Общинския съвет", "Chair of the Municipal Council"),
        ),
    ],
    "przykladowo": [
        Person("Jan Malinowski", _role("Wójt Gminy Przykładowo", "Mayor (Wójt)", "pl")),
        Person("Agnieszka Dąbrowska", _role("Zastępca Wójta", "Deputy Mayor", "pl")),
        Person("Barbara Kamińska", _role("Sekretarz Gminy", "Municipal Secretary", "pl")),
        Person("Krzysztof Mazur", _role("Skarbnik Gminy", "Municipal Treasurer", "pl")),
        Person(
            "Andrzej Pawlak",
            _role("Przewodniczący Rady Gminy", "Chair of the Municipal Council", "pl"),
        ),
    ],
    "skom": [
        Person("Веселина Колева", _role("председател на Управителния съвет", "Chair of the Board")),
        Person("Стефан Маринов", _role("заместник-председател", "Deputy Chair")),
        Person("Росица Янкова", _role("член на Управителния съвет", "Board member")),
        Person("Пламен Чолаков", _role("член на Управителния съвет", "Board member")),
        Person("Десислава Ангелова", _role("член на Управителния съвет", "Board member")),
        Person(
            "Теодора Кирилова",
            _role("председател на Контролния съвет", "Chair of the Supervisory Board"),
        ),
    ],
    "siec-pogranicza": [
        Person(
            "Ewa Jabłońska",
            _role("Przewodnicząca Komitetu Sterującego", "Chair of the Steering Committee", "pl"),
        ),
        Person(
            "Paweł Sikora",
            _role("Zastępca Przewodniczącej", "Deputy Chair of the Steering Committee", "pl"),
        ),
        Person(
            "Joanna Krawczyk",
            _role("członkini Komitetu Sterującego", "Steering Committee member", "pl"),
        ),
        Person(
            "Rafał Grabowski",
            _role("członek Komitetu Sterującego", "Steering Committee member", "pl"),
        ),
        Person(
            "Monika Zając",
            _role("koordynatorka Biura Projektu", "Project Office coordinator", "pl"),
        ),
    ],
    "naso-rb": [
        Person(
            "Милена Стефанова", _role("председател на Управителния съвет", "Chair of the Board")
        ),
        Person("Христо Дамянов", _role("заместник-председател", "Deputy Chair")),
        Person("Цветелина Борисова", _role("член на Управителния съвет", "Board member")),
        Person("Анелия Тодорова", _role("член на Управителния съвет", "Board member")),
        Person("Красимир Велев", _role("член на Управителния съвет", "Board member")),
        Person("Галина Петкова", _role("изпълнителен директор", "Executive Director")),
    ],
    "daeu": [
        Person("Борислав Андонов", _role("председател на агенцията", "Chair of the Agency")),
        Person("Калина Мирчева", _role("заместник-председател", "Deputy Chair")),
        Person("Огнян Симеонов", _role("главен секретар", "Secretary General")),
        Person(
            "Даниела Пенева",
            _role(
                "директор на дирекция „Политики и стратегии за електронно управление“",
                "Director of e-Government Policies and Strategies",
            ),
        ),
        Person(
            "Мартин Стоичков",
            _role(
                "директор на дирекция „Споделени услуги и системи“",
                "Director of Shared Services and Systems",
            ),
        ),
    ],
}


DEPARTMENTS: dict[str, tuple[Department, ...]] = {
    "primerovo": (
        Department(
            {"bg": "Център за административно обслужване", "en": "Citizens' Service Centre"},
            "пл. „Централен“ 1, партер, 9999 Примерово",
            "02 000 0010",
            "uslugi@primerovo.example.org",
            {d: ("08:00", "17:30") for d in range(5)},
        ),
        Department(
            {"bg": "Деловодство", "en": "Registry Office"},
            "пл. „Централен“ 1, стая 104, 9999 Примерово",
            "02 000 0011",
            "delovodstvo@primerovo.example.org",
            WORKDAYS,
        ),
        Department(
            {
                "bg": "Дирекция „Устройство на територията“",
                "en": "Spatial Planning and Construction Directorate",
            },
            "пл. „Централен“ 1, ет. 2, 9999 Примерово",
            "02 000 0012",
            "ut@primerovo.example.org",
            {1: ("09:00", "12:00"), 3: ("13:30", "16:30")},
        ),
        Department(
            {"bg": "Местни данъци и такси", "en": "Local Taxes and Fees"},
            "ул. „Търговска“ 3, 9999 Примерово",
            "02 000 0013",
            "danaci@primerovo.example.org",
            {**WORKDAYS, 5: ("09:00", "13:00")},
        ),
    ),
    "przykladowo": (
        Department(
            {"pl": "Biuro Obsługi Mieszkańców", "en": "Residents' Service Office"},
            "ul. Rynek 1, parter, 00-000 Przykładowo",
            "+48 00 000 00 10",
            "bom@przykladowo.example.org",
            WORKDAYS_PL,
        ),
        Department(
            {"pl": "Urząd Stanu Cywilnego", "en": "Civil Registry Office"},
            "ul. Rynek 1, pokój 12, 00-000 Przykładowo",
            "+48 00 000 00 11",
            "usc@przykladowo.example.org",
            WORKDAYS_PL,
        ),
        Department(
            {"pl": "Referat Gospodarki Komunalnej", "en": "Municipal Services Department"},
            "ul. Rynek 1, I piętro, pokój 21, 00-000 Przykładowo",
            "+48 00 000 00 12",
            "gk@przykladowo.example.org",
            WORKDAYS_PL,
        ),
        Department(
            {
                "pl": "Referat Finansowy – podatki i opłaty",
                "en": "Finance Department – taxes and fees",
            },
            "ul. Rynek 1, I piętro, pokój 25, 00-000 Przykładowo",
            "+48 00 000 00 13",
            "podatki@przykladowo.example.org",
            WORKDAYS_PL,
        ),
    ),
    "skom": (
        Department(
            {"bg": "Секретариат", "en": "Secretariat"},
            "ул. „Примерна“ 10, 1000 София",
            "02 000 0021",
            "office@skom.example.org",
            {d: ("09:30", "17:30") for d in range(5)},
        ),
        Department(
            {"bg": "Членство и членски внос", "en": "Membership and fees"},
            "ул. „Примерна“ 10, 1000 София",
            "02 000 0022",
            "chlenstvo@skom.example.org",
            {1: ("10:00", "16:00"), 3: ("10:00", "16:00")},
        ),
        Department(
            {"bg": "Медии и акредитации", "en": "Media and accreditation"},
            "ул. „Примерна“ 10, 1000 София",
            "02 000 0023",
            "media@skom.example.org",
            {d: ("09:30", "17:30") for d in range(5)},
        ),
    ),
    "siec-pogranicza": (
        Department(
            {"pl": "Biuro Projektu", "en": "Project Office"},
            "ul. Graniczna 5, 00-001 Przykładowo",
            "+48 00 000 00 20",
            "biuro@siec-pogranicza.example.org",
            {d: ("08:00", "16:00") for d in range(5)},
        ),
        Department(
            {"pl": "Koordynacja Grup Wymiany Doświadczeń", "en": "Experience Exchange Groups"},
            "ul. Graniczna 5, 00-001 Przykładowo",
            "+48 00 000 00 21",
            "grupy@siec-pogranicza.example.org",
            {0: ("09:00", "15:00"), 2: ("09:00", "15:00"), 4: ("09:00", "13:00")},
        ),
    ),
    "naso-rb": (
        Department(
            {"bg": "Изпълнително бюро", "en": "Executive Office"},
            "ул. „Примерна“ 22, ет. 3, 1000 София",
            "02 000 0101",
            "office@naso.example.bg",
            {d: ("09:00", "17:30") for d in range(5)},
        ),
        Department(
            {"bg": "Обучения и форуми", "en": "Training and forums"},
            "ул. „Примерна“ 22, ет. 3, 1000 София",
            "02 000 0102",
            "obuchenia@naso.example.bg",
            {d: ("09:00", "17:30") for d in range(5)},
        ),
        Department(
            {"bg": "Членство", "en": "Membership"},
            "ул. „Примерна“ 22, ет. 3, 1000 София",
            "02 000 0103",
            "chlenstvo@naso.example.bg",
            {0: ("10:00", "16:00"), 2: ("10:00", "16:00")},
        ),
    ),
    "daeu": (
        Department(
            {"bg": "Звено за административно обслужване", "en": "Front office"},
            "ул. „Примерна“ 6, партер, 1000 София",
            "02 000 0201",
            "priemna@egov.example.bg",
            {d: ("09:00", "17:30") for d in range(5)},
        ),
        Department(
            {"bg": "Връзки с обществеността", "en": "Press office"},
            "ул. „Примерна“ 6, ет. 4, 1000 София",
            "02 000 0202",
            "press@egov.example.bg",
            {d: ("09:00", "17:30") for d in range(5)},
        ),
        Department(
            {
                "bg": "Поддръжка на общините за споделените системи",
                "en": "Help desk for municipalities on shared systems",
            },
            "ул. „Примерна“ 6, ет. 5, 1000 София",
            "02 000 0203",
            "podkrepa@egov.example.bg",
            {d: ("08:30", "17:30") for d in range(5)},
        ),
    ),
}


# ---------------------------------------------------------------------------------------------
# 3. Pages: the texts
# ---------------------------------------------------------------------------------------------

_ABOUT: dict[str, dict[str, PageVersion]] = {
    "primerovo": {
        "bg": PageVersion(
            "За общината",
            "za-obshtinata",
            _p(
                "Община Примерово обхваща град Примерово и четиринадесет села с близо "
                "24 000 жители. Общинската администрация обслужва гражданите и бизнеса, "
                "изпълнява решенията на Общинския съвет и управлява общинското имущество, "
                "училищата, детските градини, читалищата и социалните услуги.",
                "Повечето административни услуги могат да се заявят по електронен път, а "
                "документите се подават в Центъра за административно обслужване или чрез "
                "системата за сигурно електронно връчване.",
            )
            + _h2("Приоритети до 2027 г.")
            + _ul(
                "ремонт на уличната мрежа и водопровода в кварталите „Изток“ и „Младост“;",
                "енергийна ефективност на училищата и детските градини;",
                "повече електронни услуги и по-кратки срокове за издаване на документи;",
                "подкрепа за местния бизнес и туризма около язовир „Примерово“.",
            )
            + _h2("Прозрачност")
            + _p(
                "Публикуваме решенията на Общинския съвет, бюджета и отчетите за неговото "
                "изпълнение, обществените поръчки и проектите на нормативни актове за "
                "обществено обсъждане. Всеки може да поиска достъп до обществена информация "
                "по Закона за достъп до обществена информация."
            ),
        ),
        "en": PageVersion(
            "About the municipality",
            "about",
            _p(
                "The Municipality of Primerovo covers the town of Primerovo and fourteen "
                "villages with nearly 24,000 residents. The municipal administration serves "
                "residents and businesses, carries out the decisions of the Municipal Council "
                "and manages municipal property, schools, kindergartens, community cultural "
                "centres and social services.",
                "Most administrative services can be requested online; documents can be "
                "submitted at the Citizens' Service Centre or through the secure electronic "
                "delivery system.",
            )
            + _h2("Priorities until 2027")
            + _ul(
                "repairing the streets and the water mains in the East and Mladost districts;",
                "energy efficiency of schools and kindergartens;",
                "more online services and shorter waiting times for documents;",
                "support for local businesses and tourism around the Primerovo reservoir.",
            )
            + _h2("Transparency")
            + _p(
                "We publish the decisions of the Municipal Council, the budget and its "
                "execution reports, public procurement and draft regulations open for public "
                "consultation. Anyone may request access to public information under the "
                "Access to Public Information Act."
            ),
        ),
    },
    "przykladowo": {
        "pl": PageVersion(
            "O gminie",
            "o-gminie",
            _p(
                "Gmina Przykładowo to gmina wiejska licząca około 11 500 mieszkańców "
                "w 18 sołectwach. Urząd Gminy obsługuje mieszkańców i przedsiębiorców, "
                "wykonuje uchwały Rady Gminy, prowadzi sprawy szkół, dróg gminnych, "
                "wodociągów i gospodarki odpadami.",
                "Większość spraw można rozpocząć elektronicznie – przez e-usługi gminy "
                "lub elektroniczną skrzynkę podawczą – a dokumenty papierowe przyjmuje "
                "Biuro Obsługi Mieszkańców na parterze urzędu.",
            )
            + _h2("Najważniejsze zadania na lata 2024–2029")
            + _ul(
                "rozbudowa sieci kanalizacyjnej w sołectwach Dąbrowa i Wola;",
                "termomodernizacja szkoły podstawowej i remizy OSP;",
                "nowe e-usługi i krótszy czas załatwiania spraw;",
                "budżet obywatelski – co roku 400 000 zł na pomysły mieszkańców.",
            )
            + _h2("Biuletyn Informacji Publicznej")
            + _p(
                "Uchwały Rady Gminy, zarządzenia Wójta, budżet, oświadczenia majątkowe "
                "i ogłoszenia o przetargach publikujemy w Biuletynie Informacji Publicznej. "
                "Każdy ma prawo złożyć wniosek o udostępnienie informacji publicznej."
            ),
        ),
        "en": PageVersion(
            "About the municipality",
            "about",
            _p(
                "Przykładowo is a rural municipality of about 11,500 residents living in "
                "18 villages. The Municipal Office serves residents and businesses, carries "
                "out the resolutions of the Municipal Council and runs schools, municipal "
                "roads, water supply and waste management.",
                "Most matters can be started online – through the municipality's e-services "
                "or the electronic inbox – and paper documents are accepted by the Residents' "
                "Service Office on the ground floor of the office.",
            )
            + _h2("Main tasks for 2024–2029")
            + _ul(
                "extending the sewage network in the villages of Dąbrowa and Wola;",
                "insulating and modernising the primary school and the fire station;",
                "new e-services and shorter handling times;",
                "a participatory budget – PLN 400,000 a year for residents' ideas.",
            )
            + _h2("Public Information Bulletin")
            + _p(
                "Resolutions of the Council, orders of the Mayor, the budget, asset "
                "declarations and tender notices are published in the Public Information "
                "Bulletin (BIP). Everyone has the right to request access to public information."
            ),
        ),
    },
    "skom": {
        "bg": PageVersion(
            "За сдружението",
            "za-nas",
            _p(
                "Сдружението на комуникаторите в общините обединява служителите, които "
                "отговарят за връзките с обществеността, медиите и информирането на "
                "гражданите в общинските администрации. Създадено е през 2000 г. и днес има "
                "над 180 членове от повече от 120 общини.",
                "Вярваме, че добрата комуникация е част от доброто управление: гражданите "
                "трябва да получават навреме ясна и достоверна информация за решенията, "
                "които засягат живота им, и да имат начин да бъдат чути.",
            )
            + _h2("Какво правим")
            + _ul(
                "национални PR семинари и обучения по кризисна комуникация, дигитални медии "
                "и достъпни публикации;",
                "работни групи и експертни становища по проекти на нормативни актове;",
                "обмен на добри практики и годишен конкурс за общинска комуникационна кампания;",
                "партньорство със сродни сдружения в България и Европа.",
            )
            + _h2("Членство")
            + _p(
                "Член може да стане всеки служител на общинска или районна администрация, "
                "който работи в областта на комуникациите. Условията за членство и членския "
                "внос са описани в Устава на сдружението."
            ),
        ),
        "en": PageVersion(
            "About us",
            "about",
            _p(
                "The Association of Municipal Communicators brings together the people who "
                "handle public relations, media relations and public information in municipal "
                "administrations. It was founded in 2000 and today has more than 180 members "
                "from over 120 municipalities.",
                "We believe good communication is part of good government: residents should "
                "receive clear and reliable information in time about the decisions that "
                "affect their lives, and have a way to be heard.",
            )
            + _h2("What we do")
            + _ul(
                "national PR seminars and training in crisis communication, digital media "
                "and accessible publishing;",
                "working groups and expert opinions on draft legislation;",
                "exchange of good practice and an annual award for a municipal "
                "communication campaign;",
                "partnership with similar associations in Bulgaria and Europe.",
            )
            + _h2("Membership")
            + _p(
                "Any employee of a municipal or district administration working in "
                "communications may become a member. The conditions of membership and the "
                "membership fee are set out in the Statute."
            ),
        ),
    },
    "siec-pogranicza": {
        "pl": PageVersion(
            "O sieci",
            "o-sieci",
            _p(
                "Sieć Współpracy Gmin Pogranicza to porozumienie dwunastu gmin, które "
                "wspólnie poprawiają jakość i dostępność lokalnych usług publicznych. "
                "Sieć wyrosła z projektu „Kompetentny urząd, zadowoleni mieszkańcy”, "
                "w którym samorządy po raz pierwszy pracowały razem w Grupach Wymiany "
                "Doświadczeń.",
                "Dziś sieć prowadzi grupy robocze, bibliotekę dobrych praktyk i wspólne "
                "szkolenia pracowników urzędów, a jej Biuro Projektu mieści się w Przykładowie.",
            )
            + _h2("Obszary współpracy")
            + _ul(
                "obsługa mieszkańców i e-usługi;",
                "konsultacje społeczne i komunikacja z mieszkańcami;",
                "wspólne zamówienia i usługi na obszarze funkcjonalnym;",
                "dostępność urzędów dla osób ze szczególnymi potrzebami.",
            )
            + _h2("Jak dołączyć")
            + _p(
                "Do sieci może przystąpić każda gmina, która przyjmie porozumienie "
                "o współpracy uchwałą rady gminy."
            ),
        ),
        "en": PageVersion(
            "About the network",
            "about",
            _p(
                "The Border Municipalities Cooperation Network is an agreement of twelve "
                "municipalities working together to improve the quality and accessibility of "
                "local public services. It grew out of the project “Competent office, "
                "satisfied residents”, in which the municipalities first worked together in "
                "Experience Exchange Groups.",
                "Today the network runs working groups, a library of good practice and joint "
                "training for municipal staff; its Project Office is in Przykładowo.",
            )
            + _h2("Areas of cooperation")
            + _ul(
                "customer service and e-services;",
                "public consultation and communication with residents;",
                "joint procurement and services across the functional area;",
                "accessibility of municipal offices for people with special needs.",
            )
            + _h2("How to join")
            + _p(
                "Any municipality may join by adopting the cooperation agreement by a "
                "resolution of its council."
            ),
        ),
    },
    "naso-rb": {
        "bg": PageVersion(
            "За асоциацията",
            "za-nas",
            _p(
                "Националната асоциация на секретарите на общините в Република България "
                "(НАСО РБ) обединява секретарите на общини и райони – служителите, "
                "които ръководят общинската администрация и отговарят за законосъобразната "
                "и ефективна работа на местната власт.",
                "Асоциацията представя позициите на своите членове пред централната власт, "
                "организира обучения и национални форуми и подпомага въвеждането на "
                "електронното управление и документооборота в общините.",
            )
            + _h2("Основни дейности")
            + _ul(
                "национални форуми и семинари по административно обслужване, електронно "
                "управление и документооборот;",
                "становища по проекти на закони и подзаконови актове, засягащи местната "
                "администрация;",
                "сътрудничество с Държавна агенция „Електронно управление“, НСОРБ и "
                "сродни организации;",
                "консултации и обмен на опит между секретарите на общини.",
            )
            + _h2("Членство")
            + _p(
                "Членове на асоциацията могат да бъдат настоящи и бивши секретари на общини "
                "и райони, както и общини като юридически лица. Условията са описани в "
                "Устава на асоциацията."
            ),
        ),
        "en": PageVersion(
            "About us",
            "about",
            _p(
                "The National Association of Municipal Secretaries in the Republic of "
                "Bulgaria (NASO RB) brings together the secretaries of municipalities "
                "and districts – the officials who run the municipal "
                "administration and answer for the lawful and effective work of local "
                "government.",
                "The association represents its members before the central government, "
                "organises training and national forums and supports municipalities in "
                "introducing e-government and electronic document management.",
            )
            + _h2("Main activities")
            + _ul(
                "national forums and seminars on administrative services, e-government and "
                "document management;",
                "opinions on draft laws and regulations affecting local administration;",
                "cooperation with the State e-Government Agency, the National Association "
                "of Municipalities and similar organisations;",
                "advice and exchange of experience among municipal secretaries.",
            )
            + _h2("Membership")
            + _p(
                "Current and former secretaries of municipalities and districts, and "
                "municipalities as legal entities, may become members. The conditions are "
                "set out in the association's Statute."
            ),
        ),
    },
    "daeu": {
        "bg": PageVersion(
            "За агенцията",
            "za-agentsiyata",
            _p(
                "Държавна агенция „Електронно управление“ провежда държавната политика в "
                "областта на електронното управление, информационните технологии в "
                "администрацията и мрежовата и информационната сигурност.",
                "Агенцията разработва единните стандарти и изисквания към информационните "
                "системи, поддържа споделените системи на електронното управление – "
                "сред тях системата за сигурно електронно връчване и средата за "
                "междурегистров обмен – и подпомага общините при предоставянето на "
                "електронни административни услуги.",
            )
            + _h2("За общините")
            + _ul(
                "методически указания за електронни услуги и електронен документооборот;",
                "свързване на общинските системи към споделените системи на държавата;",
                "обучения за служители съвместно с професионалните сдружения;",
                "проверки на достъпността на интернет страниците и мобилните приложения.",
            ),
        ),
        "en": PageVersion(
            "About the Agency",
            "about",
            _p(
                "The State e-Government Agency carries out the national policy on "
                "e-government, information technology in the public administration and "
                "network and information security.",
                "The Agency sets the common standards and requirements for information "
                "systems, runs the shared e-government systems – among them the secure "
                "electronic delivery system and the inter-registry exchange – and helps "
                "municipalities provide electronic administrative services.",
            )
            + _h2("For municipalities")
            + _ul(
                "guidance on e-services and electronic document management;",
                "connecting municipal systems to the shared state systems;",
                "training for staff together with the professional associations;",
                "monitoring the accessibility of websites and mobile applications.",
            ),
        ),
    },
}


def _association_statute_bg(
    name: str, founded: str, members: str, aims: list[str], elected: str
) -> str:
    return (
        _p(
            f"{name} е юридическо лице с нестопанска цел, учредено през {founded} г. "
            "по Закона за юридическите лица с нестопанска цел, вписано в Регистъра на "
            "юридическите лица с нестопанска цел към Агенцията по вписванията и определено "
            "за осъществяване на дейност в обществена полза. По-долу е кратко резюме на "
            "Устава; пълният текст е на разположение в секретариата."
        )
        + _h2("Цели")
        + _ul(*aims)
        + _h2("Членове")
        + _p(
            members,
            "Членовете имат право да участват в Общото събрание, да избират и да бъдат "
            "избирани в органите на сдружението и да ползват неговите услуги. Те са "
            "длъжни да спазват Устава и да плащат членски внос в размера, определен от "
            "Общото събрание. Членството се прекратява с писмено заявление, при "
            "неплащане на членския внос за повече от една година или с решение на "
            "Управителния съвет при тежко нарушение на Устава.",
        )
        + _h2("Общо събрание")
        + _p(
            "Общото събрание е върховният орган на сдружението и се състои от всички "
            "членове. Свиква се от Управителния съвет поне веднъж годишно. То приема и "
            "изменя Устава, избира и освобождава членовете на Управителния и Контролния "
            "съвет, приема бюджета и отчета за дейността и определя размера на членския "
            "внос. Събранието е законно, ако присъстват повече от половината членове; при "
            "липса на кворум се провежда час по-късно при същия дневен ред."
        )
        + _h2("Управителен съвет и председател")
        + _p(
            "Управителният съвет се състои от пет до седем членове, избрани за срок от "
            f"четири години. Настоящият мандат е 2024 – 2028 г.; съветът е избран от {elected}. "
            "Управителният съвет ръководи дейността между общите събрания, приема "
            "годишния план и решава за приемането на нови членове.",
            "Председателят на Управителния съвет представлява сдружението, свиква и "
            "ръководи заседанията на съвета и отговаря за изпълнението на решенията му. "
            "Председателят се избира от Управителния съвет измежду неговите членове.",
        )
        + _h2("Контролен съвет")
        + _p(
            "Контролният съвет от трима членове следи за спазването на Устава и за "
            "разходването на средствата и докладва на Общото събрание."
        )
    )


def _association_statute_en(
    name: str, founded: str, members: str, aims: list[str], elected: str
) -> str:
    return (
        _p(
            f"The {name} is a non-profit legal entity founded in {founded} under the "
            "Non-Profit Legal Entities Act, entered in the register of non-profit legal "
            "entities kept by the Registry Agency and registered as acting for the public "
            "benefit. Below is a short summary of the Statute; the full text is available "
            "from the secretariat."
        )
        + _h2("Aims")
        + _ul(*aims)
        + _h2("Members")
        + _p(
            members,
            "Members may take part in the General Assembly, vote and stand for election to "
            "the association's bodies and use its services. They must respect the Statute "
            "and pay the membership fee set by the General Assembly. Membership ends on "
            "written notice, when the fee has not been paid for more than a year, or by a "
            "decision of the Board for a serious breach of the Statute.",
        )
        + _h2("General Assembly")
        + _p(
            "The General Assembly is the supreme body of the association and consists of "
            "all its members. The Board convenes it at least once a year. It adopts and "
            "amends the Statute, elects and dismisses the members of the Board and the "
            "Supervisory Board, approves the budget and the annual report and sets the "
            "membership fee. It has a quorum when more than half of the members are "
            "present; without a quorum it meets one hour later with the same agenda."
        )
        + _h2("Board and Chair")
        + _p(
            "The Board has five to seven members elected for four years. The current term "
            f"is 2024–2028; the Board was elected by {elected}. The Board directs the "
            "association's work between General Assemblies, adopts the annual plan and "
            "decides on admitting new members.",
            "The Chair of the Board represents the association, convenes and chairs the "
            "Board's meetings and sees that its decisions are carried out. The Board elects "
            "the Chair from among its members.",
        )
        + _h2("Supervisory Board")
        + _p(
            "A Supervisory Board of three members checks that the Statute is observed and "
            "that funds are spent properly, and reports to the General Assembly."
        )
    )


_STATUTE: dict[str, dict[str, PageVersion]] = {
    "skom": {
        "bg": PageVersion(
            "Устав",
            "ustav",
            _association_statute_bg(
                "Сдружението на комуникаторите в общините",
                "2000",
                "Редовни членове могат да бъдат служители на общински и районни "
                "администрации, които работят в областта на връзките с обществеността и "
                "информирането на гражданите. Почетни членове могат да бъдат лица с "
                "особени заслуги за развитието на професията.",
                [
                    "да обединява специалистите по връзки с обществеността в общините и да "
                    "подпомага повишаването на тяхната квалификация;",
                    "да насърчава прозрачността на местното управление и участието на "
                    "гражданите в него;",
                    "да представя интересите на членовете пред органите на законодателната "
                    "и изпълнителната власт;",
                    "да разпространява добрите практики в общинската комуникация.",
                ],
                "XXIV Общо отчетно-изборно събрание на 30 май 2024 г.",
            ),
        ),
        "en": PageVersion(
            "Statute",
            "statute",
            _association_statute_en(
                "Association of Municipal Communicators",
                "2000",
                "Full members are employees of municipal and district administrations "
                "working in public relations and public information. Honorary membership "
                "may be granted to people with outstanding merit in the profession.",
                [
                    "to bring together the public relations specialists of municipalities and "
                    "help them develop their skills;",
                    "to promote transparent local government and residents' participation in it;",
                    "to represent its members before the legislative and executive authorities;",
                    "to spread good practice in municipal communication.",
                ],
                "the 24th General Assembly on 30 May 2024",
            ),
        ),
    },
    "naso-rb": {
        "bg": PageVersion(
            "Устав",
            "ustav",
            _association_statute_bg(
                "Националната асоциация на секретарите на общините в Република България",
                "2001",
                "Членове могат да бъдат секретари на общини и райони, бивши "
                "секретари, както и общини като юридически лица, представлявани от "
                "секретаря си.",
                [
                    "да подпомага професионалното развитие на секретарите на общини и "
                    "ефективната работа на общинската администрация;",
                    "да участва в подготовката на нормативни актове за местната "
                    "администрация и административното обслужване;",
                    "да съдейства за въвеждането на електронното управление и "
                    "електронния документооборот в общините;",
                    "да развива сътрудничество с държавните органи, НСОРБ и сродни "
                    "организации в страната и чужбина.",
                ],
                "Общото събрание на 17 май 2024 г. във Велико Търново",
            ),
        ),
        "en": PageVersion(
            "Statute",
            "statute",
            _association_statute_en(
                "National Association of Municipal Secretaries in the Republic of Bulgaria",
                "2001",
                "Members may be secretaries of municipalities and districts, "
                "former secretaries, and municipalities as legal entities represented by "
                "their secretary.",
                [
                    "to support the professional development of municipal secretaries and the "
                    "effective work of municipal administrations;",
                    "to take part in drafting legislation on local administration and "
                    "administrative services;",
                    "to help municipalities introduce e-government and electronic document "
                    "management;",
                    "to cooperate with state bodies, the National Association of "
                    "Municipalities and similar organisations at home and abroad.",
                ],
                "the General Assembly on 17 May 2024 in Veliko Tarnovo",
            ),
        ),
    },
    "siec-pogranicza": {
        "pl": PageVersion(
            "Porozumienie o współpracy",
            "porozumienie",
            _p(
                "Sieć działa na podstawie porozumienia międzygminnego zawartego na podstawie "
                "art. 74 ustawy o samorządzie gminnym. Poniżej przedstawiamy najważniejsze "
                "postanowienia; pełny tekst porozumienia jest dostępny w Biurze Projektu."
            )
            + _h2("Cele")
            + _ul(
                "poprawa dostępności, jakości i efektywności lokalnych usług publicznych;",
                "wymiana doświadczeń i upowszechnianie modelowych praktyk;",
                "wspólne przedsięwzięcia na obszarze funkcjonalnym;",
                "podnoszenie kompetencji pracowników urzędów.",
            )
            + _h2("Członkowie")
            + _p(
                "Członkami sieci są gminy, które przystąpiły do porozumienia uchwałą rady "
                "gminy. Każda gmina wskazuje koordynatora i jego zastępcę oraz wnosi "
                "roczną składkę na działalność Biura Projektu. Gmina może wystąpić z sieci "
                "z końcem roku kalendarzowego po sześciomiesięcznym wypowiedzeniu."
            )
            + _h2("Zgromadzenie Partnerów")
            + _p(
                "Najwyższym organem sieci jest Zgromadzenie Partnerów, w którym każdą gminę "
                "reprezentuje wójt, burmistrz lub osoba przez niego upoważniona. "
                "Zgromadzenie zbiera się co najmniej dwa razy w roku, uchwala roczny plan "
                "działań i budżet, przyjmuje sprawozdanie oraz wybiera Komitet Sterujący."
            )
            + _h2("Komitet Sterujący i Przewodniczący")
            + _p(
                "Komitet Sterujący liczy pięciu członków wybieranych na czteroletnią "
                "kadencję; obecna kadencja obejmuje lata 2024–2028. Komitet kieruje pracami "
                "sieci między posiedzeniami Zgromadzenia i nadzoruje Biuro Projektu.",
                "Przewodniczący Komitetu Sterującego reprezentuje sieć na zewnątrz, zwołuje "
                "posiedzenia Komitetu i Zgromadzenia Partnerów i przewodniczy im.",
            ),
        ),
        "en": PageVersion(
            "Cooperation agreement",
            "agreement",
            _p(
                "The network works under an inter-municipal agreement concluded under "
                "Article 74 of the Municipal Self-Government Act. Below are its main "
                "provisions; the full text is available from the Project Office."
            )
            + _h2("Aims")
            + _ul(
                "better accessibility, quality and efficiency of local public services;",
                "exchange of experience and spreading model practices;",
                "joint projects across the functional area;",
                "developing the skills of municipal staff.",
            )
            + _h2("Members")
            + _p(
                "The members are the municipalities that joined the agreement by a "
                "resolution of their council. Each appoints a coordinator and a deputy and "
                "pays an annual contribution to the Project Office. A municipality may leave "
                "at the end of a calendar year with six months' notice."
            )
            + _h2("Partners' Assembly")
            + _p(
                "The supreme body is the Partners' Assembly, where each municipality is "
                "represented by its mayor or a person the mayor authorises. It meets at least "
                "twice a year, adopts the annual plan and budget, approves the report and "
                "elects the Steering Committee."
            )
            + _h2("Steering Committee and Chair")
            + _p(
                "The Steering Committee has five members elected for four years; the current "
                "term is 2024–2028. It directs the network between meetings of the Assembly "
                "and oversees the Project Office.",
                "The Chair of the Steering Committee represents the network, convenes and "
                "chairs the meetings of the Committee and of the Partners' Assembly.",
            ),
        ),
    },
    "daeu": {
        "bg": PageVersion(
            "Устройство и функции",
            "ustroystvo",
            _p(
                "Агенцията е юридическо лице на бюджетна издръжка със седалище в София. "
                "Устройството и дейността ѝ са уредени със Закона за електронното "
                "управление и Устройствения правилник на агенцията."
            )
            + _h2("Функции")
            + _ul(
                "разработва и предлага политики и стратегии за електронно управление;",
                "утвърждава единните стандарти и изисквания към информационните системи "
                "на администрациите;",
                "поддържа споделените системи и регистрите на електронното управление;",
                "наблюдава достъпността на интернет страниците и мобилните приложения на "
                "организациите от обществения сектор;",
                "координира мерките за мрежова и информационна сигурност в администрацията.",
            )
            + _h2("Ръководство и администрация")
            + _p(
                "Агенцията се ръководи и представлява от председател, подпомаган от "
                "заместник-председател. Администрацията се ръководи от главен секретар и е "
                "организирана в обща администрация и три специализирани дирекции."
            ),
        ),
        "en": PageVersion(
            "Organisation and functions",
            "organisation",
            _p(
                "The Agency is a budget-funded legal entity based in Sofia. Its organisation "
                "and work are governed by the e-Government Act and the Agency's Rules of "
                "Organisation."
            )
            + _h2("Functions")
            + _ul(
                "prepares and proposes e-government policies and strategies;",
                "sets the common standards and requirements for the administrations' "
                "information systems;",
                "runs the shared systems and registers of e-government;",
                "monitors the accessibility of public-sector websites and mobile applications;",
                "coordinates network and information security measures in the administration.",
            )
            + _h2("Management and administration")
            + _p(
                "The Agency is managed and represented by its Chair, assisted by a Deputy "
                "Chair. The administration is headed by the Secretary General and organised "
                "in a general administration and three specialised directorates."
            ),
        ),
    },
    "primerovo": {
        "bg": PageVersion(
            "Общински съвет и кмет",
            "obshtinski-savet-i-kmet",
            _h2("Общински съвет")
            + _p(
                "Общинският съвет е органът на местното самоуправление. Той се състои от 21 "
                "общински съветници, избрани на местните избори през октомври 2023 г. за "
                "мандат 2023 – 2027 г. Съветът приема бюджета на общината, наредбите и "
                "стратегиите ѝ, решава за общинската собственост и контролира работата на "
                "кмета и администрацията.",
                "Заседанията са публични и по правило се провеждат в последния четвъртък на "
                "месеца от 10:00 ч. в заседателната зала на общината. Дневният ред, "
                "проектите на решения и протоколите се публикуват на сайта.",
            )
            + _h3("Постоянни комисии")
            + _ul(
                "по бюджет, финанси и общинска собственост;",
                "по устройство на територията, транспорт и екология;",
                "по образование, култура, младежта и спорта;",
                "по здравеопазване и социални дейности;",
                "по законност и обществен ред.",
            )
            + _h2("Кмет")
            + _p(
                "Кметът е органът на изпълнителната власт в общината. Той се избира пряко от "
                "гражданите за срок от четири години, ръководи общинската администрация, "
                "изпълнява бюджета и решенията на Общинския съвет и представлява общината. "
                "Кметът приема граждани всеки вторник от 14:00 до 16:00 ч. след записване в "
                "Центъра за административно обслужване."
            ),
        ),
        "en": PageVersion(
            "Municipal Council and Mayor",
            "council-and-mayor",
            _h2("Municipal Council")
            + _p(
                "The Municipal Council is the body of local self-government. It has 21 "
                "councillors elected in the local elections of October 2023 for the term "
                "2023–2027. The Council adopts the municipal budget, ordinances and "
                "strategies, decides on municipal property and oversees the work of the "
                "Mayor and the administration.",
                "Its meetings are public and are usually held on the last Thursday of the "
                "month at 10:00 in the council chamber. Agendas, draft decisions and minutes "
                "are published on this website.",
            )
            + _h3("Standing committees")
            + _ul(
                "budget, finance and municipal property;",
                "spatial planning, transport and environment;",
                "education, culture, youth and sport;",
                "health and social affairs;",
                "legality and public order.",
            )
            + _h2("Mayor")
            + _p(
                "The Mayor is the executive body of the municipality, elected directly by the "
                "residents for four years. The Mayor heads the municipal administration, "
                "carries out the budget and the Council's decisions and represents the "
                "municipality. The Mayor meets residents every Tuesday from 14:00 to 16:00 "
                "by appointment at the Citizens' Service Centre."
            ),
        ),
    },
    "przykladowo": {
        "pl": PageVersion(
            "Rada Gminy i Wójt",
            "rada-gminy-i-wojt",
            _h2("Rada Gminy")
            + _p(
                "Rada Gminy jest organem stanowiącym i kontrolnym gminy. Liczy 15 radnych "
                "wybranych w wyborach samorządowych w kwietniu 2024 r. na kadencję "
                "2024–2029. Rada uchwala budżet gminy, udziela Wójtowi absolutorium, "
                "stanowi prawo miejscowe, uchwala plany zagospodarowania przestrzennego "
                "i wysokość podatków lokalnych.",
                "Sesje Rady są jawne, transmitowane i nagrywane; odbywają się zwykle raz "
                "w miesiącu w sali narad Urzędu Gminy. Porządek obrad, projekty uchwał, "
                "protokoły i imienne wykazy głosowań publikujemy w Biuletynie Informacji "
                "Publicznej.",
            )
            + _h3("Komisje Rady")
            + _ul(
                "Komisja Rewizyjna;",
                "Komisja Skarg, Wniosków i Petycji;",
                "Komisja Budżetu i Rozwoju Gospodarczego;",
                "Komisja Oświaty, Kultury i Spraw Społecznych.",
            )
            + _h2("Wójt")
            + _p(
                "Wójt jest organem wykonawczym gminy wybieranym w wyborach bezpośrednich. "
                "Kieruje Urzędem Gminy, wykonuje budżet i uchwały Rady oraz reprezentuje "
                "gminę na zewnątrz. Wójt przyjmuje mieszkańców w sprawach skarg i wniosków "
                "w każdy poniedziałek w godzinach 10:00–15:00."
            ),
        ),
        "en": PageVersion(
            "Municipal Council and Mayor",
            "council-and-mayor",
            _h2("Municipal Council")
            + _p(
                "The Municipal Council (Rada Gminy) is the law-making and supervisory body of "
                "the municipality. It has 15 councillors elected in the local elections of "
                "April 2024 for the term 2024–2029. The Council adopts the budget and grants "
                "the Mayor discharge, passes local law, land-use plans and local taxes.",
                "Council sessions are public, streamed and recorded; they are usually held "
                "once a month in the meeting room of the Municipal Office. Agendas, draft "
                "resolutions, minutes and roll-call votes are published in the Public "
                "Information Bulletin.",
            )
            + _h3("Council committees")
            + _ul(
                "Audit Committee;",
                "Committee on Complaints, Requests and Petitions;",
                "Budget and Economic Development Committee;",
                "Education, Culture and Social Affairs Committee.",
            )
            + _h2("Mayor")
            + _p(
                "The Mayor (Wójt) is the executive body of the municipality, elected "
                "directly. The Mayor heads the Municipal Office, carries out the budget and "
                "the Council's resolutions and represents the municipality. The Mayor meets "
                "residents with complaints and requests every Monday from 10:00 to 15:00."
            ),
        ),
    },
}


_BOARD_PAGE = {
    # slug: {lang: (title, page slug, intro, outro)}
    "primerovo": {
        "bg": (
            "Ръководство",
            "rakovodstvo",
            "Ръководството на Община Примерово в мандат 2023 – 2027 г.:",
            "Приемните дни на заместник-кметовете и секретаря се записват в Центъра за административно обслужване.",
        ),
        "en": (
            "Leadership",
            "leadership",
            "The leadership of the Municipality of Primerovo for the term 2023–2027:",
            "Appointments with the deputy mayors and the secretary are booked at the Citizens' Service Centre.",
        ),
    },
    "przykladowo": {
        "pl": (
            "Kierownictwo urzędu",
            "kierownictwo",
            "Kierownictwo Urzędu Gminy Przykładowo w kadencji 2024–2029:",
            "Sekretarz Gminy przyjmuje interesantów od poniedziałku do piątku w godzinach pracy urzędu.",
        ),
        "en": (
            "Leadership",
            "leadership",
            "The leadership of the Municipal Office of Przykładowo for the term 2024–2029:",
            "The Municipal Secretary sees visitors from Monday to Friday during office hours.",
        ),
    },
    "skom": {
        "bg": (
            "Управителен съвет",
            "upravitelen-savet",
            "Управителният и Контролният съвет на сдружението за мандат 2024 – 2028 г., избрани от Общото събрание на 30 май 2024 г.:",
            "Членовете на Управителния съвет работят на доброволни начала.",
        ),
        "en": (
            "Board",
            "board",
            "The Board and the Supervisory Board of the association for the term 2024–2028, elected by the General Assembly on 30 May 2024:",
            "Board members serve on a voluntary basis.",
        ),
    },
    "siec-pogranicza": {
        "pl": (
            "Komitet Sterujący",
            "komitet-sterujacy",
            "Skład Komitetu Sterującego w kadencji 2024–2028 oraz koordynatorka Biura Projektu:",
            "Członkowie Komitetu pełnią swoje funkcje społecznie.",
        ),
        "en": (
            "Steering Committee",
            "steering-committee",
            "The Steering Committee for the term 2024–2028 and the coordinator of the Project Office:",
            "Committee members serve without pay.",
        ),
    },
    "naso-rb": {
        "bg": (
            "Управителен съвет",
            "upravitelen-savet",
            "Управителният съвет на асоциацията за мандат 2024 – 2028 г. и изпълнителният директор:",
            "Всички членове на Управителния съвет са действащи секретари на общини или райони.",
        ),
        "en": (
            "Board",
            "board",
            "The Board of the association for the term 2024–2028 and the Executive Director:",
            "All Board members are serving secretaries of municipalities or districts.",
        ),
    },
    "daeu": {
        "bg": (
            "Ръководство",
            "rakovodstvo",
            "Ръководството на Държавна агенция „Електронно управление“:",
            "Приемният ден на председателя е всяка първа сряда от месеца след предварително записване.",
        ),
        "en": (
            "Management",
            "management",
            "The management of the State e-Government Agency:",
            "The Chair meets visitors on the first Wednesday of each month by appointment.",
        ),
    },
}

_CONTACTS_PAGE = {
    "primerovo": {
        "bg": (
            "Контакти и работно време",
            "kontakti",
            "Общинската администрация работи с граждани от понеделник до петък. Документи по електронен път приемаме на obshtina@primerovo.example.org и чрез системата за сигурно електронно връчване.",
        ),
        "en": (
            "Contacts and opening hours",
            "contacts",
            "The municipal administration is open to the public from Monday to Friday. Documents can be sent to obshtina@primerovo.example.org or through the secure electronic delivery system.",
        ),
    },
    "przykladowo": {
        "pl": (
            "Kontakt i godziny pracy",
            "kontakt",
            "Urząd Gminy jest czynny od poniedziałku do piątku. Pisma w formie elektronicznej przyjmujemy przez elektroniczną skrzynkę podawczą ePUAP oraz na adres urzad@przykladowo.example.org.",
        ),
        "en": (
            "Contacts and opening hours",
            "contacts",
            "The Municipal Office is open from Monday to Friday. Electronic letters are accepted through the ePUAP electronic inbox and at urzad@przykladowo.example.org.",
        ),
    },
    "skom": {
        "bg": (
            "Контакти",
            "kontakti",
            "Секретариатът на сдружението отговаря на запитвания на членове, партньори и медии. Посещения в офиса – след предварителна уговорка.",
        ),
        "en": (
            "Contacts",
            "contacts",
            "The secretariat answers questions from members, partners and the media. Office visits by appointment.",
        ),
    },
    "siec-pogranicza": {
        "pl": (
            "Kontakt",
            "kontakt",
            "Biuro Projektu odpowiada na pytania gmin partnerskich, mieszkańców i mediów. Spotkania w biurze prosimy umawiać telefonicznie.",
        ),
        "en": (
            "Contacts",
            "contacts",
            "The Project Office answers questions from partner municipalities, residents and the media. Please arrange office visits by phone.",
        ),
    },
    "naso-rb": {
        "bg": (
            "Контакти",
            "kontakti",
            "Изпълнителното бюро отговаря на запитвания на членове и партньори, приема заявки за участие в обучения и форуми и издава удостоверения за членство.",
        ),
        "en": (
            "Contacts",
            "contacts",
            "The Executive Office answers members and partners, takes registrations for training and forums and issues membership certificates.",
        ),
    },
    "daeu": {
        "bg": (
            "Контакти и приемно време",
            "kontakti",
            "Заявления, жалби и сигнали се подават в звеното за административно обслужване, по електронна поща или чрез системата за сигурно електронно връчване. Общините могат да се обръщат към центъра за поддръжка по всички въпроси за споделените системи.",
        ),
        "en": (
            "Contacts and opening hours",
            "contacts",
            "Applications, complaints and reports can be submitted at the front office, by e-mail or through the secure electronic delivery system. Municipalities can contact the help desk about any question on the shared systems.",
        ),
    },
}


def contacts_intro(slug: str, language: str) -> str:
    """The contacts page's opening paragraph alone: on the site the departments come from
    the contact points, which the page shows below its text."""
    return _p(_CONTACTS_PAGE[slug][language][2])


def _pages(slug: str) -> list[Page]:
    country = COUNTRY_OF[slug]
    second_key = "council" if slug in ("primerovo", "przykladowo") else "statute"
    departments = DEPARTMENTS[slug]
    board = {
        lang: PageVersion(title, page_slug, board_body(intro, BOARDS[slug], lang, outro))
        for lang, (title, page_slug, intro, outro) in _BOARD_PAGE[slug].items()
    }
    contacts = {
        lang: PageVersion(title, page_slug, contacts_body(intro, departments, lang, country))
        for lang, (title, page_slug, intro) in _CONTACTS_PAGE[slug].items()
    }
    return [
        Page("about", _ABOUT[slug]),
        Page(second_key, _STATUTE[slug]),
        Page("board", board),
        Page("contacts", contacts, departments=departments),
    ]


PAGES: dict[str, list[Page]] = {slug: _pages(slug) for slug in SLUGS}


# ---------------------------------------------------------------------------------------------
# 4. News: the three real texts (demo/samples/news/) as published news of their organisations
# ---------------------------------------------------------------------------------------------


def _sample_lines(stem: str) -> list[str]:
    from municipium.demo.samples import SAMPLES_DIR

    text = (SAMPLES_DIR / "news" / f"{stem}.txt").read_text(encoding="utf-8")
    text = text.replace("\xa0", " ")  # a stray no-break space of the copied web page
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sample_html(
    lines: list[str], *, headings: dict[str, tuple[str, str]], links: dict[str, str]
) -> str:
    """The text's paragraphs as <p>, its "•" lines as one <ul>, the lines named in
    ``headings`` as (tag, text) headings, and a URL in a line named in ``links`` as a link."""
    parts: list[str] = []
    items: list[str] = []
    for line in lines:
        if line.startswith("•"):
            items.append(line.lstrip("• ").strip())
            continue
        if items:
            parts.append(_ul(*items))
            items = []
        if line in headings:
            tag, text = headings[line]
            parts.append(f"<{tag}>{text}</{tag}>")
        elif line in links:
            url = links[line]
            before = line.replace(url, "").rstrip()
            parts.append(f"<p>{before} {link(url, url)}</p>")
        else:
            parts.append(f"<p>{line}</p>")
    if items:
        parts.append(_ul(*items))
    return "".join(parts)


def _asko() -> NewsItem:
    lines = _sample_lines("bg-asko-24-years")
    title, lead = lines[0], lines[2]
    captions = {
        "Празнично събитие – 2024 г.",
        "Членове на АСКО и гости на ПР семинара от май 2024 г.",
    }
    body_lines = [line for line in lines[1:] if line != lead and line not in captions]
    url_line = next(line for line in body_lines if "https://" in line)
    body = _sample_html(
        body_lines,
        headings={
            "ОСНОВНИ ЦЕЛИ И ПРИОРИТЕТИ НА АСКО ОТ 2000 г. до днешни дни": (
                "h2",
                "Основни цели и приоритети на АСКО от 2000 г. до днешни дни",
            ),
            "Стратегическа цел": ("h3", "Стратегическа цел"),
            "Основни приоритети:": ("h3", "Основни приоритети"),
        },
        links={url_line: url_line.split(": ", 1)[1]},
    )
    return NewsItem(
        key="asko-24-years",
        kind="news",
        # "На 13 юни отбелязваме ... 24 години от основаването" (founded 2000), written after
        # the general assembly of 30 May 2024.
        published_at=_at(2024, 6, 13, 9, 0, SOFIA),
        tags={"bg": ("годишнина", "общо събрание"), "en": ("anniversary", "general assembly")},
        author="Светла Иванова",
        sample="bg-asko-24-years",
        versions={
            "bg": NewsVersion(title, lead, body),
            "en": NewsVersion(
                "ASKO is 24 years old!",
                "On 13 June we celebrate ASKO's birthday and 24 years since the professional "
                "association was founded!",
                _p(
                    "Happy anniversary, colleagues!",
                    "At the PR seminar “Communication without borders – in the right "
                    "direction!”, held in Sofia on 30 May 2024, ASKO also held its 24th "
                    "General Assembly for reporting and elections and marked the 24th "
                    "anniversary of the association and its professional work.",
                    "The General Assembly of the Association of Municipal Communication "
                    "Specialists (ASKO) unanimously elected new members of the association's "
                    "governing bodies for the next four-year term.",
                    "By a unanimous decision of the Board, Diana Dimitrova of the municipal "
                    "enterprise SPTO – Sofia was elected Chair of ASKO for the new term "
                    "2024–2028.",
                    "Read more (in Bulgarian): "
                    + link(
                        "https://asko-bg.com/управителния-съвет-на-аско-за-мандат-2024/",
                        "the Board of ASKO for the 2024 term",
                    ),
                )
                + _h2("ASKO's main aims and priorities from 2000 to the present day")
                + _h3("Strategic aim")
                + _ul(
                    "To bring together the public relations specialists of municipalities, to "
                    "help raise their professional qualifications and establish them as "
                    "professionals working for transparent government, for citizens' "
                    "participation in local self-government and for a better image of "
                    "Bulgarian municipalities."
                )
                + _h3("Main priorities")
                + _ul(
                    "Raising public recognition of the profession through all of ASKO's work "
                    "and defending its members' interests before the legislative and executive "
                    "authorities.",
                    "Institutional strengthening and a growing membership.",
                    "Supporting professional development, building successful practice and "
                    "taking part in working groups as experts.",
                    "Studying and spreading the experience of leading countries, organisations "
                    "and municipalities in mass communication.",
                    "Partnership with related national and international organisations.",
                    "Widening and improving the services offered to ASKO members and to "
                    "outside organisations.",
                ),
            ),
        },
    )


def _naso() -> NewsItem:
    lines = _sample_lines("bg-naso-egov-meeting")
    title = lines[0]
    body_lines = [line for line in lines[1:] if line != title]  # the title is repeated
    lead, body_lines = body_lines[0], body_lines[1:]
    return NewsItem(
        key="naso-egov-meeting",
        kind="news",
        published_at=_at(2019, 1, 9, 16, 0, SOFIA),  # "На 09.01.2019 г., в гр. София"
        tags={
            "bg": ("електронно управление", "документооборот", "национален форум"),
            "en": ("e-government", "document management", "national forum"),
        },
        author="Силвия Даскалова",
        sample="bg-naso-egov-meeting",
        mentions=("daeu",),
        versions={
            "bg": NewsVersion(title, lead, _sample_html(body_lines, headings={}, links={})),
            "en": NewsVersion(
                "Working meeting between NASO RB and the State e-Government Agency",
                "On 9 January 2019 a working meeting between NASO RB and the State "
                "e-Government Agency was held in Sofia.",
                _p(
                    "Guided by the understanding that, with e-government raised to one of "
                    "the main priorities at national level, the matter needs a systematic "
                    "approach, with emphasis on the speed of introduction and on cooperation "
                    "between the central and local administration, the Board of NASO RB "
                    "decided at its meetings in August 2018 and November 2018 to propose to "
                    "the State e-Government Agency a partnership in organising and holding a "
                    "National Forum “E-GOVERNMENT and document management in municipalities”.",
                    "The aim of the working meeting was to agree the form of cooperation, "
                    "discuss possible joint actions for the event and settle the "
                    "participation of representatives of the State e-Government Agency with "
                    "in-depth knowledge and experience of topics named in advance and of "
                    "their practical application by fellow secretaries of municipalities and "
                    "districts and municipal IT experts.",
                    "NASO RB was represented at the meeting by Sofia Yancheva, Chair of the "
                    "Board of NASO RB; Rumyana Dacheva, member of the Board of NASO RB; "
                    "Marinela Pazvantova, Secretary of the Municipality of Suhindol and Chair "
                    "of the Standing Committee “Administration and e-Government” of the "
                    "National Association of Municipalities; and Silvia Daskalova, Executive "
                    "Director of NASO RB. The State e-Government Agency was represented at "
                    "the highest level: Atanas Temelkov, Chair of the Agency; Aleksandar "
                    "Yolovski, Deputy Chair; and Kiril Doychinov, Secretary General.",
                    "As a result of the meeting, the dates of the Forum were set for "
                    "7–8 February 2019; municipal secretaries and municipal IT experts are "
                    "expected to take part.",
                    "Other future opportunities for partnership and cooperation in 2019 were "
                    "also discussed at the meeting.",
                ),
            ),
        },
    )


def _konferencja() -> NewsItem:
    lines = _sample_lines("pl-konferencja-podsumowujaca")
    navigation = {"STRONA GŁÓWNA", "AKTUALNOŚCI"}
    lines = [line for line in lines if line not in navigation]
    # the website's sidebar ("Kalendarium spotkań" and its list of months) is not the news
    lines = lines[: lines.index("Kalendarium spotkań")]
    title = lines[0].capitalize()  # "KONFERENCJA PODSUMOWUJĄCA"
    lead, body_lines = lines[1], lines[2:]
    return NewsItem(
        key="konferencja-podsumowujaca",
        kind="news",
        # "w dniach 23-24 września (wtorek-środa)": the calendar of the text is of 2014, and
        # 23 September 2014 was a Tuesday.
        published_at=_at(2014, 9, 23, 10, 0, WARSAW),
        tags={
            "pl": ("konferencja", "Kompetentny urząd, zadowoleni mieszkańcy", "komunikacja"),
            "en": ("conference", "Competent office, satisfied residents", "communication"),
        },
        author="Monika Zając",
        sample="pl-konferencja-podsumowujaca",
        versions={
            "pl": NewsVersion(title, lead, _sample_html(body_lines, headings={}, links={})),
            "en": NewsVersion(
                "Summary conference",
                "The work of the Experience Exchange Groups in the project “Competent office, "
                "satisfied residents – integrating the work of local governments to improve "
                "the accessibility, quality and efficiency of local public services” is "
                "coming to an end. It is a good time to present the first conclusions, sum "
                "up the model practices developed in the project and identify possible "
                "areas of cooperation in functional areas.",
                _p(
                    "The discussion took place at the Palace and Park Complex in Śmiłowice "
                    "(in the Municipality of Nowe Brzesko), where a two-day conference was "
                    "held on 23–24 September (Tuesday–Wednesday).",
                    "Besides presenting the first results of the project, the meeting "
                    "focused on communication between local governments in a functional "
                    "area and on communication within each local government as a condition "
                    "of good cross-sector cooperation.",
                    "On the first day, Dr hab. Jerzy Rosiński of the Faculty of Management "
                    "and Social Communication of the Jagiellonian University, also a trainer "
                    "and management consultant with 17 years of experience, spoke about the "
                    "need to build areas of cooperation to reach long-term goals, about "
                    "moving from rivalry to cooperation between local governments and about "
                    "the tools for building that cooperation, including those of social "
                    "psychology.",
                    "On the second day we will focus on modern communication tools, the "
                    "digitisation of local government and what it offers for building a "
                    "consistent message. This matters especially in public consultation, so "
                    "important in joint projects and in spreading information about them. "
                    "The second day was led by Dr Samuel Nowak of the Institute of Sociology "
                    "of the Jagiellonian University.",
                    "You are welcome!",
                ),
            ),
        },
    )


# ---------------------------------------------------------------------------------------------
# 4. News written for the demo: news, a press release and an announcement per organisation
# ---------------------------------------------------------------------------------------------

_DEMO_NEWS: dict[str, list[NewsItem]] = {
    "primerovo": [
        NewsItem(
            key="remont-vodoprovod-iztok",
            kind="news",
            published_at=_at(2026, 9, 14, 10, 30, SOFIA),
            tags={
                "bg": ("ремонти", "водоснабдяване", "квартал Изток"),
                "en": ("repairs", "water supply", "East district"),
            },
            author="Светла Иванова",
            versions={
                "bg": NewsVersion(
                    "Започна ремонтът на водопровода в квартал „Изток“",
                    "Днес започна подмяната на 4,2 км водопроводни тръби по улиците "
                    "„Липа“, „Бреза“ и „Дунав“. Работата ще продължи до края на ноември.",
                    _p(
                        "Ремонтът се извършва на три етапа, за да не се спира движението в "
                        "целия квартал. През първия етап, до 5 октомври, ще бъде затворена "
                        "ул. „Липа“ в участъка между ул. „Бреза“ и бул. „Освобождение“. "
                        "Автобусната линия 3 ще минава по ул. „Тракия“.",
                        "При прекъсване на водоподаването живущите ще бъдат уведомявани "
                        "най-малко 24 часа предварително с табели на входовете и SMS на "
                        "абонатите, заявили телефон за връзка.",
                        "Стойността на ремонта е 1,07 млн. евро без ДДС и се финансира от "
                        "бюджета на общината и от Програма „Развитие на регионите“.",
                    )
                    + _h2("Сигнали по време на ремонта")
                    + _p(
                        "Сигнали за проблеми по време на ремонта приемаме на телефон "
                        + link("tel:+35920000010", "02 000 0010")
                        + " и чрез електронната услуга „Сигнал до общината“."
                    ),
                ),
                "en": NewsVersion(
                    "Repair of the water mains in the East district has begun",
                    "Work to replace 4.2 km of water pipes in Lipa, Breza and Dunav streets "
                    "began today and will continue until the end of November.",
                    _p(
                        "The repair is done in three stages so that traffic through the "
                        "district is never stopped entirely. In the first stage, until "
                        "5 October, Lipa Street will be closed between Breza Street and "
                        "Osvobozhdenie Boulevard. Bus line 3 will be diverted along Trakia Street.",
                        "Residents will be told about any interruption of the water supply at "
                        "least 24 hours in advance, by notices at building entrances and by "
                        "text message to customers who have given a phone number.",
                        "The repair costs EUR 1.07 million excluding VAT and is funded by the "
                        "municipal budget and the Regional Development Programme.",
                    )
                    + _h2("Reporting problems during the works")
                    + _p(
                        "Please report problems during the works on "
                        + link("tel:+35920000010", "02 000 0010")
                        + " or through the online service “Report to the municipality”."
                    ),
                ),
            },
        ),
        NewsItem(
            key="12-novi-e-uslugi",
            kind="press_release",
            published_at=_at(2026, 10, 20, 11, 0, SOFIA),
            tags={
                "bg": ("електронни услуги", "административно обслужване"),
                "en": ("e-services", "administrative services"),
            },
            author="Светла Иванова",
            versions={
                "bg": NewsVersion(
                    "Община Примерово предлага 12 нови електронни услуги",
                    "От 2 ноември гражданите могат да заявят онлайн удостоверения за "
                    "наследници, за семейно положение и за данъчна оценка, както и "
                    "разрешения за ползване на тротоари.",
                    _p(
                        "С новите услуги броят на административните услуги, които могат да се "
                        "заявят изцяло по електронен път, става 47. Заявленията се подписват с "
                        "квалифициран електронен подпис или се подават след вход с ПИК на НОИ "
                        "или мобилна идентификация, а готовите документи се получават в "
                        "профила на заявителя или в системата за сигурно електронно връчване.",
                        "„Искаме никой да не чака на опашка за документ, който може да получи "
                        "у дома“, каза кметът Стоян Николов. „Служителите в Центъра за "
                        "административно обслужване продължават да помагат на всички, които "
                        "предпочитат да дойдат лично.“",
                        "Таксите за електронно заявените услуги са с 20 на сто по-ниски от "
                        "таксите на гише, съгласно решение на Общинския съвет от 24 септември 2026 г.",
                    ),
                ),
                "en": NewsVersion(
                    "Primerovo offers 12 new online services",
                    "From 2 November residents can apply online for certificates of heirs, "
                    "of marital status and of tax valuation, and for permits to use pavements.",
                    _p(
                        "With the new services, 47 administrative services can now be "
                        "requested entirely online. Applications are signed with a qualified "
                        "electronic signature or submitted after signing in with a National "
                        "Social Security Institute code or mobile identification, and the "
                        "documents are delivered to the applicant's account or through the "
                        "secure electronic delivery system.",
                        "“We want nobody to queue for a document they can receive at home,” "
                        "said Mayor Stoyan Nikolov. “The staff of the Citizens' Service Centre "
                        "will go on helping everyone who prefers to come in person.”",
                        "Fees for services requested online are 20 per cent lower than at the "
                        "counter, by a decision of the Municipal Council of 24 September 2026.",
                    ),
                ),
            },
        ),
        NewsItem(
            key="obsazhdane-byudzhet-2027",
            kind="announcement",
            published_at=_at(2026, 11, 23, 9, 0, SOFIA),
            tags={
                "bg": ("бюджет", "обществено обсъждане"),
                "en": ("budget", "public consultation"),
            },
            author="Радостина Василева",
            versions={
                "bg": NewsVersion(
                    "Публично обсъждане на проекта на бюджет за 2027 г.",
                    "Каним жителите на общината на публично обсъждане на проекта на бюджет "
                    "за 2027 г. на 8 декември 2026 г. от 17:30 ч. в заседателната зала на общината.",
                    _p(
                        "Проектът на бюджет и приложенията към него са публикувани в раздел "
                        "„Бюджет и финанси“ и са на разположение в Центъра за "
                        "административно обслужване.",
                        "Писмени предложения и становища приемаме до 15 декември 2026 г. на "
                        + link(
                            "mailto:budget@primerovo.example.org", "budget@primerovo.example.org"
                        )
                        + ", в Деловодството или чрез електронната услуга „Предложение по "
                        "обществено обсъждане“. Всички постъпили предложения ще бъдат "
                        "публикувани заедно с мотивите за приемането или отхвърлянето им.",
                        "Залата е достъпна за хора в инвалидна количка. Ако имате нужда от "
                        "превод на български жестов език, моля, уведомете ни до 3 декември.",
                    ),
                ),
                "en": NewsVersion(
                    "Public hearing on the draft 2027 budget",
                    "Residents are invited to a public hearing on the draft budget for 2027 "
                    "on 8 December 2026 at 17:30 in the council chamber.",
                    _p(
                        "The draft budget and its annexes are published in the “Budget and "
                        "finance” section and are available at the Citizens' Service Centre.",
                        "Written proposals and opinions are welcome until 15 December 2026 at "
                        + link(
                            "mailto:budget@primerovo.example.org", "budget@primerovo.example.org"
                        )
                        + ", at the Registry Office or through the online service “Proposal in "
                        "a public consultation”. All proposals will be published together with "
                        "the reasons for accepting or rejecting them.",
                        "The chamber is accessible to wheelchair users. If you need Bulgarian "
                        "Sign Language interpretation, please let us know by 3 December.",
                    ),
                ),
            },
        ),
    ],
    "przykladowo": [
        NewsItem(
            key="swietlica-dabrowa",
            kind="news",
            published_at=_at(2026, 9, 28, 12, 0, WARSAW),
            tags={
                "pl": ("inwestycje", "sołectwa", "Dąbrowa"),
                "en": ("investments", "villages", "Dąbrowa"),
            },
            author="Magdalena Lewandowska",
            versions={
                "pl": NewsVersion(
                    "Nowa świetlica wiejska w Dąbrowie otwarta",
                    "W sobotę mieszkańcy Dąbrowy świętowali otwarcie nowej świetlicy wiejskiej. "
                    "Budynek zastąpił dawną remizę, która od lat nie spełniała wymagań.",
                    _p(
                        "W świetlicy znajdują się sala na 80 osób, kuchnia, pomieszczenie dla "
                        "Koła Gospodyń Wiejskich i toalety przystosowane dla osób z "
                        "niepełnosprawnościami. Budynek ogrzewa pompa ciepła, a energię "
                        "wytwarza instalacja fotowoltaiczna na dachu.",
                        "Inwestycja kosztowała 1,48 mln zł, z czego 820 tys. zł pochodziło "
                        "z rządowego programu wsparcia infrastruktury wiejskiej, a resztę "
                        "pokryła gmina.",
                        "Rezerwacje sali na spotkania i uroczystości rodzinne przyjmują sołtys "
                        "Dąbrowy oraz Biuro Obsługi Mieszkańców.",
                    ),
                ),
                "en": NewsVersion(
                    "New village hall opens in Dąbrowa",
                    "On Saturday the residents of Dąbrowa celebrated the opening of their new "
                    "village hall, which replaces the old fire station that had long been "
                    "unfit for use.",
                    _p(
                        "The hall has a room for 80 people, a kitchen, a room for the Rural "
                        "Women's Association and accessible toilets. It is heated by a heat "
                        "pump and powered by solar panels on the roof.",
                        "The project cost PLN 1.48 million, of which PLN 820,000 came from a "
                        "government programme for rural infrastructure; the municipality "
                        "paid the rest.",
                        "Bookings for meetings and family celebrations are taken by the head "
                        "of the village and by the Residents' Service Office.",
                    ),
                ),
            },
        ),
        NewsItem(
            key="kanalizacja-wola-dofinansowanie",
            kind="press_release",
            published_at=_at(2026, 10, 15, 13, 0, WARSAW),
            tags={
                "pl": ("kanalizacja", "dofinansowanie", "Wola"),
                "en": ("sewage", "funding", "Wola"),
            },
            author="Magdalena Lewandowska",
            versions={
                "pl": NewsVersion(
                    "6,2 mln zł dofinansowania na kanalizację w Woli",
                    "Gmina Przykładowo otrzymała dofinansowanie na budowę 9,5 km sieci "
                    "kanalizacyjnej w sołectwie Wola. Z nowej sieci skorzysta ok. 640 mieszkańców.",
                    _p(
                        "Umowę o dofinansowanie podpisał 14 października Wójt Gminy Jan "
                        "Malinowski. Całkowity koszt inwestycji szacujemy na 8,9 mln zł; "
                        "dofinansowanie ze środków Unii Europejskiej pokryje 70 procent kosztów.",
                        "„To największa inwestycja wodno-kanalizacyjna w historii gminy. "
                        "Mieszkańcy Woli czekali na nią ponad dwadzieścia lat” – powiedział "
                        "Wójt Jan Malinowski.",
                        "Przetarg na wykonawcę ogłosimy w grudniu, a prace budowlane mają "
                        "rozpocząć się wiosną 2027 r. i potrwać do jesieni 2028 r. "
                        "Przyłącza do budynków gmina wykona na swój koszt.",
                    )
                    + _h2("Kontakt dla mediów")
                    + _p(
                        "Magdalena Lewandowska, "
                        + link(
                            "mailto:media@przykladowo.example.org", "media@przykladowo.example.org"
                        )
                        + ", tel. "
                        + link("tel:+48000000014", "+48 00 000 00 14")
                    ),
                ),
                "en": NewsVersion(
                    "PLN 6.2 million for the sewage network in Wola",
                    "Przykładowo has received funding to build 9.5 km of sewers in the "
                    "village of Wola, which will serve about 640 residents.",
                    _p(
                        "Mayor Jan Malinowski signed the funding agreement on 14 October. The "
                        "total cost is estimated at PLN 8.9 million; European Union funds will "
                        "cover 70 per cent of it.",
                        "“This is the largest water and sewage investment in the history of the "
                        "municipality. The people of Wola have waited for it for more than twenty "
                        "years,” said Mayor Jan Malinowski.",
                        "The tender will be announced in December; construction is planned to "
                        "start in spring 2027 and finish in autumn 2028. The municipality will "
                        "build the house connections at its own cost.",
                    )
                    + _h2("Media contact")
                    + _p(
                        "Magdalena Lewandowska, "
                        + link(
                            "mailto:media@przykladowo.example.org", "media@przykladowo.example.org"
                        )
                        + ", phone "
                        + link("tel:+48000000014", "+48 00 000 00 14")
                    ),
                ),
            },
        ),
        NewsItem(
            key="urzad-nieczynny-28-grudnia",
            kind="announcement",
            published_at=_at(2026, 11, 27, 8, 0, WARSAW),
            tags={"pl": ("godziny pracy urzędu",), "en": ("office hours",)},
            author="Barbara Kamińska",
            versions={
                "pl": NewsVersion(
                    "Urząd Gminy nieczynny 28 grudnia 2026 r.",
                    "Informujemy, że w poniedziałek 28 grudnia 2026 r. Urząd Gminy "
                    "Przykładowo będzie nieczynny – jest to dzień wolny za święto "
                    "przypadające w sobotę 26 grudnia.",
                    _p(
                        "Urząd będzie nieczynny także w czwartek 24 grudnia (Wigilia Bożego "
                        "Narodzenia jest dniem wolnym od pracy). W czwartek 31 grudnia urząd "
                        "będzie czynny w godzinach 7:30–13:00.",
                        "Urząd Stanu Cywilnego przyjmie 28 grudnia wyłącznie zgłoszenia zgonów, "
                        "w godzinach 9:00–11:00, pod numerem "
                        + link("tel:+48000000011", "+48 00 000 00 11")
                        + ".",
                        "Pisma można składać przez całą dobę przez elektroniczną skrzynkę "
                        "podawczą ePUAP.",
                    ),
                ),
                "en": NewsVersion(
                    "Municipal Office closed on 28 December 2026",
                    "The Municipal Office of Przykładowo will be closed on Monday 28 December "
                    "2026, a day off in lieu of the public holiday falling on Saturday 26 December.",
                    _p(
                        "The office will also be closed on Thursday 24 December (Christmas Eve is "
                        "a public holiday). On Thursday 31 December it will be open from 7:30 to 13:00.",
                        "On 28 December the Civil Registry Office will register deaths only, "
                        "from 9:00 to 11:00, on "
                        + link("tel:+48000000011", "+48 00 000 00 11")
                        + ".",
                        "Letters can be sent at any time through the ePUAP electronic inbox.",
                    ),
                ),
            },
        ),
    ],
}

_DEMO_NEWS["skom"] = [
    NewsItem(
        key="seminar-socialni-mrezhi-plovdiv",
        kind="news",
        published_at=_at(2026, 10, 9, 17, 0, SOFIA),
        tags={
            "bg": ("семинар", "социални мрежи", "обучение"),
            "en": ("seminar", "social media", "training"),
        },
        author="Светла Иванова",
        versions={
            "bg": NewsVersion(
                "Есенният PR семинар събра 90 комуникатори от общините в Пловдив",
                "Два дни специалистите по връзки с обществеността от 64 общини обсъждаха "
                "как общината да говори с гражданите в социалните мрежи – ясно, навреме и "
                "без да губи доверие.",
                _p(
                    "Семинарът „Общината в социалните мрежи“ се проведе на 8 и 9 октомври в "
                    "Пловдив. В първия ден участниците работиха по казуси за комуникация при "
                    "бедствия и аварии – от предупреждението за наводнение до отговорите на "
                    "въпроси в коментарите посред нощ.",
                    "Във втория ден три общини членки представиха своите добри практики "
                    "за достъпни публикации: кратки текстове, субтитри на "
                    "всяко видео и описания на изображенията за незрящи потребители.",
                    "Материалите от семинара са достъпни за членовете на сдружението във "
                    "вътрешния раздел на сайта.",
                ),
            ),
            "en": NewsVersion(
                "Autumn PR seminar brings 90 municipal communicators to Plovdiv",
                "For two days, public relations specialists from 64 municipalities discussed "
                "how a municipality should talk to residents on social media – clearly, in "
                "time and without losing their trust.",
                _p(
                    "The seminar “The municipality on social media” was held in Plovdiv on 8 "
                    "and 9 October. On the first day participants worked on cases of "
                    "communication in disasters and emergencies – from a flood warning to "
                    "answering questions in the comments in the middle of the night.",
                    "On the second day three member municipalities presented their good "
                    "practice in accessible publishing: short texts, "
                    "subtitles on every video and image descriptions for blind users.",
                    "The seminar materials are available to members in the members' area of "
                    "the website.",
                ),
            ),
        },
    ),
    NewsItem(
        key="konkurs-kampania-2026",
        kind="press_release",
        published_at=_at(2026, 11, 12, 11, 0, SOFIA),
        tags={"bg": ("конкурс", "добри практики"), "en": ("award", "good practice")},
        author="Веселина Колева",
        versions={
            "bg": NewsVersion(
                "Обявени са победителите в конкурса „Общинска комуникационна кампания 2026“",
                "Голямата награда получава Община Примерово за кампанията „Водата идва – "
                "ремонтът минава“, с която жителите са информирани за всеки етап от "
                "ремонта на водопровода.",
                _p(
                    "Тази година в конкурса участваха 37 кампании от 29 общини. Журито оцени "
                    "яснотата на посланията, достъпността на материалите, участието на "
                    "гражданите и измеримите резултати.",
                    "Наградата в категория „Кризисна комуникация“ получава Община "
                    "Планиново, а в категория „Гражданско участие“ – Община Горско "
                    "Примерово, за кампанията за участие в бюджета на общината.",
                    "„Наградените кампании показват, че добрата общинска комуникация не "
                    "изисква голям бюджет, а уважение към времето и въпросите на хората“, "
                    "каза председателят на сдружението Веселина Колева.",
                    "Наградите ще бъдат връчени на 4 декември в София.",
                ),
            ),
            "en": NewsVersion(
                "Winners of the “Municipal Communication Campaign 2026” award announced",
                "The grand prize goes to the Municipality of Primerovo for the campaign "
                "“The water is coming – the works are passing”, which kept residents "
                "informed about every stage of the water mains repair.",
                _p(
                    "This year 37 campaigns from 29 municipalities took part. The jury judged "
                    "the clarity of the messages, the accessibility of the materials, the "
                    "involvement of residents and measurable results.",
                    "The crisis communication award goes to the Municipality of Planinovo, "
                    "and the civic participation award to the Municipality of Gorsko "
                    "Primerovo for its participatory budgeting campaign.",
                    "“The winning campaigns show that good municipal communication does not "
                    "need a big budget, but respect for people's time and questions,” said "
                    "Veselina Koleva, Chair of the association.",
                    "The awards will be presented in Sofia on 4 December.",
                ),
            ),
        },
    ),
    NewsItem(
        key="obuchenie-dostapni-publikacii",
        kind="announcement",
        published_at=_at(2026, 9, 22, 9, 30, SOFIA),
        tags={"bg": ("обучение", "достъпност"), "en": ("training", "accessibility")},
        author="Светла Иванова",
        versions={
            "bg": NewsVersion(
                "Записване за онлайн обучение „Достъпни публикации на общинския сайт“",
                "Сдружението организира безплатно онлайн обучение за членовете си на 15 и "
                "16 октомври 2026 г., от 10:00 до 13:00 ч.",
                _p(
                    "В обучението ще разгледаме изискванията за достъпност на интернет "
                    "страниците на обществения сектор и как да ги прилагаме всеки ден: "
                    "заглавия и списъци вместо форматиране на ръка, описания на "
                    "изображенията, достъпни PDF документи, разбираем език и таблици, които "
                    "екранният четец може да прочете."
                )
                + _ul(
                    "лектори: експерти по цифрова достъпност и комуникатори от общини с "
                    "добри практики;",
                    "места: 40, по реда на записване;",
                    "срок за записване: 9 октомври 2026 г.",
                )
                + _p(
                    "Записването е на "
                    + link("mailto:office@skom.example.org", "office@skom.example.org")
                    + " с име, община и длъжност."
                ),
            ),
            "en": NewsVersion(
                "Registration open: online training “Accessible publishing on the municipal website”",
                "The association is holding a free online training for its members on 15 and "
                "16 October 2026, from 10:00 to 13:00.",
                _p(
                    "The training covers the accessibility requirements for public-sector "
                    "websites and how to meet them every day: headings and lists instead of "
                    "manual formatting, image descriptions, accessible PDF documents, plain "
                    "language and tables a screen reader can read."
                )
                + _ul(
                    "trainers: digital accessibility experts and communicators from "
                    "municipalities with good practice;",
                    "places: 40, first come, first served;",
                    "registration deadline: 9 October 2026.",
                )
                + _p(
                    "Register at "
                    + link("mailto:office@skom.example.org", "office@skom.example.org")
                    + " with your name, municipality and position."
                ),
            ),
        },
    ),
]

_DEMO_NEWS["siec-pogranicza"] = [
    NewsItem(
        key="grupa-e-uslugi-podsumowanie",
        kind="news",
        published_at=_at(2026, 10, 5, 14, 0, WARSAW),
        tags={"pl": ("grupy robocze", "e-usługi"), "en": ("working groups", "e-services")},
        author="Monika Zając",
        versions={
            "pl": NewsVersion(
                "Grupa robocza ds. e-usług podsumowała rok pracy",
                "Przedstawiciele dziewięciu gmin spotkali się w Przykładowie, aby "
                "podsumować rok pracy grupy roboczej ds. e-usług i wybrać tematy na 2027 rok.",
                _p(
                    "W ciągu roku grupa przygotowała wspólne wzory formularzy dla 14 "
                    "najczęściej załatwianych spraw, w tym deklaracji śmieciowej, wniosku o "
                    "wycinkę drzew i zgłoszenia zmiany danych do podatku od nieruchomości. "
                    "Gminy, które wdrożyły wzory, skróciły średni czas obsługi tych spraw o "
                    "jedną trzecią.",
                    "W 2027 roku grupa zajmie się płatnościami elektronicznymi, "
                    "powiadomieniami SMS o terminach płatności oraz dostępnością formularzy "
                    "dla osób korzystających z czytników ekranu.",
                    "Wzory formularzy są dostępne w bibliotece dobrych praktyk sieci.",
                ),
            ),
            "en": NewsVersion(
                "E-services working group reviews its year",
                "Representatives of nine municipalities met in Przykładowo to review the "
                "year of the e-services working group and choose its topics for 2027.",
                _p(
                    "During the year the group prepared common templates for the 14 most "
                    "frequent matters, including the waste fee declaration, the application "
                    "to fell trees and the notice of changes for property tax. Municipalities "
                    "that adopted the templates cut the average handling time of these "
                    "matters by a third.",
                    "In 2027 the group will work on electronic payments, text-message "
                    "reminders of payment dates and the accessibility of forms for screen "
                    "reader users.",
                    "The templates are available in the network's library of good practice.",
                ),
            ),
        },
    ),
    NewsItem(
        key="aneks-transport-zbiorowy",
        kind="press_release",
        published_at=_at(2026, 9, 16, 12, 0, WARSAW),
        tags={
            "pl": ("porozumienie", "transport zbiorowy"),
            "en": ("agreement", "public transport"),
        },
        author="Ewa Jabłońska",
        versions={
            "pl": NewsVersion(
                "Gminy sieci będą wspólnie organizować transport zbiorowy",
                "Zgromadzenie Partnerów przyjęło aneks do porozumienia o współpracy: od 2027 "
                "roku gminy sieci wspólnie zaplanują i zamówią przewozy autobusowe na "
                "obszarze funkcjonalnym.",
                _p(
                    "Aneks podpisali 15 września przedstawiciele wszystkich dwunastu gmin "
                    "partnerskich. Wspólny rozkład jazdy ma połączyć sołectwa bez "
                    "komunikacji publicznej z ośrodkami gminnymi, szkołami i dworcem "
                    "kolejowym w Przykładowie.",
                    "„Mieszkańcy nie pytają, gdzie kończy się jedna gmina, a zaczyna druga. "
                    "Pytają, czy dojadą autobusem do lekarza i do pracy” – powiedziała Ewa "
                    "Jabłońska, Przewodnicząca Komitetu Sterującego.",
                    "Projekt rozkładu jazdy zostanie przedstawiony do konsultacji społecznych "
                    "w lutym 2027 roku.",
                ),
            ),
            "en": NewsVersion(
                "Network municipalities to organise public transport together",
                "The Partners' Assembly has adopted an annex to the cooperation agreement: "
                "from 2027 the municipalities will jointly plan and procure bus services "
                "across the functional area.",
                _p(
                    "Representatives of all twelve partner municipalities signed the annex "
                    "on 15 September. A joint timetable is to connect villages without public "
                    "transport to the municipal centres, schools and the railway station in "
                    "Przykładowo.",
                    "“Residents don't ask where one municipality ends and the next begins. "
                    "They ask whether a bus will take them to the doctor and to work,” said "
                    "Ewa Jabłońska, Chair of the Steering Committee.",
                    "The draft timetable will be put to public consultation in February 2027.",
                ),
            ),
        },
    ),
    NewsItem(
        key="nabor-dobrych-praktyk",
        kind="announcement",
        published_at=_at(2026, 11, 16, 9, 0, WARSAW),
        tags={"pl": ("dobre praktyki", "nabór"), "en": ("good practice", "call")},
        author="Monika Zając",
        versions={
            "pl": NewsVersion(
                "Nabór dobrych praktyk do biblioteki sieci – do 15 grudnia",
                "Zapraszamy gminy partnerskie do zgłaszania rozwiązań, które poprawiły "
                "obsługę mieszkańców, do biblioteki dobrych praktyk sieci.",
                _p(
                    "Czekamy na opisy rozwiązań wdrożonych w latach 2025–2026, np. w obsłudze "
                    "mieszkańców, konsultacjach społecznych, dostępności urzędu lub "
                    "współpracy z organizacjami pozarządowymi."
                )
                + _ul(
                    "zgłoszenie: formularz dostępny w Biurze Projektu, do 2 stron opisu;",
                    "termin: 15 grudnia 2026 r.;",
                    "wybrane praktyki zaprezentujemy na Zgromadzeniu Partnerów w marcu 2027 r.",
                )
                + _p(
                    "Zgłoszenia prosimy przesyłać na adres "
                    + link(
                        "mailto:biuro@siec-pogranicza.example.org",
                        "biuro@siec-pogranicza.example.org",
                    )
                    + "."
                ),
            ),
            "en": NewsVersion(
                "Call for good practice for the network's library – until 15 December",
                "Partner municipalities are invited to submit solutions that have improved "
                "services for residents to the network's library of good practice.",
                _p(
                    "We welcome descriptions of solutions introduced in 2025–2026, for example "
                    "in customer service, public consultation, accessibility of the office or "
                    "cooperation with non-governmental organisations."
                )
                + _ul(
                    "submission: the form available from the Project Office, up to 2 pages;",
                    "deadline: 15 December 2026;",
                    "selected practices will be presented at the Partners' Assembly in March 2027.",
                )
                + _p(
                    "Please send submissions to "
                    + link(
                        "mailto:biuro@siec-pogranicza.example.org",
                        "biuro@siec-pogranicza.example.org",
                    )
                    + "."
                ),
            ),
        },
    ),
]

_DEMO_NEWS["naso-rb"] = [
    NewsItem(
        key="forum-e-upravlenie-2026",
        kind="news",
        published_at=_at(2026, 10, 23, 16, 30, SOFIA),
        tags={
            "bg": ("национален форум", "електронно управление", "документооборот"),
            "en": ("national forum", "e-government", "document management"),
        },
        author="Галина Петкова",
        mentions=("daeu",),
        versions={
            "bg": NewsVersion(
                "Национален форум „Е-управление и документооборот в общините“ 2026",
                "Над 150 секретари и ИТ експерти на общини участваха в осмото издание на "
                "форума, организиран съвместно с Държавна агенция „Електронно управление“ "
                "на 22 и 23 октомври във Велико Търново.",
                _p(
                    "Експерти на агенцията представиха новите изисквания към деловодните "
                    "системи и плана за свързване на всички общини с единния модул за "
                    "електронни услуги до края на 2027 г. Общините Примерово и Планиново "
                    "показаха как са съкратили срока за издаване на удостоверения, след като "
                    "служителите започнаха да получават данните по служебен път, вместо да "
                    "ги изискват от гражданите.",
                    "Участниците обсъдиха и трудностите на малките общини: липсата на ИТ "
                    "специалисти, остарялата техника и нуждата от обучение на служителите в "
                    "кметствата.",
                )
                + _h2("Препоръки на форума")
                + _ul(
                    "преходен срок от 12 месеца за прилагане на новите изисквания в общините "
                    "до 10 000 жители;",
                    "споделена техническа поддръжка за малките общини от агенцията;",
                    "постоянна работна група на НАСО РБ и агенцията по въпросите на "
                    "документооборота.",
                ),
            ),
            "en": NewsVersion(
                "National Forum “E-government and document management in municipalities” 2026",
                "More than 150 municipal secretaries and IT experts took part in the eighth "
                "forum, organised together with the State e-Government Agency in Veliko "
                "Tarnovo on 22 and 23 October.",
                _p(
                    "Experts of the Agency presented the new requirements for document "
                    "management systems and the plan to connect every municipality to the "
                    "common e-services module by the end of 2027. The municipalities of "
                    "Primerovo and Planinovo showed how they shortened the time to issue "
                    "certificates once staff started to obtain data from other "
                    "administrations instead of asking residents for it.",
                    "Participants also discussed the difficulties of small municipalities: "
                    "few IT specialists, outdated equipment and the need to train staff in "
                    "the village mayoralties.",
                )
                + _h2("Recommendations of the forum")
                + _ul(
                    "a transition period of 12 months for municipalities of up to 10,000 "
                    "residents to meet the new requirements;",
                    "shared technical support for small municipalities from the Agency;",
                    "a standing working group of NASO RB and the Agency on document management.",
                ),
            ),
        },
    ),
    NewsItem(
        key="stanovishte-naredba-administrativno-obsluzhvane",
        kind="press_release",
        published_at=_at(2026, 9, 10, 12, 0, SOFIA),
        tags={
            "bg": ("становище", "административно обслужване"),
            "en": ("position", "administrative services"),
        },
        author="Милена Стефанова",
        versions={
            "bg": NewsVersion(
                "НАСО РБ предлага промени в проекта на Наредба за административното обслужване",
                "Асоциацията внесе становище по проекта, публикуван за обществено "
                "обсъждане, с 11 конкретни предложения от практиката на общините.",
                _p(
                    "НАСО РБ подкрепя целта на проекта – по-малко документи, изисквани от "
                    "гражданите, и повече данни, получавани по служебен път. Асоциацията "
                    "обаче предупреждава, че предложеният срок за въвеждане на изискванията "
                    "от 1 януари 2027 г. е нереалистичен за много от малките общини.",
                    "„Секретарите на общини подкрепят промяната, но тя трябва да бъде "
                    "осигурена с време, обучение и средства. Иначе рискуваме гражданите да "
                    "получат по-лоша услуга, а не по-добра“, каза председателят на "
                    "Управителния съвет Милена Стефанова.",
                    "Пълният текст на становището е изпратен на вносителя и на Националното "
                    "сдружение на общините в Република България.",
                ),
            ),
            "en": NewsVersion(
                "NASO RB proposes changes to the draft Ordinance on Administrative Services",
                "The association has submitted an opinion on the draft published for public "
                "consultation, with 11 specific proposals drawn from municipal practice.",
                _p(
                    "NASO RB supports the aim of the draft – fewer documents requested from "
                    "residents and more data obtained from other administrations. The "
                    "association warns, however, that the proposed start date of 1 January "
                    "2027 is unrealistic for many small municipalities.",
                    "“Municipal secretaries support the change, but it must come with time, "
                    "training and funding. Otherwise residents risk a worse service, not a "
                    "better one,” said Milena Stefanova, Chair of the Board.",
                    "The full opinion has been sent to the ministry that proposed the draft "
                    "and to the National Association of Municipalities in the Republic of "
                    "Bulgaria.",
                ),
            ),
        },
    ),
    NewsItem(
        key="regionalna-sreshta-vratsa",
        kind="announcement",
        published_at=_at(2026, 11, 18, 10, 0, SOFIA),
        tags={"bg": ("регионална среща",), "en": ("regional meeting",)},
        author="Галина Петкова",
        versions={
            "bg": NewsVersion(
                "Регионална среща на секретарите на общини от Северозападна България",
                "Каним секретарите на общини от областите Видин, Монтана, Враца, Плевен и "
                "Ловеч на регионална среща на 3 декември 2026 г. от 10:00 ч. във Враца.",
                _p("На срещата ще обсъдим:")
                + _ul(
                    "подготовката на общините за новите изисквания към административното обслужване;",
                    "опита с единния модул за електронни услуги;",
                    "предложенията на членовете за плана на асоциацията за 2027 г.",
                )
                + _p(
                    "Моля, потвърдете участие до 27 ноември на "
                    + link("mailto:office@naso.example.bg", "office@naso.example.bg")
                    + " или на телефон "
                    + link("tel:+35920000101", "02 000 0101")
                    + ". Участието е безплатно за членовете на асоциацията."
                ),
            ),
            "en": NewsVersion(
                "Regional meeting of municipal secretaries of North-West Bulgaria",
                "Secretaries of municipalities in the Vidin, Montana, Vratsa, Pleven and "
                "Lovech regions are invited to a regional meeting on 3 December 2026 at 10:00 "
                "in Vratsa.",
                _p("We will discuss:")
                + _ul(
                    "how municipalities are preparing for the new requirements on "
                    "administrative services;",
                    "experience with the common e-services module;",
                    "members' proposals for the association's 2027 plan.",
                )
                + _p(
                    "Please confirm by 27 November at "
                    + link("mailto:office@naso.example.bg", "office@naso.example.bg")
                    + " or on "
                    + link("tel:+35920000101", "02 000 0101")
                    + ". Participation is free for members."
                ),
            ),
        },
    ),
]

_DEMO_NEWS["daeu"] = [
    NewsItem(
        key="obshtini-sigurno-vrachvane",
        kind="news",
        published_at=_at(2026, 9, 30, 14, 0, SOFIA),
        tags={
            "bg": ("електронно връчване", "общини"),
            "en": ("electronic delivery", "municipalities"),
        },
        author="Калина Мирчева",
        versions={
            "bg": NewsVersion(
                "Всички общини вече получават документи чрез системата за сигурно електронно връчване",
                "С присъединяването на последните 38 общини през септември всички 265 "
                "общини в страната получават и изпращат документи по електронен път чрез "
                "системата за сигурно електронно връчване.",
                _p(
                    "Гражданите и фирмите могат да изпращат заявления и писма до всяка община "
                    "от своя профил в системата, без да посещават общината и без да плащат "
                    "за пощенска услуга. Общините от своя страна връчват документите на "
                    "адресатите електронно, с удостоверено време на получаване.",
                    "През първите девет месеца на годината чрез системата са изпратени над "
                    "1,2 млн. съобщения до и от общините – с 40 на сто повече от същия "
                    "период на миналата година.",
                    "Центърът за поддръжка на агенцията помага на общинските служители при "
                    "работа със системата в работни дни от 8:30 до 17:30 ч.",
                ),
            ),
            "en": NewsVersion(
                "All municipalities now receive documents through secure electronic delivery",
                "With the last 38 municipalities joining in September, all 265 municipalities "
                "in the country now send and receive documents electronically through the "
                "secure electronic delivery system.",
                _p(
                    "Residents and businesses can send applications and letters to any "
                    "municipality from their account in the system, without visiting the "
                    "municipality or paying for postage. Municipalities in turn deliver "
                    "documents electronically, with a certified time of receipt.",
                    "In the first nine months of the year more than 1.2 million messages were "
                    "sent to and from municipalities through the system – 40 per cent more "
                    "than in the same period last year.",
                    "The Agency's help desk supports municipal staff with the system on "
                    "working days from 8:30 to 17:30.",
                ),
            ),
        },
    ),
    NewsItem(
        key="doklad-dostapnost-2026",
        kind="press_release",
        published_at=_at(2026, 11, 5, 11, 0, SOFIA),
        tags={"bg": ("достъпност", "доклад"), "en": ("accessibility", "report")},
        author="Огнян Симеонов",
        versions={
            "bg": NewsVersion(
                "Агенцията публикува доклада за достъпността на сайтовете на обществения сектор",
                "При проверката на 420 интернет страници и 18 мобилни приложения на "
                "организации от обществения сектор 31 на сто от страниците отговарят "
                "напълно на изискванията за достъпност, при 22 на сто година по-рано.",
                _p(
                    "Най-честите проблеми остават изображения без текстово описание, "
                    "документи, публикувани като сканирани PDF файлове, недостатъчен контраст "
                    "на текста и формуляри, които не могат да се попълнят само с клавиатура.",
                    "Общинските сайтове отбелязват най-голям напредък: делът на напълно "
                    "достъпните страници се е увеличил почти двойно. Агенцията ще изпрати на "
                    "всяка проверена организация списък с установените несъответствия и "
                    "препоръки за отстраняването им.",
                    "Докладът се изпраща на Европейската комисия и е публикуван в раздел "
                    "„Достъпност“ на сайта на агенцията.",
                ),
            ),
            "en": NewsVersion(
                "Agency publishes its report on the accessibility of public-sector websites",
                "Of the 420 websites and 18 mobile apps of public-sector bodies checked, 31 "
                "per cent of the websites fully meet the accessibility requirements, up from "
                "22 per cent a year earlier.",
                _p(
                    "The most common problems are still images without a text description, "
                    "documents published as scanned PDF files, low text contrast and forms "
                    "that cannot be completed with the keyboard alone.",
                    "Municipal websites made the most progress: the share of fully accessible "
                    "sites has almost doubled. The Agency will send every body checked a list "
                    "of the problems found and recommendations for fixing them.",
                    "The report is sent to the European Commission and is published in the "
                    "“Accessibility” section of the Agency's website.",
                ),
            ),
        },
    ),
    NewsItem(
        key="profilaktika-14-noemvri",
        kind="announcement",
        published_at=_at(2026, 11, 10, 15, 0, SOFIA),
        tags={"bg": ("профилактика", "споделени системи"), "en": ("maintenance", "shared systems")},
        author="Мартин Стоичков",
        versions={
            "bg": NewsVersion(
                "Планирана профилактика на споделените системи на 14 ноември",
                "В събота, 14 ноември 2026 г., от 08:00 до 14:00 ч. системата за сигурно "
                "електронно връчване и средата за междурегистров обмен няма да бъдат достъпни.",
                _p(
                    "Профилактиката е необходима за обновяване на сървърите и на "
                    "сертификатите за сигурност. Съобщенията, изпратени по време на "
                    "профилактиката, ще бъдат доставени веднага след приключването ѝ; "
                    "сроковете, изтичащи в този интервал, се удължават до края на следващия "
                    "работен ден.",
                    "Молим общините да предупредят гражданите, които ползват електронните им "
                    "услуги. Актуална информация за хода на работата публикуваме на страницата "
                    "за състоянието на системите.",
                ),
            ),
            "en": NewsVersion(
                "Planned maintenance of the shared systems on 14 November",
                "On Saturday 14 November 2026, from 08:00 to 14:00, the secure electronic "
                "delivery system and the inter-registry exchange will be unavailable.",
                _p(
                    "The maintenance is needed to upgrade the servers and renew the security "
                    "certificates. Messages sent during the maintenance will be delivered as "
                    "soon as it ends; time limits expiring in that window are extended to the "
                    "end of the next working day.",
                    "Municipalities are asked to warn residents who use their e-services. "
                    "Current information on the progress of the work is published on the "
                    "system status page.",
                ),
            ),
        },
    ),
]

NEWS: dict[str, list[NewsItem]] = {slug: list(_DEMO_NEWS[slug]) for slug in SLUGS}
NEWS["skom"].insert(0, _asko())
NEWS["naso-rb"].insert(0, _naso())
NEWS["siec-pogranicza"].insert(0, _konferencja())


# ---------------------------------------------------------------------------------------------
# 5. Accessibility statement and privacy notice: the organisation's answers
# ---------------------------------------------------------------------------------------------

_NAMES = {
    "primerovo": {"bg": "Община Примерово", "en": "the Municipality of Primerovo"},
    "przykladowo": {"pl": "Gmina Przykładowo", "en": "the Municipality of Przykładowo"},
    "skom": {
        "bg": "Сдружението на комуникаторите в общините",
        "en": "the Association of Municipal Communicators",
    },
    "siec-pogranicza": {
        "pl": "Sieć Współpracy Gmin Pogranicza",
        "en": "the Border Municipalities Cooperation Network",
    },
    "naso-rb": {"bg": "НАСО РБ", "en": "NASO RB"},
    "daeu": {
        "bg": "Държавна агенция „Електронно управление“",
        "en": "the State e-Government Agency",
    },
}
_CONTACT = {
    # slug: (contact person, e-mail, phone, address of the seat)
    "primerovo": (
        "Светла Иванова",
        "dostapnost@primerovo.example.org",
        "02 000 0010",
        "пл. „Централен“ 1, 9999 Примерово",
    ),
    "przykladowo": (
        "Magdalena Lewandowska",
        "dostepnosc@przykladowo.example.org",
        "+48 00 000 00 10",
        "ul. Rynek 1, 00-000 Przykładowo",
    ),
    "skom": (
        "Светла Иванова",
        "office@skom.example.org",
        "02 000 0021",
        "ул. „Примерна“ 10, 1000 София",
    ),
    "siec-pogranicza": (
        "Magdalena Lewandowska",
        "biuro@siec-pogranicza.example.org",
        "+48 00 000 00 20",
        "ul. Graniczna 5, 00-001 Przykładowo",
    ),
    "naso-rb": (
        "Светла Иванова",
        "office@naso.example.bg",
        "02 000 0101",
        "ул. „Примерна“ 22, ет. 3, 1000 София",
    ),
    "daeu": (
        "Светла Иванова",
        "dostapnost@egov.example.bg",
        "02 000 0202",
        "ул. „Примерна“ 6, 1000 София",
    ),
}
_KIND = {
    "primerovo": "municipality",
    "przykladowo": "municipality",
    "skom": "association",
    "siec-pogranicza": "network",
    "naso-rb": "association",
    "daeu": "agency",
}


def _non_accessible(kind: str, language: str) -> tuple[tuple[str, str], ...]:
    municipal = kind == "municipality"
    if language == "bg":
        return (
            (
                "Част от снимките в новините, публикувани преди 2025 г., нямат текстово описание.",
                "Описанията се добавят постепенно, започвайки от най-посещаваните страници; "
                "всички нови снимки се публикуват с описание.",
            ),
            (
                "Видеозаписите от заседанията на Общинския съвет нямат субтитри."
                if municipal
                else "Видеозаписите от семинарите и форумите нямат субтитри.",
                "Субтитри се изготвят за записите от 2026 г.; по-старите записи ще бъдат "
                "обработени до края на 2027 г. При поискване предоставяме стенографски протокол."
                if municipal
                else "Субтитри се изготвят за записите от 2026 г.; за по-старите записи при "
                "поискване предоставяме резюме в текстов вид.",
            ),
            (
                "Таблиците в приложенията към бюджета, генерирани от счетоводната система, "
                "нямат обозначени заглавни клетки."
                if municipal
                else "Някои формуляри за записване за минали събития не могат да бъдат "
                "попълнени само с клавиатура.",
                "Системата ще бъде подменена през 2027 г.; дотогава при поискване "
                "предоставяме данните в достъпен формат."
                if municipal
                else "Формулярите са заменени с нова форма за записване, която е достъпна.",
            ),
        )
    if language == "pl":
        return (
            (
                "Część zdjęć w aktualnościach opublikowanych przed 2025 r. nie ma opisów "
                "alternatywnych.",
                "Opisy uzupełniamy stopniowo, zaczynając od najczęściej odwiedzanych stron; "
                "wszystkie nowe zdjęcia publikujemy z opisem.",
            ),
            (
                "Nagrania sesji Rady Gminy nie mają napisów."
                if municipal
                else "Nagrania z warsztatów i konferencji nie mają napisów.",
                "Napisy przygotowujemy do nagrań od 2026 r.; starsze nagrania uzupełnimy do "
                "końca 2027 r. Na wniosek udostępniamy protokół sesji."
                if municipal
                else "Napisy przygotowujemy do nagrań od 2026 r.; do starszych nagrań na "
                "wniosek udostępniamy streszczenie tekstowe.",
            ),
            (
                "Tabele w załącznikach budżetowych generowanych przez system "
                "finansowo-księgowy nie mają oznaczonych nagłówków."
                if municipal
                else "Niektóre prezentacje prelegentów w formacie PDF nie mają struktury "
                "nagłówków.",
                "System zostanie wymieniony w 2027 r.; do tego czasu na wniosek udostępniamy "
                "dane w dostępnej formie."
                if municipal
                else "Prezentacje przygotowują prelegenci; prosimy ich o dostępne pliki, a na "
                "wniosek przygotowujemy wersję tekstową.",
            ),
        )
    return (
        (
            "Some photographs in news published before 2025 have no text alternative.",
            "Descriptions are being added step by step, starting with the most visited "
            "pages; all new photographs are published with a description.",
        ),
        (
            "Video recordings of council meetings have no captions."
            if municipal
            else "Video recordings of seminars and conferences have no captions.",
            "Captions are produced for recordings from 2026; older recordings will be "
            "captioned by the end of 2027. Minutes are available on request."
            if municipal
            else "Captions are produced for recordings from 2026; a text summary of older "
            "recordings is available on request.",
        ),
        (
            "Tables in the budget annexes produced by the accounting system have no marked "
            "header cells."
            if municipal
            else "Some registration forms for past events cannot be completed with the "
            "keyboard alone, and some speakers' PDF presentations lack a heading structure.",
            "The system will be replaced in 2027; until then we provide the data in an "
            "accessible format on request."
            if municipal
            else "The forms have been replaced by a new accessible registration form; "
            "accessible versions of presentations are provided on request.",
        ),
    )


def _accessibility_texts(slug: str, language: str) -> AccessibilityTexts:
    kind, country = _KIND[slug], COUNTRY_OF[slug]
    person, email, phone, _address = _CONTACT[slug]
    if language == "en" and country == "BG":
        person = transliterate_bg(person)
    mail = link(f"mailto:{email}", email)
    tel = link(tel_href(phone, country), phone)
    if language == "bg":
        enforcement = (
            "Ако не сте доволни от отговора, можете да подадете жалба до омбудсмана на "
            "Република България."
            if slug == "daeu"
            else "Ако не сте доволни от отговора, можете да подадете сигнал до Държавна "
            "агенция „Електронно управление“, която наблюдава достъпността на интернет "
            "страниците на обществения сектор, или жалба до омбудсмана на Република България."
        )
        return AccessibilityTexts(
            non_accessible=_non_accessible(kind, "bg"),
            disproportionate_burden="Не се позоваваме на непропорционална тежест.",
            out_of_scope=(
                "Документи във формат на офис приложения, публикувани преди 23 септември "
                "2018 г., които не са необходими за текущи административни процедури; "
                "вградени карти, когато информацията е дадена и в текст; съдържание на "
                "трети лица, което не е създадено, финансирано или контролирано от нас."
            ),
            feedback=(
                "Ако откриете съдържание, което не е достъпно, или имате нужда от "
                "информация в друг формат, свържете се с " + person + ": " + mail + ", "
                "тел. " + tel + ". Отговаряме в срок до 14 дни."
            ),
            enforcement=enforcement,
        )
    if language == "pl":
        return AccessibilityTexts(
            non_accessible=_non_accessible(kind, "pl"),
            disproportionate_burden="Nie powołujemy się na nadmierne obciążenie.",
            out_of_scope=(
                "Pliki biurowe opublikowane przed 23 września 2018 r., jeśli nie są "
                "niezbędne do realizacji bieżących zadań; mapy internetowe, jeśli informacje "
                "są podane także w formie tekstowej; treści stron trzecich, których nie "
                "finansujemy, nie wytwarzamy i nad którymi nie mamy kontroli."
            ),
            feedback=(
                "W przypadku problemów z dostępnością strony prosimy o kontakt. Osobą "
                "kontaktową jest " + person + ", e-mail " + mail + ", telefon " + tel + ". "
                "Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej strony "
                "lub jej elementu oraz zażądać udostępnienia informacji w formie "
                "alternatywnej. Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie "
                "strony lub elementu oraz sposób kontaktu. Żądanie realizujemy niezwłocznie, "
                "nie później niż w ciągu 7 dni; jeżeli nie jest to możliwe, informujemy o "
                "terminie, który nie może być dłuższy niż 2 miesiące."
            ),
            enforcement=(
                "W przypadku odmowy realizacji żądania można złożyć skargę na zapewnienie "
                "dostępności cyfrowej. Po wyczerpaniu tej procedury można złożyć wniosek do "
                "Rzecznika Praw Obywatelskich."
            ),
            architecture=(
                "Urząd Gminy mieści się w dwukondygnacyjnym budynku przy ul. Rynek 1. Do "
                "wejścia głównego od strony parkingu prowadzi pochylnia; drzwi otwierają się "
                "automatycznie. Na parterze znajdują się Biuro Obsługi Mieszkańców, Urząd "
                "Stanu Cywilnego i toaleta dla osób z niepełnosprawnościami. Na piętro "
                "prowadzi winda. Na parkingu wyznaczono dwa miejsca dla osób z "
                "niepełnosprawnościami. Do budynku można wejść z psem asystującym. W Biurze "
                "Obsługi Mieszkańców działa pętla indukcyjna."
                if kind == "municipality"
                else "Biuro Projektu mieści się na parterze budynku przy ul. Graniczna 5. "
                "Wejście jest z poziomu chodnika, bez progów. W budynku jest toaleta dla "
                "osób z niepełnosprawnościami; przed budynkiem wyznaczono jedno miejsce "
                "parkingowe dla osób z niepełnosprawnościami. Do biura można wejść z psem "
                "asystującym. Spotkania sieci odbywają się w salach dostępnych dla osób "
                "poruszających się na wózkach."
            ),
            sign_language=(
                "Osoby uprawnione mogą skorzystać z pomocy tłumacza polskiego języka "
                "migowego (PJM), systemu językowo-migowego (SJM) lub sposobu komunikowania "
                "się osób głuchoniewidomych (SKOGN). Chęć skorzystania z tłumacza należy "
                "zgłosić co najmniej 3 dni robocze przed wizytą – e-mailem, telefonicznie "
                "przez osobę przybraną lub przez formularz kontaktowy. Usługa jest bezpłatna."
                + (
                    " W Biurze Obsługi Mieszkańców można też połączyć się z tłumaczem PJM online."
                    if kind == "municipality"
                    else ""
                )
            ),
        )
    # English, for both countries
    if country == "BG":
        enforcement = (
            "If you are not satisfied with our answer, you may complain to the Ombudsman of "
            "the Republic of Bulgaria."
            if slug == "daeu"
            else "If you are not satisfied with our answer, you may report it to the State "
            "e-Government Agency, which monitors the accessibility of public-sector websites, "
            "or complain to the Ombudsman of the Republic of Bulgaria."
        )
        return AccessibilityTexts(
            non_accessible=_non_accessible(kind, "en"),
            disproportionate_burden="We do not claim disproportionate burden.",
            out_of_scope=(
                "Office documents published before 23 September 2018 that are not needed for "
                "active administrative processes; embedded maps where the information is also "
                "given as text; third-party content that we neither produce, fund nor control."
            ),
            feedback=(
                "If you find content that is not accessible or need information in another "
                "format, please contact " + person + ": " + mail + ", phone " + tel + ". We "
                "answer within 14 days."
            ),
            enforcement=enforcement,
        )
    return AccessibilityTexts(
        non_accessible=_non_accessible(kind, "en"),
        disproportionate_burden="We do not claim disproportionate burden.",
        out_of_scope=(
            "Office files published before 23 September 2018 unless needed for current tasks; "
            "online maps where the information is also given as text; third-party content "
            "that we neither produce, fund nor control."
        ),
        feedback=(
            "If you have a problem with the accessibility of this website, please contact "
            + person
            + ", e-mail "
            + mail
            + ", phone "
            + tel
            + ". Anyone may request that a "
            "page or part of it be made accessible, or that information be provided in an "
            "alternative form. The request should give the requester's details, the page or "
            "element concerned and how to reply. We handle requests without delay and within "
            "7 days at the latest; if that is not possible we give a date, no later than "
            "2 months from the request."
        ),
        enforcement=(
            "If a request is refused, you may lodge a complaint about digital accessibility. "
            "Once that procedure is exhausted you may apply to the Commissioner for Human "
            "Rights (Rzecznik Praw Obywatelskich)."
        ),
        architecture=(
            "The Municipal Office is in a two-storey building at ul. Rynek 1. A ramp leads from "
            "the car park to the main entrance, which has automatic doors. The Residents' "
            "Service Office, the Civil Registry Office and an accessible toilet are on the "
            "ground floor; a lift serves the first floor. Two parking spaces are reserved for "
            "disabled people. Assistance dogs are welcome. The Residents' Service Office has "
            "an induction loop."
            if kind == "municipality"
            else "The Project Office is on the ground floor of ul. Graniczna 5, with a "
            "step-free entrance from the pavement. The building has an accessible toilet and "
            "one reserved parking space. Assistance dogs are welcome. Network meetings are "
            "held in wheelchair-accessible rooms."
        ),
        sign_language=(
            "Eligible persons may use an interpreter of Polish Sign Language (PJM), Signed "
            "Polish (SJM) or the communication method for deafblind people (SKOGN). Please "
            "tell us at least 3 working days before your visit – by e-mail, by phone through "
            "another person or through the contact form. The service is free."
            + (
                " Online PJM interpreting is also available at the Residents' Service Office."
                if kind == "municipality"
                else ""
            )
        ),
    )


def _accessibility(
    slug: str, prepared: dt.date, reviewed: dt.date, published: dt.date
) -> AccessibilityAnswers:
    person, email, phone, _address = _CONTACT[slug]
    return AccessibilityAnswers(
        status="partially_compliant",
        method="self_assessment",
        prepared_on=prepared,
        reviewed_on=reviewed,
        site_published_on=published,
        site_updated_on=dt.date(2026, 11, 20),
        contact_name=person,
        contact_email=email,
        contact_phone=phone,
        texts={language: _accessibility_texts(slug, language) for language in LANGUAGES_OF[slug]},
    )


ACCESSIBILITY: dict[str, AccessibilityAnswers] = {
    "primerovo": _accessibility(
        "primerovo", dt.date(2026, 3, 20), dt.date(2026, 11, 25), dt.date(2026, 2, 2)
    ),
    "przykladowo": _accessibility(
        "przykladowo", dt.date(2026, 3, 27), dt.date(2026, 11, 26), dt.date(2026, 2, 16)
    ),
    "skom": _accessibility(
        "skom", dt.date(2026, 4, 10), dt.date(2026, 11, 27), dt.date(2026, 3, 2)
    ),
    "siec-pogranicza": _accessibility(
        "siec-pogranicza", dt.date(2026, 4, 14), dt.date(2026, 11, 27), dt.date(2026, 3, 9)
    ),
    "naso-rb": _accessibility(
        "naso-rb", dt.date(2026, 5, 4), dt.date(2026, 11, 30), dt.date(2026, 4, 1)
    ),
    "daeu": _accessibility(
        "daeu", dt.date(2026, 3, 16), dt.date(2026, 11, 24), dt.date(2026, 1, 19)
    ),
}


_PURPOSES = {
    ("municipality", "bg"): (
        (
            "Предоставяне на административни услуги и разглеждане на заявления, жалби и сигнали",
            "чл. 6, пар. 1, буква „в“ и буква „д“ от Общия регламент за защита на данните (законово задължение и задача от обществен интерес) – Закон за местното самоуправление и местната администрация, Административнопроцесуален кодекс",
        ),
        ("Местни данъци и такси", "чл. 6, пар. 1, буква „в“ – Закон за местните данъци и такси"),
        (
            "Обществени обсъждания и предложения на граждани",
            "чл. 6, пар. 1, буква „д“ – задача от обществен интерес",
        ),
        (
            "Бюлетин с новини по електронна поща",
            "чл. 6, пар. 1, буква „а“ – съгласие, което можете да оттеглите по всяко време",
        ),
    ),
    ("municipality", "pl"): (
        (
            "Załatwianie spraw i wykonywanie zadań gminy",
            "art. 6 ust. 1 lit. c i e RODO – obowiązek prawny i zadanie realizowane w interesie publicznym (ustawa o samorządzie gminnym, Kodeks postępowania administracyjnego)",
        ),
        (
            "Podatki i opłaty lokalne",
            "art. 6 ust. 1 lit. c RODO – ustawa o podatkach i opłatach lokalnych, Ordynacja podatkowa",
        ),
        (
            "Transmisja i nagrywanie obrad Rady Gminy",
            "art. 6 ust. 1 lit. c RODO – art. 20 ust. 1b ustawy o samorządzie gminnym",
        ),
        (
            "Newsletter z aktualnościami",
            "art. 6 ust. 1 lit. a RODO – zgoda, którą można wycofać w każdej chwili",
        ),
    ),
    ("municipality", "en"): (
        (
            "Providing services and handling applications, complaints and reports",
            "Article 6(1)(c) and (e) GDPR – legal obligation and a task carried out in the public interest under the laws on local government and administrative procedure",
        ),
        ("Local taxes and fees", "Article 6(1)(c) GDPR – the law on local taxes and fees"),
        (
            "Public consultations and residents' proposals; council meetings streamed and recorded",
            "Article 6(1)(c) and (e) GDPR",
        ),
        ("E-mail newsletter", "Article 6(1)(a) GDPR – consent, which you may withdraw at any time"),
    ),
    ("member", "bg"): (
        (
            "Членство: регистър на членовете, членски внос, покани за Общото събрание",
            "чл. 6, пар. 1, буква „б“ от Общия регламент за защита на данните – членското правоотношение по Устава",
        ),
        (
            "Записване и участие в семинари, обучения и форуми",
            "чл. 6, пар. 1, буква „б“ – заявката за участие",
        ),
        (
            "Снимки и видеозаписи от събитията, публикувани в новините",
            "чл. 6, пар. 1, буква „е“ – легитимен интерес да информираме за дейността си; можете да възразите по всяко време",
        ),
        (
            "Бюлетин с новини по електронна поща",
            "чл. 6, пар. 1, буква „а“ – съгласие, което можете да оттеглите по всяко време",
        ),
    ),
    ("member", "pl"): (
        (
            "Współpraca z gminami partnerskimi i ich koordynatorami",
            "art. 6 ust. 1 lit. e RODO – zadanie realizowane w interesie publicznym na podstawie porozumienia międzygminnego",
        ),
        (
            "Rejestracja i udział w warsztatach, szkoleniach i konferencjach",
            "art. 6 ust. 1 lit. b i e RODO – zgłoszenie udziału",
        ),
        (
            "Zdjęcia i nagrania z wydarzeń publikowane w aktualnościach",
            "art. 6 ust. 1 lit. e RODO – informowanie o działalności sieci; można wnieść sprzeciw w każdej chwili",
        ),
        (
            "Newsletter z aktualnościami",
            "art. 6 ust. 1 lit. a RODO – zgoda, którą można wycofać w każdej chwili",
        ),
    ),
    ("member", "en"): (
        (
            "Membership and cooperation with members: register, fees, invitations to meetings",
            "Article 6(1)(b) or (e) GDPR – the membership under the Statute or the cooperation agreement",
        ),
        (
            "Registration for and participation in seminars, training and conferences",
            "Article 6(1)(b) GDPR – your registration",
        ),
        (
            "Photographs and recordings of events published in the news",
            "Article 6(1)(e) or (f) GDPR – informing the public about our work; you may object at any time",
        ),
        ("E-mail newsletter", "Article 6(1)(a) GDPR – consent, which you may withdraw at any time"),
    ),
    ("agency", "bg"): (
        (
            "Разглеждане на заявления, жалби, сигнали и искания за достъп до обществена информация",
            "чл. 6, пар. 1, буква „в“ от Общия регламент за защита на данните – Административнопроцесуален кодекс, Закон за достъп до обществена информация",
        ),
        (
            "Поддръжка на служителите на общините и администрациите, които ползват споделените системи",
            "чл. 6, пар. 1, буква „д“ – задача от обществен интерес по Закона за електронното управление",
        ),
        (
            "Наблюдение на достъпността на интернет страниците на обществения сектор",
            "чл. 6, пар. 1, буква „в“ – Закон за електронното управление",
        ),
        (
            "Бюлетин с новини по електронна поща",
            "чл. 6, пар. 1, буква „а“ – съгласие, което можете да оттеглите по всяко време",
        ),
    ),
    ("agency", "en"): (
        (
            "Handling applications, complaints, reports and requests for public information",
            "Article 6(1)(c) GDPR – the Administrative Procedure Code and the Access to Public Information Act",
        ),
        (
            "Supporting the staff of municipalities and administrations using the shared systems",
            "Article 6(1)(e) GDPR – a task in the public interest under the e-Government Act",
        ),
        (
            "Monitoring the accessibility of public-sector websites",
            "Article 6(1)(c) GDPR – the e-Government Act",
        ),
        ("E-mail newsletter", "Article 6(1)(a) GDPR – consent, which you may withdraw at any time"),
    ),
}

_PRIVACY_COMMON = {
    "bg": PrivacyTexts(
        purposes=(),
        retention=(
            "Данните в преписките се съхраняват за сроковете по номенклатурата на делата, "
            "утвърдена от ръководителя на организацията, и след това се унищожават или "
            "предават на Държавния архив. Данните за бюлетина се пазят, докато не оттеглите "
            "съгласието си; снимките от събития – до пет години."
        ),
        recipients=(
            "Данните се предоставят на органи, когато закон го изисква; на доставчика на "
            "платформата и хостинга на сайта и на доставчика на услугата за електронна поща "
            "като обработващи лични данни по договор; на пощенски оператори и на системата "
            "за сигурно електронно връчване при изпращане на документи. Не предаваме данни "
            "извън Европейския съюз."
        ),
        rights=(
            "Имате право на достъп до данните си, на коригиране, изтриване и ограничаване "
            "на обработването, на възражение, на преносимост на данните, които сте ни "
            "предоставили със съгласие или по договор, и да оттеглите съгласието си по всяко време."
        ),
        authority=(
            "Комисия за защита на личните данни, бул. „Проф. Цветан Лазаров“ 2, 1592 София, "
            + link("https://www.cpdp.bg", "www.cpdp.bg")
        ),
    ),
    "pl": PrivacyTexts(
        purposes=(),
        retention=(
            "Dane w aktach spraw przechowujemy przez okres wynikający z jednolitego "
            "rzeczowego wykazu akt i przepisów o narodowym zasobie archiwalnym. Dane do "
            "newslettera przechowujemy do czasu wycofania zgody, a zdjęcia z wydarzeń – do "
            "pięciu lat."
        ),
        recipients=(
            "Odbiorcami danych mogą być organy uprawnione na podstawie przepisów prawa, "
            "dostawca platformy i hostingu strony oraz dostawca poczty elektronicznej jako "
            "podmioty przetwarzające na podstawie umowy, a przy wysyłce pism – operator "
            "pocztowy i ePUAP. Nie przekazujemy danych poza Europejski Obszar Gospodarczy."
        ),
        rights=(
            "Przysługuje Pani/Panu prawo dostępu do danych, ich sprostowania, usunięcia lub "
            "ograniczenia przetwarzania, prawo sprzeciwu, prawo do przenoszenia danych "
            "przetwarzanych na podstawie zgody lub umowy oraz prawo wycofania zgody w "
            "dowolnym momencie."
        ),
        authority=(
            "Prezes Urzędu Ochrony Danych Osobowych, ul. Stawki 2, 00-193 Warszawa, "
            + link("https://uodo.gov.pl", "uodo.gov.pl")
        ),
    ),
}


def _privacy_en(country: str) -> PrivacyTexts:
    return PrivacyTexts(
        purposes=(),
        retention=(
            "Case files are kept for the periods set by the records retention schedule and "
            "archive law, then destroyed or transferred to the state archives. Newsletter data "
            "is kept until you withdraw consent; photographs of events for up to five years."
        ),
        recipients=(
            "Authorities entitled by law; the provider of the website platform and hosting and "
            "the e-mail provider as processors under contract; postal operators and the secure "
            "electronic delivery system when documents are sent. We do not transfer data "
            "outside the European Economic Area."
        ),
        rights=(
            "You have the right of access, rectification, erasure and restriction of "
            "processing, the right to object, the right to data portability for data "
            "processed on the basis of consent or a contract, and the right to withdraw "
            "consent at any time."
        ),
        authority=(
            "Commission for Personal Data Protection, 2 Prof. Tsvetan Lazarov Blvd., 1592 Sofia, "
            + link("https://www.cpdp.bg", "www.cpdp.bg")
            if country == "BG"
            else "President of the Personal Data Protection Office (UODO), ul. Stawki 2, "
            "00-193 Warsaw, " + link("https://uodo.gov.pl", "uodo.gov.pl")
        ),
    )


_DPO = {
    "primerovo": ("Петя Маринова", "dpo@primerovo.example.org", "02 000 0014"),
    "przykladowo": ("Łukasz Wróbel", "iod@przykladowo.example.org", "+48 00 000 00 15"),
    "skom": ("Тодор Гешев", "dpo@skom.example.org", "02 000 0024"),
    "siec-pogranicza": ("Łukasz Wróbel", "iod@siec-pogranicza.example.org", "+48 00 000 00 22"),
    "naso-rb": ("Николина Радева", "dpo@naso.example.bg", "02 000 0104"),
    "daeu": ("Владимир Кънчев", "dpo@egov.example.bg", "02 000 0204"),
}
_CONTROLLER = {
    "primerovo": (
        "Община Примерово",
        "пл. „Централен“ 1, 9999 Примерово",
        "obshtina@primerovo.example.org",
        "+359 2 000 0000",
    ),
    "przykladowo": (
        "Wójt Gminy Przykładowo",
        "ul. Rynek 1, 00-000 Przykładowo",
        "urzad@przykladowo.example.org",
        "+48 00 000 00 00",
    ),
    "skom": (
        "Сдружение на комуникаторите в общините",
        "ул. „Примерна“ 10, 1000 София",
        "office@skom.example.org",
        "+359 2 000 0001",
    ),
    "siec-pogranicza": (
        "Gmina Przykładowo jako gmina wiodąca Sieci Współpracy Gmin Pogranicza",
        "ul. Graniczna 5, 00-001 Przykładowo",
        "biuro@siec-pogranicza.example.org",
        "+48 00 000 00 01",
    ),
    "naso-rb": (
        "Национална асоциация на секретарите на общините в Република България",
        "ул. „Примерна“ 22, ет. 3, 1000 София",
        "office@naso.example.bg",
        "02 000 0101",
    ),
    "daeu": (
        "Държавна агенция „Електронно управление“",
        "ул. „Примерна“ 6, 1000 София",
        "info@egov.example.bg",
        "02 000 0201",
    ),
}


def _privacy(slug: str) -> PrivacyAnswers:
    kind, country = _KIND[slug], COUNTRY_OF[slug]
    purpose_kind = kind if kind in ("municipality", "agency") else "member"
    texts = {}
    for language in LANGUAGES_OF[slug]:
        common = _PRIVACY_COMMON[language] if language != "en" else _privacy_en(country)
        texts[language] = PrivacyTexts(
            purposes=_PURPOSES[(purpose_kind, language)],
            retention=common.retention,
            recipients=common.recipients,
            rights=common.rights,
            authority=common.authority,
        )
    name, address, email, phone = _CONTROLLER[slug]
    dpo_name, dpo_email, dpo_phone = _DPO[slug]
    return PrivacyAnswers(
        controller_name=name,
        controller_address=address,
        controller_email=email,
        controller_phone=phone,
        dpo_name=dpo_name,
        dpo_email=dpo_email,
        dpo_phone=dpo_phone,
        texts=texts,
    )


PRIVACY: dict[str, PrivacyAnswers] = {slug: _privacy(slug) for slug in SLUGS}
