"""Pages on the public site (/<org>/pages/…, /<org>/contacts/) and their back office
(/<org>/office/pages/…)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from ..forms.pages import (
    AttachmentForm,
    ContactPointForm,
    ImageForm,
    PageNewForm,
    PageSettingsForm,
    PageTextForm,
    language_name,
)
from ..models.pages import ContactPoint, Page, PageTranslation
from ..queries import pages as queries
from ..services import pages as services
from ..services.pages import PageText

EDITORS = [Role.ADMIN, Role.COMMUNICATIONS]


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)
    else:
        form.add_error(None, error)


# --- the public site ----------------------------------------------------------------------------


def _language() -> str:
    return (get_language() or "").split("-")[0]


def contacts_json_ld(
    organisation: Organisation, contacts: list[ContactPoint], language: str
) -> SafeString:
    """schema.org GovernmentOffice entries with their opening hours, as the text of a
    <script type="application/ld+json"> (data, not code: the CSP lets it be)."""
    graph = []
    for contact in contacts:
        office: dict[str, Any] = {
            "@type": "GovernmentOffice",
            "name": contact.name(language),
            "parentOrganization": {"@type": "GovernmentOrganization", "name": organisation.name},
        }
        if contact.address:
            office["address"] = contact.address
        if contact.phone:
            office["telephone"] = contact.phone
        if contact.email:
            office["email"] = contact.email
        hours = [interval.schema_org() for interval in contact.hours.all()]
        if hours:
            office["openingHoursSpecification"] = hours
        graph.append(office)
    data = {"@context": "https://schema.org", "@graph": graph}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308


def _contacts_context(organisation: Organisation, language: str) -> dict[str, Any]:
    contacts = queries.contact_points(organisation)
    days: list[list[Any]] = []
    for contact in contacts:
        by_day: dict[int, list[Any]] = {}
        for interval in contact.hours.all():
            by_day.setdefault(interval.weekday, []).append(interval)
        contact.by_day = [  # type: ignore[attr-defined]
            (intervals[0].get_weekday_display(), intervals)
            for _d, intervals in sorted(by_day.items())
        ]
        days.append(contact.by_day)  # type: ignore[attr-defined]
    return {
        "contacts": [(contact, contact.name(language)) for contact in contacts],
        "contacts_json_ld": contacts_json_ld(organisation, contacts, language) if contacts else "",
    }


def _own_name(code: str) -> str:
    """A language's name in itself (Български, Polski), as a language switch says it."""
    try:
        return str(get_language_info(code)["name_local"]).capitalize()
    except KeyError:
        return language_name(code)


def _show(request: HttpRequest, slug: str, parent_slug: str | None) -> HttpResponse:
    organisation = _scope(request).organisation
    language = _language()
    found = queries.public_page(organisation, slug, language, parent_slug)
    if found is None:
        raise Http404
    page, text = found.page, found.text
    content_language = text.language
    texts = queries.page_texts(page)
    alternates = [
        {"language": t.language, "name": _own_name(t.language), "url": t.get_absolute_url()}
        for t in texts
    ]
    request.language_urls = {a["language"]: a["url"] for a in alternates}  # type: ignore[attr-defined]
    parent_text = page.parent.translation(content_language) if page.parent is not None else None
    children = []
    if page.parent_id is None:
        for child in queries.public_children(page):
            child_text = child.translation(content_language)
            if child_text is not None:
                children.append(child_text)
    context: dict[str, Any] = {
        "organisation": organisation,
        "page": page,
        "text": text,
        "parent_text": parent_text,
        # The content's own language when it is not the interface's (a fallback).
        "content_lang": content_language if content_language != language else "",
        "alternate_urls": alternates,
        "canonical_url": next(a["url"] for a in alternates if a["language"] == content_language),
        "other_languages": [a for a in alternates if a["language"] != content_language],
        "children": children,
        "attachments": queries.page_attachments(page),
    }
    if page.is_contacts:
        context.update(_contacts_context(organisation, content_language))
    return render(request, "newsroom/pages/page.html", context)


@org_view(public=True)
@public_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    return _show(request, slug, None)


@org_view(public=True)
@public_page
def subpage(request: HttpRequest, parent: str, slug: str) -> HttpResponse:
    return _show(request, slug, parent)


