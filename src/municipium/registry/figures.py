"""The registry's figures on the back-office home."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.tenants.models import Role
from municipium.tenants.scoping import Scope

from . import queries


def registry_figures(scope: Scope) -> list[dict[str, Any]]:
    today = timezone.localdate()
    slug = scope.organisation.slug
    tasks = queries.inbox(scope).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    figures = [
        {
            "label": _("open tasks"),
            "value": tasks["open"],
            "url": reverse("registry:tasks", kwargs={"org": slug}),
        },
        {
            "label": _("of them overdue"),
            "value": tasks["overdue"],
            "url": reverse("registry:tasks", kwargs={"org": slug}),
        },
    ]
    if scope.has(Role.REGISTRAR, Role.MANAGER):
        overdue = queries.document_list(scope, queries.DocumentFilters(overdue=True)).count()
        figures.append(
            {
                "label": _("overdue documents in the registry"),
                "value": overdue,
                "url": reverse("registry:list", kwargs={"org": slug}) + "?overdue=on",
            }
        )
    return figures
