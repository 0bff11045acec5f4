"""The journal in words: every action code the platform writes, as a sentence in the reader's
language, and the recorded changes with their field names and values translated.

This is the one place that maps journal codes to phrases. `tests/test_audit_phrases.py` reads the
code base for every action code passed to the journal and fails when one has no phrase here, so a
new action cannot reach the history pages as a bare code.

Entries keep their codes (the hash covers them); only their display is translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from .models import AuditEntry

# %(actor)s is the person (their name) or "The system". Bulgarian aorist verbs do not change
# with the actor's gender ("регистрира"); Polish translations use the impersonal form.
ACTIONS: dict[str, Promise] = {
    # accounts
    "account.create": gettext_lazy("%(actor)s created the account"),
    "account.createadmin": gettext_lazy("%(actor)s created the administrator account"),
    "account.locked": gettext_lazy("The account was locked after failed sign-ins"),
    "account.password_reset": gettext_lazy("%(actor)s reset the password"),
    "account.signup": gettext_lazy("%(actor)s signed up"),
    "account.update": gettext_lazy("%(actor)s changed the account"),
    "account.verify": gettext_lazy("%(actor)s confirmed the e-mail address"),
    "login.throttled": gettext_lazy("Sign-in attempts were paused after too many failures"),
    "token.create": gettext_lazy("%(actor)s created an API token"),
    "token.revoke": gettext_lazy("%(actor)s revoked an API token"),
    "user.language": gettext_lazy("%(actor)s changed the interface language"),
    # organisations and their sites
    "organisation.create": gettext_lazy("%(actor)s created the organisation"),
    "organisation.update": gettext_lazy("%(actor)s changed the organisation's settings"),
    "organisation.identity": gettext_lazy("%(actor)s changed the site's identity"),
    "unit.create": gettext_lazy("%(actor)s created the unit"),
    "unit.update": gettext_lazy("%(actor)s changed the unit"),
    "membership.add": gettext_lazy("%(actor)s added a member"),
    "membership.update": gettext_lazy("%(actor)s changed a member's roles"),
    "public_file.add": gettext_lazy("%(actor)s uploaded a public file"),
    "accessibility_statement.set": gettext_lazy("%(actor)s updated the accessibility statement"),
    "privacy_notice.set": gettext_lazy("%(actor)s updated the privacy notice"),
    "menu.add": gettext_lazy("%(actor)s added a menu item"),
    "menu.move": gettext_lazy("%(actor)s moved a menu item"),
    "menu.order": gettext_lazy("%(actor)s reordered the menu"),
    "menu.remove": gettext_lazy("%(actor)s removed a menu item"),
    "menu.show": gettext_lazy("%(actor)s showed or hid a menu item"),
    # registry
    "register.create": gettext_lazy("%(actor)s created the register"),
    "document_kind.create": gettext_lazy("%(actor)s created the document kind"),
    "correspondent.create": gettext_lazy("%(actor)s added the correspondent"),
    "correspondent.import": gettext_lazy("%(actor)s imported correspondents"),
    "correspondent.bulk_demo": gettext_lazy("%(actor)s created demonstration correspondents"),
    "file_plan.create": gettext_lazy("%(actor)s added a file plan class"),
    "file_plan.import": gettext_lazy("%(actor)s imported the file plan"),
    "document.register": gettext_lazy("%(actor)s registered the document"),
    "document.import": gettext_lazy("%(actor)s imported the document"),
    "document.bulk_demo": gettext_lazy("%(actor)s created demonstration documents"),
    "document.answered": gettext_lazy("%(actor)s registered the answer to the document"),
    "document.annul": gettext_lazy("%(actor)s annulled the document"),
    "document.status": gettext_lazy("%(actor)s changed the document's status"),
    "document.receipt": gettext_lazy("%(actor)s issued a registration receipt"),
    "document.suspend": gettext_lazy("%(actor)s stopped the clock"),
    "document.resume": gettext_lazy("%(actor)s restarted the clock"),
    "document.extend": gettext_lazy("%(actor)s extended the deadline"),
    "document.relate": gettext_lazy("%(actor)s linked a related document"),
    "case.open": gettext_lazy("%(actor)s opened the case"),
    "case.add_document": gettext_lazy("%(actor)s added the document to the case"),
    "case.close": gettext_lazy("%(actor)s closed the case"),
    "case.reopen": gettext_lazy("%(actor)s reopened the case"),
    "task.assign": gettext_lazy("%(actor)s assigned a task"),
    "task.open": gettext_lazy("%(actor)s reopened the task"),
    "task.accepted": gettext_lazy("%(actor)s accepted the task"),
    "task.done": gettext_lazy("%(actor)s finished the task"),
    "task.returned": gettext_lazy("%(actor)s returned the task"),
    "task.handed_over": gettext_lazy("%(actor)s handed the task over"),
    "attachment.add": gettext_lazy("%(actor)s added a file"),
    "attachment.version": gettext_lazy("%(actor)s added a new version of a file"),
    "attachment.download": gettext_lazy("%(actor)s downloaded a file"),
    "attachment.extract": gettext_lazy("The text of a file was read"),
    "attachment.extraction_retry": gettext_lazy("%(actor)s asked to read a file's text again"),
    "intake.receive": gettext_lazy("An e-mail arrived in the intake"),
    "intake.register": gettext_lazy("%(actor)s registered an e-mail from the intake"),
    "intake.discard": gettext_lazy("%(actor)s discarded an e-mail from the intake"),
    "deadline_rule.create": gettext_lazy("%(actor)s created the deadline rule"),
    "deadline_rule.update": gettext_lazy("%(actor)s changed the deadline rule"),
    # e-services
    "service.create": gettext_lazy("%(actor)s created the service"),
    "service.update": gettext_lazy("%(actor)s changed the service"),
    "form.field_add": gettext_lazy("%(actor)s added a form field"),
    "form.field_update": gettext_lazy("%(actor)s changed a form field"),
    "form.field_delete": gettext_lazy("%(actor)s removed a form field"),
    "form.field_move": gettext_lazy("%(actor)s moved a form field"),
    "form.publish": gettext_lazy("%(actor)s published the form"),
    "application.draft": gettext_lazy("%(actor)s saved the application as a draft"),
    "application.submit": gettext_lazy("%(actor)s submitted the application"),
    "application.reply": gettext_lazy("%(actor)s replied to the office"),
    "application.submitted": gettext_lazy("%(actor)s submitted the application"),
    "application.info_requested": gettext_lazy(
        "%(actor)s asked the applicant for more information"
    ),
    "application.answered": gettext_lazy("%(actor)s answered the application"),
    "application.refused": gettext_lazy("%(actor)s refused the application"),
    # news, pages, newsletter
    "news_settings.update": gettext_lazy("%(actor)s changed the news settings"),
    "news.create": gettext_lazy("%(actor)s created the news item"),
    "news.update": gettext_lazy("%(actor)s changed the news item"),
    "news.submit": gettext_lazy("%(actor)s sent the news item for approval"),
    "news.publish": gettext_lazy("%(actor)s published the news item"),
    "news.schedule": gettext_lazy("%(actor)s scheduled the news item"),
    "news.unpublish": gettext_lazy("%(actor)s took the news item down"),
    "news.display_end": gettext_lazy("The news item's display period ended"),
    "page.create": gettext_lazy("%(actor)s created the page"),
    "page.text_add": gettext_lazy("%(actor)s added a translation of the page"),
    "page.text_change": gettext_lazy("%(actor)s changed the page's text"),
    "page.settings": gettext_lazy("%(actor)s changed the page's settings"),
    "page.publish": gettext_lazy("%(actor)s published the page"),
    "page.unpublish": gettext_lazy("%(actor)s took the page down"),
    "page.move": gettext_lazy("%(actor)s moved the page"),
    "page.attachment_add": gettext_lazy("%(actor)s attached a file to the page"),
    "page.attachment_remove": gettext_lazy("%(actor)s removed a file from the page"),
    "page.image_add": gettext_lazy("%(actor)s added an image to the page"),
    "contact_point.create": gettext_lazy("%(actor)s added a contact point"),
    "contact_point.change": gettext_lazy("%(actor)s changed a contact point"),
    "contact_point.delete": gettext_lazy("%(actor)s removed a contact point"),
    "newsletter.subscription_requested": gettext_lazy(
        "Someone asked to subscribe to the newsletter"
    ),
    "newsletter.subscription_confirmed": gettext_lazy("A newsletter subscription was confirmed"),
    "newsletter.unsubscribed": gettext_lazy("A subscriber left the newsletter"),
    "newsletter.frequency": gettext_lazy("A subscriber changed how often they get the newsletter"),
    "newsletter.export": gettext_lazy("%(actor)s exported the newsletter's subscribers"),
    "newsletter.edition": gettext_lazy("The newsletter was sent"),
    # events
    "event.create": gettext_lazy("%(actor)s created the event"),
    "event.update": gettext_lazy("%(actor)s changed the event"),
    "event.move": gettext_lazy("%(actor)s moved the event to another time"),
    "event.publish": gettext_lazy("%(actor)s published the event"),
    "event.cancel": gettext_lazy("%(actor)s cancelled the event"),
    "event.session_add": gettext_lazy("%(actor)s added a session to the programme"),
    "event.session_delete": gettext_lazy("%(actor)s removed a session from the programme"),
    "event.message": gettext_lazy("%(actor)s sent an e-mail to the participants"),
    "event.certificates": gettext_lazy("%(actor)s issued certificates of attendance"),
    "registration.create": gettext_lazy("%(actor)s registered for the event"),
    "registration.request": gettext_lazy(
        "Someone registered for the event and was asked to confirm their e-mail address"
    ),
    "registration.confirm": gettext_lazy("A registration for the event was confirmed by e-mail"),
    "registration.add": gettext_lazy("%(actor)s added a participant"),
    "registration.cancel": gettext_lazy("%(actor)s cancelled a registration"),
    "registration.move": gettext_lazy("%(actor)s moved a participant between the lists"),
    "registration.check_in": gettext_lazy("%(actor)s checked a participant in"),
    "registration.check_in_undo": gettext_lazy("%(actor)s undid a participant's check-in"),
    # consultations
    "consultation_rules.save": gettext_lazy("%(actor)s saved a consultation rule set"),
    "consultation.create": gettext_lazy("%(actor)s created the consultation"),
    "consultation.update": gettext_lazy("%(actor)s changed the consultation"),
    "consultation.draft": gettext_lazy("%(actor)s saved a new version of the draft"),
    "consultation.document_add": gettext_lazy("%(actor)s added a document to the consultation"),
    "consultation.publish": gettext_lazy("%(actor)s published the consultation"),
    "consultation.close": gettext_lazy("%(actor)s closed the consultation"),
    "consultation.adopt": gettext_lazy("%(actor)s recorded that the act was adopted"),
    "consultation.report_publish": gettext_lazy("%(actor)s published the report on the comments"),
    "consultation.comment": gettext_lazy("%(actor)s commented on the draft"),
    "consultation.comment_enter": gettext_lazy(
        "%(actor)s entered a comment received on paper or by e-mail"
    ),
    "consultation.comment_hide": gettext_lazy("%(actor)s hid a comment"),
    "consultation.comment_show": gettext_lazy("%(actor)s showed a hidden comment again"),
    "consultation.answer": gettext_lazy("%(actor)s answered a comment"),
    # figures
    "figures.publish": gettext_lazy("%(actor)s published the organisation's figures"),
    "figures.unpublish": gettext_lazy("%(actor)s stopped publishing the organisation's figures"),
    # associations
    "associations.application_decide": gettext_lazy(
        "%(actor)s decided an application for membership"
    ),
    "associations.application_submit": gettext_lazy("%(actor)s applied for membership"),
    "associations.attendance_register": gettext_lazy(
        "%(actor)s registered attendance at the meeting"
    ),
    "associations.ballot_cast": gettext_lazy("%(actor)s cast a ballot"),
    "associations.body_create": gettext_lazy("%(actor)s created a body of the association"),
    "associations.candidate_accept": gettext_lazy(
        "%(actor)s recorded that a candidate accepted the nomination"
    ),
    "associations.candidate_nominate": gettext_lazy("%(actor)s nominated a candidate"),
    "associations.category_save": gettext_lazy("%(actor)s saved a membership category"),
    "associations.election_close": gettext_lazy("%(actor)s closed the election"),
    "associations.election_create": gettext_lazy("%(actor)s prepared an election"),
    "associations.election_open": gettext_lazy("%(actor)s opened the election"),
    "associations.election_second_round": gettext_lazy(
        "%(actor)s opened a second round of the election"
    ),
    "associations.fee_set": gettext_lazy("%(actor)s set a membership fee"),
    "associations.invitation_send": gettext_lazy("%(actor)s sent the invitations to the meeting"),
    "associations.item_vote": gettext_lazy("%(actor)s recorded the vote on an agenda item"),
    "associations.mandate_create": gettext_lazy("%(actor)s recorded a body's mandate"),
    "associations.meeting_close": gettext_lazy("%(actor)s closed the meeting"),
    "associations.meeting_convene": gettext_lazy("%(actor)s convened a meeting"),
    "associations.meeting_open": gettext_lazy("%(actor)s opened the meeting"),
    "associations.member_add": gettext_lazy("%(actor)s added a member"),
    "associations.member_directory_set": gettext_lazy(
        "%(actor)s chose what the member directory shows"
    ),
    "associations.member_end": gettext_lazy("%(actor)s ended a membership"),
    "associations.members_export": gettext_lazy("%(actor)s exported the list of members"),
    "associations.payment_record": gettext_lazy("%(actor)s recorded a fee payment"),
    "associations.payments_import": gettext_lazy(
        "%(actor)s imported fee payments from a bank statement"
    ),
    "associations.statute_save": gettext_lazy("%(actor)s saved the statute's rules"),
    "associations.adoption_mark": gettext_lazy("%(actor)s marked a good practice as adopted"),
    "associations.group_meeting_add": gettext_lazy(
        "%(actor)s recorded a meeting of an exchange group"
    ),
    "associations.group_member_add": gettext_lazy("%(actor)s added a member to an exchange group"),
    "associations.group_member_remove": gettext_lazy(
        "%(actor)s removed a member from an exchange group"
    ),
    "associations.group_save": gettext_lazy("%(actor)s saved an exchange group"),
    "associations.outcome_add": gettext_lazy("%(actor)s recorded an outcome of an exchange group"),
    "associations.practice_publish": gettext_lazy("%(actor)s published a good practice"),
    "associations.practice_review": gettext_lazy("%(actor)s reviewed a good practice"),
    "associations.practice_save": gettext_lazy("%(actor)s saved a good practice"),
    "associations.practice_submit": gettext_lazy("%(actor)s sent a good practice for review"),
}

# The phrase for an entry written without an account, where "The system" would mislead: a
# participant who cancels by the link in their e-mail is not signed in.
WITHOUT_ACTOR: dict[str, Promise] = {
    "registration.cancel": gettext_lazy("The participant cancelled their registration"),
}

# Names of the fields recorded in `changes`. A key missing here falls back to the verbose name
# of the entry's model field, then to the key itself.
FIELDS: dict[str, Promise] = {
    "address": gettext_lazy("Address"),
    "answer": gettext_lazy("Answer"),
    "approved": gettext_lazy("Approved"),
    "articles": gettext_lazy("Articles"),
    "assignee": gettext_lazy("Assigned to"),
    "attachment": gettext_lazy("File"),
    "back_to_draft": gettext_lazy("Back to draft"),
    "before": gettext_lazy("Before"),
    "case": gettext_lazy("Case"),
    "comments": gettext_lazy("Comments"),
    "consultation": gettext_lazy("Consultation"),
    "counts": gettext_lazy("Answers by outcome"),
    "chars": gettext_lazy("Characters read"),
    "class": gettext_lazy("File plan class"),
    "client": gettext_lazy("Client"),
    "code": gettext_lazy("Code"),
    "confidentiality": gettext_lazy("Confidentiality"),
    "count": gettext_lazy("Count"),
    "deadline": gettext_lazy("Deadline"),
    "deadline_rule": gettext_lazy("Deadline rule"),
    "deliveries": gettext_lazy("Deliveries"),
    "direction": gettext_lazy("Direction"),
    "display_until": gettext_lazy("Shown until"),
    "document": gettext_lazy("Document"),
    "due_on": gettext_lazy("Due on"),
    "email": gettext_lazy("E-mail"),
    "field": gettext_lazy("Field"),
    "fields": gettext_lazy("Fields"),
    "file": gettext_lazy("File"),
    "files": gettext_lazy("Files"),
    "first": gettext_lazy("First"),
    "frequency": gettext_lazy("Frequency"),
    "from": gettext_lazy("From"),
    "from_known_browser": gettext_lazy("From a known browser"),
    "hours": gettext_lazy("Hours"),
    "is_contacts": gettext_lazy("Contacts page"),
    "issued": gettext_lazy("Issued"),
    "items": gettext_lazy("Items"),
    "kind": gettext_lazy("Kind"),
    "language": gettext_lazy("Language"),
    "languages": gettext_lazy("Languages"),
    "last": gettext_lazy("Last"),
    "mark": gettext_lazy("Case mark"),
    "mask": gettext_lazy("Number mask"),
    "message_id": gettext_lazy("Message ID"),
    "name": gettext_lazy("Name"),
    "names": gettext_lazy("Names"),
    "note": gettext_lazy("Note"),
    "now": gettext_lazy("After"),
    "number": gettext_lazy("Registry number"),
    "ocr": gettext_lazy("Text recognition (OCR)"),
    "on": gettext_lazy("On"),
    "outcome": gettext_lazy("Outcome"),
    "parent": gettext_lazy("Parent"),
    "periods": gettext_lazy("Periods"),
    "phone": gettext_lazy("Phone"),
    "prefix": gettext_lazy("Prefix"),
    "promoted": gettext_lazy("Moved up from the waiting list"),
    "publish": gettext_lazy("Published"),
    "publish_at": gettext_lazy("Publish at"),
    "ranges": gettext_lazy("Ranges"),
    "reason": gettext_lazy("Reason"),
    "recipients": gettext_lazy("Recipients"),
    "refused": gettext_lazy("Refused"),
    "register": gettext_lazy("Register"),
    "registration": gettext_lazy("Registration"),
    "related": gettext_lazy("Related document"),
    "require_approval": gettext_lazy("Approval required"),
    "retention": gettext_lazy("Retention"),
    "roles": gettext_lazy("Roles"),
    "rule_set": gettext_lazy("Rule set"),
    "rows": gettext_lazy("Rows"),
    "scheduled": gettext_lazy("Scheduled"),
    "scope": gettext_lazy("Scope"),
    "sequence": gettext_lazy("Calendar version"),
    "service": gettext_lazy("Service"),
    "session": gettext_lazy("Session"),
    "sha256": gettext_lazy("Fingerprint (SHA-256)"),
    "slug": gettext_lazy("Address segment"),
    "state": gettext_lazy("State"),
    "status": gettext_lazy("Status"),
    "stopped": gettext_lazy("Stopped"),
    "subject": gettext_lazy("Subject"),
    "target": gettext_lazy("Commented on"),
    "title": gettext_lazy("Title"),
    "unit": gettext_lazy("Unit"),
    "version": gettext_lazy("Version"),
    "was": gettext_lazy("Before"),
    "was_hidden_for": gettext_lazy("Had been hidden because"),
}

# Values recorded under these keys are choices of another model than the entry's own.
_CHOICES_FROM: dict[str, tuple[str, str]] = {
    "direction": ("registry.document", "direction"),
    "confidentiality": ("registry.document", "confidentiality"),
    "channel": ("registry.document", "channel"),
    "roles": ("tenants.membershiprole", "role"),
}

# The same key naming another model's choices in some entries: a registration's status is
# recorded on its event, a comment's answer on the comment. (action or "prefix.", key) → source.
_CHOICES_FOR_ACTION: dict[tuple[str, str], tuple[str, str]] = {
    ("registration.", "status"): ("events.registration", "status"),
    ("registration.", "was"): ("events.registration", "status"),
    ("registration.", "now"): ("events.registration", "status"),
    ("event.cancel", "was"): ("events.event", "state"),
    ("consultation.comment_enter", "channel"): ("consultations.comment", "channel"),
    ("consultation.answer", "outcome"): ("consultations.answer", "outcome"),
    ("consultation.document_add", "kind"): ("consultations.consultationdocument", "kind"),
    ("consultation.report_publish", "counts"): ("consultations.answer", "outcome"),
}


@dataclass(frozen=True)
class Change:
    label: str
    text: str


@dataclass(frozen=True)
class Described:
    sentence: str
    changes: list[Change]


def actor_name(entry: AuditEntry) -> str:
    """The person's name when the account still exists, else the e-mail the entry kept."""
    actor = entry.actor if entry.actor_id is not None else None
    try:
        name = actor.full_name if actor is not None else ""
    except Exception:  # the account was deleted: the journal keeps only its id and e-mail
        name = ""
    return name or entry.actor_label or _("The system")


