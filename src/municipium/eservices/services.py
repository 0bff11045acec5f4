"""Every write of the e-services. Each service runs in one transaction with its audit entry."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record, audited_create, journal_batch
from municipium.registry import services as registry
from municipium.registry.files import InspectedFile, UploadRefused, inspect_upload, store_file
from municipium.registry.models import Direction, Document, DocumentKind, Register, StoredFile
from municipium.tenants.models import Organisation
from municipium.tenants.public import public_changed
from municipium.validators import check_plain_text, check_visible_text
from municipium.workdays.models import DeadlineRule, without_verify_marks

from .models import (
    Application,
    ApplicationStatus,
    FieldType,
    FormVersion,
    Message,
    MessageDirection,
    MessageKind,
    RateAttempt,
    Service,
    translated,
)

# --- the catalogue --------------------------------------------------------------------------

SERVICE_TEXTS = ("title", "description", "eligibility", "required_documents", "fee")


def _texts(value: Any, languages: list[str]) -> dict[str, str]:
    """Keep only the organisation's languages, stripped."""
    value = value if isinstance(value, dict) else {}
    return {code: str(value.get(code) or "").strip() for code in languages}


def kind_for_rule(*, organisation: Organisation, rule: DeadlineRule, actor: Any) -> DocumentKind:
    """The organisation's document kind with this deadline rule: an existing one, or a new
    kind (a service's applications get their deadline from their kind). A new kind is named in
    the organisation's language as what registrars see on the letter: "Заявление (7 дни, АПК
    чл. 57)", not the rule's long name."""
    if rule.organisation_id not in (None, organisation.pk) or rule.country != organisation.country:
        raise ValidationError({"deadline_rule": _("This rule does not apply here.")})
    kind = (
        DocumentKind.objects.filter(organisation=organisation, deadline_rule=rule, is_active=True)
        .order_by("id")
        .first()
    )
    if kind is not None:
        return kind
    kind = DocumentKind(
        organisation=organisation,
        code=f"es-{rule.code}"[:40].rstrip("-"),
        name=_application_kind_name(organisation, rule)[:120],
        deadline_rule=rule,
    )
    return audited_create(
        kind,
        organisation=organisation,
        actor=actor,
        action="document_kind.create",
        changes={"code": kind.code, "deadline_rule": rule.code},
    )


def _application_kind_name(organisation: Organisation, rule: DeadlineRule) -> str:
    with translation.override(organisation.main_language):
        return _("Application (%(period)s, %(basis)s)") % {
            "period": rule.period_text,
            "basis": without_verify_marks(rule.legal_basis),
        }


def _catalogue_changed(organisation: Organisation) -> None:
    """The public catalogue and service pages (cached whole for anonymous visitors) show the
    change once it is committed."""
    transaction.on_commit(lambda: public_changed(organisation))


def service_create(
    *,
    organisation: Organisation,
    actor: Any,
    slug: str,
    title: dict[str, str],
    legal_basis: str,
    deadline_rule: DeadlineRule,
    register: Register,
    file_class: Any,
    unit: Any,
    description: dict[str, str] | None = None,
    eligibility: dict[str, str] | None = None,
    required_documents: dict[str, str] | None = None,
    fee: dict[str, str] | None = None,
    is_published: bool = False,
    request: HttpRequest | None = None,
) -> Service:
    """A new service of the catalogue, with an empty draft of its form. It opens for
    applications only once a form is published (service_update)."""
    if is_published:
        raise ValidationError({"is_published": _("Publish the form before opening the service.")})
    languages = organisation.languages
    with transaction.atomic():
        kind = kind_for_rule(organisation=organisation, rule=deadline_rule, actor=actor)
        service = Service(
            organisation=organisation,
            slug=slug,
            title=_texts(title, languages),
            description=_texts(description, languages),
            eligibility=_texts(eligibility, languages),
            required_documents=_texts(required_documents, languages),
            fee=_texts(fee, languages),
            legal_basis=legal_basis.strip(),
            deadline_rule=deadline_rule,
            kind=kind,
            register=register,
            file_class=file_class,
            unit=unit,
        )
        if Service.objects.filter(organisation=organisation, slug=slug).exists():
            raise ValidationError({"slug": _("Another service has this address.")})
        audited_create(
            service,
            organisation=organisation,
            actor=actor,
            action="service.create",
            changes={"slug": slug, "deadline_rule": deadline_rule.code},
            request=request,
        )
        FormVersion.objects.create(service=service, number=1, fields=[])
        _catalogue_changed(organisation)
    return service


