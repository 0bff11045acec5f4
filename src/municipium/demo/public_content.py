"""What the demo organisations show on their public sites, as plain data (no models yet).

Everything here is keyed by the organisation's slug (the four organisations of
``demo/data.py`` plus the two of ``NEW_ORGANISATIONS``) and, for text, by language code
("bg", "pl", "en": every language of the organisation, its main language first).

Keys, for mapping to the models:

``NEW_ORGANISATIONS``: list of ``OrganisationSpec`` — the same fields as ``data.DemoOrg``
    (slug, name, short_name, kind, country, languages, description, email, phone, address,
    units as (code, name)), so ``DemoOrg(**dataclasses.asdict(spec))`` makes one.
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
    ``NewsVersion(title, lead, body)``. The original text of a sample is its ``versions`` in
    the sample's language; the other language is a translation written for the demo.
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

Run ``python -m municipium.demo.public_content`` to draw the logos again.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

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
            points = [(left, top), (right, top), (right, shoulder)]
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
    font = None
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
        menu=("page:about", "news", "eservices", "page:council", "page:board", "page:contacts"),
    ),
    "przykladowo": _identity(
        "przykladowo",
        accent="#a3162b",
        logo_alt="Herb Gminy Przykładowo: czerwona tarcza z literą P",
        initials="P",
        shape="shield",
        menu=("page:about", "news", "eservices", "page:council", "page:board", "page:contacts"),
    ),
    "skom": _identity(
        "skom",
        accent="#1f4e8c",
        logo_alt="Емблема на Сдружението на комуникаторите в общините: син кръг с буквите СКО",
        initials="СКО",
        shape="circle",
        menu=("page:about", "news", "page:statute", "page:board", "page:contacts"),
    ),
    "siec-pogranicza": _identity(
        "siec-pogranicza",
        accent="#5b3a8a",
        logo_alt="Logo Sieci Współpracy Gmin Pogranicza: fioletowe koło z literami SWGP",
        initials="SWGP",
        shape="circle",
        menu=("page:about", "news", "page:statute", "page:board", "page:contacts"),
    ),
    "naso-rb": _identity(
        "naso-rb",
        accent="#7a4400",
        logo_alt="Емблема на НАСО РБ: кафяв кръг с буквите НАСО",
        initials="НАСО",
        shape="circle",
        menu=("page:about", "news", "page:statute", "page:board", "page:contacts"),
    ),
    "daeu": _identity(
        "daeu",
        accent="#0b5e75",
        logo_alt="Емблема на Държавна агенция „Електронно управление“: син кръг с буквите ДАЕУ",
        initials="ДАЕУ",
        shape="circle",
        menu=("page:about", "news", "page:statute", "page:board", "page:contacts"),
    ),
}


if __name__ == "__main__":  # pragma: no cover - run by hand to draw the logos again
    for _slug, _identity_ in IDENTITY.items():
        print(logo_write(_slug, _identity_))
