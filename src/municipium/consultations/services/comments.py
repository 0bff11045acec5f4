"""Comments and answers: residents' and organisations' comments while the consultation is
open, comments received on paper or by e-mail entered by staff, replies one level deep,
moderation (hidden with the reason shown in the comment's place, journaled) and the
official answer to every comment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import PublicFile
from municipium.validators import check_plain_text, check_visible_text

from ..models import Answer, Article, Channel, Comment, Consultation, Outcome, Paragraph, State
from ..models.comments import BODY_MAX, NAME_MAX, REASON_MAX
from .consultations import _changed, current_version

HIDE_REASON_MAX = 500


def _body(body: str) -> str:
    body = body.strip()
    try:
        check_visible_text(body)
        check_plain_text(body, multiline=True)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None
    if len(body) > BODY_MAX:
        raise ValidationError({"body": _("At most %d characters.") % BODY_MAX})
    return body


def _name(value: str, field: str) -> str:
    value = " ".join(value.split())
    check_plain_text(value)
    if len(value) > NAME_MAX:
        raise ValidationError({field: _("At most %d characters.") % NAME_MAX})
    return value


def _target(
    consultation: Consultation, article_anchor: int | None, paragraph_anchor: int | None
) -> tuple[int | None, int | None, str]:
    """The comment's anchors in the current version, and the label of what it is about."""
    if article_anchor is None and paragraph_anchor is None:
        return None, None, ""
    version = current_version(consultation)
    if paragraph_anchor is not None:
        paragraph = (
            Paragraph.objects.filter(article__version=version, anchor=paragraph_anchor)
            .select_related("article")
            .first()
        )
        if paragraph is None or (
            article_anchor is not None and paragraph.article.anchor != article_anchor
        ):
            raise ValidationError({"target": _("This paragraph is not in the draft.")})
        label = _("%(article)s, paragraph %(n)d") % {
            "article": str(paragraph.article),
            "n": paragraph.position + 1,
        }
        return paragraph.article.anchor, paragraph.anchor, label[:80]
    article = (
        Article.objects.filter(version=version, anchor=article_anchor).first()
        if article_anchor is not None
        else None
    )
    if article is None:
        raise ValidationError({"target": _("This article is not in the draft.")})
    return article.anchor, None, str(article)[:80]


def _parent(consultation: Consultation, parent: Comment | None) -> Comment | None:
    if parent is None:
        return None
    if parent.consultation_id != consultation.pk:
        raise ValidationError({"parent": _("Reply to a comment of this consultation.")})
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("Replies go one level deep: reply to the comment.")})
    if parent.is_hidden:
        raise ValidationError({"parent": _("This comment is hidden: it takes no replies.")})
    return parent