def service_update(
    *, service: Service, actor: Any, request: HttpRequest | None = None, **values: Any
) -> Service:
    """Change the catalogue entry (texts, legal basis, rule, register, class, unit, whether
    it is open for applications)."""
    organisation = service.organisation
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        before = {k: str(getattr(locked, k)) for k in values}
        for name, value in values.items():
            if name in SERVICE_TEXTS:
                value = _texts(value, organisation.languages)
            if name == "legal_basis":
                value = value.strip()
            setattr(locked, name, value)
        if "deadline_rule" in values:
            locked.kind = kind_for_rule(
                organisation=organisation, rule=values["deadline_rule"], actor=actor
            )
        if (
            "slug" in values
            and Service.objects.filter(organisation=organisation, slug=locked.slug)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise ValidationError({"slug": _("Another service has this address.")})
        if locked.is_published and not published_version(locked):
            raise ValidationError(
                {"is_published": _("Publish the form before opening the service.")}
            )
        locked.full_clean()
        locked.save()
        after = {k: str(getattr(locked, k)) for k in values}
        audit_record(
            organisation=organisation,
            actor=actor,
            action="service.update",
            obj=locked,
            changes={k: [before[k], after[k]] for k in values if before[k] != after[k]},
            request=request,
        )
        _catalogue_changed(organisation)
    return locked


def published_version(service: Service) -> FormVersion | None:
    return (
        FormVersion.objects.filter(service=service, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


# --- the form builder ----------------------------------------------------------------------

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
IDENTIFIER_TYPES = ("egn", "eik", "pesel", "nip", "regon")
MAX_FIELDS = 100


def clean_field_spec(
    spec: dict[str, Any], *, languages: list[str], others: list[dict[str, Any]]
) -> dict[str, Any]:
    """A field of the schema, checked and normalised; ValidationError says what is wrong."""
    errors: dict[str, str] = {}
    kind = spec.get("type")
    if kind not in FieldType.values:
        errors["type"] = _("Choose a field type.")
    key = str(spec.get("key") or "").strip()
    if not KEY_RE.match(key):
        errors["key"] = _("Use 1-40 lowercase Latin letters, digits and underscores.")
    elif any(other["key"] == key for other in others):
        errors["key"] = _("Another field has this key.")
    label = _texts(spec.get("label"), languages)
    missing = [code for code in languages if not label.get(code)]
    if missing:
        errors["label"] = _("Give the label in every language of the organisation: %(codes)s.") % {
            "codes": ", ".join(missing)
        }
    field: dict[str, Any] = {
        "key": key,
        "type": kind,
        "required": bool(spec.get("required")),
        "label": label,
        "help": _texts(spec.get("help"), languages),
        "choices": [],
        "identifier_type": "",
        "max_mb": None,
        "show_if": None,
    }
    if kind in (FieldType.CHOICE, FieldType.MULTICHOICE):
        choices = []
        for choice in spec.get("choices") or []:
            labels = _texts(choice.get("label"), languages)
            value = str(choice.get("value") or "").strip()
            if not value or not any(labels.values()):
                continue
            choices.append({"value": value, "label": labels})
        values = [c["value"] for c in choices]
        if len(choices) < 2 or len(set(values)) != len(values):
            errors["choices"] = _("Give at least two different choices.")
        field["choices"] = choices
    if kind == FieldType.IDENTIFIER:
        if spec.get("identifier_type") not in IDENTIFIER_TYPES:
            errors["identifier_type"] = _("Choose the kind of identifier.")
        field["identifier_type"] = spec.get("identifier_type") or ""
    if kind == FieldType.FILE:
        try:
            max_mb = int(spec.get("max_mb") or settings.UPLOAD_MAX_MB)
        except (TypeError, ValueError):
            max_mb = 0
        if not 1 <= max_mb <= settings.UPLOAD_MAX_MB:
            errors["max_mb"] = _("The limit must be between 1 and %(max)d MB.") % {
                "max": settings.UPLOAD_MAX_MB
            }
        field["max_mb"] = max_mb
    show_if = spec.get("show_if") or None
    if show_if and show_if.get("field"):
        target = next((o for o in others if o["key"] == show_if["field"]), None)
        if target is None:
            errors["show_if"] = _("Show it only after a field that comes before it.")
        elif target["type"] in (FieldType.FILE, FieldType.TEXTAREA):
            errors["show_if"] = _("A field can depend on a choice, a consent or a short value.")
        else:
            field["show_if"] = {
                "field": target["key"],
                "value": str(show_if.get("value") or "").strip(),
            }
    if errors:
        raise ValidationError(errors)
    return field


def _draft_for_update(service: Service) -> FormVersion:
    """The draft of the service's form, locked; a new one copying the latest published
    version when there is none (editing a published form makes a new draft)."""
    draft = (
        FormVersion.objects.select_for_update()
        .filter(service=service, published_at__isnull=True)
        .first()
    )
    if draft is not None:
        return draft
    latest = FormVersion.objects.filter(service=service).order_by("-number").first()
    return FormVersion.objects.create(
        service=service,
        number=(latest.number + 1) if latest else 1,
        fields=list(latest.fields) if latest else [],
    )


def draft_version(service: Service) -> FormVersion | None:
    return FormVersion.objects.filter(service=service, published_at__isnull=True).first()


def _save_draft(
    service: Service,
    draft: FormVersion,
    fields: list[dict[str, Any]],
    actor: Any,
    action: str,
    key: str,
    request: HttpRequest | None,
) -> FormVersion:
    draft.fields = fields
    draft.save(update_fields=["fields"])
    audit_record(
        organisation=service.organisation,
        actor=actor,
        action=action,
        obj=service,
        changes={"version": draft.number, "field": key},
        request=request,
    )
    return draft


def form_field_add(
    *, service: Service, actor: Any, spec: dict[str, Any], request: HttpRequest | None = None
) -> FormVersion:
    with transaction.atomic():
        draft = _draft_for_update(service)
        if len(draft.fields) >= MAX_FIELDS:
            raise ValidationError(_("A form has at most %(n)d fields.") % {"n": MAX_FIELDS})
        field = clean_field_spec(
            spec, languages=service.organisation.languages, others=draft.fields
        )
        return _save_draft(
            service, draft, [*draft.fields, field], actor, "form.field_add", field["key"], request
        )


def form_field_update(
    *,
    service: Service,
    actor: Any,
    key: str,
    spec: dict[str, Any],
    request: HttpRequest | None = None,
) -> FormVersion:
    with transaction.atomic():
        draft = _draft_for_update(service)
        index = _index(draft, key)
        before = draft.fields[:index]
        field = clean_field_spec(
            {**spec, "key": key}, languages=service.organisation.languages, others=before
        )
        fields = [*before, field, *draft.fields[index + 1 :]]
        return _save_draft(service, draft, fields, actor, "form.field_update", key, request)


def form_field_delete(
    *, service: Service, actor: Any, key: str, request: HttpRequest | None = None
) -> FormVersion:
    with transaction.atomic():
        draft = _draft_for_update(service)
        index = _index(draft, key)
        dependants = [
            f["key"] for f in draft.fields if (f.get("show_if") or {}).get("field") == key
        ]
        if dependants:
            raise ValidationError(
                _("Fields %(keys)s are shown depending on this one; change them first.")
                % {"keys": ", ".join(dependants)}
            )
        fields = draft.fields[:index] + draft.fields[index + 1 :]
        return _save_draft(service, draft, fields, actor, "form.field_delete", key, request)


def form_field_move(
    *, service: Service, actor: Any, key: str, offset: int, request: HttpRequest | None = None
) -> FormVersion:
    """Move a field up (-1) or down (+1); a field never moves above the one it depends on."""
    with transaction.atomic():
        draft = _draft_for_update(service)
        index = _index(draft, key)
        target = index + (1 if offset > 0 else -1)
        if not 0 <= target < len(draft.fields):
            raise ValidationError(_("The field cannot move further."))
        fields = list(draft.fields)
        fields[index], fields[target] = fields[target], fields[index]
        position = {f["key"]: i for i, f in enumerate(fields)}
        for field in fields:
            depends = (field.get("show_if") or {}).get("field")
            if depends and position[depends] > position[field["key"]]:
                raise ValidationError(_("A field must come after the field it depends on."))
        return _save_draft(service, draft, fields, actor, "form.field_move", key, request)


def _index(draft: FormVersion, key: str) -> int:
    for index, field in enumerate(draft.fields):
        if field["key"] == key:
            return index
    raise ValidationError(_("There is no such field."))


def form_publish(
    *, service: Service, actor: Any, request: HttpRequest | None = None
) -> FormVersion:
    """Freeze the draft as the form new applications use; it is never changed again."""
    with transaction.atomic():
        draft = (
            FormVersion.objects.select_for_update()
            .filter(service=service, published_at__isnull=True)
            .first()
        )
        if draft is None:
            raise ValidationError(_("There is no draft to publish."))
        if not draft.fields:
            raise ValidationError(_("Add at least one field before publishing."))
        draft.published_at = timezone.now()
        draft.published_by = actor if getattr(actor, "is_authenticated", False) else None
        draft.save(update_fields=["published_at", "published_by"])
        audit_record(
            organisation=service.organisation,
            actor=actor,
            action="form.publish",
            obj=service,
            changes={"version": draft.number, "fields": len(draft.fields)},
            request=request,
        )
        _catalogue_changed(service.organisation)
    return draft


# --- applying ------------------------------------------------------------------------------


def _clean_draft_data(version: FormVersion, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only the form's own keys, as strings or lists of strings (files are not kept)."""
    kept: dict[str, Any] = {}
    for field in version.fields:
        if field["type"] == FieldType.FILE or field["key"] not in data:
            continue
        value = data[field["key"]]
        if isinstance(value, list):
            kept[field["key"]] = [str(v)[:2000] for v in value][:50]
        elif value is not None:
            kept[field["key"]] = str(value)[:10000]
    return kept


def _check_texts(name: str, data: dict[str, Any]) -> None:
    """What an applicant writes must be storable and printable: no control characters
    (line breaks and tabs aside), and a name with something visible in it."""
    errors: dict[str, Any] = {}
    try:
        check_visible_text(name)
    except ValidationError as error:
        errors["name"] = error
    for key, value in data.items():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                check_plain_text(text, multiline=True)
            except ValidationError as error:
                errors[key] = error
                break
    if errors:
        raise ValidationError(errors)


def application_save_draft(
    *,
    service: Service,
    version: FormVersion,
    user: Any,
    email: str,
    name: str,
    data: dict[str, Any],
    language: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """Keep what the applicant has written so far, to resume later (one draft per service
    and e-mail address). Nothing is checked beyond the form's own keys and that the texts
    can be stored."""
    _check_texts(name or "-", data)
    now = timezone.now()
    with transaction.atomic():
        draft = (
            Application.objects.select_for_update()
            .filter(service=service, email=email, status=ApplicationStatus.DRAFT)
            .first()
        )
        if draft is None:
            draft = Application(
                organisation=service.organisation,
                service=service,
                email=email,
                created_at=now,
                status=ApplicationStatus.DRAFT,
            )
        draft.form_version = version
        draft.user = user if getattr(user, "is_authenticated", False) else None
        draft.name = name.strip()[:200]
        draft.language = language
        draft.data = _clean_draft_data(version, data)
        draft.updated_at = now
        draft.save()
        audit_record(
            organisation=service.organisation,
            actor=user,
            action="application.draft",
            obj=draft,
            changes={"service": service.slug, "fields": len(draft.data)},
            request=request,
        )
    return draft


def application_draft(service: Service, email: str) -> Application | None:
    return Application.objects.filter(
        service=service, email=email, status=ApplicationStatus.DRAFT
    ).first()


@dataclass(frozen=True)
class Submission:
    application: Application
    document: Document
    access_code: str


def _readable(
    version: FormVersion, data: dict[str, Any], files: dict[str, Any], languages: list[str]
) -> str:
    """The answers as "label: value" lines (in the organisation's main language), for the
    registered document's description."""
    lines = []
    for field in version.fields:
        label = translated(field["label"], languages[0], languages)
        if field["type"] == FieldType.FILE:
            upload = files.get(field["key"])
            if upload is not None:
                lines.append(f"{label}: {upload.name}")
            continue
        value = data.get(field["key"])
        if value in (None, "", []):
            continue
        lines.append(f"{label}: {display_value(field, value, languages[0], languages)}")
    return "\n".join(lines)


def display_value(field: dict[str, Any], value: Any, language: str, languages: list[str]) -> str:
    if field["type"] in (FieldType.CHOICE, FieldType.MULTICHOICE):
        labels = {c["value"]: translated(c["label"], language, languages) for c in field["choices"]}
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    if field["type"] == FieldType.CONSENT:
        return _("yes") if value else _("no")
    if field["type"] == FieldType.DATE and isinstance(value, str):
        # Stored yyyy-mm-dd; shown as the language writes dates, like every other date.
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        with translation.override(language):
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return str(value)


def _correspondent_fields(
    version: FormVersion, data: dict[str, Any], name: str, email: str
) -> dict[str, Any]:
    fields: dict[str, Any] = {"kind": "person", "name": name[:200], "email": email}
    for field in version.fields:
        value = data.get(field["key"])
        if not value:
            continue
        if field["type"] == FieldType.IDENTIFIER and "identifier" not in fields:
            fields["identifier_type"] = field["identifier_type"]
            fields["identifier"] = str(value)
            if field["identifier_type"] in ("eik", "nip", "regon"):
                fields["kind"] = "organisation"
        elif field["type"] == FieldType.ADDRESS and "address" not in fields:
            fields["address"] = str(value)[:300]
        elif field["type"] == FieldType.PHONE and "phone" not in fields:
            fields["phone"] = str(value)[:40]
    return fields


def check_upload(upload: UploadedFile, max_mb: int | None = None) -> InspectedFile:
    """Refuse a file over its limit or that the registry does not take (registry.files),
    before anything is registered."""
    limit = min(max_mb or settings.UPLOAD_MAX_MB, settings.UPLOAD_MAX_MB)
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": limit})
    try:
        return inspect_upload(upload.name or "", upload)
    except UploadRefused as refused:
        raise ValidationError(
            _("%(name)s: %(problem)s") % {"name": upload.name, "problem": refused}
        ) from None
    finally:
        upload.seek(0)


Checked = list[tuple[InspectedFile, UploadedFile]]
Stored = list[tuple[InspectedFile, StoredFile]]


def _store(checked: Checked) -> Stored:
    """Write the checked files before any lock is taken: the store may be a bucket a network
    away, and nobody should wait on the register's counter meanwhile."""
    return [(inspected, store_file(inspected, upload)) for inspected, upload in checked]


def _attach(document: Document, stored: Stored, actor: Any, request: Any) -> None:
    for inspected, blob in stored:
        registry.attachment_attach(
            document=document, stored=blob, filename=inspected.name, actor=actor, request=request
        )


def application_submit(
    *,
    service: Service,
    version: FormVersion,
    user: Any,
    email: str,
    name: str,
    data: dict[str, Any],
    files: dict[str, UploadedFile] | None = None,
    language: str = "",
    request: HttpRequest | None = None,
    rate_keys: dict[str, str] | None = None,
) -> Submission:
    """File an application: it is registered as an incoming document (channel "portal",
    kind with the service's deadline rule), a case of the service's file-plan class is opened
    for it, the uploads become its attachments — all in one transaction. `data` must have
    been validated against `version` (see forms.ApplicationForm).

    `rate_keys` ({bucket: client address or e-mail}) are counted against APPLY_RATE_PER_HOUR
    in the same transaction (no write of its own): RateLimited when one is used up, and then
    nothing is filed or counted."""
    files = files or {}
    organisation = service.organisation
    if version.service_id != service.pk:
        raise ValidationError(_("This form belongs to another service."))
    if not service.is_published or version.published_at is None:
        raise ValidationError(_("This service does not take applications now."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give your name.")})
    _check_texts(name, data)
    limits = {f["key"]: f.get("max_mb") for f in version.fields if f["type"] == FieldType.FILE}
    checked = [(check_upload(upload, limits.get(key)), upload) for key, upload in files.items()]
    title = translated(service.title, organisation.main_language, organisation.languages)
    subject = f"{title} — {name}"[:500]
    now = timezone.now()
    # Read and check before the registration takes its locks, to hold them briefly.
    application = application_draft(service, email) or Application(
        organisation=organisation, service=service, email=email, created_at=now
    )
    prepared = registry.document_prepare(
        organisation=organisation,
        actor=user,
        register=service.register,
        direction=Direction.INCOMING,
        kind=service.kind,
        subject=subject,
        description=_readable(version, data, files, organisation.languages),
        channel="portal",
        new_correspondent=_correspondent_fields(version, data, name, email),
        language=language if language in organisation.languages else "",
        request=request,
    )
    registry.registry_settings(organisation)  # the case mark's mask, kept on the organisation
    stored = _store(checked)
    file_class, unit = service.file_class, service.unit
    # The locks others wait for are taken as late as possible and always in one order: the
    # case counter, the register's counter, the journal's head (entries are chained together
    # at the end of the batch). Before them: the rate limit and the correspondent.
    with transaction.atomic(), journal_batch():
        if rate_keys and not rate_allow(keys=rate_keys, limit=settings.APPLY_RATE_PER_HOUR):
            raise RateLimited
        if prepared.new_correspondent:
            prepared.document.correspondent = registry.correspondent_resolve(
                organisation=organisation,
                actor=user,
                fields=prepared.new_correspondent,
                request=request,
            )
            prepared = dataclasses.replace(prepared, new_correspondent=None)
        case = registry.case_open(
            organisation=organisation,
            actor=user,
            file_class=file_class,
            unit=unit,
            title=subject,
            request=request,
        )
        prepared.document.case = case
        registration = registry.document_commit(prepared)
        document = registration.document
        _attach(document, stored, user, request)
        application.form_version = version
        application.user = user if getattr(user, "is_authenticated", False) else None
        application.name = name[:200]
        application.language = language
        application.data = _clean_draft_data(version, data)
        application.status = ApplicationStatus.SUBMITTED
        application.notified_status = "received"
        application.document = document
        application.case = case
        application.updated_at = now
        application.submitted_at = now
        application.save()
        audit_record(
            organisation=organisation,
            actor=user,
            action="application.submit",
            obj=application,
            changes={"service": service.slug, "version": version.number, "number": document.number},
            request=request,
        )
        from .notify import confirmation_for, send_confirmation

        confirmation = confirmation_for(application, document, registration.access_code)
        transaction.on_commit(lambda: send_confirmation(confirmation), robust=True)
    return Submission(application, document, registration.access_code)


# --- the conversation and the office's decisions ---------------------------------------------


def _outgoing_register(organisation: Organisation, service: Service) -> Register:
    if service.register.accepts(Direction.OUTGOING) and service.register.is_active:
        return service.register
    register = (
        Register.objects.filter(
            organisation=organisation, is_active=True, scope__in=("outgoing", "mixed")
        )
        .order_by("scope", "id")
        .first()
    )
    if register is None:
        raise ValidationError(_("The organisation has no register for outgoing documents."))
    return register


def _letter_kind(organisation: Organisation, service: Service) -> DocumentKind:
    """Messages are letters of the case: no statutory clock of their own."""
    kind = DocumentKind.objects.filter(
        organisation=organisation, code="letter", is_active=True
    ).first()
    return kind or service.kind


def _open_application(application: Application, *states: str) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("service__register", "service__kind", "document", "case")
        .get(pk=application.pk)
    )
    if locked.status not in states:
        raise ValidationError(_("The application is not in a state that allows this."))
    return locked


def _office_message(
    application: Application,
    actor: Any,
    kind: str,
    text: str,
    stored: Stored,
    request: HttpRequest | None,
    reply: bool,
) -> Message:
    organisation = application.organisation
    assert application.document is not None
    subject_prefix = MessageKind(kind).label
    registration = registry.document_register(
        organisation=organisation,
        actor=actor,
        register=_outgoing_register(organisation, application.service),
        direction=Direction.OUTGOING,
        kind=_letter_kind(organisation, application.service),
        subject=f"{subject_prefix}: {application.document.number}"[:500],
        description=text,
        channel="portal",
        correspondent=application.document.correspondent,
        sent_on=timezone.localdate(),
        reply_to=application.document if reply else None,
        case=application.case,
        language=application.language if application.language in organisation.languages else "",
        request=request,
    )
    _attach(registration.document, stored, actor, request)
    return Message.objects.create(
        application=application,
        direction=MessageDirection.FROM_OFFICE,
        kind=kind,
        text=text,
        document=registration.document,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )


def _require_text(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def application_request_info(
    *,
    application: Application,
    actor: Any,
    text: str,
    uploads: list[UploadedFile] | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Ask the applicant for more: the letter is registered (outgoing, in the case) and the
    statutory clock stops until the applicant answers (KPA art. 35 §5)."""
    text = _require_text(text, "text", _("Write what is missing."))
    stored = _store([(check_upload(upload), upload) for upload in uploads or []])
    with transaction.atomic():
        locked = _open_application(application, ApplicationStatus.SUBMITTED)
        message = _office_message(
            locked, actor, MessageKind.INFO_REQUEST, text, stored, request, reply=False
        )
        locked.status = ApplicationStatus.INFO_REQUESTED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        assert locked.document is not None
        registry.document_suspend(
            document=locked.document, actor=actor, reason=text[:300], request=request
        )
    return message


def application_reply(
    *,
    application: Application,
    user: Any,
    text: str,
    uploads: list[UploadedFile] | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """The applicant's message: registered as an incoming document of the case. When the
    office had asked for more, the clock starts again."""
    text = _require_text(text, "text", _("Write your message."))
    stored = _store([(check_upload(upload), upload) for upload in uploads or []])
    with transaction.atomic():
        locked = _open_application(
            application, ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED
        )
        organisation = locked.organisation
        assert locked.document is not None
        registration = registry.document_register(
            organisation=organisation,
            actor=user,
            register=locked.service.register,
            direction=Direction.INCOMING,
            kind=_letter_kind(organisation, locked.service),
            subject=f"{_('Message from the applicant')}: {locked.document.number}"[:500],
            description=text,
            channel="portal",
            correspondent=locked.document.correspondent,
            case=locked.case,
            request=request,
        )
        _attach(registration.document, stored, user, request)
        message = Message.objects.create(
            application=locked,
            direction=MessageDirection.FROM_CITIZEN,
            kind=MessageKind.MESSAGE,
            text=text,
            document=registration.document,
            author=user if getattr(user, "is_authenticated", False) else None,
            created_at=timezone.now(),
        )
        audit_record(
            organisation=organisation,
            actor=user,
            action="application.reply",
            obj=locked,
            changes={"number": registration.document.number},
            request=request,
        )
        if locked.status == ApplicationStatus.INFO_REQUESTED:
            locked.status = ApplicationStatus.SUBMITTED
            locked.updated_at = timezone.now()
            locked.save(update_fields=["status", "updated_at"])
            if locked.document.suspensions.filter(end__isnull=True).exists():
                registry.document_resume(document=locked.document, actor=user, request=request)
    return message


def _decide(
    application: Application,
    actor: Any,
    kind: str,
    status: str,
    text: str,
    uploads: list[UploadedFile],
    request: HttpRequest | None,
) -> Message:
    stored = _store([(check_upload(upload), upload) for upload in uploads])
    with transaction.atomic():
        locked = _open_application(
            application, ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED
        )
        assert locked.document is not None
        if locked.document.suspensions.filter(end__isnull=True).exists():
            registry.document_resume(document=locked.document, actor=actor, request=request)
        locked.status = status
        locked.updated_at = timezone.now()
        message = _office_message(locked, actor, kind, text, stored, request, reply=True)
        locked.final_document = message.document
        locked.save(update_fields=["status", "updated_at", "final_document"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action=f"application.{status}",
            obj=locked,
            changes={"status": status, "number": message.document.number},
            request=request,
        )
    return message


def application_answer(
    *,
    application: Application,
    actor: Any,
    text: str,
    uploads: list[UploadedFile] | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """The office's final answer: an outgoing reply registered in the case, with the answer
    file, which marks the application's document answered."""
    text = _require_text(text, "text", _("Write the answer."))
    return _decide(
        application,
        actor,
        MessageKind.ANSWER,
        ApplicationStatus.ANSWERED,
        text,
        uploads or [],
        request,
    )


def application_refuse(
    *,
    application: Application,
    actor: Any,
    reasons: str,
    uploads: list[UploadedFile] | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Refuse with reasons: the decision is an outgoing reply registered in the case."""
    reasons = _require_text(reasons, "text", _("Give the reasons for the refusal."))
    return _decide(
        application,
        actor,
        MessageKind.REFUSAL,
        ApplicationStatus.REFUSED,
        reasons,
        uploads or [],
        request,
    )


def application_mark_notified(*, application_id: int, status: str) -> bool:
    """Record that the applicant was told about `status`; False when they were already."""
    return bool(
        Application.objects.filter(pk=application_id)
        .exclude(notified_status=status)
        .update(notified_status=status)
    )


# --- abuse limits --------------------------------------------------------------------------

RATE_WINDOW = timedelta(hours=1)


class RateLimited(Exception):
    """Too many attempts from this address or e-mail in the last hour."""


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def rate_allow(*, keys: dict[str, str], limit: int) -> bool:
    """Count one attempt for each {bucket: key} (a client address, an e-mail); False when
    any of them already has `limit` attempts in the last hour (nothing is counted then).
    One read and one insert: a request pays one short write transaction, or none inside the
    caller's transaction. Plain SQL: it runs on every public request that writes."""
    keys = {bucket: _digest(key) for bucket, key in keys.items() if key}
    if not keys:
        return True
    now = timezone.now()
    table = RateAttempt._meta.db_table
    at = connection.ops.adapt_datetimefield_value
    pairs = " OR ".join(["(bucket = %s AND key = %s)"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) AS n FROM {table} WHERE ({pairs}) AND at > %s "  # noqa: S608
            "GROUP BY bucket, key ORDER BY n DESC LIMIT 1",
            [*(value for pair in keys.items() for value in pair), at(now - RATE_WINDOW)],
        )
        busiest = cursor.fetchone()
        if busiest is not None and busiest[0] >= limit:
            return False
        cursor.executemany(
            f"INSERT INTO {table} (bucket, key, at) VALUES (%s, %s, %s)",  # noqa: S608
            [(bucket, digest, at(now)) for bucket, digest in keys.items()],
        )
    return True


def rate_prune(*, now: Any = None) -> int:
    """Delete attempts older than the window; returns how many."""
    cutoff = (now or timezone.now()) - RATE_WINDOW
    deleted, _count = RateAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted


def new_service_slug(title: str) -> str:
    return slugify(title)[:60] or "service"
