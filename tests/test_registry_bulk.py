"""`municipium demo --documents N`: a large registry whose numbers and journal stay consistent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min

from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_verify
from municipium.registry.bulk import fake_identifier
from municipium.registry.models import (
    Confidentiality,
    Document,
    DocumentKind,
    Register,
    RegisterCounter,
    validate_identifier,
)
from municipium.registry.services import document_register
from municipium.tenants.models import Organisation


def assert_gapless_and_counted(organisation: Organisation) -> None:
    """In every register and period the numbers run 1..n without a gap, n being the counter."""
    groups = (
        Document.objects.filter(organisation=organisation)
        .values("register_id", "period")
        .annotate(
            n=Count("id"), low=Min("seq"), high=Max("seq"), distinct=Count("seq", distinct=True)
        )
    )
    counters = {
        (c.register_id, c.period): c.last
        for c in RegisterCounter.objects.filter(register__organisation=organisation)
    }
    assert groups
    for group in groups:
        key = (group["register_id"], group["period"])
        assert group["low"] == 1, group
        assert group["high"] == group["n"] == group["distinct"], group
        assert counters[key] == group["high"], group


@pytest.mark.django_db
def test_demo_documents_are_numbered_without_gaps_and_registration_continues(settings) -> None:
    out = io.StringIO()
    call_command("demo", "--documents", "500", "--quiet", stdout=out)
    assert "added 500 documents to primerovo" in out.getvalue()
    primerovo = Organisation.objects.get(slug="primerovo")
    documents = Document.objects.filter(organisation=primerovo)
    assert documents.count() == 500
    assert documents.values("register").distinct().count() == 2
    assert documents.values("kind").distinct().count() >= 5
    assert documents.values("subject").distinct().count() > 250
    assert documents.values("status").distinct().count() >= 4
    assert documents.exclude(deadline=None).exists()
    assert documents.exclude(correspondent=None).values("correspondent").distinct().count() > 10
    secret = documents.filter(confidentiality=Confidentiality.CONFIDENTIAL)
    assert 1 <= secret.count() <= 30
    assert all(d.readers.count() == 1 for d in secret)
    assert_gapless_and_counted(primerovo)

    general = Register.objects.get(organisation=primerovo, code="general")
    registrar = primerovo.memberships.get(roles__role="registrar").user
    registration = document_register(
        organisation=primerovo,
        actor=registrar,
        register=general,
        direction="incoming",
        kind=DocumentKind.objects.get(organisation=primerovo, code="letter"),
        subject="Писмо след демонстрационните данни",
        channel="post",
    )
    counter = RegisterCounter.objects.get(
        register=general, period=registration.document.period
    ).last
    assert registration.document.seq == counter
    assert_gapless_and_counted(primerovo)

    entries = AuditEntry.objects.filter(chain="primerovo", action="document.bulk_demo")
    assert [e.changes["count"] for e in entries] == [500]
    checked, problems = audit_verify()
    assert problems == []
    assert checked > 0


@pytest.mark.django_db
def test_each_run_with_documents_adds_more_and_the_plain_demo_adds_none() -> None:
    call_command(
        "demo", "--documents", "60", "--org", "przykladowo", "--quiet", stdout=io.StringIO()
    )
    call_command(
        "demo", "--documents", "60", "--org", "przykladowo", "--quiet", stdout=io.StringIO()
    )
    przykladowo = Organisation.objects.get(slug="przykladowo")
    assert Document.objects.filter(organisation=przykladowo).count() == 120
    assert_gapless_and_counted(przykladowo)
    assert set(
        Document.objects.filter(organisation=przykladowo).values_list("register__code", flat=True)
    ) <= {"rpw", "outgoing", "orders"}
    call_command("demo", "--quiet", stdout=io.StringIO())
    assert Document.objects.count() == 120


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--documents", "0"], "at least 1"),
        (["--documents", "5", "--org", "nowhere"], "no organisation"),
        (["--org", "primerovo"], "goes with --documents"),
        (["--documents", "many"], "invalid int value"),
    ],
)
def test_bad_bulk_arguments_exit_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("demo", *args)
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("kind", ["egn", "eik", "pesel", "nip", "regon"])
def test_made_up_identifiers_pass_their_check_digits(kind: str) -> None:
    import random

    rng = random.Random(7)
    for _ in range(50):
        number: Any = fake_identifier(rng, kind)
        assert validate_identifier(kind, number) == number
