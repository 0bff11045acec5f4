"""Every write of a consultation: creation and changes, the draft's structure (from pasted
text, DOCX or ODT, matched to the previous structure so anchors survive), documents, and the
steps publish → close → publish the report → act adopted, each refused with a message naming
the rule it would break. Inputs are checked and parsed before the short transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Membership, Organisation, PublicFile, Unit
from municipium.tenants.public import public_changed
from municipium.validators import check_plain_text, check_visible_text

from .. import drafts
from ..models import (
    ActKind,
    Article,
    Consultation,
    ConsultationDocument,
    DocumentKind,
    Form,
    Paragraph,
    RuleSet,
    State,
    Version,
)
from ..models.consultations import DOCUMENTS_MAX, REASON_MAX, SUMMARY_MAX, TITLE_MAX
from .rules import Plan, rule_violations

IMPORT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}


def _changed(organisation: Organisation) -> None:
    transaction.on_commit(lambda: public_changed(organisation))


@dataclass(frozen=True)
class Details:
    title: str
    act_kind: str
    summary: str
    rule_set: RuleSet
    responsible: Any
    opens_at: datetime
    closes_at: datetime
    unit: Unit | None = None
    shortened_reason: str = ""
    forms: Sequence[str] = (Form.ONLINE,)
    meetings: str = ""


def _clean(organisation: Organisation, details: Details) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    title = " ".join(details.title.split())
    try:
        check_visible_text(title)
    except ValidationError as error:
        refuse("title", error.messages[0])
    if len(title) > TITLE_MAX:
        refuse("title", _("At most %d characters.") % TITLE_MAX)
    texts = {}
    for name, limit in (
        ("summary", SUMMARY_MAX),
        ("shortened_reason", REASON_MAX),
        ("meetings", SUMMARY_MAX),
    ):
        value = str(getattr(details, name)).strip()
        try:
            check_plain_text(value, multiline=True)
        except ValidationError as error:
            refuse(name, error.messages[0])
        if len(value) > limit:
            refuse(name, _("At most %d characters.") % limit)
        texts[name] = value
    if details.act_kind not in ActKind.values:
        refuse("act_kind", _("Choose a kind of act from the list."))
    if details.rule_set.organisation_id != organisation.pk:
        refuse("rule_set", _("Choose a rule set of this organisation."))
    if details.unit is not None and details.unit.organisation_id != organisation.pk:
        refuse("unit", _("Choose a unit of this organisation."))
    responsible = details.responsible
    responsible_id = getattr(responsible, "pk", None)
    if (
        responsible_id is None
        or not Membership.objects.filter(
            organisation=organisation, user_id=responsible_id, is_active=True
        ).exists()
    ):
        refuse("responsible", _("Choose a member of this organisation."))
    if details.closes_at <= details.opens_at:
        refuse("closes_at", _("The consultation closes after it opens."))
    forms = list(dict.fromkeys(details.forms))
    if any(f not in Form.values for f in forms):
        refuse("forms", _("Choose forms from the list."))
    if Form.MEETING in forms and not texts["meetings"]:
        refuse("meetings", _("Say where and when the meetings take place."))
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "act_kind": details.act_kind,
        "summary": texts["summary"],
        "shortened_reason": texts["shortened_reason"],
        "meetings": texts["meetings"],
        "rule_set": details.rule_set,
        "responsible": responsible,
        "unit": details.unit,
        "opens_at": details.opens_at,
        "closes_at": details.closes_at,
        "forms": forms,
    }


def consultation_create(
    *, organisation: Organisation, actor: Any, details: Details, draft_text: str = ""
) -> Consultation:
    """A consultation being prepared (not public), with its first version of the draft."""
    values = _clean(organisation, details)
    articles = drafts.parse_text(draft_text) if draft_text.strip() else []
    drafts.match_anchors([], articles, 1)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            organisation=organisation, created_by=actor, **values
        )
        version = Version.objects.create(consultation=consultation, number=1, created_by=actor)
        consultation.next_anchor = _store_structure(version, articles, 1)
        consultation.save(update_fields=["next_anchor"])
        audit_record(
            organisation=organisation,
            actor=actor,
            action="consultation.create",
            obj=consultation,
            changes={"title": consultation.title, "rule_set": consultation.rule_set.code},
        )
    return consultation


def consultation_update(
    *, consultation: Consultation, actor: Any, details: Details
) -> Consultation:
    """Change the details. Once published, the period and the rules are those announced:
    changing them is checked against the rules again."""
    organisation = consultation.organisation
    values = _clean(organisation, details)
    if consultation.state in (State.CLOSED, State.ADOPTED):
        raise ValidationError(_("A closed consultation cannot be changed."))
    if consultation.state == State.OPEN:
        violations = rule_violations(values["rule_set"], _plan(consultation, values))
        if violations:
            raise ValidationError(violations)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.state != consultation.state:
            raise ValidationError(_("The consultation changed meanwhile: reload the page."))
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="consultation.update",
            obj=locked,
            changes={"title": locked.title, "closes_at": locked.closes_at.isoformat()},
        )
        if locked.state != State.DRAFT:
            _changed(organisation)
    return locked


def current_version(consultation: Consultation) -> Version:
    version = consultation.versions.order_by("-number").first()
    assert version is not None
    return version


def _store_structure(version: Version, articles: list[drafts.ParsedArticle], start: int) -> int:
    """Insert the parsed structure under `version` (anchors already matched)."""
    highest = start - 1
    rows = []
    for position, parsed in enumerate(articles):
        assert parsed.anchor is not None
        highest = max(highest, parsed.anchor, *(a or 0 for a in parsed.paragraph_anchors))
        rows.append(
            Article(
                version=version,
                anchor=parsed.anchor,
                position=position,
                number=parsed.number,
                label=parsed.label,
                heading=parsed.heading,
            )
        )
    created = Article.objects.bulk_create(rows)
    paragraphs = []
    for article, parsed in zip(created, articles, strict=True):
        for position, (text, anchor) in enumerate(
            zip(parsed.paragraphs, parsed.paragraph_anchors, strict=True)
        ):
            assert anchor is not None
            paragraphs.append(
                Paragraph(article=article, anchor=anchor, position=position, text=text)
            )
    Paragraph.objects.bulk_create(paragraphs, batch_size=500)
    return highest + 1


def _old_structure(version: Version) -> list[drafts.OldArticle]:
    articles = version.articles.prefetch_related("paragraphs")
    return [
        drafts.OldArticle(
            anchor=a.anchor,
            label=a.label,
            text="\n".join(p.text for p in a.paragraphs.all()),
            paragraphs=[(p.anchor, p.text) for p in a.paragraphs.all()],
        )
        for a in articles
    ]


def read_import(name: str, fileobj: IO[bytes] | Any) -> list[str]:
    """The lines of an uploaded DOCX or ODT draft, after the upload checks every file
    passes. Anything else is refused with a clear message."""
    from municipium.registry.files import inspect_upload

    inspected = inspect_upload(name, fileobj)
    kind = IMPORT_TYPES.get(inspected.mime)
    if kind is None:
        raise ValidationError({"file": _("Import a DOCX or ODT file, or paste the text.")})
    fileobj.seek(0)
    try:
        return drafts.docx_lines(fileobj) if kind == "docx" else drafts.odt_lines(fileobj)
    except Exception as exc:  # a damaged document: its library's own errors vary
        raise ValidationError({"file": _("This document cannot be read.")}) from exc


def draft_save(
    *,
    consultation: Consultation,
    actor: Any,
    text: str = "",
    lines: list[str] | None = None,
    note: str = "",
) -> Version:
    """Store the draft's structure from text (or from a file's lines). Before publication it
    replaces the structure of the version being prepared; afterwards it makes a new version.
    Articles keep their anchors when they continue an article of the previous structure."""
    if consultation.state in (State.CLOSED, State.ADOPTED) and consultation.report_published_at:
        raise ValidationError(_("The report is published: the draft can no longer change."))
    articles = drafts.parse_lines(lines) if lines is not None else drafts.parse_text(text)
    note = " ".join(note.split())[:500]
    check_plain_text(note)
    if consultation.state != State.DRAFT and not note:
        raise ValidationError({"note": _("Say what changed in the new version.")})
    previous = current_version(consultation)
    old = _old_structure(previous)
    drafts.match_anchors(old, articles, consultation.next_anchor)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        latest = current_version(locked)
        if latest.pk != previous.pk:
            raise ValidationError(_("Someone saved another version meanwhile: reload the page."))
        if locked.state == State.DRAFT:
            latest.articles.all().delete()
            version = latest
        else:
            version = Version.objects.create(
                consultation=locked, number=latest.number + 1, note=note, created_by=actor
            )
        next_anchor = _store_structure(version, articles, locked.next_anchor)
        Consultation.objects.filter(pk=locked.pk).update(
            next_anchor=max(next_anchor, locked.next_anchor)
        )
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="consultation.draft",
            obj=locked,
            changes={"version": version.number, "articles": len(articles), "note": note},
        )
        if locked.state != State.DRAFT:
            _changed(locked.organisation)
    return version


def document_add(
    *, consultation: Consultation, actor: Any, kind: str, file: PublicFile
) -> ConsultationDocument:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a kind of document from the list.")})
    if file.organisation_id != consultation.organisation_id:
        raise ValidationError({"file": _("Choose files of this organisation.")})
    if consultation.state in (State.CLOSED, State.ADOPTED):
        raise ValidationError(_("A closed consultation cannot be changed."))
    with transaction.atomic():
        if consultation.documents.count() >= DOCUMENTS_MAX:
            raise ValidationError({"file": _("At most %d documents.") % DOCUMENTS_MAX})
        document = ConsultationDocument.objects.create(
            consultation=consultation, kind=kind, file=file
        )
        audit_record(
            organisation=consultation.organisation,
            actor=actor,
            action="consultation.document_add",
            obj=consultation,
            changes={"kind": kind, "file": file.name},
        )
        if consultation.state != State.DRAFT:
            _changed(consultation.organisation)
    return document


def _plan(consultation: Consultation, values: dict[str, Any] | None = None) -> Plan:
    values = values or {}
    return Plan(
        opens_at=values.get("opens_at", consultation.opens_at),
        closes_at=values.get("closes_at", consultation.closes_at),
        shortened_reason=values.get("shortened_reason", consultation.shortened_reason),
        forms=values.get("forms", consultation.forms),
        document_kinds=set(consultation.documents.values_list("kind", flat=True)),
        has_draft=Article.objects.filter(
            version__consultation=consultation, version__number=current_version(consultation).number
        ).exists(),
    )


def _step(
    consultation: Consultation, actor: Any, expected: str, action: str, **values: Any
) -> Consultation:
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.state != expected:
            raise ValidationError(_("The consultation changed meanwhile: reload the page."))
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action=f"consultation.{action}",
            obj=locked,
            changes={k: str(v) for k, v in values.items() if k != "report"},
        )
        _changed(locked.organisation)
    return locked


def consultation_publish(*, consultation: Consultation, actor: Any) -> Consultation:
    """Open the consultation: refused, with the rule named, when it breaks its rule set."""
    if consultation.state != State.DRAFT:
        raise ValidationError(_("Only a consultation being prepared can be published."))
    violations = rule_violations(consultation.rule_set, _plan(consultation))
    if violations:
        raise ValidationError(violations)
    return _step(
        consultation, actor, State.DRAFT, "publish", state=State.OPEN, published_at=timezone.now()
    )


def consultation_close(*, consultation: Consultation, actor: Any) -> Consultation:
    """End the consultation after its announced period; no earlier (the rules' minimum
    period was announced and counted from the opening)."""
    if consultation.state != State.OPEN:
        raise ValidationError(_("Only a published consultation can be closed."))
    now = timezone.now()
    if now < consultation.closes_at:
        raise ValidationError(
            _("%(rule)s: comments stay open until %(when)s, as announced.")
            % {
                "rule": consultation.rule_set.name,
                "when": timezone.localtime(consultation.closes_at).strftime("%d.%m.%Y %H:%M"),
            }
        )
    return _step(consultation, actor, State.OPEN, "close", state=State.CLOSED, closed_at=now)


def consultation_adopt(*, consultation: Consultation, actor: Any, note: str = "") -> Consultation:
    """Record that the act was adopted: refused until the report is published when the
    rules require one."""
    note = " ".join(note.split())[:500]
    check_plain_text(note)
    if consultation.state != State.CLOSED:
        raise ValidationError(_("Only a closed consultation's act can be marked adopted."))
    if consultation.rule_set.report_required and not consultation.report_published_at:
        raise ValidationError(
            _("%(rule)s: the report on the comments is published before the act is adopted.")
            % {"rule": consultation.rule_set.name}
        )
    return _step(
        consultation,
        actor,
        State.CLOSED,
        "adopt",
        state=State.ADOPTED,
        adopted_at=timezone.now(),
        adopted_note=note,
    )
