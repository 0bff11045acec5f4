"""Signing in, signing up, verifying e-mail, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record, client_ip, client_key

from .devices import device_knows
from .models import ApiToken, LoginFailure, PasswordResetRequest, User, token_digest

VERIFY_SALT = "municipium.accounts.verify-email"
TOKEN_PREFIX = "mun_"  # noqa: S105 - a public marker, not a secret


class AccountLocked(Exception):
    """Too many failed sign-ins for this account; try again after the lock-out window."""


class AddressThrottled(Exception):
    """Too many failed sign-ins from this address, to any accounts; try again later."""


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(email: str, *, trusted: bool = False) -> bool:
    """Whether the account is locked for sign-ins from strangers' browsers (or, with
    `trusted`, from the browsers it signed in from before: those failures count apart)."""
    failures = LoginFailure.objects.filter(
        email=email.strip().lower(), trusted=trusted, at__gte=_window_start()
    ).count()
    return failures >= settings.LOGIN_FAILURE_LIMIT


def is_throttled(client: str) -> bool:
    """Whether the address has failed too often, across all accounts, within the window."""
    failures = LoginFailure.objects.filter(client=client, at__gte=_window_start()).count()
    return failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def login_attempt(*, request: HttpRequest | None, email: str, password: str) -> User | None:
    """Check a password, counting failures per account and per address.

    Raises AddressThrottled when the client's address has too many failures (one address
    trying one password on every account), and AccountLocked while the account is locked —
    even for the right password, so guessing cannot go on. A browser the account signed in
    from before (accounts.devices) is not held back by what strangers did: its failures have
    their own count, so a stranger can lock the account only for strangers."""
    email = email.strip().lower()
    client = client_key(request)
    trusted = device_knows(request, email)
    if not trusted and is_throttled(client):
        raise AddressThrottled
    if is_locked(email, trusted=trusted):
        raise AccountLocked
    user = authenticate(request, username=email, password=password)
    if user is None:
        LoginFailure.objects.create(
            email=email, ip_address=client_ip(request), client=client, trusted=trusted
        )
        if is_locked(email, trusted=trusted):
            known = User.objects.filter(email=email).first()
            audit_record(
                organisation=None,
                actor=None,
                action="account.locked",
                obj=known,
                changes={"email": email, "from_known_browser": trusted},
                request=request,
            )
        if not trusted and is_throttled(client):
            audit_record(
                organisation=None,
                actor=None,
                action="login.throttled",
                changes={"client": client},
                request=request,
            )
        return None
    LoginFailure.objects.filter(email=email).delete()
    return user


class ResetThrottled(Exception):
    """Too many password-reset requests from this network address within the hour."""


def password_reset_request(*, request: HttpRequest | None, email: str) -> bool:
    """Count a request for a password-reset e-mail. Returns whether the e-mail may be sent:
    not when the address already got PASSWORD_RESET_ADDRESS_LIMIT within the hour (the page
    says the same either way, so this reveals nothing). Raises ResetThrottled, counting
    nothing, when the client asked PASSWORD_RESET_CLIENT_LIMIT times within the hour."""
    client = client_key(request)
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    since = timezone.now() - timedelta(hours=1)
    recent = PasswordResetRequest.objects.filter(at__gte=since)
    if recent.filter(client=client).count() >= settings.PASSWORD_RESET_CLIENT_LIMIT:
        raise ResetThrottled
    allowed = recent.filter(email_digest=digest).count() < settings.PASSWORD_RESET_ADDRESS_LIMIT
    with transaction.atomic():
        PasswordResetRequest.objects.filter(at__lt=since - timedelta(days=1)).delete()
        PasswordResetRequest.objects.create(email_digest=digest, client=client)
    return allowed


def password_reset_finish(*, user: User, request: HttpRequest | None) -> None:
    """After the owner chose a new password through a reset link: the lock-out ends, since
    the link proves the owner reads the account's mail, whatever strangers tried."""
    with transaction.atomic():
        LoginFailure.objects.filter(email=user.email).delete()
        audit_record(
            organisation=None,
            actor=user,
            action="account.password_reset",
            obj=user,
            request=request,
        )


def user_signup(
    *, email: str, full_name: str, password: str, language: str, request: HttpRequest | None
) -> User:
    """A citizen account, inactive until the e-mail address is verified by the link sent."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            language=language,
            is_active=False,
        )
        audit_record(
            organisation=None, actor=user, action="account.signup", obj=user, request=request
        )
        transaction.on_commit(lambda: send_verification_email(user))
    return user


def verification_link(user: User) -> str:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)
    return settings.SITE_URL + reverse("accounts:verify", kwargs={"token": token})


def send_verification_email(user: User) -> None:
    with translation.override(user.language):
        context = {"user": user, "link": verification_link(user)}
        send_mail(
            subject=_("Confirm your e-mail address for Municipium"),
            message=render_to_string("accounts/email/verify.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def email_verify(*, token: str, request: HttpRequest | None) -> User | None:
    """Activate the account named by a verification link; None when the link is bad or old."""
    max_age = settings.EMAIL_VERIFICATION_MAX_AGE_HOURS * 3600
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        return None
    if user.email_verified_at is None:
        with transaction.atomic():
            user.email_verified_at = timezone.now()
            user.is_active = True
            user.save(update_fields=["email_verified_at", "is_active"])
            audit_record(
                organisation=None, actor=user, action="account.verify", obj=user, request=request
            )
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to the user once, never stored


def api_token_create(
    *,
    user: User,
    name: str,
    expires_in_days: int | None = None,
    request: HttpRequest | None = None,
) -> IssuedToken:
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, digest=token_digest(raw), expires_at=expires_at
        )
        audit_record(
            organisation=None,
            actor=user,
            action="token.create",
            obj=token,
            changes={"name": name, "prefix": prefix},
            request=request,
        )
    return IssuedToken(token=token, raw=raw)


def api_token_revoke(*, token: ApiToken, actor: Any, request: HttpRequest | None = None) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            organisation=None,
            actor=actor,
            action="token.revoke",
            obj=token,
            changes={"prefix": token.prefix},
            request=request,
        )


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None for an unknown, expired or revoked one."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    if token is None or not token.is_usable:
        return None
    user = token.user
    if not user.is_active or (user.is_demo and not settings.DEBUG):
        return None
    now = timezone.now()
    # Touch at most once a minute, so a busy client does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user


def send_invitation(*, user: User, organisation_name: str, invited_by: Any) -> None:
    """E-mail a new staff member a link to choose a password (the password-reset link)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    link = settings.SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(user.language):
        context = {
            "user": user,
            "organisation": organisation_name,
            "invited_by": invited_by,
            "link": link,
        }
        send_mail(
            subject=_("You are invited to %(organisation)s on Municipium")
            % {"organisation": organisation_name},
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def user_language_set(*, user: User, language: str, request: HttpRequest | None = None) -> None:
    """The language the platform speaks to the user, on pages, in the API and in e-mails."""
    if language not in dict(settings.LANGUAGES) or language == user.language:
        return
    with transaction.atomic():
        before = user.language
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
        audit_record(
            organisation=None,
            actor=user,
            action="user.language",
            obj=user,
            changes={"language": [before, language]},
            request=request,
        )
