"""Who may register: an event open to the public, or only to the active members of chosen
organisations of the installation. Others see why on the form and are refused (403, with the
reason in the API); staff still add anyone by hand; refusals change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from municipium.accounts.services import api_token_create
from municipium.events.models import Event, Registration
from municipium.events.services import registrations as services
from municipium.tenants.models import Membership

from .conftest import client_for
from .events_support import make_event
from .test_events_office import _form

MEMBERS_ONLY = "Registration is only for members of Gmina Beta"


def _members_of_beta(world: Any) -> Event:
    event = make_event(world, registration_for=[world.org_b])
    assert list(event.registration_for.all()) == [world.org_b]
    return event


def _verified(user: Any) -> Any:
    user.email_verified_at = timezone.now()
    user.save()
    return user


def test_a_member_of_an_allowed_organisation_registers(world: Any) -> None:
    event = _members_of_beta(world)
    member = _verified(world.official_b)
    client = client_for(member)
    page = client.get(f"/alpha/events/{event.slug}/register/").content.decode()
    assert MEMBERS_ONLY not in page and 'name="email"' in page
    response = client.post(
        f"/alpha/events/{event.slug}/register/", {"name": "Член", "email": member.email}
    )
    assert response.status_code == 200
    assert Registration.objects.get(email=member.email).status == "confirmed"


@pytest.mark.parametrize("persona", ["anonymous", "citizen", "communications_a"])
def test_anyone_else_sees_why_and_a_post_changes_nothing(world: Any, persona: str) -> None:
    event = _members_of_beta(world)
    user = None if persona == "anonymous" else getattr(world, persona)
    client = client_for(user)
    page = client.get(f"/alpha/events/{event.slug}/register/")
    text = page.content.decode()
    assert page.status_code == 200 and MEMBERS_ONLY in text
    assert 'name="email"' not in text
    assert ("Sign in" in text) == (user is None)
    response = client.post(
        f"/alpha/events/{event.slug}/register/", {"name": "Някой", "email": "x@example.org"}
    )
    assert response.status_code == 403
    assert MEMBERS_ONLY in response.content.decode()
    assert not Registration.objects.exists()


def test_an_inactive_membership_does_not_count(world: Any) -> None:
    event = _members_of_beta(world)
    Membership.objects.filter(user=world.official_b, organisation=world.org_b).update(
        is_active=False
    )
    with pytest.raises(PermissionDenied):
        services.registration_request(
            event=event, name="Бивш", email=world.official_b.email, user=world.official_b
        )
    assert not Registration.objects.exists()


def test_the_event_page_says_who_may_register(world: Any) -> None:
    event = _members_of_beta(world)
    page = client_for(None).get(f"/alpha/events/{event.slug}/").content.decode()
    assert "Registration is only for members of:" in page and "Gmina Beta" in page
    public = make_event(world, title="Открит семинар")
    page = client_for(None).get(f"/alpha/events/{public.slug}/").content.decode()
    assert "Registration is only for members of:" not in page


def test_staff_still_add_anyone_by_hand(world: Any) -> None:
    event = _members_of_beta(world)
    result = services.registration_add(
        event=event, actor=world.communications_a, name="Гост", email="guest@example.org"
    )
    assert result.outcome == "confirmed"


def test_the_editor_sets_and_clears_the_organisations(world: Any) -> None:
    event = make_event(world)
    client = client_for(world.communications_a)
    page = client.get(f"/alpha/office/events/{event.pk}/").content.decode()
    assert 'name="registration_for"' in page
    form = _form(slug=event.slug, registration_for=[str(world.org_b.pk)])
    response = client.post(f"/alpha/office/events/{event.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(event.registration_for.all()) == [world.org_b]
    response = client.post(
        f"/alpha/office/events/{event.pk}/", {**form, "registration_for": ["999999"]}
    )
    assert response.status_code == 400
    assert list(event.registration_for.all()) == [world.org_b]


def _post(path: str, body: dict[str, Any], user: Any = None) -> Any:
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='t').raw}"
    return Client().post(path, json.dumps(body), content_type="application/json", **headers)


def test_the_api_refuses_others_with_403_and_the_reason(world: Any) -> None:
    event = _members_of_beta(world)
    path = f"/api/v1/orgs/alpha/events/{event.pk}/registrations"
    body = {"name": "Някой", "email": "x@example.org"}
    for user in (None, world.citizen):
        response = _post(path, body, user)
        assert response.status_code == 403
        assert response.json()["code"] == "members_only"
        # Said in the organisation's language (Bulgarian for alpha).
        assert "само за членове на Gmina Beta" in response.json()["detail"]
    assert not Registration.objects.exists()
    response = _post(path, {"name": "Член", "email": world.official_b.email}, world.official_b)
    assert response.status_code == 202
    assert Registration.objects.get().email == world.official_b.email


def test_the_api_sets_the_organisations_by_slug(world: Any) -> None:
    event = make_event(world)
    token = api_token_create(user=world.communications_a, name="t").raw
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    path = f"/api/v1/orgs/alpha/events/{event.pk}"
    response = Client().patch(
        path, json.dumps({"registration_for": ["nope"]}), content_type="application/json", **headers
    )
    assert response.status_code in (400, 422)
    assert not event.registration_for.exists()
    response = Client().patch(
        path, json.dumps({"registration_for": ["beta"]}), content_type="application/json", **headers
    )
    assert response.status_code == 200
    assert response.json()["registration_for"] == ["beta"]
