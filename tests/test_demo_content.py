"""The public content of the demo organisations (demo/public_content.py) is complete and clean:
contrast, logos, one version per language, HTML the sanitiser leaves as it is, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from municipium.demo import public_content as content
from municipium.demo.data import ORGANISATIONS
from municipium.demo.samples import news_samples
from municipium.events.demo import EVENTS
from municipium.newsroom.richtext import images_without_alt, sanitize

SPECS = {spec.slug: spec for spec in ORGANISATIONS} | {
    spec.slug: spec for spec in content.NEW_ORGANISATIONS
}


def _html_fields() -> list[tuple[str, str]]:
    """(where, html) of every piece of HTML in the content, bodies and inline fields."""
    found = []
    for slug, pages in content.PAGES.items():
        for page in pages:
            for language, version in page.versions.items():
                found.append((f"page {slug}/{page.key}/{language}", version.body))
    for slug, items in content.NEWS.items():
        for item in items:
            for language, version in item.versions.items():
                found.append((f"news {slug}/{item.key}/{language}", version.body))
    for slug, answers in content.ACCESSIBILITY.items():
        for language, texts in answers.texts.items():
            where = f"accessibility {slug}/{language}"
            inline = [texts.feedback, texts.enforcement, texts.out_of_scope]
            inline += [texts.architecture, texts.sign_language, texts.disproportionate_burden]
            inline += [part for pair in texts.non_accessible for part in pair]
            found += [(where, f"<p>{text}</p>") for text in inline if text]
    for slug, answers in content.PRIVACY.items():
        for language, texts in answers.texts.items():
            where = f"privacy {slug}/{language}"
            inline = [texts.retention, texts.recipients, texts.rights, texts.authority]
            inline += [part for pair in texts.purposes for part in pair]
            found += [(where, f"<p>{text}</p>") for text in inline]
    return found


def test_the_content_covers_the_four_demo_organisations_and_the_two_new_ones():
    assert set(SPECS) == set(content.SLUGS)
    for mapping in (content.IDENTITY, content.PAGES, content.NEWS, content.ACCESSIBILITY):
        assert set(mapping) == set(SPECS)
    assert set(content.PRIVACY) == set(SPECS)
    for slug, spec in SPECS.items():
        assert content.LANGUAGES_OF[slug] == spec.languages
        assert content.COUNTRY_OF[slug] == spec.country


def test_the_new_organisations_are_the_secretaries_and_the_agency_with_fictional_contacts():
    kinds = {spec.slug: spec.kind for spec in content.NEW_ORGANISATIONS}
    assert kinds == {"naso-rb": "association", "daeu": "agency"}
    for spec in content.NEW_ORGANISATIONS:
        assert spec.email.endswith(".example.bg")
        assert spec.phone.startswith("02 000 ")
        assert spec.languages == ["bg", "en"]
        assert spec.country == "BG"
    assert content.NEW_ORGANISATIONS[0].short_name == "НАСО РБ"


def test_every_accent_colour_reaches_4_5_to_1_against_white():
    for slug, identity in content.IDENTITY.items():
        assert content.contrast_with_white(identity.accent) >= 4.5, slug


def test_a_colour_that_fails_contrast_is_refused():
    assert round(content.contrast_with_white("#000000"), 1) == 21.0
    assert round(content.contrast_with_white("#ffffff"), 1) == 1.0
    assert round(content.contrast_with_white("#767676"), 2) == 4.54
    with pytest.raises(ValueError, match=r"4\.5:1"):
        content.accent_checked("#777777")
    with pytest.raises(ValueError):
        content.accent_checked("blue")


def test_every_logo_is_a_256_pixel_square_png_with_alt_text():
    for slug, identity in content.IDENTITY.items():
        assert identity.logo.name == f"{slug}.png"
        assert identity.logo.is_file(), slug
        with Image.open(identity.logo) as image:
            assert image.format == "PNG"
            assert image.size == (256, 256)
        assert len(identity.logo_alt) > 20


def test_logos_alt_texts_are_in_the_main_language_of_their_organisation():
    for slug, identity in content.IDENTITY.items():
        cyrillic = any("а" <= char.lower() <= "я" for char in identity.logo_alt)
        assert cyrillic == (SPECS[slug].languages[0] == "bg"), slug


def test_the_menu_names_only_pages_that_exist_the_news_and_what_the_demo_offers():
    for slug, identity in content.IDENTITY.items():
        keys = {f"page:{page.key}" for page in content.PAGES[slug]}
        assert keys <= set(identity.menu)
        assert "news" in identity.menu
        assert set(identity.menu) <= keys | {
            "news",
            "events",
            "consultations",
            "eservices",
            "figures",
        }
        # "events" where the demo's events are held or co-organised.
        holders = {e.organisation for e in EVENTS} | {s for e in EVENTS for s in e.co_organisers}
        assert ("events" in identity.menu) == (slug in holders), slug
        # Only municipalities offer e-services, consult and publish figures in the demo.
        if SPECS[slug].kind != "municipality":
            assert not {"eservices", "consultations", "figures"} & set(identity.menu)


def test_every_page_has_one_version_per_language_of_its_organisation_with_its_own_slug():
    for slug, pages in content.PAGES.items():
        languages = SPECS[slug].languages
        assert {page.key for page in pages} >= {"about", "board", "contacts"}
        assert {"statute", "council"} & {page.key for page in pages}
        for language in languages:
            slugs = [page.versions[language].slug for page in pages]
            assert len(set(slugs)) == len(slugs), (slug, language)
        for page in pages:
            assert list(page.versions) == languages, (slug, page.key)
            assert page.parent is None or page.parent in {p.key for p in pages}
            for version in page.versions.values():
                assert version.title
                assert version.slug == version.slug.lower()
                assert version.slug.replace("-", "").isascii()


def test_the_contacts_page_lists_each_department_with_its_opening_hours():
    for slug, pages in content.PAGES.items():
        contacts = next(page for page in pages if page.key == "contacts")
        assert contacts.departments
        for department in contacts.departments:
            assert set(department.name) == set(SPECS[slug].languages)
            assert department.hours and set(department.hours) <= set(range(7))
            for opens, closes in department.hours.values():
                assert opens < closes
            for language, version in contacts.versions.items():
                assert department.name[language] in version.body
                assert f"mailto:{department.email}" in version.body
    body = next(p for p in content.PAGES["primerovo"] if p.key == "contacts").versions["bg"].body
    assert "вторник: 09:00–12:00; четвъртък: 13:30–16:30" in body
    assert "понеделник – петък: 08:30–17:00; събота: 09:00–13:00" in body


def test_the_board_page_names_people_in_the_page_language():
    board = next(p for p in content.PAGES["naso-rb"] if p.key == "board")
    assert "Милена Стефанова" in board.versions["bg"].body
    assert "Milena Stefanova" in board.versions["en"].body
    assert content.transliterate_bg("Мария Щерева") == "Maria Shtereva"


def test_every_news_item_has_one_version_per_language_with_title_lead_and_body():
    for slug, items in content.NEWS.items():
        languages = SPECS[slug].languages
        assert {item.kind for item in items} == {"news", "press_release", "announcement"}
        for item in items:
            assert list(item.versions) == languages, (slug, item.key)
            assert set(item.tags) == set(languages)
            for version in item.versions.values():
                assert version.title and version.lead and version.body
        assert len({item.key for item in items}) == len(items)


def test_every_html_body_is_already_clean_and_has_no_image_without_alt():
    fields = _html_fields()
    assert len(fields) > 200
    for where, html in fields:
        assert sanitize(html) == html, where
        assert images_without_alt(html) == 0, where
        assert "lorem" not in html.lower(), where


def test_news_dates_are_aware_and_the_demo_news_are_of_2026_before_december():
    for items in content.NEWS.values():
        for item in items:
            assert item.published_at.tzinfo is not None
            assert item.published_at.utcoffset() is not None
            if item.sample is None:
                assert dt.datetime(2026, 1, 1, tzinfo=dt.UTC) <= item.published_at
                assert item.published_at < dt.datetime(2026, 12, 1, tzinfo=dt.UTC), item.key


def test_the_three_real_texts_are_news_of_their_organisations_with_the_dates_of_the_texts():
    samples = {
        item.sample: (slug, item)
        for slug, items in content.NEWS.items()
        for item in items
        if item.sample
    }
    assert set(samples) == {sample.slug for sample in news_samples()}
    expected = {
        "bg-asko-24-years": ("skom", dt.date(2024, 6, 13), "bg"),
        "bg-naso-egov-meeting": ("naso-rb", dt.date(2019, 1, 9), "bg"),
        "pl-konferencja-podsumowujaca": ("siec-pogranicza", dt.date(2014, 9, 23), "pl"),
    }
    for stem, (slug, date, language) in expected.items():
        owner, item = samples[stem]
        assert owner == slug
        assert item.published_at.date() == date
        original = item.versions[language]
        text = next(sample for sample in news_samples() if sample.slug == stem).body
        assert original.lead.replace("\xa0", " ") in text.replace("\xa0", " ")
    naso = samples["bg-naso-egov-meeting"][1]
    assert naso.mentions == ("daeu",)
    assert "ДА „Електронно управление”" in naso.versions["bg"].title


def test_the_polish_text_is_cleaned_of_the_website_navigation():
    item = next(i for i in content.NEWS["siec-pogranicza"] if i.sample)
    version = item.versions["pl"]
    assert version.title == "Konferencja podsumowująca"
    for junk in ("STRONA GŁÓWNA", "AKTUALNOŚCI", "Kalendarium", "Październik 2014"):
        assert junk not in version.body
        assert junk not in version.lead
    assert "Śmiłowicach" in version.body


def test_the_accessibility_statements_answer_the_eu_model_and_the_polish_fields():
    for slug, answers in content.ACCESSIBILITY.items():
        assert answers.status == "partially_compliant"
        assert answers.method == "self_assessment"
        assert answers.site_published_on <= answers.prepared_on <= answers.reviewed_on
        assert answers.reviewed_on <= dt.date(2026, 12, 5)
        assert answers.contact_name and "@" in answers.contact_email
        assert list(answers.texts) == SPECS[slug].languages
        for texts in answers.texts.values():
            assert len(texts.non_accessible) >= 3
            assert texts.feedback and texts.enforcement
            if SPECS[slug].country == "PL":
                assert texts.architecture and texts.sign_language
            else:
                assert not texts.architecture and not texts.sign_language


def test_the_privacy_notices_name_controller_dpo_purposes_with_legal_bases():
    for slug, answers in content.PRIVACY.items():
        assert answers.controller_name and answers.controller_address
        assert "@" in answers.controller_email and "@" in answers.dpo_email
        assert list(answers.texts) == SPECS[slug].languages
        for language, texts in answers.texts.items():
            assert len(texts.purposes) >= 3
            assert all(purpose and basis for purpose, basis in texts.purposes)
            assert texts.retention and texts.recipients and texts.rights and texts.authority
            if language != "en":
                assert ("РЕГЛАМЕНТ" in " ".join(b for _, b in texts.purposes).upper()) or (
                    "RODO" in " ".join(b for _, b in texts.purposes)
                )
