"""Background jobs of the registry."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import OPEN_TASK_STATUSES, Task

DUE_SOON_DAYS = 3


@task()
def send_task_digest() -> int:
    """E-mail each official their open tasks that are overdue or due within three days;
    returns the number of messages sent."""
    horizon = timezone.localdate() + timedelta(days=DUE_SOON_DAYS)
    tasks = (
        Task.objects.filter(
            status__in=OPEN_TASK_STATUSES,
            due_on__lte=horizon,
            assignee__isnull=False,
            assignee__is_active=True,
        )
        .select_related("assignee", "organisation", "document", "case")
        .order_by("assignee_id", "due_on")
    )
    by_user: dict[int, list[Task]] = defaultdict(list)
    for item in tasks:
        by_user[item.assignee_id].append(item)  # type: ignore[index]
    messages = []
    today = timezone.localdate()
    for items in by_user.values():
        user = items[0].assignee
        assert user is not None
        with translation.override(user.language):
            body = render_to_string(
                "registry/email/task_digest.txt",
                {"user": user, "tasks": items, "today": today, "site": settings.SITE_URL},
            )
            subject = _("Your tasks due soon: %(count)d") % {"count": len(items)}
        messages.append((subject, body, None, [user.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0


@task()
def extract_attachment(attachment_id: int) -> str:
    """Read the text of one attachment (OCR for scans); returns its extraction status."""
    from .models import Attachment
    from .services import attachment_extract

    attachment = (
        Attachment.objects.select_related("file", "document", "organisation")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None:
        return "gone"
    return attachment_extract(attachment=attachment).extraction_status


@task()
def poll_intake() -> int:
    """Receive the .eml files waiting in settings.INTAKE_DIR/<org slug>/ (each moved to done/
    or failed/ with a .reason); returns the number of new drafts."""
    from .intake import poll_folder

    return poll_folder().received
