"""The status of a registered document in plain words, for the applicant."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from municipium.registry.models import Document, Status

from .models import Application, ApplicationStatus


@dataclass(frozen=True)
class PublicStatus:
    code: str
    text: str


def public_status(
    document: Document, application: Application | None, clock_stopped: bool = False
) -> PublicStatus:
    """What the applicant is told: one of received, in_progress, info_requested, answered,
    refused, closed, annulled. A portal application's decisions come from the application;
    any other document's from its registry status."""
    if document.status == Status.ANNULLED:
        return PublicStatus("annulled", _("The registration was annulled."))
    if application is not None:
        if application.status == ApplicationStatus.REFUSED:
            return PublicStatus(
                "refused",
                _("The office has refused the application; the decision gives the reasons."),
            )
        if application.status == ApplicationStatus.ANSWERED:
            return PublicStatus("answered", _("The office has answered. You can read the answer."))
        if application.status == ApplicationStatus.INFO_REQUESTED:
            return PublicStatus(
                "info_requested",
                _(
                    "The office needs more information from you. "
                    "The time limit is on hold until you answer."
                ),
            )
    if clock_stopped and document.status != Status.CLOSED:
        return PublicStatus(
            "info_requested",
            _("The time limit is on hold while the office waits for more information."),
        )
    if document.status == Status.ANSWERED:
        return PublicStatus("answered", _("The office has answered."))
    if document.status == Status.CLOSED:
        return PublicStatus("closed", _("The matter is closed."))
    if document.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        return PublicStatus("in_progress", _("An official is working on it."))
    return PublicStatus("received", _("Received and registered; waiting to be assigned."))
