"""An organisation's admin manages its profile, units and people; every change is audited."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from municipium.accounts.models import User
from municipium.audit.models import AuditEntry
from municipium.tenants import services
from municipium.tenants.models import Membership, Organisation, Role, Unit

from .conftest import client_for


def _last_entry(chain: str = "alpha") -> AuditEntry:
    return AuditEntry.objects.filter(chain=chain).latest("seq")


def test_admin_adds_a_unit_and_the_journal_records_it(world):
    client = client_for(world.admin_a)
    response = client.post(
        "/alpha/office/settings/units/",
        {"code": "UT", "name": "Устройство", "parent": world.unit_a.pk},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(organisation=world.org_a, code="UT")
    assert unit.parent == world.unit_a
    entry = _last_entry()
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "unit.create",
        world.admin_a.pk,
        str(unit.pk),
    )


def test_a_duplicate_unit_symbol_is_a_form_error_and_changes_nothing(world):
    client = client_for(world.admin_a)
    before = (Unit.objects.count(), AuditEntry.objects.count())
    response = client.post("/alpha/office/settings/units/", {"code": "ADM", "name": "Again"})
    assert response.status_code == 400
    assert "code" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before


def test_the_same_symbol_may_exist_in_another_organisation(world):
    client = client_for(world.admin_a)
    response = client.post("/alpha/office/settings/units/", {"code": "OR", "name": "Org"})
    assert response.status_code == 302


def test_a_unit_cannot_be_placed_under_itself_or_its_child(world):
    child = services.unit_create(
        organisation=world.org_a, actor=None, code="SUB", name="Sub", parent=world.unit_a
    )
    client = client_for(world.admin_a)
    response = client.post(
        f"/alpha/office/settings/units/{world.unit_a.pk}/",
        {"code": "ADM", "name": "Администрация", "parent": child.pk, "is_active": "on"},
    )
    assert response.status_code == 400
    world.unit_a.refresh_from_db()
    assert world.unit_a.parent is None


def test_a_parent_from_another_organisation_is_refused(world):
    with pytest.raises(ValidationError):
        services.unit_create(
            organisation=world.org_a, actor=None, code="X", name="X", parent=world.unit_b
        )


def test_editing_a_unit_of_another_organisation_is_not_found(world):
    client = client_for(world.admin_a)
    response = client.post(
        f"/alpha/office/settings/units/{world.unit_b.pk}/", {"code": "HACK", "name": "x"}
    )
    assert response.status_code == 404
    world.unit_b.refresh_from_db()
    assert world.unit_b.code == "OR"


def test_unit_edit_records_only_what_changed(world):
    client = client_for(world.admin_a)
    client.post(
        f"/alpha/office/settings/units/{world.unit_a.pk}/",
        {"code": "ADM", "name": "Нова администрация", "is_active": "on"},
    )
    assert _last_entry().changes == {"name": ["Администрация", "Нова администрация"]}


def test_admin_invites_a_new_person_who_gets_a_link_to_choose_a_password(world, smtp_server):
    client = client_for(world.admin_a)
    response = client.post(
        "/alpha/office/settings/people/",
        {
            "email": "New.Person@example.org",
            "full_name": "Нов Служител",
            "roles": ["registrar", "official"],
            "unit": world.unit_a.pk,
            "position": "експерт",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.person@example.org")
    assert membership.role_codes == ["official", "registrar"]
    assert not membership.user.has_usable_password()
    mail = smtp_server.messages[0]
    assert mail.recipients == ["new.person@example.org"]
    link = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", mail.body).group(0)
    response = client_for(None).get(link, follow=True)
    assert response.context["validlink"] is True


def test_an_existing_account_is_added_without_a_new_user(world, smtp_server):
    client = client_for(world.admin_a)
    users = User.objects.count()
    response = client.post(
        "/alpha/office/settings/people/",
        {"email": world.official_b.email, "full_name": "x", "roles": ["viewer"]},
    )
    assert response.status_code == 302
    assert User.objects.count() == users
    assert world.official_b.memberships.count() == 2
    assert smtp_server.messages == []


def test_adding_someone_twice_or_without_a_role_is_refused(world):
    client = client_for(world.admin_a)
    before = Membership.objects.count()
    response = client.post(
        "/alpha/office/settings/people/",
        {"email": world.official_a.email, "full_name": "x", "roles": ["viewer"]},
    )
    assert response.status_code == 400
    response = client.post(
        "/alpha/office/settings/people/", {"email": "x@example.org", "full_name": "x"}
    )
    assert response.status_code == 400
    assert "roles" in response.context["form"].errors
    assert Membership.objects.count() == before
    assert not User.objects.filter(email="x@example.org").exists()


def test_admin_changes_roles_and_the_journal_shows_old_and_new(world):
    membership = world.membership(world.official_a, world.org_a)
    client = client_for(world.admin_a)
    response = client.post(
        f"/alpha/office/settings/people/{membership.pk}/",
        {"roles": ["manager", "official"], "unit": world.unit_a.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assert membership.role_codes == ["manager", "official"]
    assert _last_entry().changes["roles"] == [["official"], ["manager", "official"]]


def test_deactivated_member_loses_access_at_once(world):
    membership = world.membership(world.official_a, world.org_a)
    client_for(world.admin_a).post(
        f"/alpha/office/settings/people/{membership.pk}/", {"roles": ["official"]}
    )
    response = client_for(world.official_a).get("/alpha/office/")
    assert response.status_code == 403


def test_an_admin_cannot_remove_their_own_admin_role(world):
    membership = world.membership(world.admin_a, world.org_a)
    response = client_for(world.admin_a).post(
        f"/alpha/office/settings/people/{membership.pk}/", {"roles": ["viewer"], "is_active": "on"}
    )
    assert response.status_code == 400
    assert membership.role_codes == ["admin"]


def test_admin_edits_the_public_profile(world):
    client = client_for(world.admin_a)
    response = client.post(
        "/alpha/office/settings/",
        {"name": "Община Алфа", "description": "Нов текст", "email": "bad-address"},
    )
    assert response.status_code == 400
    response = client.post(
        "/alpha/office/settings/",
        {"name": "Община Алфа", "description": "Нов текст", "phone": "+359 1"},
    )
    assert response.status_code == 302
    assert "Нов текст" in client_for(None).get("/alpha/").content.decode()
    assert _last_entry().changes["description"] == ["", "Нов текст"]


def test_the_back_office_menu_follows_the_roles(world):
    admin_page = client_for(world.admin_a).get("/alpha/office/").content.decode()
    official_page = client_for(world.official_a).get("/alpha/office/").content.decode()
    for path in ["/alpha/office/settings/units/", "/alpha/office/audit/"]:
        assert f'href="{path}"' in admin_page
        assert f'href="{path}"' not in official_page
    assert 'href="/alpha/office/"' in official_page


def test_a_reserved_or_malformed_slug_is_refused(db):
    for slug in ["admin", "api", "Bad Slug", "-x"]:
        with pytest.raises(ValidationError):
            services.organisation_create(
                actor=None, slug=slug, name="X", kind="municipality", country="BG"
            )
    assert not Organisation.objects.exists()


def test_unknown_and_inactive_organisations_are_not_found(world):
    assert Client().get("/nowhere/").status_code == 404
    Organisation.objects.filter(pk=world.org_b.pk).update(is_active=False)
    assert Client().get("/beta/").status_code == 404
    assert client_for(world.official_b).get("/beta/office/").status_code == 404


def test_the_instance_home_lists_active_organisations(world):
    Organisation.objects.filter(pk=world.org_b.pk).update(is_active=False)
    page = Client().get("/").content.decode()
    assert "Община Алфа" in page
    assert "Gmina Beta" not in page


def test_a_person_in_two_organisations_chooses_where_to_work(world):
    services.membership_add(
        organisation=world.org_b,
        actor=None,
        email=world.official_a.email,
        full_name="x",
        roles=[Role.VIEWER],
    )
    response = client_for(world.official_a).get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/alpha/office/"' in page and 'href="/beta/office/"' in page


def test_audit_journal_page_filters_and_pages_by_keyset(world):
    for index in range(60):
        services.unit_create(
            organisation=world.org_a, actor=world.admin_a, code=f"P{index}", name="p"
        )
    client = client_for(world.admin_a)
    page = client.get("/alpha/office/audit/")
    entries = page.context["entries"]
    assert len(entries) == 50 and entries[0].seq > entries[-1].seq
    older = client.get(page.context["next_url"].replace("?", "/alpha/office/audit/?", 1))
    assert older.context["entries"][0].seq == entries[-1].seq - 1
    filtered = client.get("/alpha/office/audit/", {"action": "membership"})
    assert {e.action for e in filtered.context["entries"]} == {"membership.add"}
    bad = client.get("/alpha/office/audit/", {"date_from": "2026-12-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400
    assert bad.context["entries"] == []


def test_platform_admin_edits_of_an_account_are_journaled_without_the_password(world):
    client = client_for(world.platform_admin)
    user = world.citizen
    response = client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "email": user.email,
            "full_name": "Renamed Citizen",
            "language": "pl",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.filter(chain="_platform").latest("seq")
    assert entry.action == "account.update"
    assert entry.actor_id == world.platform_admin.pk
    assert entry.changes["full_name"] == "Renamed Citizen"
    assert not any("password" in key for key in entry.changes)


def test_platform_admin_creates_an_organisation_with_its_first_administrator(world, smtp_server):
    client = client_for(world.platform_admin)
    response = client.post(
        "/admin/tenants/organisation/add/",
        {
            "slug": "gamma",
            "name": "Община Гама",
            "kind": "municipality",
            "country": "BG",
            "languages": '["bg"]',
            "is_active": "on",
            "first_admin_email": "secretary@gamma.example.org",
            "first_admin_name": "Секретар",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    organisation = Organisation.objects.get(slug="gamma")
    membership = Membership.objects.get(organisation=organisation)
    assert membership.role_codes == ["admin"]
    assert smtp_server.messages[0].recipients == ["secretary@gamma.example.org"]
    assert [e.action for e in AuditEntry.objects.filter(chain="gamma").order_by("seq")] == [
        "organisation.create",
        "membership.add",
    ]


def test_an_organisations_address_cannot_change_once_created(world):
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=world.org_a, actor=None, fields={"slug": "renamed"}
        )
    client = client_for(world.platform_admin)
    client.post(
        f"/admin/tenants/organisation/{world.org_a.pk}/change/",
        {
            "slug": "renamed",
            "name": "Община Алфа",
            "kind": "municipality",
            "country": "BG",
            "languages": '["bg"]',
            "is_active": "on",
        },
    )
    world.org_a.refresh_from_db()
    assert world.org_a.slug == "alpha"


def test_platform_staff_see_the_platform_chain_but_no_organisations_journal(world):
    page = client_for(world.platform_admin).get("/admin/audit/auditentry/").content.decode()
    assert "unit.create" not in page  # organisations' entries
    assert "organisation.create" not in page
