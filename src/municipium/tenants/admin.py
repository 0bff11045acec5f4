from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import services
from .models import Membership, MembershipRole, Organisation, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["code", "name", "parent", "is_active"]
    show_change_link = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Platform admins create and edit organisations here; every save is audited."""

    list_display = ["name", "slug", "kind", "country", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name", "slug"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            stored = Organisation.objects.get(pk=obj.pk)
            services.organisation_update(
                organisation=stored, actor=request.user, fields=fields, request=request
            )
        else:
            fields = {name: form.cleaned_data[name] for name in form.fields}
            created = services.organisation_create(actor=request.user, request=request, **fields)
            obj.pk = created.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Organisations hold registers and a journal that must survive; deactivate instead.
        return False


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "unit", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    inlines = [MembershipRoleInline]
    readonly_fields = ["user", "organisation", "unit", "position", "is_active", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added by the organisation's admin on its settings pages, audited there

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
