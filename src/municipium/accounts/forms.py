from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import AccountLocked, AddressThrottled, login_attempt


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            try:
                self.user = login_attempt(request=self.request, email=email, password=password)
            except AddressThrottled:
                raise forms.ValidationError(
                    _(
                        "Too many failed sign-ins from your network address. "
                        "Try again in %(minutes)d minutes."
                    ),
                    code="throttled",
                    params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                ) from None
            except AccountLocked:
                raise forms.ValidationError(
                    _(
                        "Too many failed sign-ins for this account. Try again in %(minutes)d "
                        "minutes, or reset your password: a new password lifts the lock at once."
                    ),
                    code="locked",
                    params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                ) from None
            if self.user is None:
                raise forms.ValidationError(
                    _("The e-mail address or the password is wrong, or the account is not active."),
                    code="invalid_login",
                )
        return cleaned


class SignupForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the name of the script that uses it."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Leave empty for a token that does not expire."),
    )
