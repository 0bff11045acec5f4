"""The forms of events: the office's editor (texts in each of the organisation's languages),
a programme session, the cancellation, a participant added by staff, and the public
registration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation

from ..models.events import (
    CAPACITY_MAX,
    DESCRIPTION_MAX,
    OUTSIDE_ORGANISERS_MAX,
    PLACE_MAX,
    REASON_MAX,
    SLUG_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    TOWN_MAX,
    Event,
    EventKind,
)
from ..models.registrations import NAME_MAX
from ..services.events import EventData, EventText, Speaker

LOCAL = "%Y-%m-%dT%H:%M"


def _when(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class EventForm(forms.Form):
    """Times are read in the event's time zone (the view activates it)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    slug = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=SLUG_MAX,
        help_text=_("Latin letters, digits and hyphens; made from the title when empty."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the event"),
        required=False,
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=PLACE_MAX)
    address = forms.CharField(label=_("Address of the venue"), required=False, max_length=PLACE_MAX)
    town = forms.CharField(label=_("Town"), required=False, max_length=TOWN_MAX)
    online_url = forms.CharField(
        label=_("Online link"),
        required=False,
        max_length=500,
        help_text=_("Shown only to confirmed participants, in their e-mail."),
    )
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers on this site"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    outside_organisers = forms.CharField(
        label=_("Other co-organisers"),
        required=False,
        max_length=OUTSIDE_ORGANISERS_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name per line."),
    )
    registration_enabled = forms.BooleanField(label=_("Open a registration"), required=False)
    registration_for = forms.ModelMultipleChoiceField(
        label=_("Registration only for members of"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None chosen: anyone may register. Else only signed-in people who are active "
            "members of a chosen organisation."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=0,
        max_value=CAPACITY_MAX,
        help_text=_("Empty: no limit."),
    )
    registration_opens_at = _when(_("Registration opens"), required=False)
    registration_closes_at = _when(_("Registration closes"), required=False)
    reason = forms.CharField(
        label=_("Reason for a change of dates"),
        required=False,
        max_length=REASON_MAX,
        help_text=_("Told to the participants and kept in the event's history."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, event: Event | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.event = event
        co: Any = self.fields["co_organisers"]
        co.queryset = (
            Organisation.objects.filter(is_active=True).exclude(pk=organisation.pk).order_by("name")
        )
        allowed: Any = self.fields["registration_for"]
        allowed.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        for code in organisation.languages:
            name = language_name(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%s)") % name, required=False, max_length=TITLE_MAX
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%s)") % name,
                required=False,
                max_length=SUMMARY_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%s)") % name,
                required=False,
                max_length=DESCRIPTION_MAX,
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_(
                    "HTML: paragraphs, headings, lists, links, tables, images with alt text. "
                    "Scripts and styles are removed."
                ),
            )
        if event is None:
            del self.fields["reason"]

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        zone = event.zone
        initial: dict[str, Any] = {
            "kind": event.kind,
            "slug": event.slug,
            "starts_at": event.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": event.ends_at.astimezone(zone).replace(tzinfo=None),
            "languages": event.languages,
            "venue": event.venue,
            "address": event.address,
            "town": event.town,
            "online_url": event.online_url,
            "co_organisers": list(event.co_organisers.all()),
            "outside_organisers": event.outside_organisers,
            "registration_enabled": event.registration_enabled,
            "registration_for": list(event.registration_for.all()),
            "capacity": event.capacity,
        }
        for name in ("registration_opens_at", "registration_closes_at"):
            value = getattr(event, name)
            initial[name] = value.astimezone(zone).replace(tzinfo=None) if value else None
        for text in event.translations.all():
            initial[f"title_{text.language}"] = text.title
            initial[f"summary_{text.language}"] = text.summary
            initial[f"description_{text.language}"] = text.description
        return initial

    def data_for_service(self) -> EventData:
        data = self.cleaned_data
        texts = {
            code: EventText(
                title=data.get(f"title_{code}", ""),
                summary=data.get(f"summary_{code}", ""),
                description=data.get(f"description_{code}", ""),
            )
            for code in self.organisation.languages
        }
        return EventData(
            kind=data["kind"],
            texts=texts,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            slug=data.get("slug", ""),
            languages=data.get("languages") or [],
            venue=data.get("venue", ""),
            address=data.get("address", ""),
            town=data.get("town", ""),
            online_url=data.get("online_url", ""),
            co_organisers=list(data.get("co_organisers") or []),
            outside_organisers=data.get("outside_organisers", ""),
            registration_enabled=bool(data.get("registration_enabled")),
            registration_for=list(data.get("registration_for") or []),
            capacity=data.get("capacity"),
            registration_opens_at=data.get("registration_opens_at"),
            registration_closes_at=data.get("registration_closes_at"),
        )


class SessionForm(forms.Form):
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    room = forms.CharField(label=_("Room"), required=False, max_length=TOWN_MAX)
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name; role; organisation."),
    )

    def speaker_list(self) -> list[Speaker]:
        people = []
        for line in self.cleaned_data.get("speakers", "").splitlines():
            parts = [part.strip() for part in line.split(";")]
            if parts and parts[0]:
                parts += ["", ""]
                people.append(Speaker(name=parts[0], role=parts[1], organisation=parts[2]))
        return people


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("E-mail"), max_length=254)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254)


class ParticipantsMessageForm(forms.Form):
    """A message from the organisers to every confirmed (and, if chosen, waiting) participant."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=10_000, widget=forms.Textarea)
    include_waiting = forms.BooleanField(
        label=_("Also to those on the waiting list"), required=False
    )