def sentence(entry: AuditEntry) -> str:
    if entry.actor_id is None and not entry.actor_label and entry.action in WITHOUT_ACTOR:
        return str(WITHOUT_ACTOR[entry.action])
    phrase = ACTIONS.get(entry.action)
    if phrase is None:  # an entry written by an older release, or a plugin: show the code
        return f"{actor_name(entry)}: {entry.action}"
    return str(phrase) % {"actor": actor_name(entry)}


def field_label(entry: AuditEntry, key: str) -> str:
    if key in FIELDS:
        return str(FIELDS[key])
    field = _model_field(entry.object_type, key)
    # A reverse relation (an app's rows pointing at this object) has no verbose name.
    verbose = getattr(field, "verbose_name", None)
    if verbose is not None:
        return str(verbose).capitalize()
    return key.replace("_", " ").capitalize()


def _model_field(label: str, key: str) -> Any:
    if "." not in label:
        return None
    try:
        model = apps.get_model(label)
        return model._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _choices_source(entry: AuditEntry, key: str) -> tuple[str, str]:
    for (action, name), source in _CHOICES_FOR_ACTION.items():
        if name == key and (
            entry.action == action or (action.endswith(".") and entry.action.startswith(action))
        ):
            return source
    return _CHOICES_FROM.get(key, (entry.object_type, key))


