"""People who sign in: staff of organisations and citizens, and their API tokens."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **extra)


def default_language() -> str:
    """The installation's language (MUNICIPIUM_LANGUAGE), read when a user is created."""
    return str(settings.LANGUAGE_CODE)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. Staff have memberships; citizens have none."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=default_language
    )
    is_staff = models.BooleanField(
        _("platform staff"),
        default=False,
        help_text=_("May sign in to the platform administration."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can sign in only while DEBUG is on."),
    )
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LoginFailure(models.Model):
    """One failed sign-in, counted for the account's lock-out and for its address's limit."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # What the address limit counts by: audit.services.client_key (an IPv6 address's /64).
    client = models.CharField(max_length=64, default="")
    # From a browser where this account signed in before (accounts.devices): such failures
    # count apart, so a stranger's failures never lock the owner's own browser out.
    trusted = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        indexes = [models.Index(fields=["client", "at"], name="accounts_failure_client_at")]

    def __str__(self) -> str:
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class PasswordResetRequest(models.Model):
    """One request for a password-reset e-mail, counted so that nobody can flood an address
    with reset mail or probe addresses in bulk. The address is kept as its digest."""

    email_digest = models.CharField(max_length=64)
    client = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["email_digest", "at"], name="accounts_reset_email_at"),
            models.Index(fields=["client", "at"], name="accounts_reset_client_at"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.at:%Y-%m-%d %H:%M}"


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a caller sent with a write to the API, and the first answer to it,
    replayed when the same request comes again within the window (api_idempotency.py)."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    caller = models.CharField(max_length=64)  # "user:<id>", or "ip:<address>" for anonymous
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    # None while the first request is still being answered.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "caller", "key"], name="one_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.key}"
