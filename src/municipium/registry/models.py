"""The registry office: registers, documents and their correspondents."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum import exceptions as stdnum_exceptions
from stdnum.bg import egn
from stdnum.bg import vat as bg_vat
from stdnum.pl import nip, pesel, regon

from municipium.validators import (
    check_past_date,
    check_plain_text,
    check_planned_date,
    check_visible_text,
    normalise_spaces,
)

from .masks import validate_mask


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")


class RegisterScope(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")
    MIXED = "mixed", _("Mixed")


class Register(models.Model):
    """A book where documents get their numbers (деловоден дневник / rejestr)."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="registers"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    scope = models.CharField(
        _("directions"), max_length=10, choices=RegisterScope.choices, default=RegisterScope.MIXED
    )
    mask = models.CharField(
        _("number mask"),
        max_length=80,
        validators=[validate_mask],
        help_text=_("For example {seq}/{dd}.{mm}.{yyyy} or RPW/{seq}/{yyyy}."),
    )
    restart_yearly = models.BooleanField(_("numbering restarts each year"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="register_code_in_org")
        ]

    def __str__(self) -> str:
        return self.name

    def accepts(self, direction: str) -> bool:
        return self.scope == RegisterScope.MIXED or self.scope == direction


class RegisterCounter(models.Model):
    """The last number given in a register for a period (a year, or 0 for no restart).

    Writers lock this row (SELECT … FOR UPDATE, or SQLite's write lock) in the transaction that
    inserts the document, so the numbers are unique and gapless: a rolled-back registration
    rolls its number back too.
    """

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="counters")
    period = models.PositiveIntegerField()
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "period"], name="one_counter_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.register_id}/{self.period}: {self.last}"


class DocumentKind(models.Model):
    """What a document is (application, complaint, …); configurable per organisation."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="document_kinds"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    deadline_rule = models.ForeignKey(
        "workdays.DeadlineRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("deadline rule"),
        help_text=_("The statutory time to answer, for incoming documents of this kind."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="kind_code_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class IdentifierType(models.TextChoices):
    NONE = "", _("none")
    EGN = "egn", _("EGN (BG personal number)")
    EIK = "eik", _("EIK/BULSTAT (BG company)")
    PESEL = "pesel", _("PESEL (PL personal number)")
    NIP = "nip", _("NIP (PL tax number)")
    REGON = "regon", _("REGON (PL business register)")


# Personal identifiers: shown masked except to the roles that need them.
PERSONAL_IDENTIFIERS = {IdentifierType.EGN, IdentifierType.PESEL}

_VALIDATORS: dict[str, Any] = {
    IdentifierType.EGN: egn,
    IdentifierType.EIK: bg_vat,  # the EIK/BULSTAT check digits, with or without the BG prefix
    IdentifierType.PESEL: pesel,
    IdentifierType.NIP: nip,
    IdentifierType.REGON: regon,
}


def validate_identifier(kind: str, value: str) -> str:
    """The identifier in its compact form, or ValidationError when its kind is unknown or
    its check digits fail."""
    if not kind:
        return ""
    module = _VALIDATORS.get(kind)
    if module is None:
        known = ", ".join(v for v in IdentifierType.values if v)
        raise ValidationError(
            {
                "identifier_type": _("Unknown identifier type; use one of: %(known)s.")
                % {"known": known}
            }
        )
    try:
        return str(module.validate(value))
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            {
                "identifier": _("This is not a valid %(kind)s.")
                % {"kind": IdentifierType(kind).label}
            }
        ) from None


class CorrespondentKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("correspondent", "Person")
    ORGANISATION = "organisation", pgettext_lazy("correspondent", "Organisation")


class Correspondent(models.Model):
    """A person or organisation that writes to the office or is written to; reused."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="correspondents"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CorrespondentKind.choices)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    identifier_type = models.CharField(
        _("identifier type"), max_length=8, choices=IdentifierType.choices, blank=True
    )
    identifier = models.CharField(_("identifier"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Name and address with case and spacing evened out (`key_for`): a correspondent without
    # an identifier is found again by it instead of being created once more.
    match_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "match_key"], name="corr_match")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def key_for(name: str, address: str) -> str:
        """The same for names and addresses that differ only in case, spacing or Unicode form."""
        text = "\n".join(
            normalise_spaces(unicodedata.normalize("NFKC", part)).casefold()
            for part in (name, address)
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        for field in ("name", "address", "phone", "identifier", "email"):
            try:
                check_plain_text(getattr(self, field))
            except ValidationError as error:
                errors.setdefault(field, []).append(error)
        self.name, self.address = normalise_spaces(self.name), normalise_spaces(self.address)
        if not self.name and "name" not in errors:
            errors["name"] = [ValidationError(_("Give the correspondent's name."))]
        elif "name" not in errors:
            try:
                check_visible_text(self.name)
            except ValidationError as error:
                errors["name"] = [error]
        if errors:
            raise ValidationError(errors)
        if self.identifier and not self.identifier_type:
            raise ValidationError({"identifier_type": _("Say what kind of identifier this is.")})
        self.identifier = validate_identifier(self.identifier_type, self.identifier)
        self.match_key = self.key_for(self.name, self.address)

    @property
    def is_personal_identifier(self) -> bool:
        return self.identifier_type in PERSONAL_IDENTIFIERS

    @property
    def masked_identifier(self) -> str:
        if not self.identifier:
            return ""
        if not self.is_personal_identifier:
            return self.identifier
        return "•" * (len(self.identifier) - 4) + self.identifier[-4:]


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("Post")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Online portal")
    EXCHANGE = "exchange", _("Exchange between administrations")
    COURIER = "courier", _("Courier")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential (named readers only)")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    ANNULLED = "annulled", _("Annulled")


# Which status may follow which. Annulment is possible from any state but closed.
TRANSITIONS: dict[str, set[str]] = {
    Status.REGISTERED: {Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED},
    Status.ASSIGNED: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED, Status.REGISTERED},
    Status.IN_PROGRESS: {Status.ANSWERED, Status.CLOSED, Status.ASSIGNED},
    Status.ANSWERED: {Status.CLOSED, Status.IN_PROGRESS},
    Status.CLOSED: {Status.IN_PROGRESS},
    Status.ANNULLED: set(),
}