def _choices(entry: AuditEntry, key: str) -> dict[str, str]:
    label, name = _choices_source(entry, key)
    field = _model_field(label, name)
    if field is None:
        return {}
    base = getattr(field, "base_field", None)  # an ArrayField of choices
    choices = getattr(field, "flatchoices", None) or getattr(base, "flatchoices", None) or []
    return {str(value): str(text) for value, text in choices}


# Keys under which entries record the code of one of the organisation's named things.
_NAMED: dict[str, tuple[str, str, str]] = {
    # key: (model, code field, name field)
    "kind": ("registry.documentkind", "code", "name"),
    "register": ("registry.register", "code", "name"),
    "unit": ("tenants.unit", "code", "name"),
    "class": ("registry.fileplanitem", "code", "title"),
    "deadline_rule": ("workdays.deadlinerule", "code", "name"),
}


class Glossary:
    """The names of the coded things entries record ("kind: letter" → "Писмо"), for one
    organisation: read once per page (one query per kind of thing, all at once so a page's
    query count does not depend on which entries it shows), and only if an entry needs them."""

    def __init__(self, organisation_id: int | None) -> None:
        self.organisation_id = organisation_id
        self._names: dict[str, dict[str, str]] | None = None

    def name(self, key: str, code: str) -> str | None:
        if key not in _NAMED:
            return None
        if self._names is None:
            self._names = {named: self._load(named) for named in _NAMED}
        return self._names[key].get(code)

    def _load(self, key: str) -> dict[str, str]:
        label, code_field, name_field = _NAMED[key]
        model = apps.get_model(label)
        rows = model._default_manager.all()
        if key == "deadline_rule":  # the platform's rules and the organisation's own
            from django.db.models import Q

            rows = rows.filter(Q(organisation=None) | Q(organisation_id=self.organisation_id))
            rows = rows.order_by("organisation_id")  # the organisation's own last: it wins
        else:
            rows = rows.filter(organisation_id=self.organisation_id)
        return {str(code): str(name) for code, name in rows.values_list(code_field, name_field)}


