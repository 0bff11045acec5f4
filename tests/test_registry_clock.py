"""The statutory clock of a document: suspensions stop it, extensions move it with a notice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.registry import services

from .conftest import client_for, register_letter


@pytest.fixture
def application(world, registry):
    return register_letter(
        world,
        registry,
        kind=registry.application,
        received_on=timezone.localdate() - timedelta(days=2),
    ).document


def test_a_suspension_moves_the_deadline_by_the_days_it_lasted(world, application):
    from municipium.registry.models import Suspension

    before = application.deadline
    services.document_suspend(
        document=application, actor=world.official_a, reason="Чакаме документи"
    )
    Suspension.objects.filter(document=application).update(
        start=timezone.localdate() - timedelta(days=1)
    )
    application.refresh_from_db()
    after = services.document_resume(document=application, actor=world.official_a)
    assert after.deadline > before
    assert (after.deadline - before).days >= 2
    actions = list(
        AuditEntry.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )
    assert actions[-2:] == ["document.suspend", "document.resume"]


def test_the_clock_cannot_stop_twice_or_resume_while_running(world, application):
    with pytest.raises(ValidationError):
        services.document_resume(document=application, actor=world.official_a)
    services.document_suspend(document=application, actor=world.official_a, reason="x")
    with pytest.raises(ValidationError):
        services.document_suspend(document=application, actor=world.official_a, reason="y")


def test_a_document_without_a_deadline_has_no_clock(world, registry):
    letter = register_letter(world, registry).document
    with pytest.raises(ValidationError):
        services.document_suspend(document=letter, actor=world.official_a, reason="x")


def test_an_extension_sets_the_new_date_and_drafts_the_notice(world, application):
    new = application.deadline + timedelta(days=20)
    extension = services.document_extend(
        document=application, actor=world.official_a, deadline_new=new, reason="Сложен случай"
    )
    application.refresh_from_db()
    assert application.deadline == new
    assert "Сложен случай" in extension.notice
    assert "АПК" in extension.notice
    assert application.number in extension.notice
    response = client_for(world.official_a).get(
        f"/alpha/office/registry/documents/{application.pk}/notices/{extension.pk}/"
    )
    assert response.status_code == 200
    assert "Сложен случай" in response.content.decode()


def test_an_extension_into_the_past_or_without_reason_changes_nothing(world, application):
    before = application.deadline
    with pytest.raises(ValidationError):
        services.document_extend(
            document=application,
            actor=world.official_a,
            deadline_new=timezone.localdate() - timedelta(days=1),
            reason="x",
        )
    with pytest.raises(ValidationError):
        services.document_extend(
            document=application,
            actor=world.official_a,
            deadline_new=before + timedelta(days=5),
            reason=" ",
        )
    application.refresh_from_db()
    assert application.deadline == before
    assert not application.extensions.exists()


def test_the_law_caps_a_public_information_extension(world, registry):
    from municipium.registry.models import DocumentKind

    kind = DocumentKind.objects.get(organisation=world.org_a, code="public-information")
    request = register_letter(world, registry, kind=kind, received_on=timezone.localdate()).document
    with pytest.raises(ValidationError) as raised:
        services.document_extend(
            document=request,
            actor=world.official_a,
            deadline_new=request.deadline + timedelta(days=30),
            reason="Много информация",
        )
    assert "deadline_new" in raised.value.message_dict
    services.document_extend(
        document=request,
        actor=world.official_a,
        deadline_new=request.deadline + timedelta(days=7),
        reason="Много информация",
    )


def test_the_page_stops_and_restarts_the_clock(world, application):
    client = client_for(world.official_a)
    base = f"/alpha/office/registry/documents/{application.pk}/clock/"
    client.post(base + "suspend/", {"suspend-reason": "Искахме документ"})
    page = client.get(f"/alpha/office/registry/documents/{application.pk}/").content.decode()
    assert "still stopped" in page
    client.post(base + "resume/")
    assert application.suspensions.get().end == timezone.localdate()
    response = client.post(base + "extend/", {"extend-deadline_new": "", "extend-reason": ""})
    assert response.status_code == 302
    assert not application.extensions.exists()


def test_viewers_cannot_touch_the_clock(world, application):
    from municipium.tenants.models import Role

    from .conftest import add_member, make_user

    viewer = make_user("viewer-a@example.org")
    add_member(world.org_a, viewer, Role.VIEWER)
    response = client_for(viewer).post(
        f"/alpha/office/registry/documents/{application.pk}/clock/suspend/",
        {"suspend-reason": "x"},
    )
    assert response.status_code == 403
    assert not application.suspensions.exists()


def test_polish_notices_tell_the_party_about_the_reminder(world, registry):
    from municipium.registry.models import DocumentKind

    kind = DocumentKind.objects.get(organisation=world.org_b, code="application")
    document = services.document_register(
        organisation=world.org_b,
        actor=world.official_b,
        register=registry.rpw,
        direction="incoming",
        kind=kind,
        subject="Wniosek",
        channel="post",
        received_on=date.today(),
    ).document
    extension = services.document_extend(
        document=document,
        actor=world.official_b,
        deadline_new=document.deadline + timedelta(days=14),
        reason="Opinia innego organu",
    )
    assert "art. 37" in extension.notice