def _multiline(value: str) -> None:
    check_plain_text(value, multiline=True)


def access_code_digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


class Document(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="documents"
    )
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="documents")
    period = models.PositiveIntegerField(_("period"))
    seq = models.PositiveBigIntegerField(_("sequence"))
    number = models.CharField(_("registry number"), max_length=100)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    subject = models.CharField(_("subject"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    correspondent = models.ForeignKey(
        Correspondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("correspondent"),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    channel = models.CharField(_("delivery channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sheets = models.PositiveIntegerField(_("number of sheets"), default=0)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="readable_documents",
        verbose_name=_("named readers"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    annulment_reason = models.TextField(_("reason for annulment"), blank=True)
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related documents"))
    case = models.ForeignKey(
        "Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("case"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    access_code_digest = models.CharField(max_length=64, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "period", "seq"], name="document_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "-id"], name="doc_recent"),
            models.Index(fields=["organisation", "register", "-id"], name="doc_register"),
            models.Index(fields=["organisation", "status", "-id"], name="doc_status"),
            models.Index(fields=["organisation", "status", "deadline"], name="doc_open_deadline"),
            models.Index(fields=["organisation", "period", "-id"], name="doc_period"),
            # The overdue list: open documents only, newest first.
            models.Index(
                fields=["organisation", "-id"],
                condition=models.Q(status__in=["registered", "assigned", "in_progress"]),
                name="doc_open_recent",
            ),
            models.Index(fields=["organisation", "number"], name="doc_number"),
        ]

    def __str__(self) -> str:
        # Only the number: the subject of a confidential document must not travel into the
        # audit journal, logs or the admin through its string form.
        return self.number

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, set())

    def clean(self) -> None:
        """Text a person can read and print, dates that can be true."""
        errors: dict[str, ValidationError] = {}
        checks: list[tuple[str, Callable[[Any], None], Any]] = [
            ("subject", check_visible_text, self.subject),
            ("description", _multiline, self.description),
            ("annulment_reason", _multiline, self.annulment_reason),
            ("received_on", check_past_date, self.received_on),
            ("sent_on", check_past_date, self.sent_on),
            ("answered_on", check_past_date, self.answered_on),
            ("deadline", check_planned_date, self.deadline),
            (
                "registered_at",
                check_past_date,
                timezone.localdate(self.registered_at) if self.registered_at else None,
            ),
        ]
        for field, check, value in checks:
            try:
                check(value)
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)


class FilePlanItem(models.Model):
    """A class of the file plan (номенклатура на делата / JRWA), with its retention."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="file_plan"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(
        _("symbol"),
        max_length=20,
        validators=[RegexValidator(r"^[\w.-]+$", _("Use letters, digits, dots and hyphens."))],
    )
    title = models.CharField(_("title"), max_length=300)
    retention = models.CharField(
        _("retention category"),
        max_length=20,
        blank=True,
        help_text=_("For example A, B5, BE10 (JRWA), or “permanent”, “10 years”."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("file plan class")
        verbose_name_plural = _("file plan")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="fileplan_code_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def depth(self) -> int:
        return self.code.count(".") if "." in self.code else max(len(self.code) - 1, 0)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CaseCounter(models.Model):
    """The last case number of a unit and file-plan class in a year; locked like RegisterCounter."""

    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.PROTECT)
    scope_key = models.CharField(max_length=120)
    year = models.PositiveIntegerField()
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "scope_key", "year"], name="one_case_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_key}/{self.year}: {self.last}"


def default_case_mask(country: str) -> str:
    # PL: the 2011 office instruction's znak sprawy, e.g. OR.0012.3.2026.
    return "{unit}.{class}.{seq}.{yyyy}" if country == "PL" else "{class}-{seq}/{yyyy}"


class Case(models.Model):
    """All documents about one matter (преписка / sprawa), with its own mark."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    file_class = models.ForeignKey(
        FilePlanItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("file class")
    )
    unit = models.ForeignKey(
        "tenants.Unit",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible unit"),
    )
    year = models.PositiveIntegerField(_("year"))
    seq = models.PositiveBigIntegerField(_("sequence"))
    mark = models.CharField(_("case mark"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible official"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "mark"], name="case_mark_in_org")
        ]
        indexes = [models.Index(fields=["organisation", "status", "-id"], name="case_status")]

    def __str__(self) -> str:
        return self.mark

    def clean(self) -> None:
        try:
            check_visible_text(self.title)
        except ValidationError as error:
            raise ValidationError({"title": error}) from None


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Waiting to be accepted")
    ACCEPTED = "accepted", _("In progress")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned")
    HANDED_OVER = "handed_over", _("Handed over")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.ACCEPTED)


class Task(models.Model):
    """A resolution (резолюция / dekretacja): a manager routes a document or a case to an
    official or a unit, with an instruction and a due date."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="tasks"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("official"),
    )
    unit = models.ForeignKey(
        "tenants.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("unit"),
    )
    instruction = models.TextField(_("instruction"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    handed_over_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handed_over_to",
        verbose_name=_("handed over from"),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(
                fields=["organisation", "assignee", "status", "due_on"], name="task_inbox"
            ),
            models.Index(fields=["organisation", "unit", "status", "due_on"], name="task_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.instruction[:40]} ({self.due_on})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    @property
    def subject(self) -> Document | Case | None:
        return self.document or self.case


class RegistrySettings(models.Model):
    """An organisation's registry settings (one row, created on first use)."""

    organisation = models.OneToOneField(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="registry_settings"
    )
    case_mask = models.CharField(
        _("case mark mask"),
        max_length=80,
        validators=[validate_mask],
        help_text=_("For example {unit}.{class}.{seq}.{yyyy} (PL) or {class}-{seq}/{yyyy}."),
    )

    class Meta:
        verbose_name = _("registry settings")
        verbose_name_plural = _("registry settings")

    def __str__(self) -> str:
        return self.case_mask


class Suspension(models.Model):
    """A period when the clock of a document's deadline stood still (KPA art. 35 §5: the
    party was asked for more, or a delay beyond the authority's control)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.start}–{self.end or '…'}"


class Extension(models.Model):
    """A new deadline set by the authority, with the notice to the party (KPA art. 36,
    АПК чл. 26(1), ЗДОИ/UDIP extensions)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="extensions")
    deadline_old = models.DateField(_("deadline so far"))
    deadline_new = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    notice = models.TextField(_("notice to the party"))
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.deadline_old} → {self.deadline_new}"


