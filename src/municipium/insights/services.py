"""Every write of the figures: the journal listener's outbox rows, the updater's passes, the
rebuild and the organisation's choice to publish.

The updater reads and computes outside any transaction and writes each result in a short
one. It takes two kinds of work: documents above the watermark (new ones, including those
created in bulk, which the journal records as one entry without an object) and documents
named in the outbox by the journal listener (every journaled change of a document, its
tasks, suspensions, extensions and applications).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_record
from municipium.registry.models import Document
from municipium.tenants.models import Organisation
from municipium.tenants.public import public_changed

from .facts import aggregates_of, days_touched, facts_of, months_of
from .models import (
    DayFigure,
    DocumentFact,
    FactPending,
    FiguresSettings,
    MonthDays,
    Watermark,
)

CHUNK = 2000
WATERMARK = "documents"


def on_journal(entry: AuditEntry, obj: models.Model | None) -> None:
    """Journal listener: a change of a document, or of something about one, queues the
    document's fact for the updater (in the same transaction as the change)."""
    if obj is None:
        return
    document_id = obj.pk if isinstance(obj, Document) else getattr(obj, "document_id", None)
    if document_id:
        FactPending.objects.create(document_id=document_id)


def _watermark() -> int:
    found = Watermark.objects.filter(name=WATERMARK).values_list("value", flat=True).first()
    return int(found or 0)


def figures_update(*, limit: int = CHUNK) -> int:
    """One pass of the updater: recompute the facts of up to `limit` new and `limit` changed
    documents, then the aggregates of the days they touch; returns how many documents were
    taken (0: nothing waits)."""
    pending = list(FactPending.objects.order_by("id").values_list("id", "document_id")[:limit])
    mark = _watermark()
    new_ids = list(
        Document.objects.filter(id__gt=mark).order_by("id").values_list("id", flat=True)[:limit]
    )
    ids = set(new_ids) | {document_id for _id, document_id in pending}
    if not ids:
        return 0
    facts, _gone = facts_of(ids)
    old = list(DocumentFact.objects.filter(document_id__in=ids))
    with transaction.atomic():
        DocumentFact.objects.filter(document_id__in=ids).delete()
        DocumentFact.objects.bulk_create(facts)
        FactPending.objects.filter(id__in=[row_id for row_id, _d in pending]).delete()
        if new_ids:
            Watermark.objects.update_or_create(
                name=WATERMARK, defaults={"value": max(mark, max(new_ids))}
            )
    for organisation_id, days in days_touched([*old, *facts]).items():
        _write_aggregates(organisation_id, days)
    return len(ids)


def _write_aggregates(organisation_id: int, days: set[Any] | None) -> None:
    computed = aggregates_of(organisation_id, days)
    with transaction.atomic():
        figures = DayFigure.objects.filter(organisation_id=organisation_id)
        histogram = MonthDays.objects.filter(organisation_id=organisation_id)
        if days is not None:
            figures = figures.filter(day__in=days)
            histogram = histogram.filter(month__in=months_of(days))
        figures.delete()
        histogram.delete()
        DayFigure.objects.bulk_create(computed.figures, batch_size=1000)
        MonthDays.objects.bulk_create(computed.days, batch_size=1000)
        if publishes(organisation_id):
            organisation = Organisation.objects.get(pk=organisation_id)
            transaction.on_commit(lambda: public_changed(organisation))


def figures_update_all(progress: Callable[[int], None] | None = None) -> int:
    """Passes until nothing waits; returns the number of documents taken."""
    done = 0
    while taken := figures_update():
        done += taken
        if progress is not None:
            progress(done)
    return done


def figures_rebuild(
    *, organisation: Organisation, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every fact of the organisation from its registry, then replace its
    aggregates at once (pages show the old figures until then); returns the number of
    facts. `progress(done, total)` after each chunk."""
    documents = Document.objects.filter(organisation=organisation)
    total = documents.count()
    DocumentFact.objects.filter(organisation=organisation).delete()
    done, after, count = 0, 0, 0
    while True:
        ids = list(
            documents.filter(id__gt=after).order_by("id").values_list("id", flat=True)[:CHUNK]
        )
        if not ids:
            break
        facts, _gone = facts_of(ids)
        with transaction.atomic():
            DocumentFact.objects.filter(document_id__in=ids).delete()
            DocumentFact.objects.bulk_create(facts)
        after, done, count = ids[-1], done + len(ids), count + len(facts)
        if progress is not None:
            progress(done, total)
    _write_aggregates(organisation.pk, None)
    return count


def publishes(organisation_id: int) -> bool:
    return FiguresSettings.objects.filter(organisation_id=organisation_id, publish=True).exists()


def figures_publish_set(
    *,
    organisation: Organisation,
    actor: Any,
    publish: bool,
    request: HttpRequest | None = None,
) -> FiguresSettings:
    """Publish the organisation's figures (its public figures page, its row on the
    installation's comparison, its open data), or stop."""
    with transaction.atomic():
        found, _created = FiguresSettings.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        if found.publish != publish:
            found.publish = publish
            found.save(update_fields=["publish", "updated_at"])
            audit_record(
                organisation=organisation,
                actor=actor,
                action="figures.publish" if publish else "figures.unpublish",
                obj=found,
                changes={"publish": [not publish, publish]},
                request=request,
            )
            transaction.on_commit(lambda: public_changed(organisation))
    return found
