"""Concurrent writers share one chain: numbers stay gapless and every link holds."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import transaction

from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_record, audit_verify
from municipium.tenants import services

from .conftest import run_together

WRITERS = 4
EACH = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_gapless_and_intact() -> None:
    organisation = services.organisation_create(
        actor=None, slug="busy", name="Busy", kind="municipality", country="BG"
    )

    def writer(number: int) -> None:
        for index in range(EACH):
            with transaction.atomic():
                audit_record(
                    organisation=organisation,
                    actor=None,
                    action="test.concurrent",
                    changes={"writer": number, "index": index},
                )

    run_together(*[partial(writer, n) for n in range(WRITERS)], timeout=120)
    seqs = list(AuditEntry.objects.filter(chain="busy").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 2))  # + the organisation's creation
    checked, problems = audit_verify(chain="busy")
    assert problems == [] and checked == WRITERS * EACH + 1


@pytest.mark.django_db(transaction=True)
def test_batched_and_single_writers_share_the_chain_without_gaps() -> None:
    from municipium.audit.services import journal_batch

    organisation = services.organisation_create(
        actor=None, slug="mixed", name="Mixed", kind="municipality", country="BG"
    )

    def writer(number: int) -> None:
        for index in range(EACH):
            with transaction.atomic():
                if number % 2:  # three entries chained together at the end
                    with journal_batch():
                        for part in range(3):
                            audit_record(
                                organisation=organisation,
                                actor=None,
                                action="test.batched",
                                changes={"writer": number, "index": index, "part": part},
                            )
                else:
                    audit_record(
                        organisation=organisation,
                        actor=None,
                        action="test.single",
                        changes={"writer": number, "index": index},
                    )

    run_together(*[partial(writer, n) for n in range(WRITERS)], timeout=120)
    total = 1 + (WRITERS // 2) * EACH * 3 + (WRITERS - WRITERS // 2) * EACH
    seqs = list(AuditEntry.objects.filter(chain="mixed").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    # A batch's entries sit together, in the order they were recorded.
    rows = list(
        AuditEntry.objects.filter(chain="mixed", action="test.batched")
        .order_by("seq")
        .values_list("seq", "changes")
    )
    for (seq, changes), (next_seq, next_changes) in zip(rows[::3], rows[1::3], strict=True):
        assert next_seq == seq + 1 and next_changes["part"] == changes["part"] + 1 == 1
    checked, problems = audit_verify(chain="mixed")
    assert problems == [] and checked == total
