"""Forms of the office (consultation details, the draft, documents, rule sets, answers,
moderation, paper comments) and the public comment form. They only parse: the services
decide."""

from __future__ import annotations

from typing import Any

from django import forms as dj
from django.utils.translation import gettext_lazy as _

from municipium.accounts.models import User
from municipium.tenants.models import Organisation, Unit

from ..models import ActKind, Channel, DocumentKind, Form, Outcome, Participants, RuleSet
from ..models.comments import BODY_MAX, NAME_MAX, REASON_MAX
from ..models.consultations import REASON_MAX as SHORT_REASON_MAX
from ..models.consultations import SUMMARY_MAX, TITLE_MAX
from ..models.rules import BASIS_MAX
from ..models.rules import NAME_MAX as RULE_NAME_MAX

DRAFT_TEXT_MAX = 1_000_000


class DateTimeInput(dj.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConsultationForm(dj.Form):
    title = dj.CharField(label=_("Title"), max_length=TITLE_MAX)
    act_kind = dj.ChoiceField(label=_("Kind of act"), choices=ActKind.choices)
    summary = dj.CharField(
        label=_("Summary"), max_length=SUMMARY_MAX, required=False, widget=dj.Textarea
    )
    rule_set = dj.ModelChoiceField(label=_("Rules"), queryset=RuleSet.objects.none())
    unit = dj.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )
    responsible = dj.ModelChoiceField(label=_("Responsible person"), queryset=User.objects.none())
    opens_at = dj.DateTimeField(label=_("Comments open"), widget=DateTimeInput())
    closes_at = dj.DateTimeField(label=_("Comments close"), widget=DateTimeInput())
    shortened_reason = dj.CharField(
        label=_("Reasons for a shorter period"),
        max_length=SHORT_REASON_MAX,
        required=False,
        widget=dj.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the period is shorter than the rules' minimum."),
    )
    forms = dj.MultipleChoiceField(
        label=_("Forms of the consultation"),
        choices=Form.choices,
        widget=dj.CheckboxSelectMultiple,
        initial=[Form.ONLINE],
    )
    meetings = dj.CharField(
        label=_("Meetings: place and time"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=dj.Textarea(attrs={"rows": 3}),
    )
    draft_text = dj.CharField(
        label=_("The draft's text"),
        required=False,
        max_length=DRAFT_TEXT_MAX,
        widget=dj.Textarea(attrs={"rows": 12}),
        help_text=_('Each article starts on its own line with "Чл. 1.", "§ 1." or "Art. 1.".'),
    )

    def __init__(self, *args: Any, organisation: Organisation, editing: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["rule_set"].queryset = RuleSet.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation, memberships__is_active=True
        ).order_by("full_name")
        self.fields["responsible"].label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]
        if editing:
            del self.fields["draft_text"]


class DraftForm(dj.Form):
    text = dj.CharField(
        label=_("The draft's text"),
        required=False,
        max_length=DRAFT_TEXT_MAX,
        widget=dj.Textarea(attrs={"rows": 20}),
        help_text=_('Each article starts on its own line with "Чл. 1.", "§ 1." or "Art. 1.".'),
    )
    file = dj.FileField(
        label=_("Or import a DOCX or ODT file"),
        required=False,
    )
    note = dj.CharField(label=_("What changed (for a new version)"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise dj.ValidationError(_("Paste the text or choose a file."))
        return data


class DocumentForm(dj.Form):
    kind = dj.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = dj.CharField(label=_("Title"), max_length=200, required=False)
    file = dj.FileField(label=_("File"))


class RuleSetForm(dj.Form):
    code = dj.SlugField(label=_("Code"), max_length=50)
    name = dj.CharField(label=_("Name"), max_length=RULE_NAME_MAX)
    legal_basis = dj.CharField(
        label=_("Legal basis"), max_length=BASIS_MAX, widget=dj.Textarea(attrs={"rows": 4})
    )
    min_days = dj.IntegerField(label=_("Minimum period in days"), min_value=1, max_value=365)
    shortened_min_days = dj.IntegerField(
        label=_("Shortest period with stated reasons, in days"),
        min_value=1,
        max_value=365,
        required=False,
    )
    requires_motives = dj.BooleanField(
        label=_("The motives and the impact assessment are published with the draft"),
        required=False,
    )
    report_required = dj.BooleanField(
        label=_("A report is published before the act is adopted"), required=False, initial=True
    )
    participants = dj.ChoiceField(label=_("Who may take part"), choices=Participants.choices)
    required_forms = dj.MultipleChoiceField(
        label=_("Forms the rules require"),
        choices=Form.choices,
        widget=dj.CheckboxSelectMultiple,
        required=False,
    )
    is_default = dj.BooleanField(label=_("Default for new consultations"), required=False)


class CommentForm(dj.Form):
    body = dj.CharField(
        label=_("Your comment"), max_length=BODY_MAX, widget=dj.Textarea(attrs={"rows": 5})
    )
    organisation_name = dj.CharField(
        label=_("On behalf of an organisation (its name)"), max_length=NAME_MAX, required=False
    )
    show_name = dj.BooleanField(
        label=_('My name may be published (otherwise "a resident")'), required=False
    )
    article = dj.IntegerField(required=False, widget=dj.HiddenInput, min_value=1)
    paragraph = dj.IntegerField(required=False, widget=dj.HiddenInput, min_value=1)
    parent = dj.IntegerField(required=False, widget=dj.HiddenInput, min_value=1)


class PaperCommentForm(dj.Form):
    author_name = dj.CharField(label=_("Author"), max_length=NAME_MAX)
    show_name = dj.BooleanField(label=_("The author agreed to publish the name"), required=False)
    organisation_name = dj.CharField(
        label=_("On behalf of an organisation (its name)"), max_length=NAME_MAX, required=False
    )
    channel = dj.ChoiceField(
        label=_("Received"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.EMAIL, Channel.EMAIL.label)],
    )
    received_at = dj.DateTimeField(label=_("Received on"), widget=DateTimeInput())
    registry_number = dj.CharField(label=_("Registry number"), max_length=100, required=False)
    article = dj.IntegerField(
        label=_("Article (empty: the whole draft)"), required=False, widget=dj.Select
    )
    body = dj.CharField(
        label=_("Comment"), max_length=BODY_MAX, widget=dj.Textarea(attrs={"rows": 5})
    )


class AnswerForm(dj.Form):
    outcome = dj.ChoiceField(label=_("Answer"), choices=Outcome.choices)
    reason = dj.CharField(
        label=_("Reasons"),
        max_length=REASON_MAX,
        required=False,
        widget=dj.Textarea(attrs={"rows": 3}),
    )


class HideForm(dj.Form):
    reason = dj.CharField(label=_("Reason shown in its place"), max_length=500)


class AdoptForm(dj.Form):
    note = dj.CharField(
        label=_("The adopted act (number and date)"), max_length=500, required=False
    )
