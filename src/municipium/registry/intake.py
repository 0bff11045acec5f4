"""E-mail intake: .eml messages become draft incoming documents waiting for a registrar.

Messages arrive three ways — uploaded on the intake page, dropped in the intake folder
(settings.INTAKE_DIR/<org slug>/*.eml, polled by the `poll_intake` task and moved to done/ or
failed/ with a .reason file), or given to `municipium registry intake`. All three end in
`services.intake_receive`, which keeps the .eml and its attachments as blobs and makes one
draft per message ID.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.search.extractors import message_attachments, message_body, parse_message

logger = logging.getLogger(__name__)


@dataclass
class ParsedMessage:
    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    body: str
    sent_at: datetime | None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def parse_eml(data: bytes) -> ParsedMessage:
    """The parts of a message a registrar needs. A message without a Message-ID gets one
    made from its bytes, so the same file sent twice is still one draft."""
    message = parse_message(data)
    message_id = str(message.get("Message-ID", "") or "").strip()[:300]
    if not message_id:
        message_id = f"<sha256-{hashlib.sha256(data).hexdigest()}@municipium>"
    sender_name, sender_email = "", ""
    try:
        sender = message["From"]
        addresses: tuple[Address, ...] = getattr(sender, "addresses", ()) if sender else ()
        if addresses:
            sender_name, sender_email = addresses[0].display_name, addresses[0].addr_spec
    except (IndexError, ValueError, TypeError):
        sender_name, sender_email = parseaddr(str(message.get("From", "")))
    if "@" not in sender_email or len(sender_email) > 254 or " " in sender_email:
        sender_email = ""
    sent_at = None
    try:
        date_header = message["Date"]
        sent_at = getattr(date_header, "datetime", None) if date_header else None
    except (ValueError, TypeError, IndexError):
        sent_at = None
    if sent_at is not None and timezone.is_naive(sent_at):
        sent_at = timezone.make_aware(sent_at, timezone.get_default_timezone())
    try:
        subject = str(message.get("Subject", "") or "")
    except (ValueError, TypeError):
        subject = ""
    return ParsedMessage(
        message_id=message_id,
        sender_name=sender_name.strip()[:200],
        sender_email=sender_email.strip(),
        subject=" ".join(subject.split())[:500],
        body=message_body(message)[:100_000],
        sent_at=sent_at,
        attachments=list(message_attachments(message)),
    )


@dataclass
class FolderReport:
    received: int = 0
    duplicates: int = 0
    failed: int = 0


def _move(path: Path, folder: str, reason: str | None = None) -> None:
    target_dir = path.parent / folder
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{path.stem}-{timezone.now():%Y%m%d%H%M%S%f}{path.suffix}"
    try:
        path.rename(target)
    except FileNotFoundError:  # another worker took it
        return
    if reason is not None:
        target.with_name(target.name + ".reason").write_text(reason + "\n", encoding="utf-8")


def receive_paths(organisation: Any, paths: list[Path], *, move: bool) -> FolderReport:
    """Receive each .eml file; with `move`, file it under done/ or failed/ (with a .reason)."""
    from .services import intake_receive

    report = FolderReport()
    for path in paths:
        try:
            data = path.read_bytes()
            result = intake_receive(
                organisation=organisation, name=path.name, data=data, actor=None
            )
        except FileNotFoundError:
            continue
        except ValidationError as error:
            report.failed += 1
            if move:
                _move(path, "failed", " ".join(error.messages))
            continue
        if result.created:
            report.received += 1
        else:
            report.duplicates += 1
        if move:
            _move(path, "done")
    return report


def eml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.eml") if p.is_file())


def poll_folder() -> FolderReport:
    """One pass over settings.INTAKE_DIR: <folder>/<org slug>/*.eml for active organisations."""
    from municipium.tenants.models import Organisation

    total = FolderReport()
    if not settings.INTAKE_DIR:
        return total
    root = Path(settings.INTAKE_DIR)
    if not root.is_dir():
        logger.warning("the intake folder %s does not exist", root)
        return total
    slugs = [p.name for p in root.iterdir() if p.is_dir()]
    for organisation in Organisation.objects.filter(slug__in=slugs, is_active=True):
        report = receive_paths(organisation, eml_files(root / organisation.slug), move=True)
        total.received += report.received
        total.duplicates += report.duplicates
        total.failed += report.failed
    return total


# ---- reads (registrars only; the views check the role) -----------------------------------------


def intake_drafts(scope: Any) -> Any:
    """E-mails waiting for registration, newest first, with their number of files."""
    from django.db.models import Count

    from .models import IntakeMessage, IntakeStatus

    return (
        scope.filter(IntakeMessage.objects.filter(status=IntakeStatus.DRAFT))
        .annotate(file_count=Count("files"))
        .order_by("-id")
    )


def intake_message_for(scope: Any, intake_id: Any) -> Any:
    from .models import IntakeMessage

    return scope.get(IntakeMessage.objects.select_related("eml", "document"), pk=intake_id)


def matching_correspondent(scope: Any, email: str) -> Any:
    """The organisation's correspondent with this e-mail address, if there is one."""
    from .models import Correspondent

    if not email:
        return None
    return (
        scope.filter(Correspondent.objects.filter(email__iexact=email.strip()))
        .order_by("id")
        .first()
    )
