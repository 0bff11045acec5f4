"""The audit journal: hash-chained, append-only, verified by `municipium audit verify`."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from municipium.audit.models import AppendOnlyError, AuditEntry, AuditHead
from municipium.audit.services import audit_record, audit_verify
from municipium.tenants import services


@pytest.fixture
def chain(world):
    """Five more entries in organisation alpha's chain."""
    for index in range(5):
        services.unit_create(
            organisation=world.org_a, actor=world.admin_a, code=f"U{index}", name=f"Unit {index}"
        )
    return AuditEntry.objects.filter(chain="alpha").order_by("seq")


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_change_made_through_a_service_is_journaled_with_actor_and_changes(world):
    unit = services.unit_create(
        organisation=world.org_a, actor=world.admin_a, code="FIN", name="Финанси"
    )
    entry = AuditEntry.objects.filter(chain="alpha").latest("seq")
    assert entry.action == "unit.create"
    assert entry.actor_id == world.admin_a.pk
    assert entry.actor_label == "admin-a@example.org"
    assert entry.object_id == str(unit.pk)
    assert entry.changes == {"code": "FIN", "name": "Финанси", "parent": None}


def test_entries_of_a_chain_are_numbered_without_gaps_and_linked_by_hash(chain):
    entries = list(chain)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == "0" * 64
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    head = AuditHead.objects.get(chain="alpha")
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_each_organisation_has_its_own_chain(world):
    assert AuditEntry.objects.filter(chain="beta", organisation=world.org_b).exists()
    assert not AuditEntry.objects.filter(chain="alpha").exclude(organisation=world.org_a).exists()


def test_an_intact_journal_verifies(chain):
    checked, problems = audit_verify()
    assert problems == []
    assert checked == AuditEntry.objects.count()


def test_an_altered_entry_is_detected_and_named(chain):
    target = chain[2]
    _raw(
        "UPDATE audit_auditentry SET object_repr = %s WHERE id = %s",
        ["forged", target.pk],
    )
    _, problems = audit_verify(chain="alpha")
    assert len(problems) == 1
    assert problems[0].seq == target.seq
    assert "altered" in problems[0].reason


def test_altered_changes_json_is_detected(chain):
    target = chain[3]
    _raw("UPDATE audit_auditentry SET changes = %s WHERE id = %s", ['{"code": "X"}', target.pk])
    _, problems = audit_verify(chain="alpha")
    assert [p.seq for p in problems] == [target.seq]


def test_a_deleted_entry_in_the_middle_is_detected(chain):
    target = chain[1]
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    _, problems = audit_verify(chain="alpha")
    assert problems[0].seq == target.seq
    assert "missing" in problems[0].reason


def test_a_deleted_last_entry_is_detected_through_the_chain_head(chain):
    last = chain.last()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    _, problems = audit_verify(chain="alpha")
    assert problems[0].seq == last.seq
    assert "deleted from the end" in problems[0].reason


def test_a_rehashed_forgery_is_detected_by_the_next_link(chain):
    target = chain[1]
    target.object_repr = "forged"
    forged_hash = target.compute_hash()
    _raw(
        "UPDATE audit_auditentry SET object_repr = %s, hash = %s WHERE id = %s",
        ["forged", forged_hash, target.pk],
    )
    _, problems = audit_verify(chain="alpha")
    assert problems[0].seq == target.seq + 1
    assert "does not follow" in problems[0].reason


def test_entries_cannot_be_changed_or_deleted_through_the_orm(chain):
    entry = chain.first()
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_an_entry_is_rolled_back_with_the_change_it_records(world):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(organisation=world.org_a, actor=None, action="test.rollback")
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == before
    assert audit_verify()[1] == []


def test_cli_verify_exits_zero_on_an_intact_journal(chain, capsys):
    call_command("audit", "verify", "--org", "alpha")
    assert "audit journal intact" in capsys.readouterr().out


def test_cli_verify_fails_naming_the_first_bad_entry(chain):
    target = chain[2]
    _raw("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["forged", target.pk])
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify")
    assert raised.value.returncode == 1
    assert f"entry #{target.seq}" in str(raised.value)
    assert "chain alpha" in str(raised.value)


def test_cli_verify_of_an_unknown_organisation_is_a_usage_error(world):
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", "--org", "nowhere")
    assert raised.value.returncode == 2


def test_ipv6_and_proxied_addresses_are_stored_as_hashed(world, rf, settings):
    request = rf.get("/", REMOTE_ADDR="2001:0DB8:0000:0000:0000:0000:0000:0001")
    entry = audit_record(organisation=world.org_a, actor=None, action="test.ip", request=request)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.ip_address == "2001:db8::1"
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    entry = audit_record(organisation=world.org_a, actor=None, action="test.ip", request=request)
    assert AuditEntry.objects.get(pk=entry.pk).ip_address == "192.0.2.7"
    assert audit_verify(chain="alpha")[1] == []


def test_a_batch_chains_its_entries_together_at_its_end(world):
    from municipium.audit.services import journal_batch

    before = AuditHead.objects.get(chain="alpha").seq
    seen = []
    with transaction.atomic(), journal_batch():
        for index in range(3):
            audit_record(
                organisation=world.org_a, actor=None, action="test.batch", changes={"i": index}
            )
        # Built (listeners have run) but not yet chained: the head is untouched until the end.
        seen.append(AuditHead.objects.get(chain="alpha").seq)
        assert not AuditEntry.objects.filter(action="test.batch").exists()
    assert seen == [before]
    batch = list(AuditEntry.objects.filter(action="test.batch").order_by("seq"))
    assert [(e.seq, e.changes["i"]) for e in batch] == [
        (before + 1, 0),
        (before + 2, 1),
        (before + 3, 2),
    ]
    assert batch[1].prev_hash == batch[0].hash and batch[2].prev_hash == batch[1].hash
    assert audit_verify(chain="alpha")[1] == []


def test_a_batch_leaves_out_the_entries_of_a_savepoint_rolled_back(world):
    from municipium.audit.services import journal_batch

    with transaction.atomic(), journal_batch():
        audit_record(organisation=world.org_a, actor=None, action="test.kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            audit_record(organisation=world.org_a, actor=None, action="test.undone")
            raise RuntimeError("the change fails")
        audit_record(organisation=world.org_a, actor=None, action="test.after")
    actions = list(
        AuditEntry.objects.filter(action__startswith="test.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["test.kept", "test.after"]
    assert audit_verify(chain="alpha")[1] == []


def test_a_batch_that_fails_writes_nothing(world):
    from municipium.audit.services import journal_batch

    head = AuditHead.objects.get(chain="alpha").seq
    with pytest.raises(ValueError), transaction.atomic(), journal_batch():
        audit_record(organisation=world.org_a, actor=None, action="test.lost")
        raise ValueError("stop")
    assert AuditHead.objects.get(chain="alpha").seq == head
    assert not AuditEntry.objects.filter(action="test.lost").exists()
