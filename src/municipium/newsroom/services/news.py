"""Every write of the news: items, their translations, tags, publication (with the second
person's approval when the organisation asks for it), scheduled publication by the worker,
and the versions of published items. Texts are sanitised and checked before the short
transaction that stores them; each service writes its audit entry in that transaction, and
the journal puts the item in the search index's outbox (search.services.on_journal)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation, PublicFile, PublicFileKind
from municipium.tenants.public import public_changed
from municipium.validators import check_plain_text, check_visible_text

from ..models.news import (
    ATTACHMENTS_PER_ITEM,
    BODY_MAX,
    LEAD_MAX,
    REASON_MAX,
    SLUG_MAX,
    TAG_MAX,
    TAGS_PER_ITEM,
    TITLE_MAX,
    NewsItem,
    NewsKind,
    NewsSettings,
    NewsState,
    NewsTag,
    NewsTranslation,
    NewsVersion,
)
from ..richtext import images_without_alt, sanitize

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Bulgarian Cyrillic → Latin (the official Streamlined System), and the Latin letters that
# Unicode does not decompose: addresses stay ASCII, readable and typeable.
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "ł": "l", "đ": "d",
        "ß": "ss", "ø": "o", "æ": "ae", "ё": "yo", "ы": "y", "э": "e", "є": "ye", "і": "i",
        "ї": "yi", "ґ": "g",
    }
)  # fmt: skip
SLUG_SOURCE_MAX = 400  # the title's first characters are enough for an address


def ascii_slug(text: str, *, max_length: int = SLUG_MAX) -> str:
    """An ASCII address for a title in any of our languages ("Общинският съвет" →
    "obshtinskiyat-savet")."""
    text = text[:SLUG_SOURCE_MAX].lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(text)[:max_length].strip("-")


@dataclass(frozen=True)
class NewsText:
    """The item in one language, as the editor wrote it."""

    title: str
    slug: str = ""
    lead: str = ""
    body: str = ""


@dataclass(frozen=True)
class _Prepared:
    language: str
    title: str
    slug: str
    slug_given: bool
    lead: str
    body: str


def _prepare_texts(organisation: Organisation, texts: dict[str, NewsText]) -> list[_Prepared]:
    """Check and sanitise every language's text (outside any transaction: the work is
    linear in the bounded input). Raises ValidationError with one message per field, named
    `<field>_<language>`."""
    errors: dict[str, list[str]] = {}
    prepared = []
    if not isinstance(texts, dict):
        raise ValidationError({"texts": _("Give the item's texts per language.")})
    unknown = [code for code in texts if code not in organisation.languages]
    if unknown:
        raise ValidationError(
            {"texts": _("Not a language of the organisation: %s.") % ", ".join(unknown)}
        )
    for language in organisation.languages:
        text = texts.get(language)
        if text is None or not (text.title.strip() or text.lead.strip() or text.body.strip()):
            continue
        title = text.title.strip()
        lead = text.lead.strip()
        raw_body = text.body
        slug = text.slug.strip().lower()

        def refuse(field: str, message: str, language: str = language) -> None:
            errors.setdefault(f"{field}_{language}", []).append(message)

        try:
            check_visible_text(title)
        except ValidationError as error:
            refuse("title", error.messages[0])
        if len(title) > TITLE_MAX:
            refuse("title", _("At most %d characters.") % TITLE_MAX)
        try:
            check_plain_text(lead, multiline=True)
        except ValidationError as error:
            refuse("lead", error.messages[0])
        if len(lead) > LEAD_MAX:
            refuse("lead", _("At most %d characters.") % LEAD_MAX)
        if len(raw_body) > BODY_MAX:
            refuse("body", _("At most %d characters.") % BODY_MAX)
            body = ""
        else:
            body = sanitize(raw_body).strip()
            missing = images_without_alt(body)
            if missing:
                refuse(
                    "body",
                    _("Describe every image of the text: %d without alternative text.") % missing,
                )
        if slug and (len(slug) > SLUG_MAX or not SLUG_RE.match(slug)):
            refuse("slug", _("Use lowercase Latin letters, digits and hyphens."))
        given = bool(slug)
        if not given:
            slug = ascii_slug(title) or "news"
        prepared.append(_Prepared(language, title, slug, given, lead, body))
    if errors:
        raise ValidationError(errors)
    if not prepared:
        main = organisation.main_language
        raise ValidationError({f"title_{main}": _("Write the item in at least one language.")})
    return prepared


def _clean_tags(tags: Iterable[str]) -> list[tuple[str, str]]:
    """(slug, name) of each distinct tag, in the order given."""
    seen: dict[str, str] = {}
    for raw in tags:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > TAG_MAX:
            raise ValidationError({"tags": _("A tag has at most %d characters.") % TAG_MAX})
        check_plain_text(name)
        slug = ascii_slug(name, max_length=TAG_MAX) or "tag"
        seen.setdefault(slug, name)
    if len(seen) > TAGS_PER_ITEM:
        raise ValidationError({"tags": _("At most %d tags.") % TAGS_PER_ITEM})
    return list(seen.items())


def _check_files(
    organisation: Organisation, lead_image: PublicFile | None, attachments: Sequence[PublicFile]
) -> None:
    if lead_image is not None:
        if lead_image.organisation_id != organisation.pk or lead_image.kind != PublicFileKind.IMAGE:
            raise ValidationError({"lead_image": _("Choose an image of this organisation.")})
        if not lead_image.alt_text.strip():
            raise ValidationError(
                {"lead_image": _("Describe the image: the alternative text is required.")}
            )
    if len(attachments) > ATTACHMENTS_PER_ITEM:
        raise ValidationError({"attachments": _("At most %d attachments.") % ATTACHMENTS_PER_ITEM})
    for attachment in attachments:
        if attachment.organisation_id != organisation.pk:
            raise ValidationError({"attachments": _("Choose files of this organisation.")})


def _check_times(publish_at: datetime | None, display_until: datetime | None) -> None:
    if display_until is not None and publish_at is not None and display_until <= publish_at:
        raise ValidationError(
            {"display_until": _("The end of display comes after the publication time.")}
        )


def _check_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %d characters.") % REASON_MAX})
    check_plain_text(reason)
    return reason


def settings_of(organisation: Organisation) -> NewsSettings:
    """The organisation's newsroom settings (the defaults when it never changed them)."""
    found = NewsSettings.objects.filter(organisation=organisation).first()
    return found or NewsSettings(organisation=organisation)


