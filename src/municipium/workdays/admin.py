from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import DeadlineRule


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = [
            "organisation",
            "code",
            "name",
            "legal_basis",
            "note",
            "amount",
            "unit",
            "roll_to_working_day",
            "extendable_by_amount",
            "extendable_by_unit",
            "extension_from",
            "notice_required",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            # Platform rules come with the platform's migrations; here one adds an
            # organisation's own rule.
            self.fields["organisation"].required = True

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        organisation = (cleaned or {}).get("organisation") or self.instance.organisation
        if organisation is not None:
            # The rule is counted with the holidays of the organisation's country.
            self.instance.country = organisation.country
        return cleaned


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """Platform rules are shown read-only; organisations' own rules are edited through the
    services, so every change is audited. Rules are switched off, never deleted: cases
    keep referring to them."""

    form = DeadlineRuleForm
    list_display = [
        "code",
        "name",
        "legal_basis",
        "amount",
        "unit",
        "country",
        "owner",
        "is_active",
    ]
    list_filter = ["country", "unit", "is_active", ("organisation", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "legal_basis", "organisation__name"]
    list_select_related = ["organisation"]

    @admin.display(description=_("organisation"), ordering="organisation__name")
    def owner(self, obj: DeadlineRule) -> str:
        return obj.organisation.name if obj.organisation is not None else str(_("platform"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation", "country"] if obj is not None else []

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_platform_rule:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: DeadlineRule, form: Any, change: bool) -> None:
        editable = set(services.EDITABLE_FIELDS)
        if change:
            stored = DeadlineRule.objects.get(pk=obj.pk)
            fields = {
                name: form.cleaned_data[name] for name in form.changed_data if name in editable
            }
            services.deadline_rule_update(
                rule=stored, actor=request.user, fields=fields, request=request
            )
            return
        fields = {name: form.cleaned_data[name] for name in form.fields if name in editable}
        created = services.deadline_rule_create(
            organisation=form.cleaned_data["organisation"],
            actor=request.user,
            request=request,
            **fields,
        )
        obj.pk = created.pk