@org_view(public=True)
@public_page
def page_by_id(request: HttpRequest, page_id: int) -> HttpResponse:
    """A published page by its number (the search's links), in the current language; its
    canonical address is the one with its slug."""
    organisation = _scope(request).organisation
    page = (
        queries.published_pages(organisation)
        .select_related("parent")
        .filter(pk=page_id)
        .prefetch_related("translations", "parent__translations")
        .first()
    )
    text = page.translation() if page is not None else None
    if page is None or text is None:
        raise Http404
    parent = page.parent.translation(text.language) if page.parent is not None else None
    return _show(request, text.slug, parent.slug if parent is not None else None)


@org_view(public=True)
@public_page
def contacts(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    context = _contacts_context(organisation, _language())
    if not context["contacts"]:
        raise Http404
    return render(
        request, "newsroom/pages/contacts.html", {"organisation": organisation, **context}
    )


# --- the back office ----------------------------------------------------------------------------


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
def office_pages(request: HttpRequest) -> HttpResponse:
    tree = queries.office_tree(_scope(request))
    rows = []
    for top, children in tree:
        rows.append(
            {
                "page": top,
                "text": top.translation(),
                "level": 1,
                "first": top is tree[0][0],
                "last": top is tree[-1][0],
            }
        )
        for i, child in enumerate(children):
            rows.append(
                {
                    "page": child,
                    "text": child.translation(),
                    "level": 2,
                    "first": i == 0,
                    "last": i == len(children) - 1,
                }
            )
    return _office(request, "newsroom/pages/office_list.html", {"rows": rows})


@org_view(roles=EDITORS)
def office_page_new(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    organisation = scope.organisation
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    parent = None
    if parent_id:
        try:
            parent = queries.office_page(scope, int(parent_id))
        except ValueError:
            raise Http404 from None
    form = PageNewForm(
        request.POST or None,
        organisation=organisation,
        initial={"parent": parent.pk if parent else None},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            text = PageText(
                language=data["language"], title=data["title"], slug=data["slug"],
                summary=data["summary"], body=data["body"],
            )  # fmt: skip
            try:
                created = services.page_create(
                    organisation=organisation, actor=request.user, text=text, parent=parent,
                    is_contacts=data["is_contacts"], request=request,
                )  # fmt: skip
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The page is saved as a draft."))
                return redirect("newsroom:office_page", org=organisation.slug, page_id=created.pk)
        status = 400
    parent_text = parent.translation() if parent is not None else None
    return _office(
        request,
        "newsroom/pages/office_new.html",
        {"form": form, "parent": parent, "parent_text": parent_text},
        status,
    )


def _page_context(page: Page) -> dict[str, Any]:
    texts = {t.language: t for t in queries.page_texts(page)}
    languages = [
        {"code": code, "name": language_name(code), "text": texts.get(code)}
        for code in page.organisation.languages
    ]
    return {
        "page": page,
        "text": page.translation(),
        "languages": languages,
        "attachments": queries.page_attachments(page),
        "images": list(page.images.select_related("file", "file__organisation")),
        "children": list(
            page.children.prefetch_related("translations").select_related("organisation")
        )
        if page.parent_id is None
        else [],
    }


@org_view(roles=EDITORS)
def office_page(request: HttpRequest, page_id: int) -> HttpResponse:
    scope = _scope(request)
    page = queries.office_page(scope, page_id)
    settings_form = PageSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={"is_contacts": page.is_contacts},
    )
    which = request.POST.get("form")
    files = (request.POST, request.FILES)
    attachment_form = (
        AttachmentForm(*files, prefix="attachment")
        if which == "attachment"
        else AttachmentForm(prefix="attachment")
    )
    image_form = (
        ImageForm(*files, prefix="image") if which == "image" else ImageForm(prefix="image")
    )
    status = 200
    if request.method == "POST":
        which = request.POST.get("form")
        done = ""
        try:
            if which == "settings" and settings_form.is_valid():
                services.page_settings_save(
                    page=page,
                    actor=request.user,
                    is_contacts=settings_form.cleaned_data["is_contacts"],
                    request=request,
                )
                done = _("The page's settings are saved.")
            elif which == "attachment" and attachment_form.is_valid():
                upload = attachment_form.cleaned_data["file"]
                services.page_attachment_add(
                    page=page, actor=request.user, name=upload.name, fileobj=upload,
                    title=attachment_form.cleaned_data["title"], request=request,
                )  # fmt: skip
                done = _("The document is attached.")
            elif which == "image" and image_form.is_valid():
                upload = image_form.cleaned_data["file"]
                image = services.page_image_add(
                    page=page, actor=request.user, name=upload.name, fileobj=upload,
                    alt_text=image_form.cleaned_data["alt_text"], request=request,
                )  # fmt: skip
                done = _("The image is uploaded: put its address %(url)s in the text.") % {
                    "url": image.file.get_absolute_url()
                }
        except ValidationError as error:
            target = {
                "settings": settings_form,
                "attachment": attachment_form,
                "image": image_form,
            }[which]  # type: ignore[index]
            _apply_errors(target, error)
        if done:
            messages.success(request, done)
            return redirect("newsroom:office_page", org=scope.organisation.slug, page_id=page.pk)
        status = 400
    context = {
        **_page_context(page),
        "settings_form": settings_form,
        "attachment_form": attachment_form,
        "image_form": image_form,
    }
    return _office(request, "newsroom/pages/office_page.html", context, status)


@org_view(roles=EDITORS)
def office_page_text(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    scope = _scope(request)
    page = queries.office_page(scope, page_id)
    if language not in page.organisation.languages:
        raise Http404
    existing: PageTranslation | None = page.translations.filter(language=language).first()
    initial = (
        {
            "title": existing.title,
            "slug": existing.slug,
            "summary": existing.summary,
            "body": existing.body,
        }
        if existing is not None
        else {}
    )
    form = PageTextForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            text = PageText(
                language=language, title=data["title"], slug=data["slug"],
                summary=data["summary"], body=data["body"],
            )  # fmt: skip
            try:
                services.page_text_save(page=page, actor=request.user, text=text, request=request)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The text is saved."))
                return redirect(
                    "newsroom:office_page", org=scope.organisation.slug, page_id=page.pk
                )
        status = 400
    context = {
        "page": page,
        "form": form,
        "language": language_name(language),
        "code": language,
        "existing": existing,
    }
    return _office(request, "newsroom/pages/office_text.html", context, status)


@org_view(roles=EDITORS)
@require_POST
def office_page_action(request: HttpRequest, page_id: int, action: str) -> HttpResponse:
    scope = _scope(request)
    page = queries.office_page(scope, page_id)
    if action == "publish":
        services.page_publish(page=page, actor=request.user, request=request)
        messages.success(request, _("The page is published."))
    elif action == "unpublish":
        services.page_unpublish(page=page, actor=request.user, request=request)
        messages.success(request, _("The page is taken off the site."))
    elif action in ("up", "down"):
        services.page_move(page=page, actor=request.user, direction=action, request=request)  # type: ignore[arg-type]
        return redirect("newsroom:office_pages", org=scope.organisation.slug)
    else:
        raise Http404
    return redirect("newsroom:office_page", org=scope.organisation.slug, page_id=page.pk)


@org_view(roles=EDITORS)
@require_POST
def office_attachment_remove(
    request: HttpRequest, page_id: int, attachment_id: int
) -> HttpResponse:
    scope = _scope(request)
    page = queries.office_page(scope, page_id)
    attachment = queries.office_attachment(scope, page, attachment_id)
    services.page_attachment_remove(attachment=attachment, actor=request.user, request=request)
    messages.success(request, _("The document is removed from the page."))
    return redirect("newsroom:office_page", org=scope.organisation.slug, page_id=page.pk)


@org_view(roles=EDITORS)
def office_contacts(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    rows = [(c, c.name()) for c in queries.contact_points(organisation)]
    return _office(request, "newsroom/pages/office_contacts.html", {"contacts": rows})


@org_view(roles=EDITORS)
def office_contact(request: HttpRequest, contact_id: int | None = None) -> HttpResponse:
    scope = _scope(request)
    organisation = scope.organisation
    contact = queries.office_contact(scope, contact_id) if contact_id is not None else None
    form = ContactPointForm(request.POST or None, organisation=organisation, contact=contact)
    status = 200
    if request.method == "POST":
        if request.POST.get("delete") and contact is not None:
            services.contact_point_delete(contact=contact, actor=request.user, request=request)
            messages.success(request, _("The contact point is deleted."))
            return redirect("newsroom:office_contacts", org=organisation.slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.contact_point_save(
                    organisation=organisation, actor=request.user, contact=contact,
                    names=data["names"], unit=data["unit"], address=data["address"],
                    phone=data["phone"], email=data["email"], hours=data["hours"], request=request,
                )  # fmt: skip
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The contact point is saved."))
                return redirect("newsroom:office_contacts", org=organisation.slug)
        status = 400
    return _office(
        request, "newsroom/pages/office_contact.html", {"form": form, "contact": contact}, status
    )