def value_text(entry: AuditEntry, key: str, value: Any, glossary: Glossary | None = None) -> str:
    """One recorded value for a reader: choices by their label, coded things by their name,
    yes/no, dates as the language writes them; [old, new] as "old → new"."""
    if isinstance(value, list) and _is_pair(entry, key, value):
        old, new = value
        return f"{value_text(entry, key, old, glossary)} → {value_text(entry, key, new, glossary)}"
    if isinstance(value, list):
        return ", ".join(value_text(entry, key, item, glossary) for item in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):  # its keys by their choices' labels ("counts") or field names
        names = _choices(entry, key)
        return ", ".join(
            f"{names.get(str(k)) or field_label(entry, k)}: {value_text(entry, k, v, glossary)}"
            for k, v in value.items()
        )
    text = str(value)
    choices = _choices(entry, key)
    if text in choices:
        return choices[text]
    if glossary is not None and isinstance(value, str):
        named = glossary.name(key, value)
        if named:
            return named
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return text
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:  # a moment recorded with isoformat(): in the site's time zone, as the language writes
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return text


# Keys whose two-item value is an [old, new] pair unless the entry creates something; a list
# of lists or with an empty side is a pair too (the shape `diff` writes).
_PAIRED = {"status", "deadline", "state", "name", "code", "title", "parent", "slug", "publish"}


def _is_pair(entry: AuditEntry, key: str, value: list[Any]) -> bool:
    if len(value) != 2:
        return False
    if any(isinstance(item, list) or item is None for item in value):
        return True
    return key in _PAIRED and not entry.action.endswith((".create", ".add", ".open"))


def describe(entry: AuditEntry, glossary: Glossary | None = None) -> Described:
    changes = [
        Change(field_label(entry, key), value_text(entry, key, value, glossary))
        for key, value in (entry.changes or {}).items()
    ]
    return Described(sentence(entry), changes)