class StoredFile(models.Model):
    """A blob, stored once by the SHA-256 of its bytes at ``blobs/ab/cd/<sha256>`` in the
    default storage. It belongs to no organisation (the same bytes are stored once), is
    written once and never rewritten or deleted while anything refers to it."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    mime = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.sha256

    @staticmethod
    def storage_name(sha256: str) -> str:
        return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class AttachmentKind(models.TextChoices):
    ORIGINAL = "original", _("Original")
    DRAFT = "draft", _("Draft")


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    DONE = "done", _("Text extracted")
    FAILED = "failed", _("Text extraction failed")
    UNAVAILABLE = "unavailable", _("No text (OCR unavailable)")


class Attachment(models.Model):
    """A file of a document. Originals of a registered document are never changed; an
    outgoing draft gets new versions (each ``replaces`` the one before) until it is sent."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="attachments"
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    mime = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.ORIGINAL
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=12,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    extraction_error = models.TextField(_("extraction error"), blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)
    ocr = models.BooleanField(_("text recognised by OCR"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]
        indexes = [models.Index(fields=["document", "id"], name="attachment_document")]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_current(self) -> bool:
        """False for a draft version that a newer version replaced."""
        return not hasattr(self, "replaced_by")

    @property
    def inline(self) -> bool:
        """Browsers may show it in place (PDF and images); anything else is downloaded."""
        return self.mime == "application/pdf" or self.mime.startswith("image/")


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for registration")
    REGISTERED = "registered", _("Registered")
    DISCARDED = "discarded", _("Discarded")


class IntakeMessage(models.Model):
    """An e-mail received for registration: a draft incoming document until a registrar
    registers it (it then points at its Document) or discards it."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="intake_messages"
    )
    message_id = models.CharField(_("message ID"), max_length=300)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_email = models.EmailField(_("sender e-mail"), blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    sent_at = models.DateTimeField(_("date"), null=True, blank=True)
    eml = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT
    )
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_message",
        verbose_name=_("document"),
    )
    discard_reason = models.TextField(_("reason for discarding"), blank=True)
    # Attachments we did not take ({"name", "reason"}); they stay inside the kept .eml.
    refused_files = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("e-mail for registration")
        verbose_name_plural = _("e-mails for registration")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "message_id"], name="intake_message_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "-id"], name="intake_status")]

    def __str__(self) -> str:
        return self.message_id


class IntakeFile(models.Model):
    """A file attached to an e-mail for registration (a stored blob with its name)."""

    message = models.ForeignKey(IntakeMessage, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file name"), max_length=200)
    mime = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
