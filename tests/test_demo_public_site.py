"""`municipium demo` gives each of the six organisations its public site from
demo/public_content.py: logo and colour, statement and privacy notice, pages in every
language, the three real news texts on their real dates and the demo's own news, the menu in
the content's order; a second run creates nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape

from municipium.audit.models import AuditEntry
from municipium.demo import public_content as content
from municipium.demo.data import demo_email
from municipium.newsroom.models import (
    ContactPoint,
    NewsItem,
    NewsState,
    NewsTranslation,
    Page,
    PageState,
    PageTranslation,
)
from municipium.tenants.models import AccessibilityStatement, MenuItem, Organisation, PrivacyNotice

from .conftest import client_for

SAMPLES = {
    "skom": ("asko-24-years", dt.date(2024, 6, 13)),
    "naso-rb": ("naso-egov-meeting", dt.date(2019, 1, 9)),
    "siec-pogranicza": ("konferencja-podsumowujaca", dt.date(2014, 9, 23)),
}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _nav(page: str) -> str:
    start = page.index('class="site-menu"')
    return page[start : page.index("</nav>", start)]


def _main(slug: str) -> str:
    return content.LANGUAGES_OF[slug][0]


class DemoPublicSites(TestCase):
    """The demo is loaded once for the class (Django rolls it back afterwards); each test
    only reads it, in its own savepoint."""

    first_run = ""
    media = ""

    @classmethod
    def _storages(cls) -> dict[str, Any]:
        # The class's own folder for the files (logos) it stores, as every test has its own.
        return {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": cls.media},
            },
        }

    @classmethod
    def setUpTestData(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="demo-media-")
        cls.addClassCleanup(shutil.rmtree, cls.media, ignore_errors=True)
        out = io.StringIO()
        with override_settings(STORAGES=cls._storages()):
            call_command("demo", "--quiet", stdout=out)
        cls.first_run = out.getvalue()

    def setUp(self) -> None:
        storages = self.settings(STORAGES=self._storages())
        storages.enable()
        self.addCleanup(storages.disable)
        cache.clear()

    def test_the_two_new_organisations_exist_with_their_staff_in_the_login_table(self) -> None:
        for spec in content.NEW_ORGANISATIONS:
            organisation = Organisation.objects.get(slug=spec.slug)
            assert (organisation.name, organisation.kind, organisation.languages) == (
                spec.name,
                spec.kind,
                spec.languages,
            )
            roles = {
                role
                for membership in organisation.memberships.all()
                for role in membership.roles.values_list("role", flat=True)
            }
            assert {"admin", "communications"} <= roles
        out = io.StringIO()
        call_command("demo", stdout=out)  # the login table
        assert demo_email("communications", "daeu") in out.getvalue()
        assert demo_email("admin", "naso-rb") in out.getvalue()

    def test_each_organisation_has_its_logo_colour_statement_and_privacy_notice(self) -> None:
        for slug in content.SLUGS:
            with self.subTest(slug=slug):
                organisation = Organisation.objects.select_related("logo").get(slug=slug)
                identity = content.IDENTITY[slug]
                assert organisation.accent_colour == identity.accent
                assert organisation.logo is not None
                assert organisation.logo.alt_text == identity.logo_alt
                assert organisation.logo.file.sha256  # stored by its hash, like every public file
                home = client_for(None, _main(slug)).get(f"/{slug}/").content.decode()
                assert f'src="{organisation.logo.get_absolute_url()}"' in home
                assert f'alt="{identity.logo_alt}"' in home
                logo = client_for(None).get(organisation.logo.get_absolute_url())
                assert logo.status_code == 200
                assert b"".join(logo.streaming_content) == identity.logo.read_bytes()  # type: ignore[attr-defined]
                css = client_for(None).get(f"/{slug}/site.css").content.decode()
                assert f"--brand: {identity.accent}" in css

                answers = content.ACCESSIBILITY[slug]
                statement = AccessibilityStatement.objects.get(organisation=organisation)
                assert statement.status == "partial"
                assert statement.reviewed_on == answers.reviewed_on
                assert len(statement.non_compliant_items) == 3
                page = _text(client_for(None).get(f"/{slug}/accessibility/").content.decode())
                assert "partially compliant" in page
                assert answers.contact_email in page
                first_problem = answers.texts[_main(slug)].non_accessible[0][0]
                assert first_problem in page
                days = 14 if content.COUNTRY_OF[slug] == "BG" else 7
                assert f"We answer within {days} days" in page
                if content.COUNTRY_OF[slug] == "PL":
                    assert statement.architecture and statement.sign_language

                notice = PrivacyNotice.objects.get(organisation=organisation)
                assert notice.dpo_email == content.PRIVACY[slug].dpo_email
                assert "a" in notice.legal_bases  # the newsletter rests on consent everywhere
                privacy = _text(client_for(None).get(f"/{slug}/privacy/").content.decode())
                assert content.PRIVACY[slug].texts[_main(slug)].purposes[0][0] in privacy

    def test_each_organisation_publishes_its_pages_in_each_of_its_languages(self) -> None:
        for slug in content.SLUGS:
            with self.subTest(slug=slug):
                organisation = Organisation.objects.get(slug=slug)
                pages = Page.objects.filter(organisation=organisation)
                assert pages.count() == len(content.PAGES[slug])
                assert set(pages.values_list("state", flat=True)) == {PageState.PUBLISHED}
                keys = [page.key for page in content.PAGES[slug]]
                assert keys[0] == "about" and keys[2:] == ["board", "contacts"]
                assert keys[1] in ("statute", "council")
                for spec in content.PAGES[slug]:
                    for language, version in spec.versions.items():
                        response = client_for(None, language).get(f"/{slug}/pages/{version.slug}/")
                        assert response.status_code == 200, (slug, spec.key, language)
                        page = response.content.decode()
                        assert f"<h1>{escape(version.title)}</h1>" in page
                        if spec.key == "about":
                            # the text as written: the first paragraph of the body is on the page
                            first = re.search(r"<p>(.*?)</p>", version.body)
                            assert first is not None and first.group(1) in page
                        if spec.key == "board":
                            person = content.BOARDS[slug][0]
                            name = (
                                content.transliterate_bg(person.name)
                                if language == "en"
                                else person.name
                            )
                            assert escape(name) in page and escape(person.role[language]) in page

    def test_the_contacts_page_shows_each_department_once_with_its_hours(self) -> None:
        for slug in content.SLUGS:
            with self.subTest(slug=slug):
                contacts = next(page for page in content.PAGES[slug] if page.key == "contacts")
                organisation = Organisation.objects.get(slug=slug)
                points = ContactPoint.objects.filter(organisation=organisation)
                assert points.count() == len(contacts.departments)
                page_row = PageTranslation.objects.get(
                    organisation=organisation,
                    language=_main(slug),
                    slug=contacts.versions[_main(slug)].slug,
                ).page
                assert page_row.is_contacts
                for language, version in contacts.versions.items():
                    page = (
                        client_for(None, language)
                        .get(f"/{slug}/pages/{version.slug}/")
                        .content.decode()
                    )
                    for department in contacts.departments:
                        assert page.count(f"<h3>{escape(department.name[language])}</h3>") == 1
                        assert f'href="mailto:{department.email}"' in page
                    first = contacts.departments[0]
                    _day, (opens, closes) = min(first.hours.items())
                    assert f"{opens}–{closes}" in page
                    assert "OpeningHoursSpecification" in page
                point = points.get(
                    **{f"names__{_main(slug)}": contacts.departments[0].name[_main(slug)]}
                )
                assert {(h.weekday, f"{h.opens:%H:%M}") for h in point.hours.all()} == {
                    (day, opens) for day, (opens, _closes) in contacts.departments[0].hours.items()
                }

    def test_the_three_real_texts_are_published_on_their_real_dates(self) -> None:
        for slug in sorted(SAMPLES):
            with self.subTest(slug=slug):
                key, date = SAMPLES[slug]
                spec = next(item for item in content.NEWS[slug] if item.key == key)
                assert spec.sample is not None
                translation = NewsTranslation.objects.select_related("item").get(
                    organisation__slug=slug, language=_main(slug), slug=key
                )
                item = translation.item
                assert item.state == NewsState.PUBLISHED
                assert item.published_at == spec.published_at
                assert item.published_at.astimezone(spec.published_at.tzinfo).date() == date
                assert (
                    item.created_at == item.published_at
                )  # the metryczka does not contradict itself
                assert item.responsible == spec.author
                assert sorted(tag.name for tag in item.tags.all()) == sorted(spec.tags[_main(slug)])
                response = client_for(None, _main(slug)).get(f"/{slug}/news/{key}/")
                assert response.status_code == 200
                page = response.content.decode()
                original = spec.versions[_main(slug)]
                assert escape(original.title) in page
                assert escape(original.lead) in page
                last_paragraph = re.findall(r"<p>(.*?)</p>", original.body)[-1]
                assert last_paragraph in page
                assert (
                    f'datetime="{item.published_at.isoformat()}"' in page
                    or date.isoformat() in page
                )
                english = item.translations.get(language="en")
                answer = client_for(None, "en").get(f"/{slug}/news/{english.slug}/")
                assert answer.status_code == 200
                assert escape(spec.versions["en"].title) in answer.content.decode()

    def test_every_news_item_of_the_content_is_published_in_each_language(self) -> None:
        for slug in content.SLUGS:
            with self.subTest(slug=slug):
                items = NewsItem.objects.filter(organisation__slug=slug)
                assert items.count() == len(content.NEWS[slug])
                assert set(items.values_list("state", flat=True)) == {NewsState.PUBLISHED}
                for spec in content.NEWS[slug]:
                    item = items.get(
                        translations__slug=spec.key, translations__language=_main(slug)
                    )
                    assert item.kind == spec.kind
                    assert item.published_at == spec.published_at
                    assert set(item.translations.values_list("language", flat=True)) == set(
                        spec.versions
                    )

    def test_the_home_page_shows_the_lead_news_and_the_menu_in_the_contents_order(self) -> None:
        for slug in content.SLUGS:
            with self.subTest(slug=slug):
                language = _main(slug)
                page = client_for(None, language).get(f"/{slug}/").content.decode()
                newest = max(content.NEWS[slug], key=lambda item: item.published_at)
                lead = page[page.index('class="news-lead"') :]
                lead = lead[: lead.index("</article>")]
                assert escape(newest.versions[language].title) in lead
                assert f'href="/{slug}/news/{newest.key}/"' in lead

                pages = {spec.key: spec.versions[language].slug for spec in content.PAGES[slug]}
                expected = []
                for key in content.IDENTITY[slug].menu:
                    if key.startswith("page:"):
                        expected.append(f"/{slug}/pages/{pages[key.removeprefix('page:')]}/")
                    elif key == "news":
                        expected.append(reverse("newsroom:news_list", kwargs={"org": slug}))
                    elif key == "figures":
                        expected.append(reverse("insights:public", kwargs={"org": slug}))
                    elif key == "events":
                        expected.append(reverse("events:list", kwargs={"org": slug}))
                    elif key == "consultations":
                        expected.append(reverse("consultations:list", kwargs={"org": slug}))
                    else:
                        expected.append(reverse("eservices:services", kwargs={"org": slug}))
                hrefs = re.findall(r'href="([^"]+)"', _nav(page))
                assert hrefs == expected

    def test_the_new_organisations_public_pages_work_for_anonymous_visitors(self) -> None:
        for slug in ["naso-rb", "daeu"]:
            with self.subTest(slug=slug):
                organisation = Organisation.objects.get(slug=slug)
                for language in organisation.languages:
                    visitor = client_for(None, language)
                    home = visitor.get(f"/{slug}/")
                    assert home.status_code == 200
                    assert organisation.name in home.content.decode()
                    news = visitor.get(f"/{slug}/news/").content.decode()
                    for spec in content.NEWS[slug]:
                        assert escape(spec.versions[language].title) in news
                    contacts = visitor.get(f"/{slug}/contacts/").content.decode()
                    contacts_page = next(p for p in content.PAGES[slug] if p.key == "contacts")
                    for department in contacts_page.departments:
                        assert escape(department.email) in contacts
                    statement = visitor.get(f"/{slug}/accessibility/").content.decode()
                    answers = content.ACCESSIBILITY[slug]
                    assert escape(answers.contact_email) in statement
                    privacy = visitor.get(f"/{slug}/privacy/").content.decode()
                    assert escape(content.PRIVACY[slug].controller_email) in privacy
                    feed = visitor.get(f"/{slug}/news/feed.atom")
                    assert feed.status_code == 200
                    assert (
                        escape(content.NEWS[slug][0].versions[language].title)
                        in feed.content.decode()
                    )
                installation = client_for(None).get("/").content.decode()
                assert f'href="/{slug}/"' in installation

    def test_a_second_run_creates_and_journals_nothing(self) -> None:
        counted = (Page, PageTranslation, NewsItem, NewsTranslation, ContactPoint, MenuItem)
        before = {model.__name__: model.objects.count() for model in counted}
        entries = AuditEntry.objects.count()
        positions = list(MenuItem.objects.values_list("organisation_id", "key", "position"))
        out = io.StringIO()
        call_command("demo", "--quiet", stdout=out)
        assert "nothing changed" in out.getvalue()
        assert "news texts kept" not in out.getvalue()
        assert {model.__name__: model.objects.count() for model in counted} == before
        assert AuditEntry.objects.count() == entries
        assert list(MenuItem.objects.values_list("organisation_id", "key", "position")) == positions
        assert "created" in self.first_run  # the first run did create
