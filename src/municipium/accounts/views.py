from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .devices import device_remember
from .forms import LoginForm, SignupForm, TokenForm
from .models import ApiToken
from .services import (
    ResetThrottled,
    api_token_create,
    api_token_revoke,
    email_verify,
    password_reset_finish,
    password_reset_request,
    user_signup,
)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        response = redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
        device_remember(request, response, form.user.email)
        return response
    status = 200
    if request.method == "POST":
        throttled = form.has_error("__all__", "locked") or form.has_error("__all__", "throttled")
        status = 429 if throttled else 400
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def signup_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    initial = {"language": get_language()}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user_signup(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
            language=form.cleaned_data["language"],
            request=request,
        )
        return render(request, "accounts/signup_done.html", {"email": form.cleaned_data["email"]})
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


def verify_view(request: HttpRequest, token: str) -> HttpResponse:
    user = email_verify(token=token, request=request)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed. You can sign in now."))
    return redirect("accounts:login")


@login_required
def tokens_view(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = api_token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"],
            request=request,
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(user_id=request.user.pk or 0).order_by("-created_at")
    status = 400 if request.method == "POST" and issued is None else 200
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "issued": issued},
        status=status,
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(token=token, actor=request.user, request=request)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            allowed = password_reset_request(request=self.request, email=form.cleaned_data["email"])
        except ResetThrottled:
            form.add_error(
                None,
                forms.ValidationError(
                    _(
                        "Too many password-reset requests from your network address. "
                        "Try again in an hour."
                    ),
                    code="throttled",
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not allowed:  # the address had its share this hour: the same page, no e-mail
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The link proves the owner: the lock-out ends, and this browser becomes one the
        # account signs in from, so strangers' failures no longer hold it back.
        password_reset_finish(user=form.user, request=self.request)
        device_remember(self.request, response, form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
