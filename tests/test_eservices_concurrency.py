"""Applications filed while letters are registered in the same register, on the test database
in use (SQLite or PostgreSQL): the submission takes its locks in the order the registry does
(case counter, register counter, journal head), so nobody deadlocks, numbers and case marks
stay gapless and the journal intact."""

from __future__ import annotations

import json
from typing import Any

import pytest

from municipium.audit.services import audit_verify
from municipium.eservices import services
from municipium.eservices.models import Application
from municipium.registry.models import Case, Document

from .conftest import client_for, register_letter, run_together
from .test_eservices_api import GOOD
from .test_eservices_support import make_service

EACH = 15


@pytest.mark.django_db(transaction=True)
def test_applications_and_registrations_at_once_keep_numbers_and_journal_whole(
    world: Any, registry: Any, settings: Any
) -> None:
    settings.APPLY_RATE_PER_HOUR = 1000  # one citizen files them all
    service = make_service(world, registry, slug="heirs-api")
    services.form_field_delete(service=service, actor=world.admin_a, key="proof")
    services.form_publish(service=service, actor=world.admin_a)

    def applicant() -> None:
        client = client_for(world.citizen)
        for _ in range(EACH):
            response = client.post(
                "/api/v1/orgs/alpha/services/heirs-api/applications",
                json.dumps(GOOD),
                content_type="application/json",
            )
            assert response.status_code == 201, response.content

    def registrar() -> None:
        for _ in range(EACH):
            register_letter(world, registry)

    run_together(applicant, applicant, registrar, registrar, timeout=300)
    seqs = list(
        Document.objects.filter(register=registry.general)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == 4 * EACH
    applications = Application.objects.filter(service=service)
    assert applications.count() == 2 * EACH
    assert (
        not applications.filter(document=None).exists()
        and not applications.filter(case=None).exists()
    )
    cases = Case.objects.filter(pk__in=applications.values("case")).order_by("seq")
    assert list(cases.values_list("seq", flat=True)) == list(range(1, 2 * EACH + 1))
    assert all(
        application.document.case_id == application.case_id
        for application in applications.select_related("document")
    )
    assert audit_verify(chain="alpha")[1] == []
