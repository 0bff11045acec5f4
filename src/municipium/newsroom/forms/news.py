"""The office's forms of the news: the item (its texts in each of the organisation's
languages), the publication actions and the newsroom settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation, PublicFile

from ..models.news import (
    ATTACHMENTS_PER_ITEM,
    BODY_MAX,
    LEAD_MAX,
    REASON_MAX,
    SLUG_MAX,
    TITLE_MAX,
    NewsItem,
    NewsKind,
    NewsState,
)
from ..services.news import NewsText, _prepare_texts

TEXT_FIELDS = ("title", "slug", "lead", "body")


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class NewsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NewsKind.choices)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. council, roads."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: when it is published. A future time schedules the publication."),
    )
    display_until = forms.DateTimeField(
        label=_("End of display"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    responsible = forms.CharField(
        label=_("Responsible for the content"),
        required=False,
        max_length=200,
        help_text=_("The person or unit answerable for the content; the author when empty."),
    )
    lead_image = forms.ImageField(label=_("Lead image"), required=False)
    lead_image_alt = forms.CharField(
        label=_("Alternative text of the lead image"),
        required=False,
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    remove_lead_image = forms.BooleanField(label=_("Remove the lead image"), required=False)
    attachment = forms.FileField(label=_("Add an attachment"), required=False)
    attachment_title = forms.CharField(
        label=_("Title of the attachment"), required=False, max_length=200
    )
    keep_attachments = forms.ModelMultipleChoiceField(
        label=_("Attachments"),
        required=False,
        queryset=PublicFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Uncheck an attachment to remove it."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=REASON_MAX,
        help_text=_("Shown in the public history of the item."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, item: NewsItem | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.item = item
        self.languages = organisation.languages
        for code in self.languages:
            name = language_name(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%s)") % name, required=False, max_length=TITLE_MAX
            )
            self.fields[f"slug_{code}"] = forms.CharField(
                label=_("Address (%s)") % name,
                required=False,
                max_length=SLUG_MAX,
                help_text=_("Latin letters, digits and hyphens; made from the title when empty."),
            )
            self.fields[f"lead_{code}"] = forms.CharField(
                label=_("Lead (%s)") % name,
                required=False,
                max_length=LEAD_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%s)") % name,
                required=False,
                max_length=BODY_MAX,
                widget=forms.Textarea(attrs={"rows": 14}),
                help_text=_(
                    "HTML: paragraphs, headings, lists, links, tables, images with alt text. "
                    "Scripts and styles are removed."
                ),
            )
        keep: Any = self.fields["keep_attachments"]
        if item is not None and item.pk:
            keep.queryset = item.attachments.order_by("id")
            keep.label_from_instance = lambda f: f.title or f.name
        else:
            del self.fields["keep_attachments"]
            del self.fields["remove_lead_image"]
        if item is None or item.state != NewsState.PUBLISHED:
            del self.fields["reason"]
        texts = [f"{n}_{c}" for c in self.languages for n in TEXT_FIELDS]
        self.order_fields(["kind", *texts])

    @staticmethod
    def initial_for(item: NewsItem) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": item.kind,
            "tags": ", ".join(tag.name for tag in item.tags.all()),
            "publish_at": item.publish_at,
            "display_until": item.display_until,
            "responsible": item.responsible,
            "keep_attachments": [f.pk for f in item.attachments.all()],
        }
        for translation in item.translations.all():
            for name in TEXT_FIELDS:
                initial[f"{name}_{translation.language}"] = getattr(translation, name)
        return initial

    def texts(self) -> dict[str, NewsText]:
        data = self.cleaned_data
        return {
            code: NewsText(
                title=data.get(f"title_{code}", ""),
                slug=data.get(f"slug_{code}", ""),
                lead=data.get(f"lead_{code}", ""),
                body=data.get(f"body_{code}", ""),
            )
            for code in self.languages
        }

    def tag_names(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The texts' own checks (sanitised HTML, images without alt text, addresses) before
        # anything is uploaded or saved.
        try:
            _prepare_texts(self.organisation, self.texts())
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        image = data.get("lead_image")
        if image and not (data.get("lead_image_alt") or "").strip():
            self.add_error(
                "lead_image_alt", _("Describe the image: the alternative text is required.")
            )
        keep = data.get("keep_attachments") or []
        if len(keep) + (1 if data.get("attachment") else 0) > ATTACHMENTS_PER_ITEM:
            self.add_error("attachment", _("At most %d attachments.") % ATTACHMENTS_PER_ITEM)
        start, end = data.get("publish_at"), data.get("display_until")
        if start and end and end <= start:
            self.add_error(
                "display_until", _("The end of display comes after the publication time.")
            )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX)


class NewsSettingsForm(forms.Form):
    require_approval = forms.BooleanField(
        label=_("A second person must approve before publication"),
        required=False,
        help_text=_("The author of an item cannot publish it; another editor approves it."),
    )
