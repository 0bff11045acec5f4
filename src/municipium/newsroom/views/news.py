"""Pages of the news: the public list, item, versions and comparison (cached whole for
anonymous visitors), and the office's list, editor and publication actions."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.registry.files import UploadRefused
from municipium.search.analysis import QueryError
from municipium.tenants.models import PublicFileKind, Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view, require_role
from municipium.tenants.services import public_file_add

from ..forms.news import NewsForm, NewsSettingsForm, ReasonForm
from ..models.news import NewsItem, NewsKind, NewsState, NewsTranslation
from ..queries import news as queries
from ..services import news as services

EDITORS = (Role.COMMUNICATIONS,)
FIELD_LABELS = {
    "kind": gettext_lazy("Kind"),
    "tags": gettext_lazy("Tags"),
    "lead_image": gettext_lazy("Lead image"),
    "attachments": gettext_lazy("Attachments"),
    "display_until": gettext_lazy("End of display"),
    "responsible": gettext_lazy("Responsible for the content"),
    "title": gettext_lazy("Title"),
    "slug": gettext_lazy("Address"),
    "lead": gettext_lazy("Lead"),
    "body": gettext_lazy("Text"),
}
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- public pages ---------------------------------------------------------------------------


def _listed(items: list[NewsItem], language: str) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        translation = item.translation(language)
        if translation is not None:
            rows.append({"item": item, "text": translation})
    return rows


@org_view(public=True)
@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    filters = queries.NewsFilters.parse(request.GET)
    q = request.GET.get("q", "").strip()[:200]
    items = queries.public_news(organisation)
    error = ""
    if q:
        from ..search import public_search

        try:
            items = public_search(organisation, q)
        except QueryError as exc:
            error = str(exc)
            items = items.none()
    items = filters.apply(items)
    paginator = Paginator(items, queries.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = {**filters.query(), **({"q": q} if q else {})}
    language = get_language()
    context = {
        "organisation": organisation,
        "rows": _listed(list(page.object_list), language),
        "page": page,
        "filters": filters,
        "q": q,
        "error": error,
        "query": urlencode(query),
        "kinds": NewsKind.choices,
        "tags": list(queries.tags_of(organisation)),
        "years": queries.years_of(organisation),
        "months": range(1, 13),
        "feed_url": request.build_absolute_uri(
            reverse("newsroom:news_feed", kwargs={"org": organisation.slug})
        ),
    }
    return render(request, "newsroom/news/list.html", context, status=400 if error else 200)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> block: no character of it can end the
    element or start markup."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 — escaped above


@org_view(public=True)
def news_item(request: HttpRequest, slug: str) -> HttpResponseBase:
    """An item in the language of its address. A visitor who chose another language (the
    language switch) is sent to the same item in that language, when it has one."""
    organisation = _scope(request).organisation
    chose = request.user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES
    if chose:
        language = get_language()
        other = (
            NewsTranslation.objects.filter(
                organisation=organisation,
                language=language,
                item__translations__slug=slug[:200],
                item__translations__organisation=organisation,
                item__state=NewsState.PUBLISHED,
            )
            .exclude(slug=slug[:200])
            .values_list("slug", flat=True)
            .first()
        )
        if other:
            return redirect("newsroom:news_item", org=organisation.slug, slug=other)
    return _news_item_page(request, slug)


@public_page
def _news_item_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _scope(request).organisation
    translation = queries.public_translation(organisation, slug)
    item = translation.item
    url = _absolute(request, translation.get_absolute_url())
    others = [t for t in item.translations.all() if t.language != translation.language]
    image_url = _absolute(request, item.lead_image.get_absolute_url()) if item.lead_image else ""
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": translation.title[:110],
        "description": translation.lead,
        "inLanguage": translation.language,
        "datePublished": item.published_at.isoformat() if item.published_at else None,
        "dateModified": (item.changed_at or item.published_at).isoformat()
        if item.published_at
        else None,
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "Person", "name": item.responsible_text},
        "publisher": {"@type": "Organization", "name": organisation.name},
        **({"image": [image_url]} if image_url else {}),
        **({"keywords": [t.name for t in item.tags.all()]} if item.tags.all() else {}),
    }
    request.language_urls = {  # type: ignore[attr-defined]
        t.language: t.get_absolute_url() for t in item.translations.all()
    }
    context = {
        "organisation": organisation,
        "item": item,
        "text": translation,
        "others": others,
        "alternates": [
            {"language": t.language, "url": _absolute(request, t.get_absolute_url())}
            for t in item.translations.all()
        ],
        "canonical": url,
        "image_url": image_url,
        "json_ld": _json_ld(json_ld),
        "version_count": item.versions.count(),
    }
    return render(request, "newsroom/news/item.html", context)


@org_view(public=True)
@public_page
def news_versions(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _scope(request).organisation
    translation = queries.public_translation(organisation, slug)
    versions = list(queries.versions_of(translation.item))
    context = {
        "organisation": organisation,
        "item": translation.item,
        "text": translation,
        "versions": versions,
    }
    return render(request, "newsroom/news/versions.html", context)


@org_view(public=True)
@public_page
def news_compare(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _scope(request).organisation
    translation = queries.public_translation(organisation, slug)
    item = translation.item
    latest = item.versions.order_by("-number").values_list("number", flat=True).first()
    new = queries.version_of(item, request.GET.get("to") or latest)
    old_number = request.GET.get("from") or (new.number - 1)
    old = queries.version_of(item, old_number) if new.number > 1 or "from" in request.GET else None
    changes = [
        {
            "label": FIELD_LABELS.get(change.field, change.field),
            "language": change.language,
            "language_name": LANGUAGE_NAMES.get(change.language, change.language),
            "lines": change.lines,
        }
        for change in queries.compare(old.snapshot if old else {}, new.snapshot)
    ]
    request.language_urls = {  # type: ignore[attr-defined]
        t.language: t.get_absolute_url() for t in item.translations.all()
    }
    context = {
        "organisation": organisation,
        "item": item,
        "text": translation,
        "old": old,
        "new": new,
        "changes": changes,
        "versions": list(item.versions.order_by("-number").only("number", "item_id")),
    }
    return render(request, "newsroom/news/compare.html", context)


# --- the office -----------------------------------------------------------------------------


def _office(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    scope = _scope(request)
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        **context,
    }
    return render(request, template, context, status=status)


@org_view(roles=EDITORS)
def office_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    state = request.GET.get("state", "")
    paginator = Paginator(queries.office_news(scope, state), 25)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "rows": _listed(list(page.object_list), get_language()),
        "page": page,
        "state": state if state in NewsState.values else "",
        "query": urlencode({"state": state}) if state in NewsState.values else "",
        "states": NewsState.choices,
        "require_approval": services.settings_of(scope.organisation).require_approval,
        "can_configure": scope.has(Role.ADMIN),
    }
    return _office(request, "newsroom/news/office_list.html", context)


def _upload(form: NewsForm, scope: Any, request: HttpRequest) -> tuple[Any, list[Any]] | None:
    """Store the uploaded image and attachment (through the upload gate); None when refused
    (the form then carries the error)."""
    data = form.cleaned_data
    item = form.item
    lead_image = item.lead_image if item is not None else None
    if data.get("remove_lead_image"):
        lead_image = None
    attachments = list(data.get("keep_attachments") or [])
    try:
        if data.get("lead_image"):
            upload = data["lead_image"]
            lead_image = public_file_add(
                organisation=scope.organisation,
                actor=request.user,
                name=upload.name,
                fileobj=upload,
                kind=PublicFileKind.IMAGE,
                alt_text=data.get("lead_image_alt", ""),
                request=request,
            )
        if data.get("attachment"):
            upload = data["attachment"]
            attachments.append(
                public_file_add(
                    organisation=scope.organisation,
                    actor=request.user,
                    name=upload.name,
                    fileobj=upload,
                    kind=PublicFileKind.DOCUMENT,
                    title=data.get("attachment_title", ""),
                    request=request,
                )
            )
    except UploadRefused as refused:
        form.add_error("attachment" if data.get("attachment") else "lead_image", str(refused))
        return None
    except ValidationError as error:
        _apply_errors(form, error)
        return None
    return lead_image, attachments


@org_view(roles=EDITORS)
def office_edit(request: HttpRequest, item_id: int | None = None) -> HttpResponse:
    scope = _scope(request)
    item = queries.office_item(scope, item_id) if item_id is not None else None
    if request.method == "POST":
        form = NewsForm(request.POST, request.FILES, organisation=scope.organisation, item=item)
        if form.is_valid():
            files = _upload(form, scope, request)
            if files is not None:
                lead_image, attachments = files
                data = form.cleaned_data
                common = {
                    "actor": request.user,
                    "kind": data["kind"],
                    "texts": form.texts(),
                    "tags": form.tag_names(),
                    "lead_image": lead_image,
                    "attachments": attachments,
                    "publish_at": data.get("publish_at"),
                    "display_until": data.get("display_until"),
                    "responsible": data.get("responsible", ""),
                    "request": request,
                }
                try:
                    if item is None:
                        item = services.news_create(organisation=scope.organisation, **common)
                        messages.success(request, _("The draft is saved."))
                    else:
                        item = services.news_update(
                            item=item, reason=data.get("reason", ""), **common
                        )
                        messages.success(request, _("The item is saved."))
                    return redirect(
                        "newsroom:news_edit", org=scope.organisation.slug, item_id=item.pk
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
        status = 400
    else:
        initial = NewsForm.initial_for(item) if item is not None else {}
        form = NewsForm(initial=initial, organisation=scope.organisation, item=item)
        status = 200
    context = {
        "form": form,
        "item": item,
        "languages": scope.organisation.languages,
        "require_approval": services.settings_of(scope.organisation).require_approval,
        "versions": list(queries.versions_of(item)) if item is not None else [],
        "public_url": _public_url(item),
        "is_author": item is not None and item.author_id == request.user.pk,
    }
    return _office(request, "newsroom/news/office_edit.html", context, status=status)


def _public_url(item: NewsItem | None) -> str:
    if item is None or item.state != NewsState.PUBLISHED:
        return ""
    translation = item.translation(get_language())
    return translation.get_absolute_url() if translation else ""


ACTIONS = ("publish", "submit", "unpublish")


@org_view(roles=EDITORS)
@require_POST
def office_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    scope = _scope(request)
    item = queries.office_item(scope, item_id)
    form = ReasonForm(request.POST)
    back = redirect("newsroom:news_edit", org=scope.organisation.slug, item_id=item.pk)
    if action not in ACTIONS or not form.is_valid():
        messages.error(request, _("This action is not possible."))
        return back
    try:
        if action == "publish":
            item = services.news_publish(item=item, actor=request.user, request=request)
            if item.state == NewsState.SCHEDULED:
                messages.success(request, _("The item is scheduled for its publication time."))
            else:
                messages.success(request, _("The item is published."))
        elif action == "submit":
            services.news_submit(item=item, actor=request.user, request=request)
            messages.success(request, _("The item waits for a second person's approval."))
        else:
            services.news_unpublish(
                item=item, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
            messages.success(request, _("The item is no longer public; its history is kept."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return back


@org_view(roles=(Role.ADMIN,))
def office_settings(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    require_role(scope, Role.ADMIN)
    current = services.settings_of(scope.organisation)
    if request.method == "POST":
        form = NewsSettingsForm(request.POST)
        if form.is_valid():
            services.news_settings_update(
                organisation=scope.organisation,
                actor=request.user,
                require_approval=form.cleaned_data["require_approval"],
                request=request,
            )
            messages.success(request, _("The settings are saved."))
            return redirect("newsroom:news_settings", org=scope.organisation.slug)
    else:
        form = NewsSettingsForm(initial={"require_approval": current.require_approval})
    return _office(request, "newsroom/news/office_settings.html", {"form": form})
