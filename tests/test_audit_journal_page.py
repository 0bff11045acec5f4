"""The audit journal page: entries in words, the chain's last check, CSV export; read by the
organisation's administrators and managers, nobody else."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from municipium.audit.models import AuditEntry, AuditVerification
from municipium.audit.tasks import verify_journal
from municipium.registry.services import correspondent_create
from municipium.tenants.models import Role

from .conftest import add_member, client_for, make_user, register_letter


@pytest.fixture
def manager_a(world):
    user = make_user("manager-a@example.org", full_name="Maria Petrova")
    add_member(world.org_a, user, Role.MANAGER, unit=world.unit_a)
    return user


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_manager_reads_the_journal_in_sentences(world, registry, manager_a):
    register_letter(world, registry, actor=manager_a)
    response = client_for(manager_a).get("/alpha/office/audit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maria Petrova registered the document" in body
    assert "<strong>Direction</strong>: Incoming" in body
    assert "<strong>direction</strong>" not in body
    assert ": incoming<" not in body


def test_the_journal_link_is_in_the_managers_menu(world, manager_a):
    response = client_for(manager_a).get("/alpha/office/audit/")
    assert 'href="/alpha/office/audit/"' in response.content.decode()


@pytest.mark.parametrize("persona", ["registrar_a", "official_a", "communications_a"])
def test_staff_without_the_role_cannot_read_the_journal(world, persona):
    client = client_for(getattr(world, persona))
    assert client.get("/alpha/office/audit/").status_code == 403
    assert client.get("/alpha/office/audit/journal.csv").status_code == 403


@pytest.mark.parametrize("persona", ["admin_b", "official_b", "citizen"])
def test_outsiders_cannot_read_the_journal_or_its_export(world, persona):
    client = client_for(getattr(world, persona))
    for path in ("/alpha/office/audit/", "/alpha/office/audit/journal.csv"):
        assert client.get(path).status_code in (403, 404), path


def test_anonymous_is_asked_to_sign_in(world):
    response = client_for(None).get("/alpha/office/audit/journal.csv")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_organisations_manager_sees_only_their_own_journal(world, registry, manager_a):
    beta_manager = make_user("manager-b@example.org")
    add_member(world.org_b, beta_manager, Role.MANAGER)
    register_letter(world, registry, subject="Alpha only")
    client = client_for(beta_manager)
    assert client.get("/alpha/office/audit/").status_code in (403, 404)
    rows = _csv(client.get("/beta/office/audit/journal.csv"))
    assert rows[1:]  # beta's own entries
    assert all("registry.document" not in " ".join(row) for row in rows)
    numbers = {row[0] for row in rows[1:]}
    beta_seqs = set(AuditEntry.objects.filter(chain="beta").values_list("seq", flat=True))
    assert numbers == {str(seq) for seq in beta_seqs}


def test_the_export_is_safe_to_open_in_a_spreadsheet(world, registry):
    correspondent_create(
        organisation=world.org_a,
        actor=world.registrar_a,
        name='=HYPERLINK("http://evil.example","click")',
        kind="person",
    )
    response = client_for(world.admin_a).get("/alpha/office/audit/journal.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    header, first = rows[0], rows[1]
    assert header[:4] == ["Number", "Time", "Actor", "What happened"]
    assert first[3] == "registrar-a added the correspondent"
    assert first[4] == '\'=HYPERLINK("http://evil.example","click")'
    assert first[6] == "correspondent.create"
    assert len(first[7]) == 64
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_export_follows_the_pages_filters(world, registry):
    register_letter(world, registry)
    client = client_for(world.admin_a)
    rows = _csv(client.get("/alpha/office/audit/journal.csv?action=document."))
    assert rows[1:]
    assert {row[6] for row in rows[1:]} == {"document.register"}
    bad = client.get("/alpha/office/audit/journal.csv?date_from=2026-02-01&date_to=2026-01-01")
    assert bad.status_code == 400


def test_the_page_says_when_the_chain_was_not_yet_checked(world):
    body = client_for(world.admin_a).get("/alpha/office/audit/").content.decode()
    assert "has not been checked yet" in body


def test_the_nightly_check_is_shown_with_its_result(world, registry):
    register_letter(world, registry)
    result = verify_journal.call()
    assert result["broken"] == []
    check = AuditVerification.objects.get(chain="alpha")
    assert check.intact and check.entries == AuditEntry.objects.filter(chain="alpha").count()
    body = client_for(world.admin_a).get("/alpha/office/audit/").content.decode()
    assert f"{check.entries} entries checked, none changed or removed" in body


def test_a_broken_chain_is_shown_as_broken(world, registry):
    from django.db import connection

    register_letter(world, registry)
    entry = AuditEntry.objects.filter(chain="alpha").order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_label = %s WHERE id = %s", ["forged", entry.pk]
        )
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--org", "alpha")
    check = AuditVerification.objects.get(chain="alpha")
    assert not check.intact and f"#{entry.seq}" in check.problem
    response = client_for(world.admin_a).get("/alpha/office/audit/")
    assert 'role="alert"' in response.content.decode()
    assert "Broken when checked" in response.content.decode()
    assert f"entry #{entry.seq} was altered after it was written." in response.content.decode()


def test_the_document_history_names_the_kind_and_register_not_their_codes(world, registry):
    document = register_letter(world, registry).document
    body = (
        client_for(world.registrar_a)
        .get(f"/alpha/office/registry/documents/{document.pk}/")
        .content.decode()
    )
    history = body[body.index("<h2>History</h2>") :]
    assert "registrar-a registered the document" in history
    assert "<strong>Kind</strong>: Писмо" in history
    assert "<strong>Register</strong>: Общ деловоден регистър" in history
    assert "document.register" not in history


def test_the_journal_page_reads_a_constant_number_of_queries(
    world, registry, django_assert_max_num_queries
):
    client = client_for(world.admin_a)
    client.get("/alpha/office/audit/")  # warm the session and caches
    with django_assert_max_num_queries(14) as few:
        client.get("/alpha/office/audit/")
    for _index in range(6):
        register_letter(world, registry)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/alpha/office/audit/")
