"""Contact points (departments with opening hours): edited in the office, shown on the page
marked as the contacts page and at /<org>/contacts/, with schema.org GovernmentOffice data."""

from __future__ import annotations

import json
import re
from datetime import time

from django.core.cache import cache

from municipium.audit.models import AuditEntry
from municipium.newsroom.models import ContactPoint, OpeningHours
from municipium.newsroom.services.pages import contact_point_save
from municipium.tenants.public import MENU_SOURCES

from .conftest import client_for
from .pages_support import _empty_cache, make_page  # noqa: F401

FORM = {
    "name_bg": "Център за услуги",
    "name_en": "Service centre",
    "address": "пл. Свобода 1",
    "phone": "+359 2 123 4567",
    "email": "uslugi@alfa.bg",
    "hours_0": "08:30-12:00, 13:00-17:00",
    "hours_2": "9.00 – 12.00",
}


def _json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_communications_add_a_contact_point_with_several_intervals_a_day(world) -> None:
    client = client_for(world.communications_a)
    answer = client.post("/alpha/office/contacts/new/", {**FORM, "unit": world.unit_a.pk})
    assert answer.status_code == 302
    contact = ContactPoint.objects.get()
    assert contact.names == {"bg": "Център за услуги", "en": "Service centre"}
    assert contact.unit == world.unit_a
    assert [str(h) for h in contact.hours.all()] == [
        "Monday 08:30–12:00",
        "Monday 13:00–17:00",
        "Wednesday 09:00–12:00",
    ]
    assert AuditEntry.objects.filter(action="contact_point.create").exists()
    edit = client.get(f"/alpha/office/contacts/{contact.pk}/").content.decode()
    assert 'value="08:30-12:00, 13:00-17:00"' in edit


def test_bad_hours_are_form_errors_and_nothing_is_saved(world) -> None:
    client = client_for(world.communications_a)
    for hours in ("8-12", "17:00-08:00", "25:00-26:00"):
        answer = client.post("/alpha/office/contacts/new/", {**FORM, "hours_1": hours})
        assert answer.status_code == 400
    overlapping = client.post(
        "/alpha/office/contacts/new/", {**FORM, "hours_1": "08:00-12:00, 11:00-13:00"}
    )
    assert overlapping.status_code == 400 and "overlap" in overlapping.content.decode()
    assert not ContactPoint.objects.exists() and not OpeningHours.objects.exists()


def test_a_unit_of_another_organisation_is_refused(world) -> None:
    answer = client_for(world.admin_a).post(
        "/alpha/office/contacts/new/", {**FORM, "unit": world.unit_b.pk}
    )
    assert answer.status_code == 400 and not ContactPoint.objects.exists()


def test_others_may_not_edit_contact_points(world) -> None:
    contact = contact_point_save(organisation=world.org_a, actor=world.admin_a, names={"bg": "Х"})
    for persona in ("official_a", "admin_b", "citizen"):
        client = client_for(getattr(world, persona))
        assert client.get("/alpha/office/contacts/").status_code == 403
        assert (
            client.post(f"/alpha/office/contacts/{contact.pk}/", {"delete": "1"}).status_code == 403
        )
    assert client_for(world.admin_b).get(f"/beta/office/contacts/{contact.pk}/").status_code == 404
    assert ContactPoint.objects.exists()


def test_the_contacts_page_shows_the_hours_and_government_office_data(world) -> None:
    contact_point_save(
        organisation=world.org_a,
        actor=world.admin_a,
        names={"bg": "Деловодство", "en": "Registry office"},
        phone="+359 2 765",
        hours=[(0, time(8, 30), time(12)), (0, time(13), time(17)), (4, time(8, 30), time(12))],
    )
    make_page(world, "Контакти", "kontakti", is_contacts=True)
    html = client_for(None, "bg").get("/alpha/pages/kontakti/").content.decode()
    assert "Деловодство" in html and "08:30–12:00, 13:00–17:00" in html
    data = _json_ld(html)
    office = data["@graph"][0]
    assert data["@context"] == "https://schema.org" and office["@type"] == "GovernmentOffice"
    assert office["name"] == "Деловодство" and office["telephone"] == "+359 2 765"
    assert office["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "08:30",
        "closes": "12:00",
    }
    english = client_for(None, "en").get("/alpha/contacts/").content.decode()
    assert _json_ld(english)["@graph"][0]["name"] == "Registry office"


def test_text_in_the_json_ld_cannot_close_its_script(world) -> None:
    contact_point_save(
        organisation=world.org_a, actor=world.admin_a, names={"bg": "</script><script>x()"}
    )
    html = client_for(None, "bg").get("/alpha/contacts/").content.decode()
    assert "</script><script>x()" not in html
    assert _json_ld(html)["@graph"][0]["name"] == "</script><script>x()"


def test_without_contact_points_there_is_no_contacts_page(world) -> None:
    assert client_for(None).get("/alpha/contacts/").status_code == 404


def test_the_contacts_list_runs_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    for number in range(6):
        contact_point_save(
            organisation=world.org_a,
            actor=world.admin_a,
            names={"bg": f"Отдел {number}"},
            hours=[(day, time(9), time(17)) for day in range(5)],
        )
    # 4 for the page, one per app that may offer a link in the site's menu.
    with django_assert_max_num_queries(4 + len(MENU_SOURCES)):
        html = client_for(None, "bg").get("/alpha/contacts/").content.decode()
    assert html.count('<div class="contact-point">') == 6
    client = client_for(world.communications_a)
    with django_assert_max_num_queries(24):  # a signed-in page: session, membership, nav
        office = client.get("/alpha/office/contacts/")
    assert office.content.decode().count("Отдел ") == 6


def test_a_change_of_hours_renews_the_cached_contacts_page(
    world, django_capture_on_commit_callbacks
) -> None:
    contact = contact_point_save(
        organisation=world.org_a, actor=world.admin_a, names={"bg": "Деловодство"},
        hours=[(0, time(8), time(12))],
    )  # fmt: skip
    visitor = client_for(None, "bg")
    assert "08:00–12:00" in visitor.get("/alpha/contacts/").content.decode()
    generation = cache.get(f"public:generation:org:{world.org_a.slug}")
    with django_capture_on_commit_callbacks(execute=True):
        contact_point_save(
            organisation=world.org_a, actor=world.admin_a, contact=contact,
            names={"bg": "Деловодство"}, hours=[(0, time(9), time(12))],
        )  # fmt: skip
    assert cache.get(f"public:generation:org:{world.org_a.slug}") != generation
    assert "09:00–12:00" in visitor.get("/alpha/contacts/").content.decode()
