"""The interface is complete in Bulgarian, Polish and English.

The .po catalogs in src/municipium/locale are checked for untranslated and fuzzy messages,
for python-format placeholders that differ from the English original, and against the
source (a fresh `makemessages` must find the same strings). Pages are rendered in each
language, and dates and numbers follow the active locale.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.test import Client
from django.utils import formats, translation

import municipium

PACKAGE_DIR = Path(municipium.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("bg", "pl", "en")
TRANSLATED_LANGUAGES = ("bg", "pl")  # English is the source language: its msgstrs may stay empty
PLURAL_FORMS = {
    "bg": (2, "(n != 1)"),
    "pl": (3, "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "en": (2, "(n != 1)"),
}
# The options of `make messages`.
MAKEMESSAGES_OPTIONS: dict[str, Any] = {
    "no_obsolete": True,
    "add_location": "file",
    "ignore_patterns": ["*/migrations/*"],
}
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib")

# A printf-style conversion as Python's % operator reads it.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conversion>[diouxXeEfFgGcrsa%])"
)


def po_path(language: str, domain: str = "django") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def msgid_text(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def ids(catalog: Catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def placeholders(text: str) -> tuple[frozenset[tuple[str, str]], tuple[str, ...]]:
    """The named placeholders (as a set) and the positional ones (in order) of a string."""
    named: set[tuple[str, str]] = set()
    positional: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match["conversion"] == "%":
            continue
        if match["name"] is not None:
            named.add((match["name"], match["conversion"]))
        else:
            positional.append(match["conversion"])
    return frozenset(named), tuple(positional)


def formats_cleanly(text: str, named: frozenset[tuple[str, str]], count: int) -> bool:
    """Whether `text % arguments` works, as it does at run time (a stray % breaks it)."""
    arguments: Any = {name: 1 for name, _conversion in named} if named else (1,) * count
    try:
        text % arguments
    except (KeyError, TypeError, ValueError):
        return False
    return True


def uses_python_format(message: Message) -> bool:
    return "python-format" in message.flags or any(
        placeholders(text)[0]
        for text in ([message.id] if isinstance(message.id, str) else message.id)
    )


def placeholder_problem(message: Message) -> str | None:
    """Why the placeholders of a translation differ from its msgid's, or None when they agree."""
    if not uses_python_format(message):
        return None
    plural = not isinstance(message.id, str)
    forms = list(message.string) if plural else [message.string]
    if plural:
        singular, many = placeholders(message.id[0]), placeholders(message.id[1])
        expected = [singular] + [many] * (len(forms) - 1)
    else:
        expected = [placeholders(message.id)]
    for index, (form, (named, positional)) in enumerate(zip(forms, expected, strict=True)):
        if not form:
            continue  # untranslated: reported by the completeness test
        found_named, found_positional = placeholders(form)
        label = f"msgstr[{index}]" if plural else "msgstr"
        if index == 0 and plural:
            # The singular form may leave out the number ("one file"), not add unknown ones.
            allowed = placeholders(message.id[0])[0] | placeholders(message.id[1])[0]
            if not found_named <= allowed:
                return f"{label} has {sorted(found_named - allowed)} that the msgid has not"
        elif found_named != named or found_positional != positional:
            return (
                f"{label} has {sorted(found_named) or list(found_positional)}, "
                f"the msgid has {sorted(named) or list(positional)}"
            )
        if not formats_cleanly(form, found_named, len(found_positional)):
            return f"{label} is not a valid Python format string (a stray %?)"
    return None


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """Compile a .mo next to each .po that has none or an older one (`make` normally does it)."""
    compiled = False
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalog = load(po)
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        os.replace(partial, mo)  # atomic: another worker never reads half a file
        compiled = True
    if compiled:
        # Forget the translations Django may have loaded before the .mo files existed.
        setting_changed.send(
            sender=type(settings._wrapped),
            setting="LOCALE_PATHS",
            value=settings.LOCALE_PATHS,
            enter=False,
        )


@pytest.fixture
def catalogs() -> dict[str, Catalog]:
    return {language: load(po_path(language)) for language in LANGUAGES}


# --- The catalogs themselves -------------------------------------------------------------


