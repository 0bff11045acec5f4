from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from municipium.audit.services import audit_record

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "is_demo", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "is_demo"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "is_demo", "email_verified_at")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Saved with its journal entry; the password itself never enters the journal."""
        changed = [name for name in form.changed_data if "password" not in name]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                organisation=None,
                actor=request.user,
                action="account.update" if change else "account.create",
                obj=obj,
                changes={name: str(form.cleaned_data.get(name)) for name in changed},
                request=request,
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "digest",
        "created_at",
        "last_used_at",
        "expires_at",
    ]
    search_fields = ["user__email", "name", "prefix"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
