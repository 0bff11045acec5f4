"""Periodic work of the associations: alerts before a mandate ends."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from municipium.tenants.models import Membership, Role

from .models import Mandate

ALERTS = ((90, "alerted_90_at"), (30, "alerted_30_at"))


def _admins(organisation_id: int) -> list[tuple[str, str]]:
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id,
            is_active=True,
            user__is_active=True,
            roles__role=Role.ADMIN,
        )
        .values_list("user__email", "user__language")
        .distinct()
    )


@task()
def alert_mandates_ending() -> int:
    """E-mail the association's admins 90 and 30 days before a mandate ends, once each: the
    alert is claimed (a conditional update) before it is sent, and released if sending fails,
    so two workers never send it twice and a failure is retried on the next run."""
    today = timezone.localdate()
    sent = 0
    for days, column in ALERTS:
        due = Mandate.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=days),
            **{f"{column}__isnull": True},
        ).select_related("body", "organisation")
        if days == 90:  # inside 30 days the 30-day alert says it all
            due = due.filter(ends_on__gt=today + timedelta(days=30))
        for mandate in due:
            claimed = Mandate.objects.filter(pk=mandate.pk, **{f"{column}__isnull": True}).update(
                **{column: timezone.now()}
            )
            if not claimed:
                continue
            try:
                for email, language in _admins(mandate.organisation_id):
                    with translation.override(language or settings.LANGUAGE_CODE):
                        subject = _("The mandate of %(body)s ends on %(date)s") % {
                            "body": mandate.body.name,
                            "date": mandate.ends_on.isoformat(),
                        }
                        body = render_to_string(
                            "associations/email/mandate_ending.txt",
                            {
                                "mandate": mandate,
                                "days": (mandate.ends_on - today).days,
                                "site": settings.SITE_URL,
                            },
                        )
                    send_mail(subject, body, None, [email], fail_silently=False)
                    sent += 1
            except Exception:
                Mandate.objects.filter(pk=mandate.pk).update(**{column: None})
                raise
    return sent
