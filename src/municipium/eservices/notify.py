"""E-mails to applicants: the confirmation of a filed application, and one message at every
change of its status, sent after the change is committed."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from municipium.audit.models import AuditEntry
from municipium.registry.models import Document

from .models import Application
from .services import application_mark_notified
from .status import public_status

log = logging.getLogger(__name__)

# Journal actions after which an application's public status may have changed.
STATUS_ACTIONS = frozenset(
    {
        "document.status",
        "document.answered",
        "document.suspend",
        "document.resume",
        "document.annul",
        "application.answered",
        "application.refused",
    }
)


def _language(application: Application) -> str:
    languages = application.organisation.languages
    return application.language if application.language in languages else languages[0]


def track_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "eservices:track", kwargs={"org": application.organisation.slug}
    )


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation e-mail says, taken at submission (no query after the commit)."""

    email: str
    name: str
    language: str
    service_title: str
    number: str
    deadline: date | None
    access_code: str
    track_url: str


def confirmation_for(application: Application, document: Document, code: str) -> Confirmation:
    language = _language(application)
    with translation.override(language):
        title = application.service.title_text
    return Confirmation(
        email=application.email,
        name=application.name,
        language=language,
        service_title=title,
        number=document.number,
        deadline=document.deadline,
        access_code=code,
        track_url=track_url(application),
    )


def send_confirmation(confirmation: Confirmation) -> None:
    """Send the confirmation after the commit. A mail server that is down must not turn a
    registered application into an error page: the failure is logged, and the citizen has
    the number and code on the confirmation page and its PDF receipt."""
    with translation.override(confirmation.language):
        try:
            send_mail(
                subject=_("Your application was registered: %(number)s")
                % {"number": confirmation.number},
                message=render_to_string("eservices/email/confirmation.txt", {"c": confirmation}),
                from_email=None,
                recipient_list=[confirmation.email],
            )
        except (OSError, smtplib.SMTPException):
            log.exception(
                "could not e-mail the confirmation of application %s", confirmation.number
            )


def send_status_email(application_id: int) -> None:
    application = (
        Application.objects.select_related("organisation", "document", "service")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.document is None:
        return
    document = application.document
    stopped = document.suspensions.filter(end__isnull=True).exists()
    with translation.override(_language(application)):
        status = public_status(document, application, stopped)
        if not application_mark_notified(application_id=application.pk, status=status.code):
            return
        context = {
            "application": application,
            "document": document,
            "status": status,
            "service_title": application.service.title_text,
            "track_url": track_url(application),
        }
        send_mail(
            subject=_("News about your application %(number)s") % {"number": document.number},
            message=render_to_string("eservices/email/status.txt", context),
            from_email=None,
            recipient_list=[application.email],
        )


def on_journal(entry: AuditEntry, obj: models.Model | None) -> None:
    """Journal listener: after a change that may move an application's status, e-mail the
    applicant once the transaction commits (at most one message per new status)."""
    if entry.action not in STATUS_ACTIONS:
        return
    application_id: Any = None
    if isinstance(obj, Application):
        application_id = obj.pk
    elif isinstance(obj, Document):
        application_id = (
            Application.objects.filter(document_id=obj.pk).values_list("pk", flat=True).first()
        )
    if application_id is not None:
        transaction.on_commit(lambda: send_status_email(application_id), robust=True)