def comment_add(
    *,
    consultation: Consultation,
    user: Any,
    body: str,
    article_anchor: int | None = None,
    paragraph_anchor: int | None = None,
    parent: Comment | None = None,
    show_name: bool = False,
    organisation_name: str = "",
    attachment: PublicFile | None = None,
) -> Comment:
    """A signed-in person's comment (or an organisation's position, with its name), while
    the consultation is open."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Sign in to comment."))
    if not consultation.accepts_comments():
        raise ValidationError(_("This consultation does not take comments now."))
    text = _body(body)
    organisation_name = _name(organisation_name, "organisation_name")
    parent = _parent(consultation, parent)
    if parent is not None:
        article_anchor, paragraph_anchor = parent.article_anchor, parent.paragraph_anchor
        label = parent.target_label
    else:
        article_anchor, paragraph_anchor, label = _target(
            consultation, article_anchor, paragraph_anchor
        )
    if attachment is not None and attachment.organisation_id != consultation.organisation_id:
        raise ValidationError({"attachment": _("The attachment was not accepted.")})
    version = current_version(consultation)
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            parent=parent,
            article_anchor=article_anchor,
            paragraph_anchor=paragraph_anchor,
            target_label=label,
            version_number=version.number,
            author=user,
            author_name=user.full_name or "",
            show_name=show_name,
            organisation_name=organisation_name,
            channel=Channel.ONLINE,
            body=text,
            attachment=attachment,
        )
        audit_record(
            organisation=consultation.organisation,
            actor=user,
            action="consultation.comment",
            obj=comment,
            changes={"consultation": consultation.pk, "target": label},
        )
        _changed(consultation.organisation)
    return comment


def comment_enter(
    *,
    consultation: Consultation,
    actor: Any,
    body: str,
    author_name: str,
    channel: str,
    received_at: Any = None,
    show_name: bool = False,
    organisation_name: str = "",
    registry_number: str = "",
    article_anchor: int | None = None,
    paragraph_anchor: int | None = None,
) -> Comment:
    """A comment received on paper or by e-mail, entered by staff (with the registry number
    it was registered under). Received after the period: refused."""
    if channel not in (Channel.PAPER, Channel.EMAIL):
        raise ValidationError({"channel": _("Choose paper or e-mail.")})
    if consultation.state not in (State.OPEN, State.CLOSED) or consultation.report_published_at:
        raise ValidationError(_("Comments are entered while the consultation runs or is closed."))
    received = received_at or timezone.now()
    if not consultation.opens_at <= received <= consultation.closes_at:
        raise ValidationError(
            {"received_at": _("The comment was received outside the consultation's period.")}
        )
    text = _body(body)
    author_name = _name(author_name, "author_name")
    if not author_name:
        raise ValidationError({"author_name": _("Give the author's name.")})
    organisation_name = _name(organisation_name, "organisation_name")
    registry_number = _name(registry_number, "registry_number")[:100]
    article_anchor, paragraph_anchor, label = _target(
        consultation, article_anchor, paragraph_anchor
    )
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            article_anchor=article_anchor,
            paragraph_anchor=paragraph_anchor,
            target_label=label,
            version_number=current_version(consultation).number,
            author=None,
            author_name=author_name,
            show_name=show_name,
            organisation_name=organisation_name,
            channel=channel,
            entered_by=actor,
            registry_number=registry_number,
            body=text,
            created_at=received,
        )
        audit_record(
            organisation=consultation.organisation,
            actor=actor,
            action="consultation.comment_enter",
            obj=comment,
            changes={"channel": channel, "registry_number": registry_number},
        )
        _changed(consultation.organisation)
    return comment


def comment_hide(*, comment: Comment, actor: Any, reason: str) -> Comment:
    """Hide a comment: its text is no longer shown, the reason is shown in its place."""
    reason = " ".join(reason.split())
    try:
        check_visible_text(reason)
        check_plain_text(reason)
    except ValidationError:
        raise ValidationError({"reason": _("Give the reason, which is shown instead.")}) from None
    if len(reason) > HIDE_REASON_MAX:
        raise ValidationError({"reason": _("At most %d characters.") % HIDE_REASON_MAX})
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_hidden:
            raise ValidationError(_("This comment is hidden already."))
        locked.hidden_at = timezone.now()
        locked.hidden_reason = reason
        locked.hidden_by = actor
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        audit_record(
            organisation=comment.consultation.organisation,
            actor=actor,
            action="consultation.comment_hide",
            obj=locked,
            changes={"reason": reason},
        )
        _changed(comment.consultation.organisation)
    return locked


def comment_show(*, comment: Comment, actor: Any) -> Comment:
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if not locked.is_hidden:
            raise ValidationError(_("This comment is not hidden."))
        previous = locked.hidden_reason
        locked.hidden_at = None
        locked.hidden_reason = ""
        locked.hidden_by = None
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        audit_record(
            organisation=comment.consultation.organisation,
            actor=actor,
            action="consultation.comment_show",
            obj=locked,
            changes={"was_hidden_for": previous},
        )
        _changed(comment.consultation.organisation)
    return locked


def answer_save(*, comment: Comment, actor: Any, outcome: str, reason: str = "") -> Answer:
    """The official answer to a comment (a new answer replaces the previous one until the
    report is published). "Not accepted" and "partly accepted" need their reasons."""
    # Fresh: the report may have been published since the comment was read.
    consultation = Consultation.objects.get(pk=comment.consultation_id)
    if comment.parent_id is not None:
        raise ValidationError(_("Answer the comment, not its replies."))
    if consultation.report_published_at:
        raise ValidationError(_("The report is published: its answers no longer change."))
    if consultation.state == State.DRAFT:
        raise ValidationError(_("This consultation has not been published."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an answer from the list.")})
    reason = reason.strip()
    check_plain_text(reason, multiline=True)
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %d characters.") % REASON_MAX})
    if outcome in (Outcome.REJECTED, Outcome.PARTLY) and not reason:
        raise ValidationError(
            {"reason": _("Give the reasons why the proposal is not (fully) accepted.")}
        )
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.report_published_at:
            raise ValidationError(_("The report is published: its answers no longer change."))
        answer, _created = Answer.objects.update_or_create(
            comment=comment,
            defaults={
                "outcome": outcome,
                "reason": reason,
                "answered_by": actor,
                "answered_at": timezone.now(),
            },
        )
        audit_record(
            organisation=consultation.organisation,
            actor=actor,
            action="consultation.answer",
            obj=comment,
            changes={"outcome": outcome, "reason": reason[:200]},
        )
        _changed(consultation.organisation)
    return answer