def test_the_locale_directory_is_the_one_django_reads() -> None:
    assert LOCALE_DIR in [Path(path).resolve() for path in settings.LOCALE_PATHS]
    assert [code for code, _name in settings.LANGUAGES] == list(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_has_a_proper_header(language: str) -> None:
    catalog = load(po_path(language))
    assert str(catalog.locale) == language, "the Language header is missing or wrong"
    assert catalog.charset == "utf-8"
    assert (catalog.num_plurals, catalog.plural_expr) == PLURAL_FORMS[language]
    # `pybabel compile` skips a catalog whose header is fuzzy, leaving the language untranslated.
    assert not catalog.fuzzy, "the header is marked fuzzy"


def test_all_languages_have_the_same_messages(catalogs: dict[str, Catalog]) -> None:
    reference = ids(catalogs["en"])
    for language in TRANSLATED_LANGUAGES:
        assert ids(catalogs[language]) == reference, f"{language} and en differ"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = load(po_path(language))
    assert len(catalog) > 100, "the catalog is nearly empty"
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if len(forms) != (1 if isinstance(message.id, str) else catalog.num_plurals) or not all(
            forms
        ):
            untranslated.append(msgid_text(message))
        if message.fuzzy:
            fuzzy.append(msgid_text(message))
    assert not untranslated and not fuzzy, (
        f"{len(untranslated)} untranslated in {language}: {untranslated}\n"
        f"{len(fuzzy)} fuzzy in {language}: {fuzzy}"
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_the_placeholders_of_the_original(language: str) -> None:
    catalog = load(po_path(language))
    problems = [
        f"{msgid_text(message)!r}: {problem}"
        for message in catalog
        if message.id and (problem := placeholder_problem(message))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "translation_text",
    [
        "Witaj, %(nmae)s.",  # misspelt name
        "Witaj, (name)s.",  # lost %
        "Witaj, %(name)d.",  # other conversion
        "Witaj.",  # placeholder left out
        "Witaj, %(name)s i %(who)s.",  # unknown placeholder
        "Witaj, %(name)s, 100% gotowe.",  # stray percent sign
    ],
)
def test_a_broken_placeholder_is_caught(translation_text: str) -> None:
    message = Message("Welcome, %(name)s.", translation_text, flags={"python-format"})
    assert placeholder_problem(message) is not None


def test_correct_placeholders_pass_in_any_order_and_with_plurals() -> None:
    assert placeholder_problem(Message("%(a)s to %(b)s", "%(b)s от %(a)s")) is None
    assert placeholder_problem(Message("%(p)d%% done", "%(p)d%% gotowe")) is None
    plural = Message(
        ("%(count)d file", "%(count)d files"),
        ("jeden plik", "%(count)d pliki", "%(count)d plików"),
        flags={"python-format"},
    )
    assert placeholder_problem(plural) is None
    plural.string = ("jeden plik", "%(count)d pliki", "%(cuont)d plików")
    assert placeholder_problem(plural) is not None


@pytest.mark.parametrize(
    ("language", "opening", "closing", "foreign"),
    [("bg", "„", "“", "”"), ("pl", "„", "”", "“")],
)
def test_quotation_marks_follow_the_language(
    language: str, opening: str, closing: str, foreign: str
) -> None:
    catalog = load(po_path(language))
    wrong = []
    for message in catalog:
        if not message.id or "“" not in msgid_text(message):
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        for form in forms:
            if opening not in form or closing not in form or foreign in form or '"' in form:
                wrong.append(form)
    assert not wrong, f"use {opening}…{closing} in {language}: {wrong}"


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in GETTEXT_TOOLS),
    reason="xgettext (GNU gettext) not installed",
)
def test_the_catalogs_hold_exactly_the_strings_of_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    copy = tmp_path / "municipium"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po", "*.pot"),
    )
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=["bg"], verbosity=0, **MAKEMESSAGES_OPTIONS)

    fresh = ids(load(copy / "locale" / "bg" / "LC_MESSAGES" / "django.po"))
    committed = ids(load(po_path("bg")))
    missing = sorted(str(key[1]) for key in fresh - committed)
    stale = sorted(str(key[1]) for key in committed - fresh)
    assert not missing and not stale, (
        "the catalogs are out of date, run `make messages` and translate.\n"
        f"New in the source: {missing}\nNo longer in the source: {stale}"
    )


# --- The running site --------------------------------------------------------------------

SIGN_IN = {"bg": "Вход", "pl": "Zaloguj się", "en": "Sign in"}
FORGOT_PASSWORD = {
    "bg": "Забравена парола?",
    "pl": "Nie pamiętasz hasła?",
    "en": "Forgot your password?",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_is_in_the_language_of_the_cookie(db: Any, language: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{SIGN_IN[language]}</h1>" in html
    assert FORGOT_PASSWORD[language] in html
    if language != "en":
        assert FORGOT_PASSWORD["en"] not in html


@pytest.mark.parametrize(("header", "language"), [("pl-PL,pl;q=0.9", "pl"), ("bg", "bg")])
def test_the_browser_language_is_used_without_a_cookie(db: Any, header: str, language: str) -> None:
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=header)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{SIGN_IN[language]}</h1>" in html


def test_a_lazy_choice_label_follows_the_active_language() -> None:
    from municipium.tenants.models import Role

    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = str(Role.REGISTRAR.label)
    assert labels == {"bg": "Деловодител", "pl": "Pracownik kancelarii", "en": "Registrar"}


# --- Dates and numbers -------------------------------------------------------------------


def in_language(language: str, function: Any, *args: Any, **kwargs: Any) -> str:
    with translation.override(language):
        return str(function(*args, **kwargs))


def test_short_dates_are_formatted_in_the_active_locale() -> None:
    day = date(2026, 11, 21)
    short = {
        lang: in_language(lang, formats.date_format, day, "SHORT_DATE_FORMAT") for lang in LANGUAGES
    }
    assert short["en"] == "11/21/2026"
    assert short["bg"] in {"21.11.2026", "21.11.2026 г."}
    assert short["pl"] in {"21.11.2026", "21-11-2026"}
    assert short["bg"] != short["en"] and short["pl"] != short["en"]


def test_month_names_are_in_the_active_language() -> None:
    day = date(2026, 11, 21)
    assert "ноември" in in_language("bg", formats.date_format, day, "j F Y").lower()
    assert "listopada" in in_language("pl", formats.date_format, day)
    assert "Nov" in in_language("en", formats.date_format, day)


def test_numbers_use_a_decimal_comma_in_bulgarian_and_polish() -> None:
    amount = Decimal("1234.5")
    assert in_language("bg", formats.number_format, amount, 2) == "1234,50"
    assert in_language("pl", formats.number_format, amount, 2) == "1234,50"
    assert in_language("en", formats.number_format, amount, 2) == "1234.50"


def test_dates_follow_the_offices_own_conventions() -> None:
    from django.utils import translation

    day = date(2026, 11, 21)
    with translation.override("bg"):
        assert formats.date_format(day) == "21.11.2026 г."
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "21.11.2026"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
    with translation.override("pl"):
        assert formats.date_format(day) == "21 listopada 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "21.11.2026"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
