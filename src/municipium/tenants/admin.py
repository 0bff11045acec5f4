from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipium.accounts.services import send_invitation

from . import services
from .models import Membership, MembershipRole, Organisation, Role


class OrganisationForm(forms.ModelForm):
    first_admin_email = forms.EmailField(
        label=_("First administrator's e-mail"),
        required=False,
        help_text=_(
            "The person who will run the organisation's settings. A new account gets an "
            "invitation by e-mail."
        ),
    )
    first_admin_name = forms.CharField(
        label=_("First administrator's name"), max_length=150, required=False
    )

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "languages",
            "description",
            "website",
            "email",
            "phone",
            "address",
            "is_active",
        ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Platform admins create and edit organisations here; every save is audited."""

    form = OrganisationForm
    list_display = ["name", "slug", "kind", "country", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The slug is in every public link and names the audit chain: fixed once created.
        return ["slug", "created_at"] if obj is not None else ["created_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [str(name) for name in super().get_fields(request, obj)]
        hidden = {"created_at"} | ({"first_admin_email", "first_admin_name"} if obj else set())
        return [name for name in fields if name not in hidden]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        model_fields = {f.name for f in Organisation._meta.fields}
        if change:
            fields = {
                name: form.cleaned_data[name] for name in form.changed_data if name in model_fields
            }
            stored = Organisation.objects.get(pk=obj.pk)
            services.organisation_update(
                organisation=stored, actor=request.user, fields=fields, request=request
            )
            return
        fields = {name: form.cleaned_data[name] for name in form.fields if name in model_fields}
        email = form.cleaned_data.get("first_admin_email")
        with transaction.atomic():
            created = services.organisation_create(actor=request.user, request=request, **fields)
            obj.pk = created.pk
            if email:
                membership, new_account = services.membership_add(
                    organisation=created,
                    actor=request.user,
                    email=email,
                    full_name=form.cleaned_data.get("first_admin_name") or email,
                    roles=[Role.ADMIN],
                    request=request,
                )
        if email and new_account:
            send_invitation(
                user=membership.user, organisation_name=created.name, invited_by=request.user
            )
            messages.info(
                request, gettext("An invitation was sent to %(email)s.") % {"email": email}
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Organisations hold registers and a journal that must survive; deactivate instead.
        return False


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Who works where, for support. Read-only: each organisation's admin manages its people."""

    list_display = ["user", "organisation", "unit", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    inlines = [MembershipRoleInline]
    readonly_fields = ["user", "organisation", "unit", "position", "is_active", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