def news_settings_update(
    *,
    organisation: Organisation,
    actor: Any,
    require_approval: bool,
    request: HttpRequest | None = None,
) -> NewsSettings:
    with transaction.atomic():
        row, _created = NewsSettings.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        row.require_approval = bool(require_approval)
        row.save(update_fields=["require_approval"])
        audit_record(
            organisation=organisation,
            actor=actor,
            action="news_settings.update",
            obj=row,
            changes={"require_approval": row.require_approval},
            request=request,
        )
    return row


# --- snapshots ------------------------------------------------------------------------------


def snapshot_of(item: NewsItem) -> dict[str, Any]:
    """What the public sees of the item, as a version keeps it."""
    lead_image = item.lead_image
    return {
        "kind": item.kind,
        "tags": sorted(tag.name for tag in item.tags.all()),
        "lead_image": (
            {"name": lead_image.name, "alt": lead_image.alt_text} if lead_image else None
        ),
        "attachments": [f.title or f.name for f in item.attachments.order_by("id")],
        "display_until": item.display_until.isoformat() if item.display_until else None,
        "responsible": item.responsible_text,
        "translations": {
            t.language: {"title": t.title, "slug": t.slug, "lead": t.lead, "body": t.body}
            for t in item.translations.order_by("language")
        },
    }


