"""`municipium demo --documents` without a number: a year of activity for each demo
municipality, whose figures are published and up to date when the command ends."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from municipium.insights import figures
from municipium.insights.models import DocumentFact, FiguresSettings
from municipium.registry.models import Document
from municipium.tenants.management.commands import demo
from municipium.tenants.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_demo_documents_give_each_municipality_a_year_of_published_figures(
    monkeypatch: Any, capsys: Any
) -> None:
    monkeypatch.setattr(demo, "YEAR_OF_DOCUMENTS", 400)
    call_command("demo", "--documents", "--quiet")
    municipalities = Organisation.objects.filter(kind="municipality")
    assert municipalities.count() == 2
    today = timezone.localdate()
    for organisation in municipalities:
        assert FiguresSettings.objects.get(organisation=organisation).publish
        documents = Document.objects.filter(organisation=organisation)
        assert documents.count() >= 400
        oldest = documents.order_by("registered_at").first()
        assert oldest is not None
        assert timezone.localdate(oldest.registered_at) >= today - timedelta(days=366)
        incoming = documents.filter(direction="incoming").exclude(status="annulled").count()
        assert DocumentFact.objects.filter(organisation=organisation).count() == incoming
        last = today.replace(day=1)
        months = figures.monthly(organisation.pk, (last - timedelta(days=330)).replace(day=1), last)
        assert sum(1 for m in months if m.received) >= 10  # a trend, month after month
    for association in Organisation.objects.exclude(kind="municipality"):
        assert not FiguresSettings.objects.filter(organisation=association, publish=True).exists()
    assert "figures published by primerovo, przykladowo" in capsys.readouterr().out
