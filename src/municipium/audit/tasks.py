from __future__ import annotations

import logging

from django.core.mail import mail_admins
from django_tasks import task

from .services import audit_verify

logger = logging.getLogger(__name__)


@task()
def verify_journal() -> dict[str, object]:
    """The nightly check of every chain; a broken one is logged and mailed to ADMINS."""
    checked, problems = audit_verify(record=True)
    if problems:
        text = "\n".join(str(problem) for problem in problems)
        logger.error("audit journal broken:\n%s", text)
        mail_admins("Audit journal broken", text, fail_silently=True)
    return {"checked": checked, "broken": [str(problem) for problem in problems]}