def _record_version(item: NewsItem, actor: Any, reason: str, now: datetime) -> NewsVersion | None:
    """A new version when what the public sees differs from the last one (in the caller's
    transaction, the item's row locked)."""
    snapshot = snapshot_of(item)
    last = item.versions.order_by("-number").first()
    if last is not None and last.snapshot == snapshot:
        return None
    version = NewsVersion.objects.create(
        item=item,
        number=(last.number + 1) if last else 1,
        created_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        snapshot=snapshot,
    )
    item.changed_at = now
    item.save(update_fields=["changed_at", "updated_at"])
    return version


# --- writing the item -----------------------------------------------------------------------


def _free_slug(organisation: Organisation, language: str, slug: str, item_id: int | None) -> str:
    taken = set(
        NewsTranslation.objects.filter(
            organisation=organisation, language=language, slug__startswith=slug
        )
        .exclude(item_id=item_id)
        .values_list("slug", flat=True)
    )
    if slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = slug[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def _write_texts(item: NewsItem, prepared: list[_Prepared]) -> None:
    existing = {t.language: t for t in item.translations.all()}
    for text in prepared:
        slug = text.slug
        if text.slug_given:
            clash = (
                NewsTranslation.objects.filter(
                    organisation_id=item.organisation_id, language=text.language, slug=slug
                )
                .exclude(item=item)
                .exists()
            )
            if clash:
                raise ValidationError(
                    {f"slug_{text.language}": _("This address is taken in this language.")}
                )
        else:
            current = existing.get(text.language)
            if current is not None and current.slug and current.title == text.title:
                slug = current.slug  # an unchanged title keeps its address
            else:
                slug = _free_slug(item.organisation, text.language, slug, item.pk)
        row = existing.pop(text.language, None) or NewsTranslation(
            item=item, organisation_id=item.organisation_id, language=text.language
        )
        row.title, row.slug, row.lead, row.body = text.title, slug, text.lead, text.body
        row.save()
    for removed in existing.values():
        removed.delete()


def _write_tags(item: NewsItem, tags: list[tuple[str, str]]) -> None:
    rows = []
    for slug, name in tags:
        tag, _created = NewsTag.objects.get_or_create(
            organisation_id=item.organisation_id, slug=slug, defaults={"name": name}
        )
        rows.append(tag)
    item.tags.set(rows)


def _changed_on_commit(organisation: Organisation) -> None:
    transaction.on_commit(lambda: public_changed(organisation))


def _approval_required(organisation: Organisation) -> bool:
    return settings_of(organisation).require_approval


def news_create(
    *,
    organisation: Organisation,
    actor: Any,
    kind: str,
    texts: dict[str, NewsText],
    tags: Iterable[str] = (),
    lead_image: PublicFile | None = None,
    attachments: Sequence[PublicFile] = (),
    publish_at: datetime | None = None,
    display_until: datetime | None = None,
    responsible: str = "",
    created_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> NewsItem:
    """A new draft item. It shows on the public site once published (news_publish).

    `created_at` is for an item brought from an archive (the demo's news of past years):
    when it was written, so that its metryczka does not say it was created after it was
    published; the forms and the API never pass it (now)."""
    if kind not in NewsKind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    prepared = _prepare_texts(organisation, texts)
    clean_tags = _clean_tags(tags)
    _check_files(organisation, lead_image, attachments)
    _check_times(publish_at, display_until)
    responsible = " ".join(responsible.split())[:200]
    try:
        with transaction.atomic():
            item = NewsItem.objects.create(
                organisation=organisation,
                kind=kind,
                author=actor,
                lead_image=lead_image,
                publish_at=publish_at,
                display_until=display_until,
                responsible=responsible,
                created_at=created_at or timezone.now(),
            )
            _write_texts(item, prepared)
            _write_tags(item, clean_tags)
            item.attachments.set(attachments)
            audit_record(
                organisation=organisation,
                actor=actor,
                action="news.create",
                obj=item,
                changes={"kind": kind, "languages": [t.language for t in prepared]},
                request=request,
            )
    except IntegrityError:
        raise ValidationError({"texts": _("This address is taken in this language.")}) from None
    return item


def news_update(
    *,
    item: NewsItem,
    actor: Any,
    kind: str,
    texts: dict[str, NewsText],
    tags: Iterable[str] = (),
    lead_image: PublicFile | None = None,
    attachments: Sequence[PublicFile] = (),
    publish_at: datetime | None = None,
    display_until: datetime | None = None,
    responsible: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> NewsItem:
    """Change an item. A change of a published item needs its reason and becomes a new
    public version at once. When the organisation requires approval, a scheduled item
    changed by its author goes back to draft (its approval no longer holds)."""
    organisation = item.organisation
    if kind not in NewsKind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    prepared = _prepare_texts(organisation, texts)
    clean_tags = _clean_tags(tags)
    _check_files(organisation, lead_image, attachments)
    _check_times(publish_at, display_until)
    reason = _check_reason(reason)
    responsible = " ".join(responsible.split())[:200]
    now = timezone.now()
    try:
        with transaction.atomic():
            item = (
                NewsItem.objects.select_for_update().select_related("organisation").get(pk=item.pk)
            )
            if item.state == NewsState.PUBLISHED and not reason:
                raise ValidationError(
                    {"reason": _("Give the reason for the change: it is shown in the history.")}
                )
            item.kind = kind
            item.lead_image = lead_image
            item.publish_at = publish_at
            item.display_until = display_until
            item.responsible = responsible
            withdrawn = (
                item.state == NewsState.SCHEDULED
                and _approval_required(organisation)
                and getattr(actor, "pk", None) == item.author_id
            )
            if withdrawn:
                item.state = NewsState.DRAFT
                item.approved_by = None
            item.save()
            _write_texts(item, prepared)
            _write_tags(item, clean_tags)
            item.attachments.set(attachments)
            version = None
            if item.state == NewsState.PUBLISHED:
                version = _record_version(item, actor, reason, now)
                _changed_on_commit(organisation)
            audit_record(
                organisation=organisation,
                actor=actor,
                action="news.update",
                obj=item,
                changes={
                    "kind": kind,
                    "languages": [t.language for t in prepared],
                    "version": version.number if version else None,
                    "reason": reason,
                    "back_to_draft": withdrawn,
                },
                request=request,
            )
    except IntegrityError:
        raise ValidationError({"texts": _("This address is taken in this language.")}) from None
    return item


def news_submit(*, item: NewsItem, actor: Any, request: HttpRequest | None = None) -> NewsItem:
    """Ask a second person to approve the item's publication."""
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().get(pk=item.pk)
        if item.state not in (NewsState.DRAFT, NewsState.UNPUBLISHED):
            raise ValidationError(
                _("Only a draft or an unpublished item can be sent for approval.")
            )
        item.state = NewsState.AWAITING_APPROVAL
        item.save(update_fields=["state", "updated_at"])
        audit_record(
            organisation=item.organisation,
            actor=actor,
            action="news.submit",
            obj=item,
            request=request,
        )
    return item


def _go_live(item: NewsItem, actor: Any, now: datetime, reason: str) -> NewsVersion | None:
    item.state = NewsState.PUBLISHED
    if item.published_at is None:
        # A publication time in the past (an item from the archive) is kept as it was.
        item.published_at = min(item.publish_at, now) if item.publish_at else now
    item.save()
    return _record_version(item, actor, reason, now)


def news_publish(
    *,
    item: NewsItem,
    actor: Any,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> NewsItem:
    """Publish the item now, or schedule it for its publication time (the worker publishes
    it at that minute). When the organisation requires approval, the author cannot publish
    their own item: another editor's publication is the approval."""
    now = now or timezone.now()
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().select_related("organisation").get(pk=item.pk)
        if item.state in (NewsState.PUBLISHED, NewsState.SCHEDULED):
            return item  # already done: publishing twice changes nothing
        organisation = item.organisation
        approval = _approval_required(organisation)
        if approval and getattr(actor, "pk", None) == item.author_id:
            raise ValidationError(
                _("A second person must approve this item: its author cannot publish it.")
            )
        item.approved_by = actor if approval else None
        item.published_by = actor
        version = None
        if item.display_until is not None and item.display_until <= now:
            raise ValidationError({"display_until": _("The end of display has passed.")})
        if item.publish_at is not None and item.publish_at > now:
            item.state = NewsState.SCHEDULED
            item.save()
            action = "news.schedule"
        else:
            version = _go_live(item, actor, now, "")
            _changed_on_commit(organisation)
            action = "news.publish"
        audit_record(
            organisation=organisation,
            actor=actor,
            action=action,
            obj=item,
            changes={
                "approved": approval,
                "publish_at": item.publish_at.isoformat() if item.publish_at else None,
                "version": version.number if version else None,
            },
            request=request,
        )
    return item


def news_unpublish(
    *, item: NewsItem, actor: Any, reason: str = "", request: HttpRequest | None = None
) -> NewsItem:
    """Take the item off the public site (or cancel its schedule). Its versions stay."""
    reason = _check_reason(reason)
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().select_related("organisation").get(pk=item.pk)
        if item.state not in (NewsState.PUBLISHED, NewsState.SCHEDULED):
            return item  # not public: nothing to take off
        was = item.state
        item.state = NewsState.UNPUBLISHED if was == NewsState.PUBLISHED else NewsState.DRAFT
        item.save(update_fields=["state", "updated_at"])
        audit_record(
            organisation=item.organisation,
            actor=actor,
            action="news.unpublish",
            obj=item,
            changes={"was": was, "reason": reason},
            request=request,
        )
        if was == NewsState.PUBLISHED:
            _changed_on_commit(item.organisation)
    return item


# --- the worker's side ------------------------------------------------------------------------


def news_publish_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Publish the scheduled items whose time has come and end the display of those whose
    end has passed; returns how many changed. One indexed query when nothing is due; one
    short transaction per item, which re-checks its state under the row lock (so two workers
    never publish an item twice)."""
    now = now or timezone.now()
    due = list(
        NewsItem.objects.filter(state=NewsState.SCHEDULED, publish_at__lte=now)
        .order_by("publish_at")
        .values_list("pk", flat=True)[:limit]
    )
    ending = list(
        NewsItem.objects.filter(state=NewsState.PUBLISHED, display_until__lte=now)
        .order_by("display_until")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            item = (
                # published_by may be empty: its outer join cannot be locked (PostgreSQL)
                NewsItem.objects.select_for_update(of=("self",))
                .select_related("organisation", "published_by")
                .filter(pk=pk, state=NewsState.SCHEDULED, publish_at__lte=now)
                .first()
            )
            if item is None:
                continue
            version = _go_live(item, item.published_by, now, "")
            audit_record(
                organisation=item.organisation,
                actor=None,
                action="news.publish",
                obj=item,
                changes={"scheduled": True, "version": version.number if version else None},
            )
            _changed_on_commit(item.organisation)
            done += 1
    for pk in ending:
        with transaction.atomic():
            item = (
                NewsItem.objects.select_for_update()
                .select_related("organisation")
                .filter(pk=pk, state=NewsState.PUBLISHED, display_until__lte=now)
                .first()
            )
            if item is None:
                continue
            item.state = NewsState.UNPUBLISHED
            item.save(update_fields=["state", "updated_at"])
            audit_record(
                organisation=item.organisation,
                actor=None,
                action="news.display_end",
                obj=item,
                changes={
                    "display_until": item.display_until.isoformat() if item.display_until else None
                },
            )
            _changed_on_commit(item.organisation)
            done += 1
    return done
